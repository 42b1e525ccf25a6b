import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRatingRange, latestCandidates, rangeText } from '../../src/domain/count-range.ts';
import type { RegisterEntry } from '../../src/domain/register.ts';

const day = (d: number) => `2020-01-${String(d).padStart(2, '0')}`;
let seq = 0;
function entry(
  serviceId: string,
  overall: string,
  from: number | null,
  to = from,
  region = 'London',
  bounded = false,
): RegisterEntry {
  return {
    inspectionId: `i${++seq}`,
    serviceId,
    serviceName: `Service ${serviceId}`,
    region,
    nation: 'England',
    frameworkId: 'f',
    overall,
    publication:
      from === null
        ? null
        : { precision: from === to ? 'day' : bounded ? 'range' : 'month', earliest: day(from), latest: day(to!) },
  };
}

describe('countRatingRange', () => {
  it('is exact when every date is known', () => {
    const r = countRatingRange(
      [entry('a', 'outstanding', 1), entry('a', 'good', 3), entry('b', 'outstanding', 2), entry('c', 'good', 2)],
      day(4),
      'outstanding',
    );
    expect([r.min, r.max]).toEqual([1, 1]);
    expect(r.certain.map((e) => e.serviceId)).toEqual(['b']);
    expect(r.couldChange).toEqual([]);
  });

  it('widens for an inspection whose month straddles the date, and names it', () => {
    const newer = entry('a', 'outstanding', 3, 9);
    const r = countRatingRange([entry('a', 'good', 1), newer], day(5), 'outstanding');
    expect([r.min, r.max]).toEqual([0, 1]);
    expect(r.couldChange).toEqual([
      expect.objectContaining({
        serviceId: 'a',
        reason: 'date-straddles',
        candidates: expect.arrayContaining([newer]),
      }),
    ]);
    expect(rangeText(r)).toBe('0 to 1');
  });

  it('counts an undated Outstanding service in the upper bound only (it may be published later)', () => {
    const r = countRatingRange([entry('h', 'outstanding', null), entry('e', 'outstanding', 2)], day(4), 'outstanding');
    expect([r.min, r.max]).toEqual([1, 2]);
    expect(r.couldChange.map((u) => [u.serviceName, u.reason])).toEqual([['Service h', 'undated']]);
  });

  it('reads a date known only between bounds: impossible before, undecided between, certain after', () => {
    // Published not before the 3rd and not after the 6th (say: the framework's first report, a later news item).
    const bounded = entry('h', 'outstanding', 3, 6, 'London', true);
    const at = (d: number) => countRatingRange([bounded, entry('e', 'outstanding', 1)], day(d), 'outstanding');
    expect([at(2).min, at(2).max]).toEqual([1, 1]);
    expect([at(3).min, at(3).max]).toEqual([1, 2]);
    expect(at(5).couldChange.map((u) => [u.serviceName, u.reason])).toEqual([['Service h', 'date-straddles']]);
    expect([at(6).min, at(6).max]).toEqual([2, 2]);
    expect(at(6).certain.map((e) => e.serviceId)).toEqual(['e', 'h']);
    // Unlike an undated record, which stays undecided whatever the date.
    const undated = countRatingRange([entry('h', 'outstanding', null)], day(9), 'outstanding');
    expect([undated.min, undated.max]).toEqual([0, 1]);
  });

  it('lets a bounded newer inspection replace an older rating only once it is certainly published', () => {
    const list = [entry('a', 'good', 1), entry('a', 'outstanding', 4, 7, 'London', true)];
    expect(countRatingRange(list, day(3), 'good').min).toBe(1);
    expect([countRatingRange(list, day(5), 'good').min, countRatingRange(list, day(5), 'good').max]).toEqual([0, 1]);
    expect(countRatingRange(list, day(7), 'good').max).toBe(0);
    expect(countRatingRange(list, day(7), 'outstanding').min).toBe(1);
  });

  it('counts directory services with no record as could-be, within their region and lifetime', () => {
    const r = countRatingRange([entry('a', 'outstanding', 1)], day(4), 'outstanding', {
      region: 'london',
      directory: [
        { serviceId: 'a', serviceName: 'Service a', region: 'London' },
        { serviceId: 'z', serviceName: 'Service z', region: 'London' },
        { serviceId: 'y', serviceName: 'Service y', region: 'Wales' },
        { serviceId: 'old', serviceName: 'Old', region: 'London', existedOn: (d) => d < day(2) },
      ],
    });
    expect([r.min, r.max]).toEqual([1, 2]);
    expect(r.couldChange.map((u) => [u.serviceId, u.reason])).toEqual([['z', 'no-record']]);
  });

  it('counts a service listed twice (replaced by one covering the same areas) while either listing existed', () => {
    const r = countRatingRange([entry('b', 'requires_improvement', 1)], day(4), 'requires_improvement', {
      directory: [
        { serviceId: 'b', serviceName: 'Bridgend', region: 'Wales', existedOn: (d) => d >= day(3) },
        { serviceId: 'b', serviceName: 'Bridgend (former)', region: 'Wales', existedOn: (d) => d < day(2) },
      ],
    });
    expect([r.min, r.max]).toEqual([1, 1]);
  });

  it('never counts a service with no inspection at a rating nobody could hold yet', () => {
    const directory = [{ serviceId: 'z', serviceName: 'Service z', region: 'London' }];
    const before = countRatingRange([entry('a', 'outstanding', 5)], day(4), 'outstanding', { directory });
    expect([before.min, before.max]).toEqual([0, 0]);
    const after = countRatingRange([entry('a', 'outstanding', 5)], day(6), 'outstanding', { directory });
    expect([after.min, after.max]).toEqual([1, 2]);
  });

  it('ignores an inspection certainly published after the date', () => {
    const { candidates, maybeNone } = latestCandidates([entry('a', 'outstanding', 6, 9)], day(5));
    expect(candidates).toEqual([]);
    expect(maybeNone).toBe(true);
  });

  // Reference: place every unknown date on every day it could be, and count in each placing.
  function bruteForce(entries: RegisterEntry[], asAt: number, rating: string, noRecord: number) {
    const services = [...new Set(entries.map((e) => e.serviceId))];
    // A service with no inspection could hold the rating once some inspection certainly held it... or
    // may have: the first inspection at the rating that could be published by then.
    const held = entries.some(
      (e) => e.overall === rating && e.publication && Number(e.publication.earliest.slice(8)) <= asAt,
    );
    let min = 0;
    let max = held ? noRecord : 0;
    for (const s of services) {
      const list = entries.filter((e) => e.serviceId === s);
      const choices = list.map((e) => {
        if (!e.publication) return [0, 1, 2, 3, 4, 5, 6, 7, 8, 99];
        const from = Number(e.publication.earliest.slice(8));
        const to = Number(e.publication.latest.slice(8));
        return Array.from({ length: to - from + 1 }, (_, i) => from + i);
      });
      const outcomes = new Set<boolean>();
      const walk = (i: number, dates: number[]) => {
        if (i === list.length) {
          const published = list.map((e, j) => [e, dates[j]!] as const).filter(([, d]) => d <= asAt);
          if (published.length === 0) return outcomes.add(false);
          const top = Math.max(...published.map(([, d]) => d));
          // Two on the same day: either could be the latest.
          for (const [e, d] of published) if (d === top) outcomes.add(e.overall === rating);
          return;
        }
        for (const d of choices[i]!) walk(i + 1, [...dates, d]);
      };
      walk(0, []);
      if (outcomes.has(true)) max++;
      if (outcomes.has(true) && !outcomes.has(false)) min++;
    }
    return [min, max];
  }

  it('gives exactly the least and greatest count over every placing of the unknown dates', () => {
    const arbEntry = fc.record({
      service: fc.constantFrom('a', 'b', 'c'),
      overall: fc.constantFrom('outstanding', 'good'),
      undated: fc.boolean(),
      // A date known only between bounds (not before `from`, not after `from + span`), not to a month.
      bounded: fc.boolean(),
      from: fc.integer({ min: 1, max: 8 }),
      span: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 2 }),
        (specs, asAt, noRecord) => {
          const entries = specs.map((s) =>
            entry(
              s.service,
              s.overall,
              s.undated ? null : s.from,
              s.undated ? null : Math.min(9, s.from + s.span),
              'London',
              s.bounded,
            ),
          );
          const directory = Array.from({ length: noRecord }, (_, i) => ({
            serviceId: `none${i}`,
            serviceName: `None ${i}`,
            region: 'London',
          }));
          const r = countRatingRange(entries, day(asAt), 'outstanding', { directory });
          expect([r.min, r.max]).toEqual(bruteForce(entries, asAt, 'outstanding', noRecord));
          expect(r.max - r.min).toBe(r.couldChange.length);
          expect(r.certain.length).toBe(r.min);
        },
      ),
      { numRuns: 400 },
    );
  });
});
