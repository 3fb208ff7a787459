// What the shipped model is trained and cross-validated on, from ../shared/eval and the project's
// own sentences: ACLED notes (the Syria/Iraq/Lebanon/Turkey split and the world split), SOHR's
// headlines from UCDP GED (each reports lethal violence), and sentences of the geoparsing corpora
// that a weak-labelling rule calls no conflict event. Nothing here is shipped but the numbers
// trained from it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { byNote, readGold, type GoldNote } from '../extract/learn/gold.js';
import type { Labelled } from '../extract/learn/examples.js';
import { hash } from '../extract/learn/words.js';
import { splitSentences } from '../nlp/sentences.js';
import { readGeoVirus, readGeoWebNews, readLgl } from './datasets.js';

export const ACLED_FILES = {
  dev: 'acled_2020-04-27_2020-05-02_syr_irq_lbn_tur.csv',
  world: 'acled_2020-04-27_2020-05-02_world.csv',
};

export interface NoteItem {
  note: GoldNote;
  set: 'dev' | 'world' | 'gold';
  country: string;
}

export interface TrainingData {
  notes: NoteItem[];
  /** SOHR headlines: an event each, type unknown. */
  headlines: Labelled[];
  /** Sentences of GeoVirus, LGL and GeoWebNews with no word of armed conflict or violent crime. */
  negatives: Array<Labelled & { corpus: string }>;
  /** Sentences written for the project (data/coder-sentences.jsonl). */
  written: Labelled[];
  errors: string[];
}

/**
 * The weak-labelling rule for the geoparsing corpora: a sentence with no word of armed force,
 * attack, weapon, protest, arrest or violent crime reports no conflict event. Deaths alone do not
 * disqualify it: "floods killed 12", "the virus killed 30" are exactly what must not be coded.
 */
export const CONFLICT_WORDS =
  /\b(soldier|troop|army|armies|military|militar|militia|militant|rebel|insurgent|gunm[ae]n|armed|attack|assault|bomb|blast|explo|shell|mortar|rocket|missile|air ?strike|airstrike|drone|warplane|jet|clash|fight|battle|war\b|wars\b|combat|protest|demonstrat|rally|rallies|rallied|riot|march|police|arrest|detain|custody|kidnap|abduct|hostage|shot|shoot|gun|rifle|stab|murder|homicide|assassin|execut|beat|lynch|terror|jihad|extremis|massacre|violen|conflict|ceasefire|truce|raid|siege|offensive|ambush|grenade|landmine|ied\b|casualt)\w*/i;

/**
 * Harder non-events: sentences that name armed forces, police or armed groups but no act of
 * violence, protest or arrest at all ("the troops moved to the border", "the militia's leader
 * said"). News is full of them; ACLED's notes, all of them events, have none.
 */
export const ACT_WORDS =
  /\b(attack|assault|bomb|blast|explo|shell|mortar|rocket|missile|strike|struck|airstrike|raid|drone|clash|fight|fought|battle|combat|protest|demonstrat|rally|rallies|rallied|riot|march|arrest|detain|custody|kidnap|abduct|hostage|shot|shoot|fire|fired|gun|stab|murder|kill|dead|death|died|die|wound|injur|casualt|beat|lynch|massacre|execut|assassin|loot|burn|torch|seiz|captur|storm|ambush|grenade|mine|ied\b|siege|offensive|violen|terror|war\b|wars\b|hit\b|target|destroy|damag|threw|throw|tear gas|disperse|rape|abuse|torture|missing|disappear)\w*/i;
export const ARMED_WORDS =
  /\b(soldier|troop|army|armies|military|militar|militia|militant|rebel|insurgent|gunm[ae]n|armed|police|jihad|fighter|forces|guerrilla|cartel|gang|separatist|commander|regime|coalition)\w*/i;

const written = () => fileURLToPath(new URL('../../data/coder-sentences.jsonl', import.meta.url));

/** The project's own sentences: no events, readings, and wordings of events. */
export function readWritten(path = written()): Labelled[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ({ published: '2021-03-15', ...(JSON.parse(l) as Omit<Labelled, 'published'>) }));
}

/** A deterministic sample of at most `n` items (by a hash of each one's text). */
function sample<T extends { text: string }>(xs: T[], n: number): T[] {
  return [...xs].sort((a, b) => hash(a.text) - hash(b.text)).slice(0, n);
}

export function readTrainingData(
  dir: string,
  opts: { negativesPerCorpus?: number; hardPerCorpus?: number; headlines?: number } = {},
): TrainingData {
  const errors: string[] = [];
  const notes: NoteItem[] = [];
  for (const [set, file] of Object.entries(ACLED_FILES) as Array<['dev' | 'world', string]>) {
    const path = join(dir, 'acled', file);
    if (!existsSync(path)) continue;
    const g = readGold(path);
    errors.push(...g.errors);
    for (const note of byNote(g.rows)) notes.push({ note, set, country: note.rows[0]!.country });
  }
  const headlines: Labelled[] = [];
  const ucdp = join(dir, 'ucdp', 'ged191_syria_2016-2017.csv');
  if (existsSync(ucdp)) {
    const rows = parse(readFileSync(ucdp, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
      Record<string, string>
    >;
    const seen = new Set<string>();
    for (const r of rows) {
      const text = (r.source_headline ?? '').replace(/;?\s*https?:\S+/g, '').trim();
      if (!/^SOHR/.test(r.source_office ?? '') || text.length < 15 || seen.has(text)) continue;
      seen.add(text);
      headlines.push({ text, published: (r.source_date ?? '2017-01-01').slice(0, 10), label: 'event' });
    }
  }
  const negatives: TrainingData['negatives'] = [];
  const geo = join(dir, 'geoparse');
  const corpora: Array<[string, () => Array<{ text: string }>]> = [
    ['GeoVirus', () => readGeoVirus(join(geo, 'GeoVirus.xml'))],
    ['LGL', () => readLgl(join(geo, 'lgl.xml'))],
    ['GeoWebNews', () => readGeoWebNews(geo)],
  ];
  for (const [corpus, read] of corpora) {
    let docs: Array<{ text: string }>;
    try {
      docs = read();
    } catch {
      continue;
    }
    const all = docs
      .flatMap((d) => splitSentences(d.text).map((s) => s.text))
      .filter((t) => t.length >= 30 && t.length <= 400);
    const easy = all.filter((t) => !CONFLICT_WORDS.test(t));
    const hard = all.filter((t) => ARMED_WORDS.test(t) && !ACT_WORDS.test(t));
    for (const [kind, texts, n] of [
      ['', easy, opts.negativesPerCorpus ?? 2500],
      [' (armed actors, no act)', hard, opts.hardPerCorpus ?? 600],
    ] as const)
      for (const text of sample(
        texts.map((t) => ({ text: t })),
        n,
      ))
        negatives.push({
          text: text.text,
          published: '2018-06-01',
          label: 'none',
          corpus: `${corpus}${kind}`,
        });
  }
  return {
    notes,
    headlines: sample(headlines, opts.headlines ?? 2500),
    negatives,
    written: readWritten(),
    errors,
  };
}
