import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { parseBoundSource, rowPublication } from '../../src/import/register-csv.ts';
import { isWebUrl } from '../../src/domain/field-formats.ts';

const importedAt = new Date('2026-11-22T09:00:00Z');
const { records, outcomes } = loadSeedRecords(frameworkRegistry(), importedAt);
const byRef = (ref: string) => records.find((r) => r.ref === ref)!;

describe('seed data', () => {
  it('keeps every row of the data set that carries a rating, with its source URL', () => {
    const rows = parse(readFileSync('data/seed/yjs-inspections.csv', 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const rated = rows.filter((r) => r.overall_rating || r.standard_ratings || r.resettlement_rating);
    expect(outcomes.filter((o) => o.skipped)).toEqual([]);
    expect(records).toHaveLength(rated.length);
    for (const r of rows.filter((x) => x.source_url))
      expect(records.some((x) => x.sourceUrl === r.source_url)).toBe(true);
  });

  it('holds the Bromley 2024/25 inspection with what the seeds state, and the corrected publication date', () => {
    const b = byRef('bromley-2025');
    expect(b.frameworkId).toBe('hmip-youth-2021');
    expect(b.publication).toEqual({ precision: 'day', earliest: '2025-01-07', latest: '2025-01-07' });
    expect(b.publishedAt.toISOString()).toBe('2025-01-07T00:01:00.000Z');
    expect(b.overall).toEqual({ rating: 'outstanding', source: 'published' });
    expect(b.score).toEqual({ total: 33, max: 36, source: 'stated' });
    const ratings = Object.fromEntries(b.standardRatings.map((s) => [s.standardId, s.rating]));
    expect(ratings).toMatchObject({ '1.1': 'outstanding', '1.2': 'outstanding', '1.3': 'good', '4.1': 'outstanding' });
    // The community table adds standards the documents do not state, each marked as unchecked.
    for (const s of b.standardRatings.filter((x) => !['1.1', '1.2', '1.3', '4.1'].includes(x.standardId)))
      expect(s.rationale).toMatch(/^Community table, not checked against HMIP/);
    expect(b.recommendationsStated).toBe(3);
    expect(b.recommendations.map((r) => r.addressee)).toEqual(['management_board', 'management_board', 'yjs']);
    expect(b.chiefInspector).toBe('Martin Jones');
    const slip = b.discrepancies.find((d) => d.field === 'publication')!;
    expect(slip.stated).toContain('07 January 2024');
    expect(slip.recorded).toContain('2025-01-07');
  });

  it('holds the Bromley 2017 joint inspection on the legacy scale, with all six areas', () => {
    const b = byRef('bromley-2017');
    expect(b.frameworkId).toBe('hmip-youth-fji');
    expect(b.overall).toBeNull();
    expect(b.publication!.earliest).toBe('2017-06-13');
    expect(Object.fromEntries(b.standardRatings.map((s) => [s.standardId, s.rating]))).toEqual({
      A1: 'satisfactory',
      A2: 'satisfactory',
      A3: 'satisfactory',
      A4: 'good',
      A5: 'satisfactory',
      A6: 'satisfactory',
    });
    expect(b.chiefInspector).toBe('Dame Glenys Stacey');
  });

  it('holds Bexley 2024: Good, published 12 July 2024 at 00:01 UK time, five recommendations incl. the police', () => {
    const b = byRef('bexley-2024');
    expect(b.overall!.rating).toBe('good');
    expect(b.publishedAt.toISOString()).toBe('2024-07-11T23:01:00.000Z');
    expect(b.recommendationsStated).toBe(5);
    expect(b.recommendations.find((r) => r.addressee === 'police')!.addresseeName).toBe('Metropolitan Police');
    expect(b.standardRatings.find((s) => s.standardId === '2.2')!.rating).toBe('requires_improvement');
  });

  it('treats Bromley YOS, YOS (re-inspection) and YJS as one service by its area', () => {
    const bromley = records.filter((r) => r.service.areas.map((a) => a.name).join() === 'Bromley');
    expect(bromley.map((r) => r.ref).sort()).toEqual(['bromley-2015', 'bromley-2017', 'bromley-2025']);
    expect(new Set(bromley.map((r) => r.service.name))).toEqual(new Set(['Bromley YJS']));
    expect(bromley[0]!.service.formerNames).toEqual(
      expect.arrayContaining(['Bromley YOS', 'Bromley YOS (re-inspection)']),
    );
    expect(bromley[0]!.service.areas[0]!.onsCode).toBe('E09000006');
  });

  it('makes undated rows public from the moment they are imported, and records framework ambiguity', () => {
    const undated = records.filter((r) => !r.publication);
    expect(undated.length).toBeGreaterThan(0);
    for (const r of undated) expect(r.publishedAt).toEqual(importedAt);
    expect(byRef('luton-undated').frameworkAmbiguity).toMatch(/hmip-youth-2018 and hmip-youth-2021/);
  });

  it('gives each bound of a date known only between bounds its public source, and lists it with the record', () => {
    const rows = parse(readFileSync('data/seed/yjs-inspections.csv', 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const bounded = rows.filter((r) => r.publication_not_before || r.publication_not_after);
    expect(bounded.length).toBeGreaterThanOrEqual(3);
    for (const r of bounded) {
      expect(r.publication_date, r.service_name).toBe('');
      for (const side of ['before', 'after'] as const) {
        const source = parseBoundSource(r[`publication_not_${side}_source`]!);
        expect(source, `${r.service_name}: not ${side}`).not.toBeNull();
        expect(isWebUrl(source!.url)).toBe(true);
        expect(source!.publisher.length).toBeGreaterThan(0);
        // The source is dated, and its date is consistent with the bound it gives.
        expect(source!.date, `${r.service_name}: not ${side}`).not.toBeNull();
        if (side === 'after') expect(source!.date! <= r.publication_not_after!).toBe(true);
      }
      const read = rowPublication(r as never);
      expect('problem' in read ? read.problem : null).toBeNull();
      // Each source is one of the record's sources, with its details.
      const rec = records.find((x) => x.sourceUrl === r.source_url && x.notes === r.notes)!;
      for (const side of ['before', 'after'] as const) {
        const source = parseBoundSource(r[`publication_not_${side}_source`]!)!;
        expect(rec.otherSourceUrls).toContain(source.url);
        expect(rec.sourceDetails).toContainEqual(source);
      }
    }
  });

  it('holds Hertfordshire 2018 between its bounds, and Cardiff 2020 on the day its two bounds meet', () => {
    const herts = records.find((r) => r.service.name === 'Hertfordshire YOT')!;
    expect(herts.publication).toEqual({ precision: 'range', earliest: '2018-08-01', latest: '2018-12-05' });
    // Public in the register from its not-before day, as a month-dated record is from its first day.
    expect(herts.publishedAt.toISOString()).toBe('2018-07-31T23:01:00.000Z');
    const cardiff = records.find((r) => r.sourceUrl?.includes('cardiff-yos-rated-inadequate'))!;
    expect(cardiff.publication).toEqual({ precision: 'day', earliest: '2020-07-01', latest: '2020-07-01' });
  });

  it('refuses a bound without its source, one bound alone, or bounds beside a date', () => {
    const row = {
      publication_date: '',
      publication_not_before: '2018-08-01',
      publication_not_before_source: 'HMIP |  | 2018-08 | https://example.test/a',
      publication_not_after: '2018-12-05',
      publication_not_after_source: 'CYP Now | A title | 2018-12-05 | https://example.test/b',
    };
    expect(rowPublication(row)).toMatchObject({ publication: { precision: 'range' } });
    expect(rowPublication({ ...row, publication_not_after_source: '' })).toHaveProperty('problem');
    expect(rowPublication({ ...row, publication_not_before_source: 'HMIP | x | 2018-08 | not a url' })).toHaveProperty(
      'problem',
    );
    expect(rowPublication({ ...row, publication_not_after: '' })).toHaveProperty('problem');
    expect(rowPublication({ ...row, publication_date: '2018-09' })).toHaveProperty('problem');
    expect(rowPublication({ ...row, publication_not_before: '2018-12-06' })).toHaveProperty('problem');
    expect(parseBoundSource('CYP Now | Title | with | https://x.test/')).toBeNull();
  });

  it('gives every record a unique reference', () => {
    expect(new Set(records.map((r) => r.ref)).size).toBe(records.length);
  });
});
