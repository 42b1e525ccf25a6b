import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStandardScore } from '../../src/domain/consistency.ts';
import { countByStandard } from '../../src/domain/standard-statistics.ts';
import type { InspectionRecord, StandardRatingRecord } from '../../src/domain/inspection-record.ts';
import { scoredStandards } from '../../src/domain/framework.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import {
  applyStandardRatings,
  parseStandardRatingsCsv,
  type StandardRatingRow,
} from '../../src/import/standard-ratings-seed.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { normaliseRating } from '../../src/domain/ratings-text.ts';

const frameworks = frameworkRegistry();
const f2021 = frameworks.get('hmip-youth-2021')!;
const f2018 = frameworks.get('hmip-youth-2018')!;
const rated = (ids: string[], rating: string): StandardRatingRecord[] =>
  ids.map((standardId) => ({ standardId, rating, status: 'rated', source: 'published' }));
const scoredIds = scoredStandards(f2021).map((s) => s.id);

/** Hosts no reader can reach: local names, reserved test and example domains, bare IP addresses. */
const NOT_PUBLIC_HOST =
  /^(localhost|.*\.(local|localhost|test|invalid|example|internal)|example\.(com|org|net)|[\d.]+|\[[\da-f:.]+\])$/i;

/** The lines whose source is not a public web address (http or https, a public host name, no credentials). */
function nonPublicSources(rows: Pick<StandardRatingRow, 'line' | 'source_url'>[]): number[] {
  return rows
    .filter((r) => {
      let u: URL;
      try {
        u = new URL(r.source_url);
      } catch {
        return true;
      }
      return (
        !/^https?:$/.test(u.protocol) ||
        !u.hostname.includes('.') ||
        NOT_PUBLIC_HOST.test(u.hostname) ||
        !!u.username ||
        !!u.password
      );
    })
    .map((r) => r.line);
}

/**
 * The lines whose rating differs from what the register keeps, or from an HMIP-checked row for the same
 * standard, with no disagreement recorded: the record must hold a discrepancy on that standard naming the
 * row's source and its rating, and a row differing from an HMIP-checked row must say `disagree`.
 */
function unrecordedContradictions(rows: StandardRatingRow[], records: InspectionRecord[]): number[] {
  const byRef = new Map(records.map((r) => [r.ref, r]));
  const out: number[] = [];
  for (const row of rows) {
    const record = byRef.get(row.inspection);
    const f = record && frameworks.get(record.frameworkId);
    if (!row.framework || !record || !f) continue;
    const rating = normaliseRating(f, row.rating);
    const kept = record.standardRatings.find((s) => s.standardId === row.standard_id)?.rating ?? null;
    const hmip = rows.filter(
      (h) => h.checked === 'hmip' && h.inspection === row.inspection && h.standard_id === row.standard_id,
    );
    const againstHmip = hmip.some((h) => normaliseRating(f, h.rating) !== rating);
    if (rating === kept && !againstHmip) continue;
    const recorded = record.discrepancies.some(
      (d) => d.field === `standards.${row.standard_id}` && d.source.includes(row.source_url) && d.stated === rating,
    );
    if (!recorded || (againstHmip && row.agreement !== 'disagree')) out.push(row.line);
  }
  return out;
}

describe('checkStandardScore: standards against the published score and band', () => {
  it('a complete inspection whose points give its score and band reproduces it', () => {
    // 12 scored standards: 8 Good (16) and 4 Outstanding (12) = 28, in the Good band (19–30).
    const ratings = [...rated(scoredIds.slice(0, 8), 'good'), ...rated(scoredIds.slice(8), 'outstanding')];
    const check = checkStandardScore(f2021, {
      score: { total: 28, max: 36, source: 'stated' },
      overall: { rating: 'good', source: 'published' },
      standardRatings: ratings,
    });
    expect(check).toMatchObject({ status: 'complete', reproduces: true, failures: [] });
  });

  it('a complete inspection whose points differ from its score fails on the score', () => {
    const check = checkStandardScore(f2021, {
      score: { total: 30, max: 36, source: 'stated' },
      overall: { rating: 'good', source: 'published' },
      standardRatings: rated(scoredIds, 'good'),
    });
    expect(check.reproduces).toBe(false);
    expect(check.failures.map((x) => [x.field, x.stated, x.expected])).toEqual([['score', '30', '24']]);
  });

  it('a complete inspection whose points fall in another band fails on the overall rating', () => {
    const check = checkStandardScore(f2021, {
      score: { total: 36, max: 36, source: 'stated' },
      overall: { rating: 'good', source: 'published' },
      standardRatings: rated(scoredIds, 'outstanding'),
    });
    expect(check.failures.map((x) => [x.field, x.stated, x.expected])).toEqual([['overall', 'good', 'outstanding']]);
  });

  it('a partly rated inspection checks only that its score is reachable', () => {
    const some = rated(scoredIds.slice(0, 3), 'inadequate'); // 0 points; 9 left give 0–27
    const reachable = checkStandardScore(f2021, {
      score: { total: 27, max: 36, source: 'derived' },
      overall: null,
      standardRatings: some,
    });
    expect(reachable).toMatchObject({ status: 'partial', points: { min: 0, max: 27 }, failures: [] });
    const not = checkStandardScore(f2021, {
      score: { total: 28, max: 36, source: 'derived' },
      overall: null,
      standardRatings: some,
    });
    expect(not.failures.map((x) => [x.field, x.expected])).toEqual([['score', '0–27']]);
    expect(not.reproduces).toBe(false);
  });

  it('resettlement (not scored) does not count towards completeness; unscored frameworks are not checked', () => {
    const check = checkStandardScore(f2021, { score: null, overall: null, standardRatings: rated(['4.1'], 'good') });
    expect(check.status).toBe('unrated');
    const f2025 = frameworks.get('hmip-youth-2025')!;
    expect(
      checkStandardScore(f2025, { score: null, overall: null, standardRatings: rated(['2.1'], 'good') }).status,
    ).toBe('not-scored');
  });
});

describe('seed: published standard ratings from data/seed/standard-ratings.csv', () => {
  const file = parseStandardRatingsCsv(readFileSync('data/seed/standard-ratings.csv', 'utf8'));
  const seeded = loadSeedRecords(frameworks, new Date('2026-11-22T09:00:00Z'));
  const byRef = new Map(seeded.records.map((r) => [r.ref, r]));

  it('loads every row with an attributed framework, and lists the ones left out with the reason', () => {
    const unattributed = file.rows.filter((r) => !r.framework);
    expect(unattributed.length).toBeGreaterThan(0);
    expect(seeded.standardRatings.leftOut.map((l) => l.line).sort()).toEqual(unattributed.map((r) => r.line).sort());
    expect(new Set(seeded.standardRatings.leftOut.map((l) => l.reason))).toEqual(
      new Set(['the framework is not attributed']),
    );
    for (const row of file.rows.filter((r) => r.framework)) {
      const record = byRef.get(row.inspection)!;
      expect(
        record.standardRatings.find((s) => s.standardId === row.standard_id)?.rating,
        `line ${row.line}`,
      ).toBeTruthy();
    }
  });

  it('every added rating names its source; community-table ratings say they are not checked against HMIP', () => {
    for (const row of file.rows.filter((r) => r.framework && r.checked === 'community-table')) {
      const s = byRef.get(row.inspection)!.standardRatings.find((x) => x.standardId === row.standard_id)!;
      if (s.rationale)
        expect(s.rationale).toMatch(/Community table, not checked against HMIP|Published by|Reported by/);
      expect(byRef.get(row.inspection)!.sourceDetails?.some((d) => d.url === row.source_url)).toBe(true);
    }
    const hmipOnly = file.rows.find((r) => r.checked === 'hmip' && r.agreement === 'hmip-only')!;
    const s = byRef.get(hmipOnly.inspection)!.standardRatings.find((x) => x.standardId === hmipOnly.standard_id)!;
    expect(s.source).toBe('published');
  });
});

describe('applyStandardRatings: the community table’s faults and disagreements', () => {
  // The seed without the file's ratings: what the register holds from its other sources.
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  cpSync('data/seed', dir, { recursive: true });
  writeFileSync(
    join(dir, 'standard-ratings.csv'),
    readFileSync('data/seed/standard-ratings.csv', 'utf8').split('\n')[0]!,
  );
  const base = (): InspectionRecord[] => loadSeedRecords(frameworks, new Date('2026-11-22T09:00:00Z'), dir).records;
  const row = (over: Partial<StandardRatingRow>): StandardRatingRow => ({
    line: 2,
    inspection: 'kent-2021',
    service_name: 'Kent',
    publication_date: '2021-10-05',
    framework: 'hmip-youth-2018',
    standard_id: '1.2',
    standard_name: 'Staff',
    rating: 'Good',
    source_publisher: 'data-to-insight (community project)',
    source_title: 'A table',
    source_date: '2025-02-24',
    source_url: 'https://example.org/table',
    checked: 'community-table',
    agreement: 'table-only',
    notes: '',
    ...over,
  });
  const ratingOf = (records: InspectionRecord[], ref: string, id: string) =>
    records.find((r) => r.ref === ref)!.standardRatings.find((s) => s.standardId === id)?.rating;

  it('never reads a blank as a rating, nor the shared court/out-of-court columns of the table', () => {
    const records = base();
    const out = applyStandardRatings(
      records,
      [row({ rating: '', line: 2 }), row({ standard_id: '2.1', standard_name: 'Assessment', line: 3 })],
      frameworks,
    );
    expect(out.leftOut.map((l) => [l.line, l.reason])).toEqual([
      [2, 'a blank is not a rating'],
      [3, "the community table's court and out-of-court columns cannot be told apart"],
    ]);
    expect(ratingOf(records, 'kent-2021', '1.2')).toBeUndefined();
    expect(ratingOf(records, 'kent-2021', '2.1')).toBeUndefined();
  });

  it('where the table and HMIP disagree, keeps HMIP’s figure and records the disagreement', () => {
    const records = base();
    const out = applyStandardRatings(
      records,
      [
        row({ rating: 'Outstanding' }),
        row({
          checked: 'hmip',
          source_publisher: 'HM Inspectorate of Probation',
          source_url: 'https://example.org/pr',
        }),
      ],
      frameworks,
    );
    expect(out).toMatchObject({ added: 1, disagreements: 1 });
    const kent = records.find((r) => r.ref === 'kent-2021')!;
    expect(ratingOf(records, 'kent-2021', '1.2')).toBe('good');
    expect(kent.discrepancies).toContainEqual(
      expect.objectContaining({ field: 'standards.1.2', stated: 'outstanding', recorded: 'good' }),
    );
  });

  it('never overwrites a rating the register holds from an HMIP source', () => {
    const records = base();
    const held = records.find(
      (r) =>
        r.frameworkId === 'hmip-youth-2021' &&
        r.standardRatings.some((s) => s.rating) &&
        r.sourceDetails?.find((d) => d.url === r.sourceUrl)?.publisher === 'HM Inspectorate of Probation',
    )!;
    const s = held.standardRatings.find((x) => x.rating)!;
    const other = f2021.ratingScale.map((x) => x.label).find((l) => l.toLowerCase().replace(/ /g, '_') !== s.rating)!;
    const f = frameworks.get(held.frameworkId)!;
    const name = f.domains.flatMap((d) => d.standards).find((x) => x.id === s.standardId)!.name;
    applyStandardRatings(
      records,
      [
        row({
          inspection: held.ref,
          framework: held.frameworkId,
          standard_id: s.standardId,
          standard_name: name,
          rating: other,
        }),
      ],
      frameworks,
    );
    expect(ratingOf(records, held.ref, s.standardId)).toBe(s.rating);
    expect(held.discrepancies.some((d) => d.field === `standards.${s.standardId}` && d.recorded === s.rating)).toBe(
      true,
    );
  });

  it('a rating for a standard the inspection’s framework lacks is a discrepancy, not a rating', () => {
    const records = base();
    // Kent 2021 is held under the 2018 standards: 3.4 there is Joint working, and 4.1 does not exist.
    const out = applyStandardRatings(
      records,
      [
        row({
          framework: 'hmip-youth-2021',
          standard_id: '3.4',
          standard_name: 'Out-of-court disposal policy and provision',
        }),
        row({ framework: 'hmip-youth-2021', standard_id: '4.1', standard_name: 'Resettlement policy and provision' }),
      ],
      frameworks,
    );
    expect(out.notInFramework).toBe(2);
    expect(out.leftOut).toEqual([]);
    expect(ratingOf(records, 'kent-2021', '3.4')).toBeUndefined();
    const kent = records.find((r) => r.ref === 'kent-2021')!;
    expect(kent.discrepancies.filter((d) => d.field === 'standards.3.4' || d.field === 'standards.4.1')).toHaveLength(
      2,
    );
  });
});

describe('countByStandard', () => {
  it('counts each latest inspection once per standard of its framework, with those holding no rating', () => {
    const ratings = new Map([
      [
        'a',
        new Map([
          ['1.1', 'good'],
          ['4.1', 'outstanding'],
        ]),
      ],
      [
        'b',
        new Map([
          ['1.1', 'inadequate'],
          ['3.4', 'good'],
        ]),
      ],
    ]);
    const rows = countByStandard(
      [f2018, f2021],
      [
        { inspectionId: 'a', frameworkId: 'hmip-youth-2021' },
        { inspectionId: 'b', frameworkId: 'hmip-youth-2018' },
        { inspectionId: 'c', frameworkId: 'hmip-youth-2021' },
      ],
      ratings,
    );
    const row = (id: string, name?: string) => rows.find((r) => r.id === id && (!name || r.name === name))!;
    expect(row('1.1')).toMatchObject({ services: 3, notHeld: 1, counts: { good: 1, inadequate: 1, outstanding: 0 } });
    expect(row('4.1')).toMatchObject({ services: 2, notHeld: 1, counts: { outstanding: 1 } });
    expect(row('3.4', 'Joint working')).toMatchObject({ services: 1, notHeld: 0, counts: { good: 1 } });
    expect(row('3.4', 'Out-of-court disposal policy and provision')).toMatchObject({ services: 2, notHeld: 2 });
    expect(rows).toHaveLength(14);
  });
});

describe('seed: every source is public, and no rating contradicts an HMIP-checked one unrecorded', () => {
  const file = parseStandardRatingsCsv(readFileSync('data/seed/standard-ratings.csv', 'utf8'));
  const seeded = loadSeedRecords(frameworks, new Date('2026-11-22T09:00:00Z'));
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  cpSync('data/seed', dir, { recursive: true });
  writeFileSync(
    join(dir, 'standard-ratings.csv'),
    readFileSync('data/seed/standard-ratings.csv', 'utf8').split('\n')[0]!,
  );
  const base = (): InspectionRecord[] => loadSeedRecords(frameworks, new Date('2026-11-22T09:00:00Z'), dir).records;
  const row = (over: Partial<StandardRatingRow>): StandardRatingRow => ({
    line: 2,
    inspection: 'kent-2021',
    service_name: 'Kent',
    publication_date: '2021-10-05',
    framework: 'hmip-youth-2018',
    standard_id: '1.2',
    standard_name: 'Staff',
    rating: 'Good',
    source_publisher: 'HM Inspectorate of Probation',
    source_title: 'A press release',
    source_date: '2021-10-05',
    source_url: 'https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2021/10/kent-yjs/',
    checked: 'hmip',
    agreement: 'hmip-only',
    notes: '',
    ...over,
  });

  it('every row of the file names a public web address, a publisher and whether HMIP was checked', () => {
    expect(file.leftOut.filter((l) => /source|checked/.test(l.reason))).toEqual([]);
    expect(nonPublicSources(file.rows)).toEqual([]);
    for (const r of file.rows) expect(r.source_publisher, `line ${r.line}`).not.toBe('');
  });

  it('the public-address check refuses local, reserved and non-web addresses', () => {
    const urls = [
      'https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/kent-yjs/',
      'http://localhost:3000/x',
      'https://127.0.0.1/report',
      'https://example.org/table',
      'https://intranet/ratings',
      'ftp://files.gov.uk/ratings.csv',
      'https://user:secret@files.gov.uk/ratings.csv',
      'data/seed/standard-ratings.csv',
    ];
    expect(nonPublicSources(urls.map((source_url, i) => ({ line: i + 2, source_url })))).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('in the seed, every rating that differs from the kept one or from an HMIP-checked row is a recorded disagreement', () => {
    expect(unrecordedContradictions(file.rows, seeded.records)).toEqual([]);
    // Each HMIP-checked rating is the one the register keeps, unless the register's own HMIP source differs (recorded).
    const byRef = new Map(seeded.records.map((r) => [r.ref, r]));
    for (const h of file.rows.filter((r) => r.checked === 'hmip' && r.framework)) {
      const record = byRef.get(h.inspection)!;
      const f = frameworks.get(record.frameworkId)!;
      const kept = record.standardRatings.find((s) => s.standardId === h.standard_id)?.rating;
      if (kept !== normaliseRating(f, h.rating))
        expect(
          record.discrepancies.some((d) => d.field === `standards.${h.standard_id}`),
          `line ${h.line}`,
        ).toBe(true);
    }
  });

  it('the contradiction check finds a disagreement left unrecorded, or not marked as one', () => {
    const rows = [
      row({ line: 2 }),
      row({
        line: 3,
        rating: 'Outstanding',
        checked: 'community-table',
        agreement: 'disagree',
        source_publisher: 'A community table',
        source_url: 'https://github.com/someone/ratings',
      }),
    ];
    const records = base();
    applyStandardRatings(records, rows, frameworks);
    expect(unrecordedContradictions(rows, records)).toEqual([]);
    // The same rows, but the row that differs does not say it disagrees.
    expect(unrecordedContradictions([rows[0]!, { ...rows[1]!, agreement: 'table-only' }], records)).toEqual([3]);
    // The same rows, but the register lost the disagreement.
    const kent = records.find((r) => r.ref === 'kent-2021')!;
    kent.discrepancies = kent.discrepancies.filter((d) => d.field !== 'standards.1.2');
    expect(unrecordedContradictions(rows, records)).toEqual([3]);
  });
});
