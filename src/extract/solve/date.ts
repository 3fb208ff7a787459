// When it happened: the date mention nearest the trigger, else the publication date at month
// precision (marked as inferred).
import { nearestDate } from '../reading.js';
import { cite, type Solver } from '../sentence.js';

export const date: Solver = (f, s) => {
  const d = nearestDate(
    s.dates.filter((x) => !x.yearOnly),
    f.main.span,
  );
  if (!d) return;
  f.eventDate = d.date;
  f.timePrecision = d.precision;
  f.dateInferred = false;
  cite(f, 'event_date', d.span);
};
