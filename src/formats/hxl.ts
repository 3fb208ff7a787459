// HXL-tagged CSV (Humanitarian Exchange Language 1.1): the record's export with a second header
// line of hashtags, so that humanitarian tools read each column without a mapping.
import type { ExportColumn } from '../store/store.js';
import { csvLines, type CsvRow } from './acled-csv.js';

/** The HXL hashtag of each export column. */
export const HXL_TAGS: Record<ExportColumn, string> = {
  data_id: '#meta+id+acled',
  iso: '#country+code+num',
  event_id_cnty: '#event+code+acled',
  event_id_no_cnty: '#event+code+num',
  year: '#date+year',
  disorder_type: '#event+type+disorder',
  civilian_targeting: '#targeted+civilians',
  region: '#region+name',
  admin3: '#adm3+name',
  source_scale: '#meta+source+scale',
  tags: '#meta+tags',
  timestamp: '#date+updated',
  iso3: '#country+code',
  event_id: '#event+id',
  event_date: '#date+occurred',
  time_precision: '#date+precision',
  event_type: '#event+type',
  sub_event_type: '#event+type+sub',
  actor1: '#org+name+actor1',
  assoc_actor_1: '#org+name+actor1+assoc',
  inter1: '#org+type+code+actor1',
  actor2: '#org+name+actor2',
  assoc_actor_2: '#org+name+actor2+assoc',
  inter2: '#org+type+code+actor2',
  interaction: '#org+type+code+interaction',
  country: '#country+name',
  admin1: '#adm1+name',
  admin2: '#adm2+name',
  location: '#loc+name',
  latitude: '#geo+lat',
  longitude: '#geo+lon',
  geo_precision: '#geo+precision',
  source: '#meta+source',
  notes: '#description',
  fatalities: '#affected+killed',
  credibility: '#meta+credibility',
  reports: '#meta+reports',
  contested: '#meta+contested',
  review_status: '#status+review',
};

/**
 * The export as HXL CSV chunks: the column names, their hashtags, then each batch of rows.
 *
 * @example hxlChunks(['event_id', 'fatalities'], batches) // 'event_id,fatalities\n#event+id,#affected+killed\n…'
 */
export async function* hxlChunks(
  columns: readonly ExportColumn[],
  batches: AsyncIterable<CsvRow[]>,
  opts: { raw?: boolean } = {},
): AsyncGenerator<string> {
  yield csvLines([columns, columns.map((c) => HXL_TAGS[c])]);
  for await (const rows of batches) yield csvLines(rows, opts.raw);
}
