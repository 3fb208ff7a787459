// Versioned schema for the SQLite store; each step runs once, in order, in a transaction.

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A data step the SQL cannot do, run in the same transaction after it. */
  after?: 'claims-from-events' | 'audit-existing-documents' | 'place-keys';
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'documents, events, evidence, full text and spatial indexes',
    sql: `
CREATE TABLE documents (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  external_id TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  title TEXT,
  url TEXT,
  publisher TEXT,
  published TEXT NOT NULL,
  language TEXT,
  captured_at TEXT NOT NULL,
  capture_method TEXT NOT NULL,
  captured_from TEXT,
  original BLOB NOT NULL
);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');

CREATE TABLE events (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  event_date TEXT NOT NULL,
  time_precision INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  actor1 TEXT NOT NULL DEFAULT '',
  assoc_actor_1 TEXT NOT NULL DEFAULT '',
  inter1 INTEGER NOT NULL DEFAULT 0,
  actor2 TEXT NOT NULL DEFAULT '',
  assoc_actor_2 TEXT NOT NULL DEFAULT '',
  inter2 INTEGER NOT NULL DEFAULT 0,
  interaction INTEGER NOT NULL DEFAULT 0,
  country TEXT NOT NULL DEFAULT '',
  admin1 TEXT NOT NULL DEFAULT '',
  admin2 TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  latitude REAL,
  longitude REAL,
  geo_precision INTEGER,
  fatalities INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  plover TEXT NOT NULL DEFAULT '',
  hedged INTEGER NOT NULL DEFAULT 0,
  confidence REAL NOT NULL,
  details TEXT NOT NULL,
  attribution TEXT NOT NULL,
  flags TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_type ON events(event_type, event_date);
CREATE VIRTUAL TABLE events_fts USING fts5(notes, actors, location, content='', contentless_delete=1);
CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);

CREATE TABLE event_documents (
  event_id TEXT NOT NULL REFERENCES events(id),
  document_id TEXT NOT NULL REFERENCES documents(id),
  PRIMARY KEY (event_id, document_id)
) WITHOUT ROWID;
CREATE INDEX event_documents_doc ON event_documents(document_id);

CREATE TABLE evidence (
  event_id TEXT NOT NULL REFERENCES events(id),
  document_id TEXT NOT NULL REFERENCES documents(id),
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX evidence_event ON evidence(event_id);
`,
  },
  {
    version: 2,
    name: 'claims behind events, clustering reach, history, analyst links, source registry',
    after: 'claims-from-events',
    sql: `
CREATE TABLE claims (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL REFERENCES documents(id),
  root TEXT NOT NULL,
  signature BLOB NOT NULL,
  names TEXT NOT NULL DEFAULT '[]',
  explicit_day INTEGER,
  movement INTEGER NOT NULL DEFAULT 0,
  agreement INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- Covering: what matching reads of an event's claims comes from the index alone.
CREATE INDEX claims_event ON claims(event_id, id, document_id, root, explicit_day, names, signature);
CREATE INDEX claims_document ON claims(document_id);
CREATE INDEX claims_movement ON claims(movement) WHERE movement = 1;
CREATE INDEX claims_agreement ON claims(agreement) WHERE agreement = 1;

ALTER TABLE events ADD COLUMN day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN movement_status TEXT;
ALTER TABLE events ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN contested TEXT NOT NULL DEFAULT '{}';
ALTER TABLE events ADD COLUMN voices TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN fatalities_range TEXT;
ALTER TABLE events ADD COLUMN claim_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
CREATE INDEX events_unplaced ON events(country, day) WHERE latitude IS NULL;
CREATE INDEX events_sub_day ON events(sub_event_type, day);
-- Covering for the map's points, newest first: drawn from the index without reading the wide rows.
CREATE INDEX events_points ON events(event_date, longitude, latitude, event_type, geo_precision, id);

-- The map's index gains the day, so a box and a date range are searched together.
DROP TABLE events_rtree;
CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day);

-- Events per day and type, kept as events are written: the whole-record timeline without a scan.
CREATE TABLE event_counts (
  day INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (day, event_type)
) WITHOUT ROWID;

-- Placed events counted in square cells at a few sizes (360 / 2^level degrees), kept as events are
-- written: the map of a whole large record without a scan.
CREATE TABLE event_cells (
  level INTEGER NOT NULL,
  gx INTEGER NOT NULL,
  gy INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  n INTEGER NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  PRIMARY KEY (level, gx, gy, event_type)
) WITHOUT ROWID;

-- What an event could mean: its point widened by its geo_precision, its day by its time_precision.
-- The event type is a fourth dimension, so a search for one type never walks the others.
-- The fields matching needs ride along as auxiliary columns, so a search never reads the wide events rows.
CREATE VIRTUAL TABLE events_reach USING rtree(id, west, east, south, north, first_day, last_day, type_lo, type_hi,
  +event_id TEXT, +event_type TEXT, +sub_event_type TEXT, +event_date TEXT, +time_precision INTEGER, +latitude REAL,
  +longitude REAL, +geo_precision INTEGER, +country TEXT, +actor1 TEXT, +actor2 TEXT, +assoc_actor_1 TEXT,
  +assoc_actor_2 TEXT, +movement_status TEXT);

CREATE TABLE event_history (
  event_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  document_id TEXT,
  by TEXT,
  changes TEXT NOT NULL
);
CREATE INDEX event_history_event ON event_history(event_id, version);

-- Analysts' decisions: claims that must stay together (a merge) or apart (a split); claim_a < claim_b.
CREATE TABLE cluster_links (
  claim_a TEXT NOT NULL,
  claim_b TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('must', 'cannot')),
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (claim_a, claim_b)
) WITHOUT ROWID;

-- An event merged into another answers under the other's id.
CREATE TABLE event_aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE sources (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  country TEXT,
  languages TEXT NOT NULL DEFAULT '[]',
  aliases TEXT NOT NULL DEFAULT '[]',
  reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
  graded_by TEXT,
  graded_at TEXT
);
`,
  },
  {
    version: 3,
    name: 'review queue: analysts accept, correct or reject events; field contacts kept apart',
    sql: `
ALTER TABLE events ADD COLUMN review_status TEXT NOT NULL DEFAULT 'pending';
CREATE INDEX events_review ON events(review_status, event_date);

-- Every review decision, append-only: who, when, what they changed.
CREATE TABLE reviews (
  rowid INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject')),
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  changes TEXT NOT NULL DEFAULT '{}',
  note TEXT
);
CREATE INDEX reviews_event ON reviews(event_id);

-- The analyst's current word on an event, applied over the claims' consensus each time it is recomputed.
CREATE TABLE corrections (event_id TEXT PRIMARY KEY, status TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}');

-- Who sent a field report and how to reach them: never served by the API, never exported.
CREATE TABLE contacts (
  document_id TEXT PRIMARY KEY REFERENCES documents(id),
  details TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`,
  },
  {
    version: 4,
    name: 'claims imported from a coded dataset (ACLED, UCDP) name it: two rows of one dataset are two events',
    sql: `
ALTER TABLE claims ADD COLUMN dataset TEXT;
DROP INDEX claims_event;
CREATE INDEX claims_event ON claims(event_id, id, document_id, root, explicit_day, names, signature, dataset);
`,
  },
  {
    version: 5,
    name: 'saved filters told of new and changed events by webhook and event stream',
    sql: `
CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  filter TEXT NOT NULL,
  webhook_url TEXT,
  secret TEXT,
  -- The event_history rowid up to which webhooks have been sent.
  cursor INTEGER NOT NULL,
  last_delivery TEXT,
  created_at TEXT NOT NULL
);
`,
  },
  {
    version: 6,
    name: 'chain of custody: an append-only audit log chained by hash; originals fixed once stored',
    sql: `
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_subject ON audit_log(subject);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- A document's original bytes and their hash never change, and a document is never removed.
CREATE TRIGGER documents_original_fixed BEFORE UPDATE OF original, sha256 ON documents
  BEGIN SELECT RAISE(ABORT, 'a document''s original bytes are kept unaltered'); END;
CREATE TRIGGER documents_kept BEFORE DELETE ON documents
  BEGIN SELECT RAISE(ABORT, 'documents are never removed'); END;
ALTER TABLE documents ADD COLUMN captured_by TEXT;
`,
    after: 'audit-existing-documents',
  },
  {
    version: 7,
    name: 'users with roles, login sessions and API tokens (stored by hash)',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'contributor', 'analyst', 'admin')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`,
  },
  {
    version: 8,
    name: 'the source registry grows from the record: every outlet stored reports name, counted',
    sql: `
ALTER TABLE sources ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN last_seen TEXT;
-- Counted from what is stored already: publishers, and the sources claims are attributed to when
-- they are registered or named by a coded dataset's row.
WITH named(name, doc, published) AS (
  SELECT publisher, id, published FROM documents WHERE coalesce(publisher, '') <> ''
  UNION
  SELECT c.root, c.document_id, d.published FROM claims c JOIN documents d ON d.id = c.document_id
  WHERE c.root <> '' AND (c.dataset IS NOT NULL OR c.root IN (SELECT name FROM sources))
)
INSERT INTO sources (name, kind, reports, last_seen)
  SELECT name, 'unknown', count(DISTINCT doc), max(published) FROM named WHERE true GROUP BY name
  ON CONFLICT(name) DO UPDATE SET reports = excluded.reports, last_seen = excluded.last_seen;
`,
  },
  {
    version: 9,
    name: "events found under their places' folded names; review decisions that can be taken back",
    sql: `
-- The keys an event's location, admin1 and admin2 are found under (folded as the gazetteer folds
-- names, "Deir-ez-Zor" -> deirezzor): a search widened with a place's spellings finds the event.
CREATE VIRTUAL TABLE event_places USING fts5(keys, content='', contentless_delete=1);
-- A review decision taken back: which, by whom, when (the decision itself stays in reviews).
CREATE TABLE review_undos (review_id INTEGER PRIMARY KEY, by TEXT NOT NULL, at TEXT NOT NULL);
`,
    after: 'place-keys',
  },
  {
    version: 10,
    name: 'documents stored uncoded say why; API tokens expire and can be revoked',
    sql: `
ALTER TABLE documents ADD COLUMN not_coded TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
-- Tokens made before they could expire now do, in 90 days, as new ones do by default.
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days');
`,
  },
  {
    version: 11,
    name: 'publication dates kept as the report wrote them',
    sql: `
-- The publication date as written ("Dec 17, 2016 8:46 AM ET") beside the normalised one, and the
-- reading rule when its day and month could be either (see src/nlp/published.ts).
ALTER TABLE documents ADD COLUMN published_as_written TEXT;
ALTER TABLE documents ADD COLUMN published_ambiguous TEXT;
`,
  },
];
