import { labelOf, rankOf, scoredStandards, type Framework } from './framework.ts';
import { overallForScore } from './engine.ts';
import type { InspectionRecord } from './inspection-record.ts';

export interface ConsistencyFinding {
  field: string;
  message: string;
  stated: string | null;
  expected: string | null;
}

/**
 * Checks a published record against its framework and against itself: the kind of slip
 * published sources make (a release dated before its own fieldwork, a score that does not
 * match the ratings). Pure; the publication workflow and the importers both call it.
 */
export function checkRecord(
  f: Framework,
  r: Pick<InspectionRecord, 'publication' | 'fieldworkStart' | 'score' | 'overall' | 'standardRatings'>,
): ConsistencyFinding[] {
  const out: ConsistencyFinding[] = [];
  if (r.publication && r.fieldworkStart && r.publication.latest < r.fieldworkStart.earliest) {
    out.push({
      field: 'publication',
      message: `publication (${r.publication.latest}) is before the fieldwork started (${r.fieldworkStart.earliest})`,
      stated: r.publication.latest,
      expected: `on or after ${r.fieldworkStart.earliest}`,
    });
  }
  for (const s of r.standardRatings) {
    if (s.rating && rankOf(f, s.rating) < 0) {
      out.push({
        field: `standards.${s.standardId}`,
        message: `"${s.rating}" is not a rating in ${f.id}`,
        stated: s.rating,
        expected: null,
      });
    }
  }
  const points = f.scoring?.points;
  if (r.score) {
    const max = scoredStandards(f).length * Math.max(0, ...Object.values(points ?? {}));
    if (!points)
      out.push({
        field: 'score',
        message: `${f.id} has no numeric score`,
        stated: `${r.score.total}/${r.score.max}`,
        expected: null,
      });
    else {
      if (r.score.max !== max)
        out.push({
          field: 'score',
          message: `the score is out of ${r.score.max} but ${f.id} scores out of ${max}`,
          stated: String(r.score.max),
          expected: String(max),
        });
      if (r.score.total < 0 || r.score.total > max)
        out.push({
          field: 'score',
          message: `score ${r.score.total} is outside 0–${max}`,
          stated: String(r.score.total),
          expected: `0–${max}`,
        });
      const band = overallForScore(f, r.score.total);
      if (band && r.overall && r.overall.rating !== band) {
        out.push({
          field: 'overall',
          message:
            `overall rating ${labelOf(f, r.overall.rating)} does not match score ${r.score.total}/${max}, ` +
            `which is in the ${labelOf(f, band)} band`,
          stated: r.overall.rating,
          expected: band,
        });
      }
      const scored = scoredStandards(f);
      const byId = new Map(r.standardRatings.map((s) => [s.standardId, s]));
      if (scored.every((s) => byId.get(s.id)?.rating)) {
        const sum = scored.reduce((t, s) => t + (points[byId.get(s.id)!.rating!] ?? 0), 0);
        if (sum !== r.score.total) {
          out.push({
            field: 'score',
            message: `score ${r.score.total} does not equal the sum of the standard ratings' points (${sum})`,
            stated: String(r.score.total),
            expected: String(sum),
          });
        }
      }
    }
  }
  return out;
}
