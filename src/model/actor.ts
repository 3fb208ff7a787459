// An armed group, force or crowd as the actor dictionary names it, under ACLED's names by country.

/** One actor of the dictionary: its ACLED name in each country, interaction codes and the words for it. */
export interface ActorEntry {
  id: string;
  kind: 'state' | 'rebel' | 'militia' | 'external' | 'unidentified' | 'protesters' | 'rioters' | 'civilians';
  names: Record<string, string>;
  /** Older names: the name to use for events before the given date. */
  before?: Record<string, string>;
  inter: Record<string, number>;
  aliases: string[];
  descriptors: string[];
}
