// Who did it to whom in an Arabic sentence, from Arabic word order and its markers: the agent
// follows its act ("قصفت قوات النظام", "قصف لقوات النظام", "برصاص مجهولين"); the other side is
// marked as what was hit or who fell ("مواقع لقسد", "مقتل 3 عناصر من قسد", "على", "ضد").
// The role head learned English order; where it leaves a role empty or puts a victim first in
// an Arabic sentence, this reading decides.
import type { ArabicToken } from '../../../nlp/arabic.js';
import type { ActorMention } from '../../recognise/actors.js';
import type { Solver } from '../../sentence.js';

const VICTIMS = new Set(['civilians', 'protesters']);
// Words that make the actor after them what was hit or who fell, not who acted.
const TARGET_MARKS = new Set(
  'من عناصر عنصر مواقع موقع مقر مقرات نقطه نقاط حاجز دوريه سياره مستودعات قاعده معسكر علي ضد مع بين صفوف مقاتلي مسلحي قيادي'.split(
    ' ',
  ),
);

function tokenBefore(tokens: ArabicToken[], start: number): ArabicToken | undefined {
  let t: ArabicToken | undefined;
  for (const x of tokens) {
    if (x.end > start) break;
    t = x;
  }
  return t;
}

/** True when the words before a mention mark it as the target ("مواقع لقسد", "عناصر من قسد"). */
function targeted(tokens: ArabicToken[], m: ActorMention): boolean {
  const own = tokens.find((t) => t.start <= m.span.start && m.span.start < t.end);
  // A preposition glued to the name: "على" is a word, "ل" a prefix ("مواقع لقسد" marks it by the word before).
  const prev = tokenBefore(tokens, own ? own.start : m.span.start);
  const prevBare = prev?.readings.at(-1)?.stem ?? '';
  return !!prev && (TARGET_MARKS.has(prev.norm) || TARGET_MARKS.has(prevBare));
}

export const arabicRoles: Solver = (f, s) => {
  if (!s.arabic || f.rule.event_type === 'Protests' || f.rule.event_type === 'Riots') return;
  if (f.rule.category === 'agreement') return;
  const seen = new Set<string>();
  const parties = s.parties.filter((a) => (seen.has(a.actor.id) ? false : (seen.add(a.actor.id), true)));
  if (!parties.length) return;
  const at = f.main.span;
  const armed = parties.filter((a) => !VICTIMS.has(a.actor.kind));
  const agents = armed.filter((a) => !targeted(s.arabic!, a));
  // Nearest after the act first (the verb-first order), then nearest before it.
  const order = (xs: ActorMention[]) =>
    [...xs].sort((a, b) => {
      const da = a.span.start >= at.start ? a.span.start - at.end : 1000 + at.start - a.span.end;
      const db = b.span.start >= at.start ? b.span.start - at.end : 1000 + at.start - b.span.end;
      return da - db;
    });
  const agent = order(agents)[0];
  const a1Ok = f.a1 && !VICTIMS.has(f.a1.actor.kind) && !targeted(s.arabic, f.a1);
  if (agent && !a1Ok) f.a1 = agent;
  if (f.a2 && f.a1 && f.a2.actor.id === f.a1.actor.id) f.a2 = undefined;
  if (!f.a2) {
    // The other side: the victims named, else an armed party the words mark as hit or fought.
    const rest = parties.filter((a) => a.actor.id !== f.a1?.actor.id);
    const other =
      order(rest.filter((a) => VICTIMS.has(a.actor.kind)))[0] ??
      order(rest.filter((a) => targeted(s.arabic!, a)))[0];
    if (other) f.a2 = other;
  }
};
