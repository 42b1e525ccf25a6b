import { describe, expect, it } from 'vitest';
import { compareTotals, type PublishedTotal } from '../../src/domain/coverage.ts';
import { parseIsoPartial } from '../../src/domain/partial-date.ts';
import type { RegisterEntry } from '../../src/domain/register.ts';
import { loadPublishedTotals } from '../../src/store/published-totals.ts';

let n = 0;
const entry = (overall: string, published: string | null): RegisterEntry => ({
  inspectionId: `i${++n}`,
  serviceId: `s${n}`,
  serviceName: `S${n}`,
  region: 'London',
  nation: 'England',
  frameworkId: 'f',
  overall,
  publication: published ? parseIsoPartial(published) : null,
});
const total = (from: string | null, to: string | null, inspected: number, outstanding: number): PublishedTotal => ({
  label: 'Annual report',
  from: from ? parseIsoPartial(from) : null,
  to: to ? parseIsoPartial(to) : null,
  inspected,
  counts: { outstanding, good: null, requires_improvement: null, inadequate: null },
  source: {
    publisher: 'HM Inspectorate of Probation',
    title: 'Annual report',
    date: '2020-11-24',
    url: 'https://x.test/',
  },
  notes: '',
});

describe('compareTotals', () => {
  it('agrees when the register holds what the report counted in its period', () => {
    const [c] = compareTotals(
      [total('2020-01', '2020-12', 2, 1)],
      [entry('outstanding', '2020-03-01'), entry('good', '2020-05-01'), entry('good', '2021-02-01')],
    );
    expect(c!.register!.inspected).toEqual({ min: 2, max: 2 });
    expect(c!.differences).toEqual([]);
    expect(c!.confirmed).toBe(true);
  });

  it('gives a range for inspections dated only to a month that crosses the period, and for undated ones', () => {
    const [c] = compareTotals(
      [total('2020-01-15', '2020-12', 3, 1)],
      [entry('outstanding', '2020-01'), entry('good', null), entry('good', '2020-06-01')],
    );
    expect(c!.register!.inspected).toEqual({ min: 1, max: 3 });
    expect(c!.register!.counts.outstanding).toEqual({ min: 0, max: 1 });
    // Not contradicted, but not confirmed either.
    expect(c!.differences).toEqual([]);
    expect(c!.confirmed).toBe(false);
  });

  it('names a published figure outside the register’s range', () => {
    const [c] = compareTotals([total('2020-01-01', '2020-12-31', 4, 0)], [entry('outstanding', '2020-06-01')]);
    expect(c!.differences).toEqual([
      'Inspected: HMIP gives 4, the register holds 1: at least 3 missing or dated outside the period.',
      'Outstanding: HMIP gives 0, the register holds 1: at least 1 more than HMIP counted.',
    ]);
    // The same as data, for a page that words them in Welsh (web/coverage).
    expect(c!.gaps).toEqual([
      { what: 'inspected', published: 4, held: { min: 1, max: 1 }, kind: 'missing', by: 3 },
      { what: 'outstanding', published: 0, held: { min: 1, max: 1 }, kind: 'extra', by: 1 },
    ]);
  });

  it('does not compare a total whose period is not stated', () => {
    const [c] = compareTotals([total(null, null, 33, 5)], [entry('good', '2021-01-01')]);
    expect(c!.register).toBeNull();
    expect(c!.differences[0]).toMatch(/does not state its period/);
  });

  it('reads the sourced file: every total has a public source', () => {
    const totals = loadPublishedTotals();
    expect(totals.length).toBeGreaterThan(0);
    for (const t of totals) {
      expect(t.source.url).toMatch(/^https?:\/\//);
      expect(t.source.publisher).not.toBe('');
    }
  });
});
