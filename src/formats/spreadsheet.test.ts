import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spreadsheetCell } from './spreadsheet.js';

test('cells a spreadsheet would run as formulas get a leading apostrophe; others, and raw output, are untouched', () => {
  for (const v of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
    assert.equal(spreadsheetCell(v), `'${v}`, JSON.stringify(v));
  for (const v of ['SOHR', 'Syrian Observatory = source', '', "'quoted", ' leading space', '12'])
    assert.equal(spreadsheetCell(v), v);
  assert.equal(spreadsheetCell('=1+1', true), '=1+1');
});
