import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SheetTally } from './workbookCensus.js';

const SHEET =
  '<worksheet><sheetData>' +
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row>' +
  // An empty formatted row: no cell, so no row.
  '<row r="2" ht="20" customHeight="1"/>' +
  '<x:row r="3"><x:c r="A3"><x:v>1</x:v></x:c></x:row>' +
  // <col> and <cols> are not cells, <rowBreaks> is not a row.
  '<cols><col min="1" max="2"/></cols><rowBreaks count="0"/>' +
  '<row r="4"><c r="A4"><v>2</v></c><c r="B4"><v>3</v></c><c r="C4"><v>4</v></c></row>' +
  '</sheetData></worksheet>';

describe('counting a sheet as its XML streams by', () => {
  it('counts cells, and rows that hold one, with or without a namespace prefix', () => {
    const tally = new SheetTally();
    tally.add(SHEET);
    expect({ rows: tally.rows, cells: tally.cells }).toEqual({ rows: 3, cells: 6 });
  });

  it('counts the same however the XML is cut into chunks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: SHEET.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), SHEET.length];
        const tally = new SheetTally();
        for (let i = 1; i < points.length; i++) tally.add(SHEET.slice(points[i - 1], points[i]));
        expect({ rows: tally.rows, cells: tally.cells }).toEqual({ rows: 3, cells: 6 });
      }),
    );
  });
});
