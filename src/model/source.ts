// Who reports: the kinds of source, the registry's entries and the grades analysts give them.

export type SourceKind =
  'monitoring_group' | 'wire' | 'newspaper' | 'official' | 'field_contact' | 'social_media' | 'unknown';

export interface Source {
  name: string;
  kind: SourceKind;
  country?: string;
  languages?: string[];
}

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

/** A source as the source dictionary lists it, before an analyst grades it. */
export interface SourceEntry {
  name: string;
  kind: SourceKind;
  country?: string;
  aliases: string[];
  /** Countries the source reports on. */
  covers?: string[];
}
