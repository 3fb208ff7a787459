// Placement on the real PostgreSQL server with several connections at once: near claims placed at
// the same moment by two workers still end in one event, and a claim far away from a placement in
// progress is placed without waiting for it, while a near one, or one of the same country with no
// place, waits.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { lockPlacement, placementLocks } from '../src/store/postgres/postgres-locks.js';
import { makeDocument, makeEvent } from './store-contract.js';
import { PG_URL } from './helpers/pg.js';

const run = `t${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];
const stores: PostgresStore[] = [];

after(async () => {
  for (const s of stores) await s.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

/** Two stores on one schema, each with its own pool: two workers. */
async function workers(name: string): Promise<[PostgresStore, PostgresStore]> {
  const schema = `obs_${run}_${name}`;
  schemas.push(schema);
  const a = new PostgresStore(PG_URL, { schema });
  await a.migrate();
  const b = new PostgresStore(PG_URL, { schema });
  stores.push(a, b);
  return [a, b];
}

const day = (i: number) => new Date(Date.parse('2020-01-10') + i * 86_400_000).toISOString().slice(0, 10);

test('postgres: two workers placing reports of one clash at the same moment end with one event', async () => {
  const [a, b] = await workers('pair');
  const pairs = 12;
  for (let i = 0; i < pairs; i++) {
    // A clash every 40 days, so that the pairs cannot meet one another.
    const date = day(i * 40);
    const event = makeEvent({
      event_date: date,
      notes: `Regime forces clashed with HTS near Saraqib, clash ${i}.`,
    });
    const one = makeDocument(`SOHR: clashes near Saraqib, report ${i}.`, {
      publisher: 'SOHR',
      published: date,
    });
    const two = makeDocument(`Enab Baladi: fighting at Saraqib, report ${i}.`, {
      publisher: 'Enab Baladi',
      published: date,
    });
    const [x, y] = await Promise.all([
      a.ingest(one.doc, [{ ...event, source: 'SOHR' }], one.bytes),
      b.ingest(two.doc, [{ ...event, source: 'Enab Baladi' }], two.bytes),
    ]);
    assert.deepEqual(x.eventIds.length, 1);
    assert.equal(x.joined + y.joined, 1, `pair ${i}: one of the two reports joined the other's event`);
    assert.deepEqual(x.eventIds, y.eventIds, `pair ${i}: both reports are in one event`);
  }
  const page = await a.listEvents({ limit: 100 });
  assert.equal(page.total, pairs);
  for (const e of page.events) assert.equal(e.claimCount, 2, `${e.id} holds both reports`);
  // The counts kept at commit agree with the events, and the audit chain has no fork.
  const months = await a.histogram({}, 'month');
  assert.equal(
    months.reduce((n, m) => n + m.count, 0),
    pairs,
  );
  assert.deepEqual((await a.verifyAudit()).problems, []);
});

test('postgres: a placement in progress holds up near claims only; a far one is placed at once', async () => {
  const [store] = await workers('cells');
  const held = makeEvent({ event_date: '2021-03-05' });
  const holder = new pg.Client({ connectionString: PG_URL });
  await holder.connect();
  try {
    // Another worker placing a claim at Saraqib, not yet committed.
    await holder.query('BEGIN');
    await lockPlacement(holder as unknown as pg.PoolClient, placementLocks('f'.repeat(64), [held]));
    const near = makeDocument('Clashes again near Saraqib.', { published: '2021-03-05' });
    const unplaced = makeDocument('Clashes somewhere in Syria.', { published: '2021-03-06' });
    const far = makeDocument('A car bomb in Baghdad.', { published: '2021-03-05' });
    let nearDone = false;
    let unplacedDone = false;
    const nearIngest = store
      .ingest(
        near.doc,
        [makeEvent({ event_date: '2021-03-05', latitude: 35.9, longitude: 36.85 })],
        near.bytes,
      )
      .then((o) => ((nearDone = true), o));
    const unplacedIngest = store
      .ingest(
        unplaced.doc,
        [
          makeEvent({
            event_date: '2021-03-06',
            latitude: null,
            longitude: null,
            geo_precision: null,
            location: '',
          }),
        ],
        unplaced.bytes,
      )
      .then((o) => ((unplacedDone = true), o));
    const farOutcome = await Promise.race([
      store.ingest(
        far.doc,
        [
          makeEvent({
            event_date: '2021-03-05',
            event_type: 'Explosions/Remote violence',
            sub_event_type: 'Remote explosive/landmine/IED',
            country: 'Iraq',
            admin1: 'Baghdad',
            location: 'Baghdad',
            latitude: 33.31,
            longitude: 44.36,
          }),
        ],
        far.bytes,
      ),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
    ]);
    assert.ok(farOutcome && farOutcome.status === 'new', 'the far claim was placed while Saraqib was held');
    assert.equal(nearDone, false, 'the near claim waits for the placement at Saraqib');
    assert.equal(unplacedDone, false, 'a claim of the same country without a place waits too');
    await holder.query('COMMIT');
    assert.equal((await nearIngest).status, 'new');
    assert.equal((await unplacedIngest).status, 'new');
  } finally {
    await holder.end();
  }
});
