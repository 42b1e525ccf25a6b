import { checkStandardScore, type ConsistencyFinding } from '../domain/consistency.ts';
import { londonToday, visibleAsAt } from '../domain/embargo.ts';
import { latestPerService } from '../domain/register.ts';
import { countByStandard, type StandardRow } from '../domain/standard-statistics.ts';
import { listPublicEntries } from '../store/register-repo.ts';
import { listPublicScored, publicStandardRatings } from '../store/standard-ratings-repo.ts';
import type { ServiceContext } from './context.ts';

export interface ScoreFailure extends ConsistencyFinding {
  ref: string;
  serviceName: string;
  frameworkName: string;
}

export interface StandardsConsistency {
  /** Standard ratings held for public inspections. */
  held: number;
  /** Inspections with every scored standard rated. */
  complete: number;
  /** Inspections with some scored standards rated. */
  partial: number;
  /** Complete inspections whose standards give their published score and overall rating. */
  reproduces: number;
  /** Inspections with at least one failure. */
  failing: number;
  failures: ScoreFailure[];
}

/** The frameworks whose standards the statistics by standard count. */
export const STATISTICS_FRAMEWORKS = ['hmip-youth-2018', 'hmip-youth-2021'] as const;

/**
 * Standard ratings across the whole public register: whether they reproduce each inspection's
 * published score and overall band, and how services' latest inspections stand on each standard.
 */
export function standardsService(ctx: ServiceContext) {
  const db = () => ctx.database.db;
  const visible = (asAt?: string) => {
    const now = ctx.now();
    return visibleAsAt(asAt ?? londonToday(now), now);
  };
  return {
    async consistency(): Promise<StandardsConsistency> {
      const at = visible();
      const [scored, ratings] = await Promise.all([listPublicScored(db(), at), publicStandardRatings(db(), at)]);
      const frameworks = ctx.frameworks();
      const out: StandardsConsistency = { held: 0, complete: 0, partial: 0, reproduces: 0, failing: 0, failures: [] };
      for (const r of ratings.values()) out.held += r.size;
      for (const i of scored) {
        const f = frameworks.get(i.frameworkId);
        if (!f) continue;
        const held = ratings.get(i.inspectionId) ?? new Map<string, string>();
        const check = checkStandardScore(f, {
          score:
            i.score === null || i.scoreMax === null
              ? null
              : { total: i.score, max: i.scoreMax, source: i.scoreSource ?? 'stated' },
          overall: i.overall ? { rating: i.overall, source: i.overallSource ?? 'published' } : null,
          standardRatings: [...held].map(([standardId, rating]) => ({
            standardId,
            rating,
            status: 'rated',
            source: 'published',
          })),
        });
        if (check.status === 'complete') out.complete += 1;
        if (check.status === 'partial') out.partial += 1;
        if (check.reproduces) out.reproduces += 1;
        if (check.failures.length) out.failing += 1;
        out.failures.push(
          ...check.failures.map((x) => ({ ...x, ref: i.ref, serviceName: i.serviceName, frameworkName: f.name })),
        );
      }
      return out;
    },

    /** Services' latest inspections (as at the date) by rating of each standard of the 2018 and 2021 frameworks. */
    async byStandard(asAt: string): Promise<StandardRow[]> {
      const at = visible(asAt);
      const [entries, ratings] = await Promise.all([listPublicEntries(db(), at), publicStandardRatings(db(), at)]);
      const frameworks = ctx.frameworks();
      const latest = latestPerService(entries, asAt).latest;
      const wanted = STATISTICS_FRAMEWORKS.flatMap((id) => (frameworks.has(id) ? [frameworks.get(id)!] : []));
      return countByStandard(wanted, latest, ratings);
    },
  };
}
