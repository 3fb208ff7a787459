// The event filters of `events list` and `export`, as options: the same filters as the API's
// parameters, read the same way (words widened to the gazetteer's spellings of places).
import { type Command, InvalidArgumentError, Option } from 'commander';
import { choiceOption, EVENT_TYPE_NAMES, numberOption, SUB_EVENT_TYPE_NAMES } from './options.js';
import type { Gazetteer } from '../geo/gazetteer.js';
import { filterReader, statusesOf } from '../server/query.js';
import type { EventFilter } from '../store/store.js';

/** The options as commander hands them over. */
export interface FilterOptions {
  start?: string;
  end?: string;
  type?: string;
  subType?: string;
  actor?: string;
  q?: string;
  source?: string;
  country?: string;
  admin1?: string;
  admin2?: string;
  minFatalities?: number;
  interaction?: number;
  review?: string;
  bbox?: string;
}

/** Adds the event filters to a command. */
export function addFilterOptions(cmd: Command, dateOption: (v: string) => string): Command {
  return cmd
    .option('--start <date>', 'events on or after', dateOption)
    .option('--end <date>', 'events on or before', dateOption)
    .addOption(choiceOption('--type <event_type>', 'ACLED event_type (any case)', EVENT_TYPE_NAMES))
    .addOption(
      choiceOption('--sub-type <sub_event_type>', 'ACLED sub_event_type (any case)', SUB_EVENT_TYPE_NAMES),
    )
    .option('--actor <text>', 'actor name contains')
    .option(
      '--q <words>',
      'full-text search: words all required, OR between alternatives, "quoted" phrases; a place also by its other spellings',
    )
    .option('--source <name>', 'a source among the voices')
    .option('--country <name>', "ACLED's country, exactly")
    .option('--admin1 <name>', 'first-level division, exactly as the record holds it')
    .option('--admin2 <name>', 'second-level division, exactly')
    .option(
      '--min-fatalities <n>',
      'at least this many fatalities',
      numberOption(0, 1_000_000, 'a whole number'),
    )
    .option(
      '--interaction <code>',
      "ACLED's interaction code (e.g. 12)",
      numberOption(0, 99, 'an interaction code'),
    )
    .option('--bbox <w,s,e,n>', 'within this box (degrees)')
    .addOption(
      new Option(
        '--review <status>',
        'pending, accepted, corrected, rejected (several with commas) or any; by default all but rejected',
      ).argParser((v) => {
        if (!/^(any|(pending|accepted|corrected|rejected)(,(pending|accepted|corrected|rejected))*)$/.test(v))
          throw new InvalidArgumentError(
            `"${v}": expected pending, accepted, corrected, rejected (comma-separated) or any`,
          );
        return v;
      }),
    );
}

/** The options as a store filter. */
export function filterOf(o: FilterOptions, gazetteer?: Gazetteer): EventFilter {
  const f = filterReader(gazetteer)({
    start: o.start,
    end: o.end,
    event_type: o.type,
    sub_event_type: o.subType,
    actor: o.actor,
    q: o.q,
    source: o.source,
    country: o.country,
    admin1: o.admin1,
    admin2: o.admin2,
    min_fatalities: o.minFatalities,
    interaction: o.interaction,
    bbox: o.bbox,
  });
  if (o.review) f.reviewStatus = statusesOf(o.review);
  delete f.limit;
  delete f.offset;
  return f;
}
