// Training examples for each head of the coder, from gold written in ACLED's format (a note and
// the rows coded from it) and from sentences labelled otherwise (known events of unknown type,
// known non-events, sentences written for the project). Features come from the same recognisers
// the extractor runs, so a model learns from exactly what it will see.
import type { Span, SubEventType } from '../../model/index.js';
import { haversineKm } from '../../geo/distance.js';
import { readDocument } from '../extract.js';
import { readSentence } from '../reading.js';
import { codedAs } from '../acled/participants-are-the-crowd.js';
import { actorName, type ActorMention } from '../recognise/actors.js';
import type { EventRule, Resources } from '../resources.js';
import { newDraft, type DocumentContext, type Sentence } from '../sentence.js';
import { country } from '../solve/country.js';
import { date } from '../solve/date.js';
import { pickPlace, place } from '../solve/place.js';
import { ruleRoles } from '../solve/roles/index.js';
import { actorFeatures, dateFeatures, NONE, placeFeatures, sentenceFeatures } from './features.js';
import type { Example, Group } from './fit.js';
import type { GoldNote, GoldRow } from './gold.js';
import { EVENT_TYPE_OF, READINGS, ROLES, SUB_EVENT_TYPES, type ModelReading } from './model.js';
import type { Word } from './words.js';

/** The examples one training item gives each head. */
export interface Bundle {
  event: Example[];
  type: Example[];
  reading: Example[];
  role: Example[];
  place: Group[];
  date: Group[];
}

const empty = (): Bundle => ({ event: [], type: [], reading: [], role: [], place: [], date: [] });

const rulesBySub = new WeakMap<Resources, Map<string, EventRule>>();
/** The event rule standing for a sub-event type: the first rule coding it, or one made for it. */
export function ruleFor(sub: SubEventType, res: Resources): EventRule {
  let map = rulesBySub.get(res);
  if (!map) {
    map = new Map();
    for (const r of res.rules)
      if (!map.has(r.sub_event_type) && !r.status && !/^\^/.test(r.pattern)) map.set(r.sub_event_type, r);
    rulesBySub.set(res, map);
  }
  return (
    map.get(sub) ?? {
      id: `model:${sub}`,
      pattern: '',
      event_type: EVENT_TYPE_OF.get(sub)!,
      sub_event_type: sub,
      plover: 'OTHER',
      category: 'other',
    }
  );
}

/**
 * Where in a sentence an event of a sub-type is told: its trigger, else a trigger of its event
 * type, else any trigger, else the first count, else the word after the first actor named.
 */
export function anchorOf(s: Sentence, sub: SubEventType, ws: Word[]): Span {
  const type = EVENT_TYPE_OF.get(sub);
  const t =
    s.triggers.find((x) => x.rule.sub_event_type === sub) ??
    s.triggers.find((x) => x.rule.event_type === type) ??
    s.triggers[0];
  if (t) return t.span;
  if (s.counts[0]) return s.counts[0].span;
  const after = s.actors[0] ? ws.find((w) => w.start >= s.actors[0]!.span.end) : undefined;
  const w = after ?? ws[0];
  return w
    ? { start: w.start, end: w.end, text: s.span.text.slice(w.start - s.span.start, w.end - s.span.start) }
    : s.span;
}

/** What the rules alone make of a sentence as an event of a sub-type: their roles and place. */
export function ruleReading(s: Sentence, ctx: DocumentContext, sub: SubEventType, anchor: Span) {
  const rule = ruleFor(sub, ctx.res);
  const trigger = { rule, span: anchor };
  const f = newDraft([trigger], trigger, false, ctx.doc.published);
  for (const solve of [place, date, country, ruleRoles]) solve(f, s, ctx);
  const role = (m: ActorMention) =>
    f.a1?.actor === m.actor
      ? 'a1'
      : f.a2?.actor === m.actor
        ? 'a2'
        : f.assoc1.includes(m.actor)
          ? 'assoc'
          : '-';
  const pick = pickPlace(ctx.text, s.toponyms, trigger, s.parties, ctx.focusCountry);
  return { f, role, pick };
}

/** Mentions with the same actor count once, as the rules count them. */
export function distinctParties(s: Sentence): ActorMention[] {
  const seen = new Set<string>();
  return s.parties.filter((a) => (seen.has(a.actor.id) ? false : (seen.add(a.actor.id), true)));
}

const split = (names: string) =>
  names
    .split(';')
    .map((n) => n.trim())
    .filter(Boolean);

/** The kind of actor an ACLED name is, so a mention is only taught "none" against a gold of another kind. */
const kindOfName = (n: string) =>
  /^Protesters/.test(n)
    ? 'protesters'
    : /^Rioters/.test(n)
      ? 'rioters'
      : /^Civilians/.test(n)
        ? 'civilians'
        : /^Unidentified/.test(n)
          ? 'unidentified'
          : /^(Military|Police) Forces/.test(n)
            ? 'state'
            : 'named';

/** Examples of the argument heads (roles, place, date) for the sentence an event is told in. */
function argumentExamples(out: Bundle, s: Sentence, ctx: DocumentContext, ws: Word[], row: GoldRow): void {
  const anchor = anchorOf(s, row.sub_event_type, ws);
  const { f, role, pick } = ruleReading(s, ctx, row.sub_event_type, anchor);
  const gold: Array<[string, number]> = [
    ...split(row.actor1).map((n): [string, number] => [n, 1]),
    ...split(row.actor2).map((n): [string, number] => [n, 2]),
    ...split(row.assoc_actor_1).map((n): [string, number] => [n, 3]),
    ...split(row.assoc_actor_2).map((n): [string, number] => [n, 4]),
  ];
  const goldKinds = new Set(gold.map(([n]) => kindOfName(n)));
  distinctParties(s).forEach((m, i) => {
    const name = actorName(
      codedAs(m.actor, row.event_type, ctx.res),
      f.countryCode,
      f.countryName,
      row.event_date,
      ctx.res.periods,
    ).name;
    const hit = gold.find(([n]) => n === name);
    const k = m.actor.kind;
    const kind = ['state', 'external'].includes(k) ? 'state' : ['militia', 'rebel'].includes(k) ? 'named' : k;
    // A mention whose ACLED name we cannot reproduce is not taught "none" against a gold of its own kind.
    if (!hit && goldKinds.has(kind as never)) return;
    const x = actorFeatures(m, i, ws, anchor, row.sub_event_type, row.event_type, role(m), !!s.arabic);
    out.role.push({ x, y: hit ? hit[1] : 0 });
  });
  if (row.latitude !== null && row.longitude !== null) {
    const near = s.toponyms
      .map((t, i) => ({
        i,
        km: haversineKm(row.latitude!, row.longitude!, t.place.latitude, t.place.longitude),
      }))
      .filter((t) => t.km <= 25)
      .sort((a, b) => a.km - b.km)[0];
    const candidates = s.toponyms.map((t) =>
      placeFeatures(t, ws, anchor, ctx.focusCountry, t === pick, s.parties),
    );
    out.place.push({ candidates: [...candidates, NONE], gold: near ? near.i : candidates.length });
  }
  const dates = s.dates.filter((d) => !d.yearOnly);
  if (dates.length) {
    const nearest = f.dateInferred ? undefined : f.eventDate;
    const candidates = dates.map((d) => dateFeatures(d, ws, anchor, d.date === nearest, ctx.doc.published));
    const hit = dates.findIndex((d) => d.date === row.event_date);
    out.date.push({ candidates: [...candidates, NONE], gold: hit >= 0 ? hit : candidates.length });
  }
}

const READING_OF: Record<string, ModelReading | undefined> = {
  negated: 'negated',
  irrealis: 'hypothetical',
  background: 'background',
};

/** A note and its rows: the note's first sentence tells the event. */
export function noteBundle(note: GoldNote, res: Resources): Bundle {
  const row = note.rows[0]!;
  const out = empty();
  const doc = {
    id: 'gold',
    text: note.notes,
    published: row.event_date,
    source: row.source.split(';')[0]?.trim(),
  };
  const { ctx, sentences } = readDocument(doc, res);
  sentences.forEach((s, i) => {
    const { readings } = readSentence(s, ctx.text, doc.published, ctx.res.arabic);
    const feats = sentenceFeatures(s, ctx, readings);
    if (i > 0) {
      // A later sentence of a note adds to its event; one with no act or count is no event of its own.
      if (s.triggers.length === 0 && s.counts.length === 0)
        out.event.push({ x: feats.ids, y: 0, weight: 0.5 });
      return;
    }
    out.event.push({ x: feats.ids, y: 1 });
    out.reading.push({ x: feats.readingIds, y: 0 });
    const subs = [...new Set(note.rows.map((r) => r.sub_event_type))];
    for (const sub of subs)
      out.type.push({ x: feats.ids, y: SUB_EVENT_TYPES.indexOf(sub), weight: 1 / subs.length });
    argumentExamples(out, s, ctx, feats.words, row);
  });
  return out;
}

/** What a labelled text says of itself: no event, an event of unknown type, or of a sub-type. */
export interface Labelled {
  text: string;
  published: string;
  label: 'none' | 'event' | SubEventType;
  /** How it reads, when it was written to teach that (the rules' reading of its triggers otherwise). */
  reading?: ModelReading;
}

/** A text whose every sentence carries its label (a headline, a sentence written for the project, a weak negative). */
export function labelledBundle(item: Labelled, res: Resources, weight = 1): Bundle {
  const out = empty();
  const { ctx, sentences } = readDocument(
    { id: 'labelled', text: item.text, published: item.published },
    res,
  );
  for (const s of sentences) {
    const { readings } = readSentence(s, ctx.text, item.published, ctx.res.arabic);
    const feats = sentenceFeatures(s, ctx, readings);
    const reading = item.reading ?? (item.label === 'none' ? undefined : 'new');
    const event = item.label !== 'none' && (reading ?? 'new') === 'new';
    out.event.push({ x: feats.ids, y: event ? 1 : 0, weight });
    if (item.label !== 'none' && item.label !== 'event' && event)
      out.type.push({ x: feats.ids, y: SUB_EVENT_TYPES.indexOf(item.label), weight });
    // Weak readings: a non-event's triggers as the rules read them.
    const weak = [...readings.values()].map((r) => READING_OF[r]).find(Boolean);
    const r = reading ?? weak;
    if (r)
      out.reading.push({
        x: feats.readingIds,
        y: READINGS.indexOf(r),
        weight: item.reading ? weight : weight * 0.3,
      });
  }
  return out;
}

export const ROLE_COUNT = ROLES.length;
