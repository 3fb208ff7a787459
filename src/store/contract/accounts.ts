// The account concern: users and their roles, sessions and API tokens.

/** What a user may do, each role all the one before it may and more. */
export const ROLES = ['viewer', 'contributor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** A user with the hash their password is checked against (scrypt; see server/auth.ts). */
export interface Credentials extends User {
  passwordHash: string;
}

export interface Session {
  user: User;
  /** The token unsafe requests made with this session must carry (CSRF). */
  csrf: string;
  expiresAt: string;
}

/** An API token as listed: its public id (never the secret), whose it is, and when it stops working. */
export interface ApiToken {
  /** `tok_` and 16 hex digits; what `revoke` takes. */
  id: string;
  user: string;
  name: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

/** A session as it is saved: by the SHA-256 of its token, never the token. */
export interface NewSession {
  tokenHash: string;
  userId: string;
  csrf: string;
  expiresAt: string;
}

/** What a change to a user may set. */
export interface UserChange {
  role?: Role;
  passwordHash?: string;
  disabled?: boolean;
}

export interface Accounts {
  /** Adds a user; names are unique. */
  createUser(input: { name: string; role: Role; passwordHash: string }, by: string): Promise<User>;
  findUser(name: string): Promise<Credentials | null>;
  listUsers(): Promise<User[]>;
  /** Changes a user's role, password or standing; a disabled user's sessions and tokens stop working. */
  updateUser(name: string, change: UserChange, by: string): Promise<User>;
  /** Sessions and API tokens are stored by the SHA-256 of their secret, never the secret. */
  saveSession(s: NewSession): Promise<void>;
  findSession(tokenHash: string): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** A token that works until `expiresAt` (ISO time) unless revoked; a new password revokes all of a user's. */
  saveApiToken(
    t: { tokenHash: string; userId: string; name: string; expiresAt: string },
    by: string,
  ): Promise<ApiToken>;
  /** The user a token belongs to, if it is neither expired nor revoked and the user is not disabled. */
  findApiToken(tokenHash: string): Promise<User | null>;
  /** Every token, or one user's, oldest first, expired and revoked ones included. */
  listApiTokens(userName?: string): Promise<ApiToken[]>;
  /** Stops a token working from now on (by its public id); revoking one already revoked changes nothing. */
  revokeApiToken(id: string, by: string): Promise<ApiToken>;
}
