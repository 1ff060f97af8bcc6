import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../domain/status.js';
import { inWindow, projectFilter, type FilterFields } from './projectFilterSql.js';
import { SqlParams } from './sqlParams.js';

/** The numbers of the placeholders a statement's text uses. */
function placeholdersIn(text: string): Set<number> {
  return new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}

describe('SqlParams', () => {
  it('numbers values from $1 in the order they are added', () => {
    const p = new SqlParams();
    expect([p.add('a'), p.add(2), p.add(null)]).toEqual(['$1', '$2', '$3']);
    expect(p.values).toEqual(['a', 2, null]);
  });

  it('keeps one value for a placeholder used twice', () => {
    const p = new SqlParams();
    const today = p.add('2026-01-01');
    const text = `deadline < ${today}::date OR reported_on = ${today}`;
    expect(text).toBe('deadline < $1::date OR reported_on = $1');
    expect(p.values).toEqual(['2026-01-01']);
  });

  it('never puts a value in the text, whatever the value says', () => {
    const p = new SqlParams();
    expect(p.add("'; DROP TABLE projects; --")).toBe('$1');
    expect(p.add('$1')).toBe('$2');
  });

  it('hands out its values as a copy', () => {
    const p = new SqlParams();
    p.add(1);
    p.values.push(2);
    expect(p.values).toEqual([1]);
  });
});

const filterFields: fc.Arbitrary<FilterFields> = fc.record(
  {
    kinds: fc.array(fc.constantFrom('charging', 'drainage'), { maxLength: 2 }),
    statuses: fc.array(fc.constantFrom(...OPEN_STATUSES), { maxLength: 2 }),
    areaId: fc.nat(),
    unitIds: fc.array(fc.nat(), { maxLength: 3 }),
    overdueOnly: fc.boolean(),
    openStatuses: fc.constant(OPEN_STATUSES),
    today: fc.constant('2026-01-01'),
    text: fc.string({ maxLength: 8 }),
    reportedFrom: fc.constant('2025-01-01'),
    reportedTo: fc.constant('2025-12-31'),
  },
  { requiredKeys: ['overdueOnly', 'openStatuses', 'today'] },
);

describe('the project filter with the parameters after it', () => {
  it('leaves each later placeholder pointing at its own value', () => {
    fc.assert(
      fc.property(filterFields, fc.nat(), fc.integer({ min: 1, max: 1000 }), (f, afterId, limit) => {
        const p = new SqlParams();
        const filter = projectFilter(p, f);
        const window = p.add([0, 0, 1, 1]);
        const after = p.add(afterId);
        const cap = p.add(limit);
        const text = `WITH RECURSIVE ${filter.areaTree} SELECT p.id FROM projects p
          WHERE ${filter.where} AND ${inWindow(window)} AND p.id > ${after} LIMIT ${cap}`;
        const values = p.values;
        expect(values[Number(after.slice(1)) - 1]).toBe(afterId);
        expect(values[Number(cap.slice(1)) - 1]).toBe(limit);
        expect(values[Number(window.slice(1)) - 1]).toEqual([0, 0, 1, 1]);
        // PostgreSQL refuses a parameter the text never uses (it cannot type it), and one past the values.
        const used = placeholdersIn(text);
        expect([...used].sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
      }),
    );
  });

  it('passes the search text as a LIKE pattern, its wildcards escaped', () => {
    const p = new SqlParams();
    projectFilter(p, { overdueOnly: false, openStatuses: OPEN_STATUSES, today: '2026-01-01', text: '100%_a' });
    expect(p.values).toContain('%100\\%\\_a%');
  });
});
