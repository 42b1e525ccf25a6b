import { rangeText } from './count-range.ts';
import type { PartialDate } from './partial-date.ts';
import type { RegisterEntry } from './register.ts';

/** The four ratings HMIP's annual reports total, in their order. */
export const TOTAL_RATINGS = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type TotalRating = (typeof TOTAL_RATINGS)[number];

/** A public source, as every source is shown to the public: who, what, when and where. */
export interface PublicSource {
  publisher: string;
  title: string;
  /** ISO date or partial date (YYYY-MM or YYYY) as the source gives it. */
  date: string | null;
  url: string;
}

/** A total HMIP published (in an annual report) of the inspections in a period, by overall rating. */
export interface PublishedTotal {
  label: string;
  /** The period the total covers; null where the report does not state it. */
  from: PartialDate | null;
  to: PartialDate | null;
  inspected: number | null;
  counts: Record<TotalRating, number | null>;
  source: PublicSource;
  notes: string;
}

export interface Range {
  min: number;
  max: number;
}

export interface TotalComparison {
  total: PublishedTotal;
  /** The register's count of inspections published in the same period; null when the period is not stated. */
  register: { inspected: Range; counts: Record<TotalRating, Range> } | null;
  /** Each way the register differs from the published total, in words; empty when none is certain. */
  differences: string[];
  /** The same differences as data, for a page that words them in another language (web/coverage). */
  gaps: TotalGap[];
  /** True when every published figure equals the register's count exactly (no range). */
  confirmed: boolean;
}

/**
 * A published figure outside the register's range: `missing` when HMIP counted more than the
 * register can hold for the period, `extra` when fewer than it surely holds; `by` is how many at least.
 */
export interface TotalGap {
  what: 'inspected' | TotalRating;
  published: number;
  held: Range;
  kind: 'missing' | 'extra';
  by: number;
}

const LABEL: Record<TotalRating, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

/**
 * Sets each published total beside the register's own count of inspections published in the same
 * period. A period's bounds and an inspection's date may each be known only to a month or a year,
 * so the register's count is a range: inspections certainly inside the period, up to those that
 * may be (undated inspections are counted as "may be"). A published figure outside that range is a
 * difference the register cannot explain by unknown dates: inspections missing or misdated.
 */
export function compareTotals(totals: readonly PublishedTotal[], entries: readonly RegisterEntry[]): TotalComparison[] {
  return totals.map((total) => {
    if (!total.from || !total.to) {
      return {
        total,
        register: null,
        differences: ['The report does not state its period, so it is not compared.'],
        gaps: [],
        confirmed: false,
      };
    }
    const from = total.from;
    const to = total.to;
    const surely = (e: RegisterEntry) =>
      !!e.publication && e.publication.earliest >= from.latest && e.publication.latest <= to.earliest;
    const maybe = (e: RegisterEntry) =>
      !e.publication || (e.publication.latest >= from.earliest && e.publication.earliest <= to.latest);
    const range = (list: readonly RegisterEntry[]): Range => ({
      min: list.filter(surely).length,
      max: list.filter(maybe).length,
    });
    const inspected = range(entries);
    const counts = Object.fromEntries(
      TOTAL_RATINGS.map((r) => [r, range(entries.filter((e) => e.overall === r))]),
    ) as Record<TotalRating, Range>;
    const differences: string[] = [];
    const gaps: TotalGap[] = [];
    const compare = (what: TotalGap['what'], published: number | null, held: Range) => {
      if (published === null) return;
      const text = rangeText(held);
      const label = what === 'inspected' ? 'Inspected' : LABEL[what];
      if (published > held.max) {
        gaps.push({ what, published, held, kind: 'missing', by: published - held.max });
        differences.push(
          `${label}: HMIP gives ${published}, the register holds ${text}: ` +
            `at least ${published - held.max} missing or dated outside the period.`,
        );
      } else if (published < held.min) {
        gaps.push({ what, published, held, kind: 'extra', by: held.min - published });
        differences.push(
          `${label}: HMIP gives ${published}, the register holds ${text}: ` +
            `at least ${held.min - published} more than HMIP counted.`,
        );
      }
    };
    compare('inspected', total.inspected, inspected);
    for (const r of TOTAL_RATINGS) compare(r, total.counts[r], counts[r]);
    const pairs: [number | null, Range][] = [
      [total.inspected, inspected],
      ...TOTAL_RATINGS.map((r): [number | null, Range] => [total.counts[r], counts[r]]),
    ];
    const confirmed = pairs.every(([p, held]) => p === null || (held.min === p && held.max === p));
    return { total, register: { inspected, counts }, differences, gaps, confirmed };
  });
}
