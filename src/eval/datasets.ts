// Readers for the evaluation sets in ../shared/eval: GeoWebNews, LGL, GeoVirus (geoparsing gold)
// and ACLED rows (event coding gold). They only read; nothing here is shipped as data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { acledDate } from '../ingest/tables/acled.js';

export interface GoldToponym {
  start: number;
  end: number;
  text: string;
  lat: number;
  lon: number;
  /** GeoWebNews' fine-grained type where the set has one (Literal, Demonym, Metonymic, ...). */
  type?: string;
}

export interface GoldDocument {
  id: string;
  text: string;
  /** Toponyms with coordinates: the geocoding gold. */
  toponyms: GoldToponym[];
  /** Every span the set counts as a toponym, with or without coordinates: the recognition gold. */
  spans: Array<{ start: number; end: number }>;
}

/** A system's output on GeoWebNews, in the set's own line format (one line per article). */
export interface SystemOutput {
  name: string;
  docs: GoldToponym[][];
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

function tag(block: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(block);
  if (!m) return undefined;
  const inner = m[1]!;
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(inner);
  return cdata ? cdata[1]! : unescapeXml(inner);
}

function blocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>[\\s\\S]*?</${name}>`, 'g'))].map((m) => m[0]);
}

/** The line format shared by gwn_full.txt and the other systems' outputs. */
export function parseGwnLine(line: string): GoldToponym[] {
  return line
    .trim()
    .split('||')
    .filter((x) => x.trim() !== '')
    .map((item) => {
      const [, surface, lat, lon, start, end] = item.split(',,');
      return {
        text: surface ?? '',
        lat: Number(lat),
        lon: Number(lon),
        start: Number(start),
        end: Number(end),
      };
    });
}

// GeoWebNews types that name a place (the rest are common nouns, non-toponyms, homonyms, languages).
const GWN_TOPONYM_TYPES = new Set([
  'Literal',
  'Metonymic',
  'Mixed',
  'Coercion',
  'Literal_Modifier',
  'Non_Literal_Modifier',
  'Embedded_Literal',
  'Embedded_Non_Lit',
  'Demonym',
]);

export function readGeoWebNews(dir: string): GoldDocument[] {
  const xml = readFileSync(join(dir, 'GWN.xml'), 'utf8');
  const gold = readFileSync(join(dir, 'gwn_full.txt'), 'utf8').split('\n');
  return blocks(xml, 'article').map((a, i) => {
    const text = tag(a, 'text') ?? '';
    const spans = blocks(a, 'toponym')
      .filter((t) => GWN_TOPONYM_TYPES.has(tag(t, 'type') ?? ''))
      .map((t) => ({ start: Number(tag(t, 'start')), end: Number(tag(t, 'end')), type: tag(t, 'type') }));
    const types = new Map(spans.map((s) => [`${s.start}:${s.end}`, s.type]));
    const toponyms = parseGwnLine(gold[i] ?? '').map((t) => ({
      ...t,
      type: types.get(`${t.start}:${t.end}`),
    }));
    return { id: `gwn-${i}`, text, toponyms, spans: spans.map(({ start, end }) => ({ start, end })) };
  });
}

export function readSystemOutput(path: string, name: string): SystemOutput {
  return { name, docs: readFileSync(path, 'utf8').split('\n').slice(0, 200).map(parseGwnLine) };
}

/** LGL: <article><text/><toponyms><toponym><start/><end/><phrase/><gaztag><lat/><lon/>... */
export function readLgl(path: string): GoldDocument[] {
  const xml = readFileSync(path, 'utf8');
  return blocks(xml, 'article').map((a) => {
    const text = tag(a, 'text') ?? '';
    const all = blocks(a, 'toponym').map((t) => ({
      start: Number(tag(t, 'start')),
      end: Number(tag(t, 'end')),
      text: tag(t, 'phrase') ?? '',
      lat: Number(tag(t, 'lat')),
      lon: Number(tag(t, 'lon')),
    }));
    const docid = /docid="([^"]+)"/.exec(a)?.[1] ?? '';
    return {
      id: `lgl-${docid}`,
      text,
      toponyms: all.filter((t) => Number.isFinite(t.lat) && Number.isFinite(t.lon)),
      spans: all.map(({ start, end }) => ({ start, end })),
    };
  });
}

/**
 * Some sets count offsets from a different origin (GeoVirus is one character off); a gold span
 * whose text is not at its offsets is moved to the nearest place within a few characters where it is.
 */
export function realign(text: string, t: GoldToponym): GoldToponym {
  if (text.slice(t.start, t.end) === t.text || t.text === '') return t;
  for (let d = 1; d <= 5; d++) {
    for (const start of [t.start - d, t.start + d]) {
      if (start >= 0 && text.slice(start, start + t.text.length) === t.text)
        return { ...t, start, end: start + t.text.length };
    }
  }
  return t;
}

/** GeoVirus: <article><text/><locations><location><name/><start/><end/><lat/><lon/>... */
export function readGeoVirus(path: string): GoldDocument[] {
  const xml = readFileSync(path, 'utf8');
  return blocks(xml, 'article').map((a, i) => {
    const text = tag(a, 'text') ?? '';
    const toponyms = blocks(a, 'location').map((t) =>
      realign(text, {
        start: Number(tag(t, 'start')),
        end: Number(tag(t, 'end')),
        text: tag(t, 'name') ?? '',
        lat: Number(tag(t, 'lat')),
        lon: Number(tag(t, 'lon')),
      }),
    );
    return { id: `geovirus-${i}`, text, toponyms, spans: toponyms.map(({ start, end }) => ({ start, end })) };
  });
}

export interface AcledRow {
  event_date: string;
  time_precision: number;
  event_type: string;
  sub_event_type: string;
  actor1: string;
  actor2: string;
  assoc_actor_1: string;
  location: string;
  admin1: string;
  country: string;
  latitude: number;
  longitude: number;
  geo_precision: number;
  source: string;
  notes: string;
  fatalities: number;
}

export function readAcled(path: string): AcledRow[] {
  const rows = parseCsv(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  return rows.map((r) => ({
    event_date: acledDate(r.event_date ?? '') ?? (r.event_date ?? '').trim(),
    time_precision: Number(r.time_precision),
    event_type: r.event_type ?? '',
    sub_event_type: r.sub_event_type ?? '',
    actor1: r.actor1 ?? '',
    actor2: r.actor2 ?? '',
    assoc_actor_1: r.assoc_actor_1 ?? '',
    location: r.location ?? '',
    admin1: r.admin1 ?? '',
    country: r.country ?? '',
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    geo_precision: Number(r.geo_precision),
    source: r.source ?? '',
    notes: r.notes ?? '',
    fatalities: Number(r.fatalities) || 0,
  }));
}
