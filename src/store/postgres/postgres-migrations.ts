// The PostgreSQL schema, as numbered migrations run in order, each once, all pending ones in one
// transaction. Version 1 is the whole of what the SQLite schema reached in its versions 1-6.
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
  /** A data step the SQL cannot do, run in the same transaction after it. */
  after?: 'place-keys';
}

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'documents, claims, events, history, sources, reviews, subscriptions, audit log',
    sql: `
CREATE TABLE documents (
  seq BIGSERIAL UNIQUE,
  id TEXT PRIMARY KEY,
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
  captured_by TEXT,
  original BYTEA NOT NULL,
  search TSVECTOR NOT NULL
);
CREATE INDEX documents_search ON documents USING GIN (search);

CREATE TABLE events (
  seq BIGSERIAL UNIQUE,
  id TEXT PRIMARY KEY,
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
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  geo_precision INTEGER,
  fatalities INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  plover TEXT NOT NULL DEFAULT '',
  hedged BOOLEAN NOT NULL DEFAULT false,
  confidence DOUBLE PRECISION NOT NULL,
  details TEXT NOT NULL,
  attribution TEXT NOT NULL,
  flags TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  day INTEGER NOT NULL,
  movement_status TEXT,
  evidence TEXT NOT NULL DEFAULT '[]',
  contested TEXT NOT NULL DEFAULT '{}',
  voices TEXT NOT NULL DEFAULT '[]',
  fatalities_range TEXT,
  claim_count INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  review_status TEXT NOT NULL DEFAULT 'pending',
  -- How far the event reaches, for matching new claims: its claims' places widened by their
  -- geo_precision, their days by their time_precision.
  reach BOX,
  first_day INTEGER,
  last_day INTEGER,
  search TSVECTOR NOT NULL
);
CREATE INDEX events_date ON events (event_date DESC, seq DESC);
CREATE INDEX events_type ON events (event_type, event_date);
CREATE INDEX events_position ON events (latitude, longitude) WHERE latitude IS NOT NULL;
CREATE INDEX events_reach ON events USING GIST (reach);
CREATE INDEX events_unplaced ON events (country, day) WHERE latitude IS NULL;
CREATE INDEX events_review ON events (review_status, event_date);
CREATE INDEX events_search ON events USING GIN (search);

CREATE TABLE event_documents (
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL REFERENCES documents(id),
  PRIMARY KEY (event_id, document_id)
);
CREATE INDEX event_documents_doc ON event_documents (document_id);

CREATE TABLE claims (
  seq BIGSERIAL UNIQUE,
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL REFERENCES documents(id),
  root TEXT NOT NULL,
  signature BYTEA NOT NULL,
  names TEXT NOT NULL DEFAULT '[]',
  explicit_day INTEGER,
  movement BOOLEAN NOT NULL DEFAULT false,
  agreement BOOLEAN NOT NULL DEFAULT false,
  dataset TEXT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX claims_event ON claims (event_id, seq);
CREATE INDEX claims_document ON claims (document_id);
CREATE INDEX claims_movement ON claims (seq) WHERE movement OR agreement;

CREATE TABLE event_history (
  seq BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  document_id TEXT,
  by TEXT,
  changes TEXT NOT NULL
);
CREATE INDEX event_history_event ON event_history (event_id, version);

CREATE TABLE cluster_links (
  claim_a TEXT NOT NULL,
  claim_b TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('must', 'cannot')),
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (claim_a, claim_b)
);
CREATE INDEX cluster_links_b ON cluster_links (claim_b);

CREATE TABLE event_aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);

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

CREATE TABLE reviews (
  seq BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject')),
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  changes TEXT NOT NULL DEFAULT '{}',
  note TEXT
);
CREATE INDEX reviews_event ON reviews (event_id);
CREATE TABLE corrections (event_id TEXT PRIMARY KEY, status TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}');
CREATE TABLE contacts (
  document_id TEXT PRIMARY KEY REFERENCES documents(id),
  details TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  filter TEXT NOT NULL,
  webhook_url TEXT,
  secret TEXT,
  cursor BIGINT NOT NULL,
  last_delivery TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_subject ON audit_log (subject);
CREATE FUNCTION observatory_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION observatory_refuse('the audit log is append-only');
CREATE TRIGGER documents_original_fixed BEFORE UPDATE OF original, sha256 ON documents
  FOR EACH ROW EXECUTE FUNCTION observatory_refuse('a document''s original bytes are kept unaltered');
CREATE TRIGGER documents_kept BEFORE DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION observatory_refuse('documents are never removed');
`,
  },
  {
    version: 2,
    name: 'users with roles, login sessions and API tokens (stored by hash)',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'contributor', 'analyst', 'admin')),
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
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
    version: 3,
    name: "words for full-text search within PostgreSQL's 1 MB limit on a tsvector",
    sql: `
-- A report with more distinct words than a tsvector holds is searched on as many of its first words
-- as fit, rather than refused.
CREATE FUNCTION observatory_words(body TEXT) RETURNS TSVECTOR LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  size INTEGER := length(body);
BEGIN
  LOOP
    BEGIN
      RETURN strip(to_tsvector('simple', left(body, size)));
    EXCEPTION WHEN program_limit_exceeded THEN
      size := size / 2;
    END;
  END LOOP;
END $$;
`,
  },
  {
    version: 4,
    name: 'events by day and place, for a box with a time window',
    sql: `
CREATE INDEX events_day_place ON events (day, longitude, latitude);
`,
  },
  {
    version: 5,
    name: 'events counted per day and type, and in map cells, as they are written',
    sql: `
-- Events per day and type, and placed events in square cells of 360 / 2^level degrees (the levels
-- CELL_LEVELS names), kept by a trigger as events are inserted, changed and deleted: the whole
-- record's timeline and map without a scan.
CREATE TABLE event_counts (
  day INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (day, event_type)
);
CREATE TABLE event_cells (
  level INTEGER NOT NULL,
  gx INTEGER NOT NULL,
  gy INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  n INTEGER NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (level, gx, gy, event_type)
);
CREATE FUNCTION observatory_count(d INTEGER, t TEXT, x DOUBLE PRECISION, y DOUBLE PRECISION, delta INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  lvl INTEGER;
  size DOUBLE PRECISION;
BEGIN
  INSERT INTO event_counts AS c (day, event_type, n) VALUES (d, t, delta)
    ON CONFLICT (day, event_type) DO UPDATE SET n = c.n + excluded.n;
  IF x IS NULL OR y IS NULL THEN RETURN; END IF;
  FOREACH lvl IN ARRAY ARRAY[5, 7, 9] LOOP
    size := 360.0 / 2 ^ lvl;
    INSERT INTO event_cells AS c (level, gx, gy, event_type, n, lon, lat)
      VALUES (lvl, floor((x + 180) / size)::int, floor((y + 90) / size)::int, t, delta, delta * x, delta * y)
      ON CONFLICT (level, gx, gy, event_type)
      DO UPDATE SET n = c.n + excluded.n, lon = c.lon + excluded.lon, lat = c.lat + excluded.lat;
  END LOOP;
END $$;
CREATE FUNCTION observatory_events_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM observatory_count(OLD.day, OLD.event_type, OLD.longitude, OLD.latitude, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM observatory_count(NEW.day, NEW.event_type, NEW.longitude, NEW.latitude, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER events_counted AFTER INSERT OR DELETE OR UPDATE OF day, event_type, longitude, latitude ON events
  FOR EACH ROW EXECUTE FUNCTION observatory_events_counted();
CREATE TRIGGER events_not_truncated BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION observatory_refuse('events are deleted row by row, so that their counts follow');
INSERT INTO event_counts (day, event_type, n) SELECT day, event_type, count(*) FROM events GROUP BY day, event_type;
INSERT INTO event_cells (level, gx, gy, event_type, n, lon, lat)
  SELECT lvl, floor((longitude + 180) / (360.0 / 2 ^ lvl))::int, floor((latitude + 90) / (360.0 / 2 ^ lvl))::int,
         event_type, count(*), sum(longitude), sum(latitude)
  FROM events CROSS JOIN unnest(ARRAY[5, 7, 9]) AS lvl
  WHERE longitude IS NOT NULL AND latitude IS NOT NULL
  GROUP BY 1, 2, 3, 4;
`,
  },
  {
    version: 6,
    name: 'the source registry grows from the record: every outlet stored reports name, counted',
    sql: `
ALTER TABLE sources ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN last_seen TEXT;
WITH named(name, doc, published) AS (
  SELECT publisher, id, published FROM documents WHERE coalesce(publisher, '') <> ''
  UNION
  SELECT c.root, c.document_id, d.published FROM claims c JOIN documents d ON d.id = c.document_id
  WHERE c.root <> '' AND (c.dataset IS NOT NULL OR c.root IN (SELECT name FROM sources))
)
INSERT INTO sources (name, kind, reports, last_seen)
  SELECT name, 'unknown', count(DISTINCT doc), max(published) FROM named GROUP BY name
  ON CONFLICT (name) DO UPDATE SET reports = excluded.reports, last_seen = excluded.last_seen;
`,
  },
  {
    version: 7,
    name: "events found under their places' folded names; review decisions that can be taken back",
    sql: `
-- A review decision taken back: which, by whom, when (the decision itself stays in reviews).
CREATE TABLE review_undos (review_id BIGINT PRIMARY KEY REFERENCES reviews(seq), by TEXT NOT NULL, at TEXT NOT NULL);
`,
    // Events written before are given their places' keys in their words (search).
    after: 'place-keys',
  },
  {
    version: 8,
    name: 'documents stored uncoded say why; API tokens expire and can be revoked',
    sql: `
ALTER TABLE documents ADD COLUMN not_coded TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
-- Tokens made before they could expire now do, in 90 days, as new ones do by default.
UPDATE api_tokens SET expires_at = to_char((now() + interval '90 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
`,
  },
  {
    version: 9,
    name: 'publication dates kept as the report wrote them',
    sql: `
-- The publication date as written ("Dec 17, 2016 8:46 AM ET") beside the normalised one, and the
-- reading rule when its day and month could be either (see src/nlp/published.ts).
ALTER TABLE documents ADD COLUMN published_as_written TEXT;
ALTER TABLE documents ADD COLUMN published_ambiguous TEXT;
`,
  },
  {
    version: 10,
    name: 'day and cell counts kept at commit',
    sql: `
-- The counts follow each event's changes at commit rather than at once: placements running side
-- by side would otherwise hold the rows of one day's or one map cell's count locked, each from its
-- first event to its commit, and so wait on each other however far apart their claims are.
DROP TRIGGER events_counted ON events;
CREATE CONSTRAINT TRIGGER events_counted AFTER INSERT OR DELETE OR UPDATE OF day, event_type, longitude, latitude ON events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION observatory_events_counted();
`,
  },
];
