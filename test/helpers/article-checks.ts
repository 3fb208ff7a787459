// What a long-form convoy report must yield through `observatory extract`: the deal with its
// parties, broker and terms, the air strikes on the road, the arrival as the monitor reports it,
// and nothing coded from the background. Run on the project's own fixture (always) and on the seed
// article (an evaluation, when ../shared is there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { run } from './cli.js';

interface Ev {
  event_type: string;
  sub_event_type: string;
  actor1: string;
  assoc_actor_1: string;
  actor2: string;
  admin1: string;
  location: string;
  fatalities: number;
  event_date: string;
  evidence: Array<{ start: number; end: number; text: string }>;
  attribution: Array<{ source: string; via: string[] }>;
  confidence: number;
  details: {
    category: string;
    target?: string;
    requestedBy?: string;
    agreement?: { gives?: string; inReturnFor?: string };
    movement?: { status: string[]; from?: string };
  };
}

export interface ArticleExpectations {
  /** What the deal gives, and what it is in return for. */
  gives: RegExp;
  inReturnFor: RegExp;
  /** Words in the evidence that belong to background facts, never to a coded event. */
  background: RegExp;
}

export function convoyArticleTests(
  label: string,
  path: string,
  skip: string | false,
  expect: ArticleExpectations,
): void {
  const args = ['extract', path, '--published', '2017-09-13', '--source', 'Newsweek'];
  let jsonl: ReturnType<typeof run> | undefined;
  const coded = async () => {
    const r = await (jsonl ??= run([...args, '--format', 'jsonl']));
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as { doc_id: string; events: Ev[] };
    assert.equal(line.doc_id, path);
    return line.events;
  };

  test(`${label} yields the deal, the strikes and the arrival, with true evidence`, { skip }, async () => {
    const events = await coded();
    const text = readFileSync(path, 'utf8');
    const involves = (e: Ev, name: RegExp) => [e.actor1, e.assoc_actor_1, e.actor2].some((a) => name.test(a));
    const deal = events.find((e) => e.sub_event_type === 'Agreement');
    assert.ok(deal, 'an Agreement event');
    assert.equal(deal.event_type, 'Strategic developments');
    assert.equal(deal.event_date, '2017-08-28');
    assert.ok(involves(deal, /Hezbollah/) && involves(deal, /Islamic State/), JSON.stringify(deal));

    const strike = events.find((e) => e.sub_event_type === 'Air/drone strike');
    assert.ok(strike, 'an air strike event');
    assert.equal(strike.event_type, 'Explosions/Remote violence');
    assert.equal(strike.admin1, 'Deir ez-Zor');
    assert.match(strike.actor1, /Coalition/);

    const arrival = events.find(
      (e) =>
        e.admin1 === 'Deir ez-Zor' &&
        e.attribution.some((a) => a.source === 'SOHR') &&
        /reached|arrived/.test(e.evidence.map((s) => s.text).join(' ')),
    );
    assert.ok(
      arrival,
      `the convoy reaching Deir ez-Zor as SOHR reports: ${JSON.stringify(events.map((e) => [e.sub_event_type, e.admin1, e.attribution]))}`,
    );
    assert.ok(involves(arrival, /Islamic State/));

    for (const e of events) {
      assert.equal(e.fatalities, 0, `no fatalities invented: ${JSON.stringify(e)}`);
      assert.ok(e.confidence > 0 && e.confidence <= 1);
      for (const s of e.evidence)
        assert.equal(text.slice(s.start, s.end), s.text, 'evidence equals the text it points to');
      assert.doesNotMatch(e.evidence.map((s) => s.text).join(' '), expect.background);
    }
    assert.ok(!events.some((e) => e.event_type === 'Battles'), 'the earlier clashes are background');
    assert.ok(!events.some((e) => e.location === 'Beirut'), 'the Beirut bombings are background');
  });

  test(`${label} as ACLED CSV and as GeoJSON`, { skip }, async () => {
    const csv = await run([...args, '--format', 'acled']);
    assert.equal(csv.code, 0, csv.stderr);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    assert.match(
      header!,
      /^event_date,time_precision,event_type,sub_event_type,actor1,.*,fatalities,doc_id$/,
    );
    assert.ok(rows.some((r) => r.startsWith('2017-08-28,1,Strategic developments,Agreement,')));

    const gj = await run(['extract', path, '--published', '2017-09-13', '--format', 'geojson']);
    const fc = JSON.parse(gj.stdout) as {
      type: string;
      features: Array<{ geometry: { coordinates: number[] } | null; properties: Ev }>;
    };
    assert.equal(fc.type, 'FeatureCollection');
    const strike = fc.features.find((f) => f.properties.sub_event_type === 'Air/drone strike');
    const [lon, lat] = strike!.geometry!.coordinates as [number, number];
    // Near Albukamal, on the Euphrates by the Iraqi border.
    assert.ok(lon > 40 && lon < 41.5 && lat > 34 && lat < 35.5, `${lon},${lat}`);
  });

  test(
    `${label}: deal terms, strike target and the request behind the withdrawal are structured`,
    { skip },
    async () => {
      const events = await coded();
      const deal = events.find((e) => e.sub_event_type === 'Agreement');
      assert.match(deal?.details.agreement?.gives ?? '', expect.gives);
      assert.match(deal?.details.agreement?.inReturnFor ?? '', expect.inReturnFor);
      assert.match(
        events.find((e) => e.sub_event_type === 'Air/drone strike')?.details.target ?? '',
        /bridges/,
      );
      assert.equal(events.find((e) => e.details.category === 'withdrawal')?.details.requestedBy, 'Russia');
      const departed = events.find((e) => e.details.movement?.status.includes('departed'));
      assert.equal(departed?.details.movement?.from, 'Lebanon-Syria border');
    },
  );
}
