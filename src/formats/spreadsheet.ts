// CSV cells that are safe to open in a spreadsheet. A cell starting with =, +, -, @, a tab or a
// carriage return is read by Excel, LibreOffice and Google Sheets as a formula, and contributors
// write some of the text exported (sources, notes, actors): such a cell is written with a leading
// apostrophe, as OWASP advises ("CSV Injection"), which spreadsheets show as text and hide. Every
// CSV writer passes its string cells through here, so the rule holds whatever the columns are.
const FORMULA = /^[=+\-@\t\r]/;

/** The cell as written: neutralised unless `raw` (the exact text, for programs rather than people). */
export function spreadsheetCell(value: string, raw = false): string {
  return !raw && FORMULA.test(value) ? `'${value}` : value;
}

/** csv-stringify's option for the same rule. */
export const spreadsheetCast = (raw = false) => ({
  cast: { string: (v: string) => spreadsheetCell(v, raw) },
});
