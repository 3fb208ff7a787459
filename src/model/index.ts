// The types every pipeline stage speaks. Field names follow ACLED's codebook where one exists,
// so a coded event can be written out as an ACLED row without renaming.

/** A half-open character range [start, end) into a document's text, as JavaScript indexes strings. */
export interface Span {
  start: number;
  end: number;
  /** Equal to `document.text.slice(start, end)`; kept so a reader never has to re-slice. */
  text: string;
}

export type SourceKind =
  'monitoring_group' | 'wire' | 'newspaper' | 'official' | 'field_contact' | 'social_media' | 'unknown';

export interface Source {
  name: string;
  kind: SourceKind;
  country?: string;
  languages?: string[];
}

export type CaptureMethod = 'file' | 'jsonl' | 'api' | 'form' | 'feed' | 'sample' | 'import';

/** A report as received. `text` never changes once the document is stored. */
export interface Document {
  id: string;
  text: string;
  title?: string;
  url?: string;
  publisher?: string;
  /** YYYY-MM-DD; relative dates in the text are resolved against it. */
  published: string;
  /** The publication date as the document gave it, when that was not already YYYY-MM-DD. */
  publishedAsWritten?: string;
  /** Set when that string could be read two ways: the rule it was read by. */
  publishedAmbiguous?: string;
  language?: string;
  /** SHA-256 (hex) of the original bytes, before decoding or HTML stripping. */
  sha256: string;
  capturedAt: string;
  captureMethod: CaptureMethod;
  /** Where the bytes came from: a path, a URL, "stdin", "http". */
  capturedFrom?: string;
  /** Who captured it: a user, `cli:<os user>`, `api`, `form`, `watch`. */
  capturedBy?: string;
  /** Why no events were coded from it, when it was stored uncoded (too long to code in the time allowed). */
  notCoded?: string;
}

export type MentionKind = 'actor' | 'place' | 'date' | 'count' | 'trigger' | 'source';

/** A stretch of text recognised as referring to something. */
export interface Mention {
  kind: MentionKind;
  span: Span;
  /** Canonical value: an actor name, a place id, an ISO date, a number. */
  value: string;
}

/** One link in the chain of who says something: "SOHR said", reported by "Newsweek". */
export interface AttributionLink {
  name: string;
  /** How the claim passed through this link. */
  role: 'original' | 'reported_by' | 'quoted_by';
  span?: Span;
}

/**
 * Who says a claim and through whom: `source` first made it ("SOHR"), `via` carried it, nearest
 * first ("AFP", then the publisher "Newsweek").
 */
export interface Attribution {
  source: string;
  via: string[];
  /** The words naming the source, when the text names one. */
  span?: Span;
}

export type TimePrecision = 1 | 2 | 3;
export type GeoPrecision = 1 | 2 | 3;

export const EVENT_TYPES = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type SubEventType = (typeof EVENT_TYPES)[EventType][number];

/** Where something happened, resolved against the gazetteer. */
export interface Place {
  id: string;
  name: string;
  /** The name in plain Latin letters, as ACLED's location column writes it. */
  asciiName: string;
  latitude: number;
  longitude: number;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  country: string;
  admin1?: string;
  admin2?: string;
  /** OCHA P-codes of the first- and second-level divisions (HXL #adm1+code, #adm2+code), where known. */
  admin1Pcode?: string;
  admin2Pcode?: string;
  /** GeoNames feature code (PPL, PPLA, ADM1, MTS, VAL, ...) or the project's own for curated regions. */
  featureCode: string;
  population?: number;
  geonameid?: number;
}

export interface Actor {
  /** ACLED's name, e.g. "Military Forces of Syria (2000-)". */
  name: string;
  /** ACLED interaction code 1-8 (state forces ... civilians). */
  inter: number;
  country?: string;
  aliases: string[];
}

/** A statement, inside one document, that something happened, with the words it rests on. */
export interface Claim {
  docId: string;
  eventType: EventType;
  subEventType: SubEventType;
  eventDate: string;
  timePrecision: TimePrecision;
  actor1?: string;
  assocActor1?: string;
  actor2?: string;
  assocActor2?: string;
  place?: Place;
  geoPrecision?: GeoPrecision;
  fatalities: number;
  attribution: Attribution;
  /** Every span the claim rests on: the trigger, the actors, the place, the date, the counts. */
  evidence: Span[];
  /** Hedged wording ("reportedly", "it remains unclear"). */
  hedged: boolean;
  confidence: number;
  notes: string;
}

/** ACLED's columns for one event, under ACLED's names. */
export interface AcledFields {
  event_date: string;
  time_precision: TimePrecision;
  event_type: EventType;
  sub_event_type: SubEventType;
  actor1: string;
  assoc_actor_1: string;
  inter1: number;
  actor2: string;
  assoc_actor_2: string;
  inter2: number;
  interaction: number;
  country: string;
  admin1: string;
  admin2: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
  geo_precision: GeoPrecision | null;
  fatalities: number;
  notes: string;
  source: string;
}

/** ACLED's columns in the order its exports write them. */
export const ACLED_COLUMNS = [
  'event_date',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'country',
  'admin1',
  'admin2',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'notes',
  'fatalities',
] as const;

/**
 * The columns of ACLED's own CSV exports, in their order (those of its 2020 exports with the
 * three added since: disorder_type, civilian_targeting, tags): what the record's ACLED export
 * writes, so that an imported ACLED file comes out as it went in.
 */
export const ACLED_FILE_COLUMNS = [
  'data_id',
  'iso',
  'event_id_cnty',
  'event_id_no_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
  'iso3',
] as const;
export type AcledFileColumn = (typeof ACLED_FILE_COLUMNS)[number];

/** ACLED's file columns that the coding does not hold (ids, codes, admin3...): kept from an imported row. */
export const ACLED_ROW_COLUMNS: readonly AcledFileColumn[] = ACLED_FILE_COLUMNS.filter(
  (c) => !(ACLED_COLUMNS as readonly string[]).includes(c),
);

/** An event in ACLED's shape, with the evidence behind it. */
export interface Event extends AcledFields {
  id: string;
  evidence: Span[];
  attribution: Attribution[];
  confidence: number;
  /** The documents the event was drawn from. */
  docIds: string[];
}

/** Where a moving group or convoy was last reported to be in its journey. */
export type MovementStatus = 'departed' | 'moving' | 'stranded' | 'arrived' | 'turned_back';

/** How far a source has proved reliable (Admiralty / NATO scale): A completely ... E unreliable, F cannot be judged. */
export type Reliability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** How far an event is borne out (Admiralty scale): 1 confirmed by others ... 5 improbable, 6 cannot be judged. */
export type Credibility = 1 | 2 | 3 | 4 | 5 | 6;

/** A source in the registry, with the grade an analyst gave it. */
export interface RegisteredSource extends Source {
  aliases: string[];
  reliability: Reliability;
  /** Who set the grade, and when (ISO time); absent for the shipped default. */
  gradedBy?: string;
  gradedAt?: string;
  /** How many stored documents name it (as publisher, attributed source or dataset outlet). */
  reports?: number;
  /** The latest publication date among them. */
  lastSeen?: string;
}

/** One of the values sources give for a field of an event, and who gives it. */
export interface ContestedValue<T> {
  value: T;
  /** The independent sources behind the value. */
  sources: string[];
  claimIds: string[];
}

/** Fields on which an event's sources disagree; a field is present only when they do. */
export interface Contested {
  fatalities?: ContestedValue<number>[];
  actor1?: ContestedValue<string>[];
  location?: ContestedValue<string>[];
  event_date?: ContestedValue<string>[];
  event_type?: ContestedValue<string>[];
}

/** One report of where a moving group was and what it was doing. */
export interface TrackObservation {
  claimId: string;
  eventId: string;
  documentId: string;
  status: MovementStatus;
  /** Where it was seen; absent when the report names only where it was going. */
  place?: { name: string; latitude: number; longitude: number; geoPrecision: GeoPrecision };
  /** The day reported, and the days it may have happened on given its time_precision. */
  date: string;
  earliest: string;
  latest: string;
  timePrecision: TimePrecision;
  from?: string;
  to?: string;
  escortedBy?: string[];
  /** Vehicles counted in unhedged words. */
  vehicles?: number;
  sources: string[];
  evidence: Span[];
}

/** The movement of one group or convoy, rebuilt from every report that mentions it. */
export interface Track {
  id: string;
  /** Who moves (an ACLED actor name, or "unidentified convoy"). */
  mover: string;
  origin?: string;
  destination?: string;
  /** The latest status reported. */
  status: MovementStatus;
  firstSeen: string;
  lastSeen: string;
  observations: TrackObservation[];
  /** Stretches of more than a day between observations, when nobody reported where it was. */
  gaps: Array<{ after: string; before: string; days: number }>;
  /** The places it was seen at precision 1 or 2, in order; null with fewer than two. */
  route: { type: 'LineString'; coordinates: Array<[number, number]> } | null;
  /** The route's vertices in order: which place, how precisely, what it was doing there, from when. */
  routePlaces: Array<{ name: string; geoPrecision: GeoPrecision; status: MovementStatus; earliest: string }>;
  eventIds: string[];
  agreementIds: string[];
}

/** A deal between parties: who, brokered by whom, on what terms, and what came of it. */
export interface Agreement {
  /** The id of the Agreement event it was read from. */
  id: string;
  date: string;
  location: string;
  parties: string[];
  brokers: string[];
  terms: {
    gives?: string;
    inReturnFor?: string;
    peopleMoved?: number;
    vehicles?: number;
  };
  /**
   * The terms as structured what-for-what pairs (who or what moves or changes hands, from where to
   * where, how many as low/best/high), each with the words and documents behind it.
   */
  clauses?: AgreementClause[];
  /** The deal's life: every dated step a report gives, with its source and words, in date order. */
  life?: AgreementStep[];
  /** When it was reached, as the words date it (not the day of the report). */
  reached?: { date: string; timePrecision: TimePrecision; sources: string[] };
  /** The latest step reported ("collapsed", "revived", "fulfilled"). */
  status?: AgreementStatus;
  /** Steps on which reports disagree (one side says reached, another denies): kept side by side. */
  contested?: { status: ContestedValue<AgreementStatus>[] };
  /** The documents that tell of it. */
  documentIds?: string[];
  sources: string[];
  evidence: Span[];
  /** What later reports say came of it: the movements it set off, and how far they got. */
  fulfilment: Array<{
    trackId: string;
    mover: string;
    /** Where the movement set off from and was headed, as reported. */
    origin?: string;
    destination?: string;
    status: MovementStatus;
    lastSeen: string;
    /** Vehicles reported arriving, when a report counts them; null when nobody says. */
    vehiclesArrived: number | null;
  }>;
  relatedEventIds: string[];
}

/** A step of a deal's life. */
export type AgreementStatus =
  | 'proposed'
  | 'reached'
  | 'implemented'
  | 'stalled'
  | 'collapsed'
  | 'revived'
  | 'fulfilled_part'
  | 'fulfilled'
  | 'denied'
  | 'disputed';

/** One term of a deal. */
export interface AgreementClause {
  kind: 'evacuation' | 'release' | 'weapons_handover' | 'territory_handover' | 'siege_lifted' | 'ceasefire';
  from?: string;
  to?: string;
  /** What is given in return. */
  forWhat?: string;
  people?: { low: number; best: number; high: number };
  vehicles?: { low: number; best: number; high: number };
  documentIds: string[];
  evidence: Span[];
}

/** One report of a step of a deal's life. */
export interface AgreementStep {
  status: AgreementStatus;
  date: string;
  /** 1: the words give the day; 2: only the report's publication day places it. */
  timePrecision: TimePrecision;
  /** The party that denies or disputes it. */
  by?: string;
  source: string;
  documentId: string;
  evidence: Span[];
}

/** Checks a YYYY-MM-DD date that really exists (2020-02-31 and 2020-13-01 do not). */
export function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
