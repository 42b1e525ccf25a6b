import { stringify } from 'csv-stringify/sync';
import { CSV_CELL_OPTIONS } from '../domain/csv-cells.ts';
import { londonInstant } from '../domain/embargo.ts';
import { scoredStandards, standardsOf, type Framework } from '../domain/framework.ts';
import { overallForScore } from '../domain/engine.ts';
import { INSPECTION_COLUMNS, toInspectionRow, type ExportableRecord } from '../domain/register-format.ts';
import { dayDate } from '../domain/partial-date.ts';

/**
 * A synthetic register in the open data format, for benchmarks and load tests: N services across
 * the real regions, each with a history of inspections under the 2018 and 2021 frameworks whose
 * ratings, scores and overall ratings are internally consistent. Deterministic for a given seed.
 */
const REGIONS = [
  'London',
  'North West',
  'South East',
  'Yorkshire and the Humber',
  'West Midlands',
  'South West',
  'East of England',
  'North East',
  'East Midlands',
  'Wales',
];
const RATINGS = ['outstanding', 'good', 'good', 'requires_improvement', 'requires_improvement', 'inadequate'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export function* generateRecords(
  frameworks: Map<string, Framework>,
  services: number,
  perService = 8,
  seed = 1,
): Generator<ExportableRecord> {
  const rand = rng(seed);
  const fws = [frameworks.get('hmip-youth-2018')!, frameworks.get('hmip-youth-2021')!];
  for (let s = 0; s < services; s++) {
    const slug = `synthetic-${String(s + 1).padStart(5, '0')}`;
    const region = REGIONS[s % REGIONS.length]!;
    for (let k = 0; k < perService; k++) {
      const year = 2018 + ((k * 3 + s) % 8);
      // The framework follows the date, as for real inspections (2021 standards from late 2021).
      const f = year >= 2022 ? fws[1]! : fws[0]!;
      const date = dayDate(year, 1 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))!;
      const ratings = standardsOf(f).map((st) => ({
        standardId: st.id,
        rating: RATINGS[Math.floor(rand() * RATINGS.length)]!,
        status: 'rated' as const,
        source: 'published' as const,
        rationale: null,
        keyQuestions: null,
      }));
      const points = f.scoring!.points!;
      const total = scoredStandards(f).reduce(
        (t, st) => t + points[ratings.find((r) => r.standardId === st.id)!.rating]!,
        0,
      );
      yield {
        ref: `${slug}-${year}-${k + 1}`,
        serviceSlug: slug,
        service: {
          name: `Synthetic YJS ${s + 1}`,
          formerNames: [],
          areas: [{ name: `Synthetic Area ${s + 1}`, onsCode: null }],
          region,
          nation: region === 'Wales' ? 'Wales' : 'England',
        },
        frameworkId: f.id,
        frameworkVersion: f.version,
        frameworkBasis: 'synthetic',
        frameworkAmbiguity: null,
        title: 'Synthetic inspection',
        status: 'published',
        fieldworkText: null,
        fieldworkStart: null,
        fieldworkEnd: null,
        publication: date,
        publishedAt: londonInstant(date.earliest),
        score: { total, max: 36, source: 'derived' },
        overall: { rating: overallForScore(f, total)!, source: 'published' },
        standardRatings: ratings,
        recommendations: [],
        recommendationsStated: 1 + Math.floor(rand() * 8),
        recommendationsBreakdown: null,
        findings: [],
        chiefInspector: null,
        leadInspector: null,
        ratingsSummary: null,
        sourceUrl: null,
        otherSourceUrls: [],
        notes: 'Synthetic data for benchmarks.',
        origin: 'synthetic',
        discrepancies: [],
      };
    }
  }
}

/** The generated register as register-format CSV text, in reference order (as the register exports it). */
export function generateCsv(
  frameworks: Map<string, Framework>,
  services: number,
  perService = 8,
  asAt = '2026-01-01',
): string {
  const rows = [...generateRecords(frameworks, services, perService)]
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
    .map((r) => toInspectionRow(r, asAt, r.frameworkId === 'hmip-youth-2021' ? '4.1' : null));
  return stringify(rows, { ...CSV_CELL_OPTIONS, header: true, columns: INSPECTION_COLUMNS.map((c) => c.name) });
}
