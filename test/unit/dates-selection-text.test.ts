import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecord, discrepancyFieldLabel } from '../../src/domain/consistency.ts';
import { endOfLondonDay, londonInstant, londonToday } from '../../src/domain/embargo.ts';
import { selectFramework } from '../../src/domain/framework-selection.ts';
import {
  formatPartial,
  isoPartial,
  isValidIsoDate,
  parseFieldworkStart,
  parseIsoPartial,
  publishedBy,
  rangeDate,
} from '../../src/domain/partial-date.ts';
import { normaliseRating, parseStandardRatings } from '../../src/domain/ratings-text.ts';
import { latestPerService, type RegisterEntry } from '../../src/domain/register.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';

const fw = (id: string) => frameworkRegistry().get(id)!;
const youth = [fw('hmip-youth-2018'), fw('hmip-youth-2021')];

describe('partial dates', () => {
  it('keeps the precision of what the source says', () => {
    expect(parseIsoPartial('2025-01')).toEqual({ precision: 'month', earliest: '2025-01-01', latest: '2025-01-31' });
    expect(parseIsoPartial('2024-02')!.latest).toBe('2024-02-29');
    expect(parseIsoPartial('2019')).toEqual({ precision: 'year', earliest: '2019-01-01', latest: '2019-12-31' });
    expect(parseIsoPartial('2024-02-30')).toBeNull();
    expect(parseIsoPartial('July 2024')).toBeNull();
  });
  it.each([
    ['9-13 September 2024', '2024-09-09', 'day'],
    ['September-October 2022', '2022-09-01', 'month'],
    ['June 2018', '2018-06-01', 'month'],
    ['2-6 Dec 2024 (on site; inspection began 4 Nov 2024)', '2024-12-02', 'day'],
    ['late 2018', '2018-01-01', 'year'],
    ['14-17 September 2020 (remote)', '2020-09-14', 'day'],
  ])('reads fieldwork "%s"', (text, earliest, precision) => {
    expect(parseFieldworkStart(text)).toMatchObject({ earliest, precision });
  });
  it.each(['October (year not stated)', 'virtual, one week', ''])('does not guess from "%s"', (text) => {
    expect(parseFieldworkStart(text)).toBeNull();
  });
  it('says whether something dated by month was certainly published by a date', () => {
    const jan = parseIsoPartial('2025-01')!;
    expect(publishedBy(jan, '2025-01-07')).toBe('possible');
    expect(publishedBy(jan, '2025-01-31')).toBe('certain');
    expect(publishedBy(jan, '2024-12-31')).toBe('no');
    expect(formatPartial(jan)).toBe('January 2025');
    expect(formatPartial(parseIsoPartial('2025-01-07')!)).toBe('7 January 2025');
  });
  it('keeps a date known only between bounds, and reads it as certain only from its not-after day', () => {
    const herts = rangeDate('2018-08-01', '2018-12-05')!;
    expect(herts).toEqual({ precision: 'range', earliest: '2018-08-01', latest: '2018-12-05' });
    expect(isoPartial(herts)).toBe('2018-08-01/2018-12-05');
    expect(formatPartial(herts)).toBe('between 1 August 2018 and 5 December 2018');
    expect(publishedBy(herts, '2018-07-31')).toBe('no');
    expect(publishedBy(herts, '2018-08-01')).toBe('possible');
    expect(publishedBy(herts, '2018-12-04')).toBe('possible');
    expect(publishedBy(herts, '2018-12-05')).toBe('certain');
    // Equal bounds are the day itself; bounds the wrong way round, or not real dates, are nothing.
    expect(rangeDate('2020-07-01', '2020-07-01')).toEqual(parseIsoPartial('2020-07-01'));
    expect(rangeDate('2018-12-05', '2018-08-01')).toBeNull();
    expect(rangeDate('2018-02-30', '2018-12-05')).toBeNull();
    expect(rangeDate('2018', '2018-12-05')).toBeNull();
    expect(['2019', '2024-02', '2024-02-29'].map((s) => isoPartial(parseIsoPartial(s)!))).toEqual([
      '2019',
      '2024-02',
      '2024-02-29',
    ]);
  });
  it('round-trips every valid day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(isValidIsoDate(iso)).toBe(true);
        expect(parseIsoPartial(iso)).toEqual({ precision: 'day', earliest: iso, latest: iso });
      }),
    );
  });
});

describe('UK publication time', () => {
  it('00:01 in winter is 00:01 UTC; in summer it is 23:01 UTC the day before', () => {
    expect(londonInstant('2025-01-07').toISOString()).toBe('2025-01-07T00:01:00.000Z');
    expect(londonInstant('2024-07-12').toISOString()).toBe('2024-07-11T23:01:00.000Z');
    expect(londonToday(new Date('2024-07-11T23:30:00Z'))).toBe('2024-07-12');
    expect(endOfLondonDay('2024-07-12').toISOString()).toBe('2024-07-12T22:59:59.999Z');
  });

  it('gives the UK day either side of each clock change and of midnight', () => {
    // The clocks change at 01:00 UTC: on 2024-03-31 forward (BST from then), on 2024-10-27 back.
    const cases: [string, string][] = [
      ['2024-03-30T23:59:59Z', '2024-03-30'],
      ['2024-03-31T00:00:00Z', '2024-03-31'],
      ['2024-03-31T22:59:59Z', '2024-03-31'],
      ['2024-03-31T23:00:00Z', '2024-04-01'],
      ['2024-10-26T22:59:59Z', '2024-10-26'],
      ['2024-10-26T23:00:00Z', '2024-10-27'],
      ['2024-10-27T23:59:59Z', '2024-10-27'],
      ['2024-10-28T00:00:00Z', '2024-10-28'],
      ['1999-12-31T23:59:59.999Z', '1999-12-31'],
    ];
    for (const [instant, day] of cases) expect(londonToday(new Date(instant)), instant).toBe(day);
    expect(() => londonToday(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('choosing the framework version', () => {
  it('follows the fieldwork start date', () => {
    expect(selectFramework(youth, { fieldworkStart: parseFieldworkStart('April 2024') })!.framework.id).toBe(
      'hmip-youth-2021',
    );
    expect(selectFramework(youth, { fieldworkStart: parseFieldworkStart('March 2020') })!.framework.id).toBe(
      'hmip-youth-2018',
    );
  });
  it('lets a named standard settle a month that straddles the cut-over (Joint working exists only in 2018)', () => {
    const s = selectFramework(youth, {
      fieldworkStart: parseFieldworkStart('July 2021'),
      publication: parseIsoPartial('2021-12'),
      standardNames: ['joint working'],
    })!;
    expect(s.framework.id).toBe('hmip-youth-2018');
    expect(s.ambiguity).toBeNull();
  });
  it('a resettlement rating means the 2021 standards', () => {
    expect(selectFramework(youth, { hasResettlement: true })!.framework.id).toBe('hmip-youth-2021');
  });
  it('takes the standards a record rates before its date, where dates overlap (Wirral, 26 Oct 2021)', () => {
    // A month that fits both versions' dates: the date alone would take 2018, the earliest.
    const byDate = selectFramework(youth, { publication: parseIsoPartial('2021-10') })!;
    expect(byDate.framework.id).toBe('hmip-youth-2018');
    const s = selectFramework(youth, {
      publication: parseIsoPartial('2021-10'),
      standardNames: ['out-of-court disposal policy and provision'],
    })!;
    expect(s.framework.id).toBe('hmip-youth-2021');
    expect(s.basis).toBe('the standards the source rates');
    expect(s.conflict).toBeNull();
  });
  it('keeps 2018 for a December 2021 report that rates Joint working (Cheshire), with no conflict', () => {
    const s = selectFramework(youth, { publication: parseIsoPartial('2021-12'), standardNames: ['joint working'] })!;
    expect(s.framework.id).toBe('hmip-youth-2018');
    expect(s.conflict).toBeNull();
  });
  it('reports a record whose standards and dates disagree, and still follows the standards', () => {
    const s = selectFramework(youth, {
      fieldworkStart: parseFieldworkStart('March 2024'),
      publication: parseIsoPartial('2024-06-04'),
      standardNames: ['joint working'],
    })!;
    expect(s.framework.id).toBe('hmip-youth-2018');
    expect(s.conflict).toMatch(/standards the record rates are those of hmip-youth-2018/);
    expect(s.conflict).toMatch(/fieldwork starting 2024-03 and publication 2024-06/);
    // Chosen by date alone, nothing can disagree.
    expect(selectFramework(youth, { publication: parseIsoPartial('2024-06-04') })!.conflict).toBeNull();
  });
  it('tells the 2025 kinds apart by the title, or by a standard only the full inspection rates', () => {
    const y2025 = [fw('hmip-youth-2025'), fw('hmip-youth-2025-full')];
    const title = (t: string) => selectFramework(y2025, { title: t })!.framework.id;
    expect(title('An inspection of youth justice work with children and victims in Lambeth')).toBe('hmip-youth-2025');
    expect(title('An inspection of youth justice services in South Tees')).toBe('hmip-youth-2025-full');
    expect(selectFramework(y2025, { standardNames: ['leadership and governance'] })!.framework.id).toBe(
      'hmip-youth-2025-full',
    );
    expect(selectFramework(y2025, {})!.ambiguity).toMatch(/hmip-youth-2025 and hmip-youth-2025-full/);
  });
  it('reports, rather than hides, a choice the evidence does not settle', () => {
    const s = selectFramework(youth, { publication: parseIsoPartial('2021-10') })!;
    expect(s.framework.id).toBe('hmip-youth-2018');
    expect(s.ambiguity).toMatch(/hmip-youth-2018 and hmip-youth-2021/);
  });
});

describe('reading published ratings text', () => {
  it('reads "name: rating" lists (FJI)', () => {
    const r = parseStandardRatings(
      fw('hmip-youth-fji'),
      'reducing reoffending: poor; protecting the public: poor; governance and partnership: poor; interventions: poor',
    );
    expect(Object.fromEntries(r.ratings)).toEqual({ A1: 'poor', A2: 'poor', A5: 'poor', A6: 'poor' });
    expect(r.unparsed).toEqual([]);
  });
  it('reads "Rating: names" lists and leaves ambiguous names unparsed', () => {
    const r = parseStandardRatings(
      fw('hmip-youth-2018'),
      'Outstanding: information and facilities, planning, reviewing, joint working; Good: staff; Requires improvement: governance and leadership',
    );
    expect(Object.fromEntries(r.ratings)).toEqual({
      '1.4': 'outstanding',
      '2.4': 'outstanding',
      '3.4': 'outstanding',
      '1.2': 'good',
      '1.1': 'requires_improvement',
    });
    expect(r.unparsed).toEqual(['Outstanding: planning']);
  });
  it('reads "all 12 standards Outstanding" only when the count matches', () => {
    expect(parseStandardRatings(fw('hmip-youth-2018'), 'all 12 standards Outstanding').ratings.size).toBe(12);
    expect(parseStandardRatings(fw('hmip-youth-2018'), 'all 13 standards Outstanding').ratings.size).toBe(0);
  });
  it('normalises rating words across spellings', () => {
    const f = fw('hmip-youth-2021');
    expect(
      ['Requires Improvement', 'requires improvement', 'RI', 'Good (as described)'].map((w) => normaliseRating(f, w)),
    ).toEqual(['requires_improvement', 'requires_improvement', 'requires_improvement', 'good']);
    expect(normaliseRating(f, 'satisfactory')).toBeNull();
  });
});

describe('latest inspection per service, as at a date', () => {
  const e = (id: string, service: string, date: string | null, overall: string): RegisterEntry => ({
    inspectionId: id,
    serviceId: service,
    serviceName: service,
    region: 'London',
    nation: 'England',
    frameworkId: 'x',
    publication: date ? parseIsoPartial(date) : null,
    overall,
  });
  const entries = [
    e('a1', 'A', '2019-03-01', 'good'),
    e('a2', 'A', '2025-01-07', 'outstanding'),
    e('b1', 'B', '2022-05', 'good'),
    e('b2', 'B', '2025-01', 'inadequate'),
    e('c1', 'C', null, 'good'),
  ];
  it('counts each service once, by its latest certainly-published inspection', () => {
    const l = latestPerService(entries, '2025-01-07');
    expect(l.latest.map((x) => x.inspectionId)).toEqual(['a2', 'b1']);
    expect(l.uncertain.map((u) => [u.counted.inspectionId, u.possiblyNewer.inspectionId])).toEqual([['b1', 'b2']]);
    expect(l.undated.map((x) => x.inspectionId)).toEqual(['c1']);
  });
  it('goes back in time', () => {
    expect(latestPerService(entries, '2025-01-06').latest.map((x) => x.inspectionId)).toEqual(['a1', 'b1']);
    expect(latestPerService(entries, '2019-01-01').latest).toEqual([]);
    expect(latestPerService(entries, '2025-02-01').latest.map((x) => x.inspectionId)).toEqual(['a2', 'b2']);
  });
});

describe('consistency of a published record', () => {
  const f = fw('hmip-youth-2021');
  it('names a discrepancy field as a reader would, with the standard from the framework', () => {
    expect(discrepancyFieldLabel('standards.2.1', f)).toBe('Standard 2.1 Assessment');
    expect(discrepancyFieldLabel('standards.A6', f)).toBe('Standard A6');
    expect(discrepancyFieldLabel('standards.2.1', null)).toBe('Standard 2.1');
    expect(discrepancyFieldLabel('publication', f)).toBe('Publication date');
    expect(discrepancyFieldLabel('overall', f)).toBe('Overall rating');
    expect(discrepancyFieldLabel('secondary figures', f)).toBe('Secondary figures');
  });
  it('flags a publication date before the fieldwork (the Bromley release slip)', () => {
    const c = checkRecord(f, {
      publication: parseIsoPartial('2024-01-07'),
      fieldworkStart: parseFieldworkStart('September 2024'),
      score: null,
      overall: null,
      standardRatings: [],
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/before the fieldwork/);
  });
  it('flags an overall rating that does not match the score (26/36 "Requires improvement")', () => {
    const c = checkRecord(f, {
      publication: null,
      fieldworkStart: null,
      score: { total: 26, max: 36, source: 'stated' },
      overall: { rating: 'requires_improvement', source: 'published' },
      standardRatings: [],
    });
    expect(c.map((x) => x.field)).toEqual(['overall']);
    expect(c[0]!.expected).toBe('good');
  });
  it('flags a score that is not the sum of the ratings', () => {
    const ratings = f.domains
      .flatMap((d) => d.standards)
      .filter((s) => s.countsToScore)
      .map((s) => ({ standardId: s.id, rating: 'good', status: 'rated' as const, source: 'published' as const }));
    const ok = checkRecord(f, {
      publication: null,
      fieldworkStart: null,
      score: { total: 24, max: 36, source: 'stated' },
      overall: { rating: 'good', source: 'published' },
      standardRatings: ratings,
    });
    expect(ok).toEqual([]);
    const bad = checkRecord(f, {
      publication: null,
      fieldworkStart: null,
      score: { total: 25, max: 36, source: 'stated' },
      overall: { rating: 'good', source: 'published' },
      standardRatings: ratings,
    });
    expect(bad[0]!.message).toMatch(/sum of the standard ratings' points \(24\)/);
  });
});
