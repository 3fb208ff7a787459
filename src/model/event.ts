// What corroboration makes of claims: an event's contested fields, with who says what. (The stored
// event itself, `StoredEvent`, is still declared beside the store's contract.)

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
