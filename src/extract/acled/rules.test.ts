// The ACLED coding rules, pelias-style: a sentence written for the test and how ACLED codes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../test/helpers/extract.js';
import type { Finding } from '../../model/index.js';
import { country } from '../solve/country.js';
import { date } from '../solve/date.js';
import { place } from '../solve/place.js';
import { names, roles } from '../solve/roles/index.js';
import { arrestByArmedGroupIsAbduction } from './arrest-by-armed-group-is-abduction.js';
import { attackOnArmedActorIsBattle } from './attack-on-armed-actor-is-battle.js';
import { ACLED_RULES, arrestsAtDemonstration, interaction, worstDemonstration } from './index.js';
import { unidentifiedPerpetrator } from './unidentified-perpetrator.js';
import { unnamedCrowd } from './unnamed-crowd.js';

const BEFORE = [place, date, country, roles];

function codes(text: string, rule: (typeof ACLED_RULES)[number], expected: [string, string, string?]): void {
  const { f } = draftFor(text, [...BEFORE, rule, names]);
  assert.deepEqual(
    [f.eventType, f.subEventType, ...(expected[2] !== undefined ? [f.n1.name] : [])],
    expected,
    text,
  );
}

test('an attack on an armed actor is a battle; on civilians it stays violence against civilians', () => {
  codes('Gunmen shot dead two soldiers of the Syrian army near Daraa.', attackOnArmedActorIsBattle, [
    'Battles',
    'Armed clash',
  ]);
  codes('Gunmen shot dead two civilians near Daraa.', attackOnArmedActorIsBattle, [
    'Violence against civilians',
    'Attack',
  ]);
});

test('an arrest by an armed group is an abduction; by the state it is an arrest', () => {
  codes('HTS arrested three activists in Idlib.', arrestByArmedGroupIsAbduction, [
    'Violence against civilians',
    'Abduction/forced disappearance',
  ]);
  codes('The Syrian army arrested three men in Daraa.', arrestByArmedGroupIsAbduction, [
    'Strategic developments',
    'Arrests',
  ]);
});

test("a demonstration with no named organisers is coded to the country's crowd", () => {
  codes('Hundreds rallied in Beirut on Friday against the banks.', unnamedCrowd, [
    'Protests',
    'Peaceful protest',
    'Protesters (Lebanon)',
  ]);
  codes('Youths rioted in Tripoli, Lebanon, on Friday.', unnamedCrowd, [
    'Riots',
    'Violent demonstration',
    'Rioters (Lebanon)',
  ]);
});

test('violence with no named perpetrator is coded to an unidentified armed group of the country', () => {
  codes('An IED exploded near Mosul on Sunday.', unidentifiedPerpetrator, [
    'Explosions/Remote violence',
    'Remote explosive/landmine/IED',
    'Unidentified Armed Group (Iraq)',
  ]);
  codes('The Lebanese army arrested a man in Beirut.', unidentifiedPerpetrator, [
    'Strategic developments',
    'Arrests',
    'Military Forces of Lebanon (2020-)',
  ]);
});

const claim = (subEventType: string, eventType: string, extra: Partial<Finding> = {}) =>
  ({
    subEventType,
    eventType,
    notes: '',
    actor1: undefined,
    inter1: 0,
    details: { category: 'protest', plover: 'PROTEST', counts: {}, fieldEvidence: {} },
    ...extra,
  }) as unknown as Finding;

test('arrests of demonstrators at a demonstration are an intervention in it', () => {
  const arrest = claim('Arrests', 'Strategic developments', {
    notes: 'Police arrested five protesters.',
    actor1: 'Police Forces of Lebanon (2020-)',
    inter1: 1,
  });
  const [protest, recoded] = arrestsAtDemonstration([claim('Peaceful protest', 'Protests'), arrest]);
  assert.equal(protest?.subEventType, 'Peaceful protest');
  assert.deepEqual(
    [recoded?.subEventType, recoded?.actor1, recoded?.actor2, recoded?.inter2],
    ['Protest with intervention', undefined, 'Police Forces of Lebanon (2020-)', 1],
  );
  assert.equal(arrestsAtDemonstration([arrest])[0], arrest, 'no demonstration, no recoding');
});

test('one demonstration is coded at its worst', () => {
  const home = claim('Peaceful protest', 'Protests', { actor1: 'Protesters (Lebanon)', inter1: 6 });
  worstDemonstration(
    home,
    claim('Violent demonstration', 'Riots', { actor1: 'Rioters (Lebanon)', inter1: 5 }),
  );
  assert.deepEqual(
    [home.eventType, home.subEventType, home.actor1, home.inter1],
    ['Riots', 'Violent demonstration', 'Rioters (Lebanon)', 5],
  );
  worstDemonstration(home, claim('Peaceful protest', 'Protests'));
  assert.equal(home.subEventType, 'Violent demonstration', 'a milder telling does not soften it');
});

test('interaction codes: both inter codes lower first, a lone actor followed by 0', () => {
  assert.equal(interaction(3, 1), 13);
  assert.equal(interaction(1, 3), 13);
  assert.equal(interaction(6, 0), 60);
  assert.equal(interaction(0, 0), 0);
});
