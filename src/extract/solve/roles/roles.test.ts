// Who took part, by kind of event: a deal's parties and brokers, a crowd and who intervenes, a
// convoy's movers and escorts, an act's agent and other side; cited unless coreferent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../../test/helpers/extract.js';
import { country } from '../country.js';
import { date } from '../date.js';
import { place } from '../place.js';
import { names, roles } from './index.js';

const SOLVERS = [place, date, country, roles, names];
const who = (text: string, where?: string) => {
  const { f } = draftFor(text, SOLVERS, { where });
  return { a1: f.n1.name, a2: f.n2.name, assoc: f.assoc1.map((a) => a.id), f };
};

test('agent: "by X", the subject before the act, the forces of a nationality, else the first actor after', () => {
  assert.deepEqual(
    [who('The village was shelled by the Syrian army on Monday.').a1],
    ['Military Forces of Syria (2000-)'],
  );
  const struck = who('Turkish drones struck SDF positions near Qamishli.');
  assert.deepEqual(
    [struck.a1, struck.a2],
    ['Military Forces of Turkey (2016-)', 'QSD: Syrian Democratic Forces'],
  );
  const clash = who('Clashes broke out between the SDF and Turkish forces near Ain Issa.');
  assert.deepEqual(
    [clash.a1, clash.a2],
    ['QSD: Syrian Democratic Forces', 'Military Forces of Turkey (2016-)'],
  );
});

test('agent: civilians after a violent act are its victims, not its authors', () => {
  const r = who('Gunmen shot dead two civilians near Daraa.');
  assert.deepEqual([r.a1, r.a2], ['Unidentified Armed Group (Syria)', 'Civilians (Syria)']);
  const v = who('Shelling killed two civilians near Daraa.');
  assert.equal(v.a1, '');
  assert.equal(v.a2, 'Civilians (Syria)');
});

test('agreement: the sides, and a broker as associate', () => {
  const r = who('The Syrian army brokered a deal between Hezbollah and the Islamic State near Arsal.');
  assert.deepEqual([r.a1, r.a2, r.assoc], ['Hezbollah', 'Islamic State (Syria)', ['syria-military']]);
  assert.deepEqual(r.f.agreement, { parties: ['hezbollah', 'islamic-state'], brokers: ['syria-military'] });
});

test('crowd: the protesters act; a force intervenes only when the protest is not peaceful', () => {
  const p = who('Protesters rallied in Beirut while the Lebanese army watched.');
  assert.deepEqual([p.a1, p.a2], ['Protesters (Lebanon)', '']);
  const d = who('The Lebanese army dispersed protesters in Beirut.');
  assert.deepEqual([d.a1, d.a2], ['Protesters (Lebanon)', 'Military Forces of Lebanon (2020-)']);
});

test('movement: what moves in the convoy and who escorts it', () => {
  const r = who('A convoy of ISIS fighters reached Albukamal on Monday, escorted by Hezbollah.');
  assert.equal(r.a1, 'Islamic State (Syria)');
  assert.deepEqual(r.assoc, ['hezbollah']);
  assert.deepEqual(r.f.movement, { status: ['arrived'], escortedBy: ['hezbollah'] });
});

test('named actors are cited as evidence; a back-reference cites none', () => {
  const { f } = draftFor('Turkish forces clashed with the SDF near Ain Issa.', SOLVERS);
  assert.deepEqual(
    f.fieldEvidence.actor1?.map((s) => s.text),
    ['Turkish forces'],
  );
  assert.deepEqual(
    f.fieldEvidence.actor2?.map((s) => s.text),
    ['SDF'],
  );
});
