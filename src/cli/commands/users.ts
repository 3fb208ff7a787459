// `observatory users`: accounts for a team server (roles viewer, contributor, analyst, admin) and
// API tokens for scripts. Passwords are read from standard input (one line) or
// OBSERVATORY_PASSWORD, never from the command line, where other users could see them.
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { ROLES, type Role } from '../../store/store.js';
import { load, out, warn } from '../io.js';
import { choiceOption } from '../options.js';
import { dbOption, openRecord } from '../record.js';
import { table } from '../table.js';

const auth = () => import('../../server/auth.js');
const roleOption = () => choiceOption('--role <role>', 'what the user may do', ROLES);
const admin = () => `cli:${userInfo().username}`;

async function readPassword(): Promise<string> {
  if (process.env.OBSERVATORY_PASSWORD) return process.env.OBSERVATORY_PASSWORD;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function checkedPassword(): Promise<string | undefined> {
  const password = await readPassword();
  if (password.length < 12) {
    warn('a password must be at least 12 characters (give it on standard input or in OBSERVATORY_PASSWORD)');
    process.exitCode = 2;
    return undefined;
  }
  return password;
}

export function addUsersCommand(program: Command): void {
  const users = program.command('users').description('Accounts and API tokens for a team server.');
  addUser(users);
  listUsers(users);
  setUser(users);
  addToken(users);
  listTokens(users);
  revokeToken(users);
}

function addUser(users: Command): void {
  users
    .command('add')
    .description('Add a user; the password is read from standard input or OBSERVATORY_PASSWORD.')
    .argument('<name>')
    .addOption(roleOption().makeOptionMandatory())
    .option(...dbOption)
    .action(async (name: string, opts: { role: Role; db?: string }) => {
      const password = await checkedPassword();
      if (!password) return;
      const store = await openRecord(load(), opts.db);
      try {
        const u = await store.createUser(
          { name, role: opts.role, passwordHash: await (await auth()).hashPassword(password) },
          admin(),
        );
        out(`added ${u.name} (${u.role})\n`);
      } finally {
        await store.close();
      }
    });
}

function listUsers(users: Command): void {
  users
    .command('list')
    .option(...dbOption)
    .action(async (opts: { db?: string }) => {
      const store = await openRecord(load(), opts.db);
      try {
        const list = await store.listUsers();
        out(
          table(
            ['name', 'role', 'disabled', 'created'],
            list.map((u) => [u.name, u.role, u.disabled ? 'yes' : '', u.createdAt]),
          ),
        );
      } finally {
        await store.close();
      }
    });
}

function setUser(users: Command): void {
  users
    .command('set')
    .description(
      'Change a user’s role, disable or enable them, or set a new password (--password: from standard input).',
    )
    .argument('<name>')
    .addOption(roleOption())
    .option('--disable', 'shut the user out: their sessions and tokens stop working')
    .option('--enable')
    .option('--password', 'set a new password, read from standard input or OBSERVATORY_PASSWORD')
    .option(...dbOption)
    .action(
      async (
        name: string,
        opts: { role?: Role; disable?: boolean; enable?: boolean; password?: boolean; db?: string },
      ) => {
        const password = opts.password ? await checkedPassword() : undefined;
        if (opts.password && !password) return;
        const store = await openRecord(load(), opts.db);
        try {
          const u = await store.updateUser(
            name,
            {
              role: opts.role,
              disabled: opts.disable ? true : opts.enable ? false : undefined,
              passwordHash: password ? await (await auth()).hashPassword(password) : undefined,
            },
            admin(),
          );
          out(`${u.name}: ${u.role}${u.disabled ? ', disabled' : ''}\n`);
        } finally {
          await store.close();
        }
      },
    );
}

function addToken(users: Command): void {
  users
    .command('token')
    .description('Create an API token for a user (Authorization: Bearer ...); it is shown this once.')
    .argument('<name>')
    .requiredOption('--label <label>', 'what the token is for')
    .option('--expires <days>', 'days the token works (default 90, at most 3650)', (v) => Number(v), 90)
    .option(...dbOption)
    .action(async (name: string, opts: { label: string; expires: number; db?: string }) => {
      const store = await openRecord(load(), opts.db);
      try {
        const { token, listed } = await (
          await auth()
        ).createToken(store, name, opts.label, admin(), opts.expires);
        out(`${token}\n`);
        process.stderr.write(`${listed.id}: works until ${listed.expiresAt}\n`);
      } finally {
        await store.close();
      }
    });
}

function listTokens(users: Command): void {
  users
    .command('tokens')
    .description(
      "List API tokens (every user's, or one's): id, user, label, created, expires, revoked. Never the secret.",
    )
    .argument('[name]')
    .option(...dbOption)
    .action(async (name: string | undefined, opts: { db?: string }) => {
      const store = await openRecord(load(), opts.db);
      try {
        if (name !== undefined && !(await store.findUser(name))) {
          warn(`no user ${name}`);
          process.exitCode = 1;
          return;
        }
        for (const t of await store.listApiTokens(name))
          out(
            `${t.id}\t${t.user}\t${t.name}\t${t.createdAt}\t${t.expiresAt ?? 'never'}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}\n`,
          );
      } finally {
        await store.close();
      }
    });
}

function revokeToken(users: Command): void {
  users
    .command('revoke-token')
    .description('Stop an API token working, by the id `users tokens` lists.')
    .argument('<id>', 'tok_ and 16 hex digits')
    .option(...dbOption)
    .action(async (id: string, opts: { db?: string }) => {
      const store = await openRecord(load(), opts.db);
      try {
        const t = await store.revokeApiToken(id, admin());
        out(`${t.id} (${t.user}, ${t.name}): revoked ${t.revokedAt}\n`);
      } finally {
        await store.close();
      }
    });
}
