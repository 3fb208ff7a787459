// The country that names generic actors ("Protesters (Lebanon)"): the event's, when it is one
// the text is about or one the project monitors; otherwise the text's own country of focus.
import { countryNameOf } from '../resources.js';
import type { Solver } from '../sentence.js';

export const country: Solver = (f, _s, doc) => {
  const placeCountry = f.place?.place.countryCode;
  const focus = doc.focusCountry;
  f.countryCode =
    placeCountry && (placeCountry === focus || doc.res.geoparser.monitors(placeCountry) || !focus)
      ? placeCountry
      : focus;
  f.countryName = f.countryCode ? countryNameOf(doc.res, f.countryCode) : '';
};
