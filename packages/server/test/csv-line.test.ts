import { describe, expect, it } from 'vitest';
import { csvLine } from '../src/admin/exports/csv-line.ts';
import { parseCsv } from './support/parse-csv.ts';

describe('a CSV line', () => {
  it('quotes cells with quotes, commas or line breaks, doubling quotes, and ends with CRLF', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere'])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere"\r\n',
    );
  });

  it('leaves numbers, booleans and empty cells as they are', () => {
    expect(csvLine([12, 0, true, false, null, ''])).toBe('12,0,true,false,,\r\n');
    expect(csvLine(['12.05', '2024-07-05T10:00:00.000Z'])).toBe(
      '12.05,2024-07-05T10:00:00.000Z\r\n',
    );
  });

  it('keeps text a spreadsheet would run as a formula as text, behind a quote', () => {
    const cells = ['=1+2', '+1', '-1', '@SUM(A1)', '\tTAB', '\rCR', 'a=b', "'already"];
    expect(parseCsv(csvLine(cells))).toEqual([
      ["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tTAB", "'\rCR", 'a=b', "'already"],
    ]);
  });
});
