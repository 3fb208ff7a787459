// Versioned schema for the SQLite store; each step runs once, in order, in a transaction.

export interface Migration {
  version: number;
  name: string;
  sql: string;
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
];
