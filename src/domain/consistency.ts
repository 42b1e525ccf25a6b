import { labelOf, rankOf, scoredStandards, standardsOf, type Framework } from './framework.ts';
import { overallForScore } from './engine.ts';
import type { Discrepancy, InspectionRecord } from './inspection-record.ts';

export interface ConsistencyFinding {
  field: string;
  message: string;
  stated: string | null;
  expected: string | null;
}

/** The record's consistency findings as the register keeps them: discrepancies from 'consistency check'. */
export function consistencyDiscrepancies(f: Framework, r: Parameters<typeof checkRecord>[1]): Discrepancy[] {
  return checkRecord(f, r).map((c) => ({
    field: c.field,
    source: 'consistency check',
    stated: c.stated,
    recorded: c.stated,
    note: c.message,
  }));
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

/**
 * How an inspection's standard ratings stand against its published score and overall rating:
 * - `complete`: every scored standard rated; their points must give the published score, and its band
 *   (after the framework's caps) the published overall rating;
 * - `partial`: some rated; the published score must be reachable with the rest still to rate;
 * - `unrated`: no scored standard rated; `not-scored`: the framework has no points per rating.
 * `failures` names what differs; `reproduces` is a complete inspection with a score and no failure.
 */
export type ScoreCheckStatus = 'complete' | 'partial' | 'unrated' | 'not-scored';

export interface ScoreCheck {
  status: ScoreCheckStatus;
  rated: number;
  scored: number;
  reproduces: boolean;
  /** The sum of the rated standards' points (the range still reachable when some are unrated). */
  points: { min: number; max: number } | null;
  failures: ConsistencyFinding[];
}

export function checkStandardScore(
  f: Framework,
  r: Pick<InspectionRecord, 'score' | 'overall' | 'standardRatings'>,
): ScoreCheck {
  const points = f.scoring?.points;
  const scored = scoredStandards(f);
  const byId = new Map(r.standardRatings.filter((s) => s.rating).map((s) => [s.standardId, s.rating!]));
  const ratings = scored.flatMap((s) => (byId.has(s.id) ? [byId.get(s.id)!] : []));
  const base = { rated: ratings.length, scored: scored.length, reproduces: false };
  if (!points || scored.length === 0) return { status: 'not-scored', ...base, points: null, failures: [] };
  if (ratings.length === 0) return { status: 'unrated', ...base, points: null, failures: [] };
  const values = Object.values(points);
  const known = ratings.reduce((t, x) => t + (points[x] ?? 0), 0);
  const left = scored.length - ratings.length;
  const range = { min: known + left * Math.min(...values), max: known + left * Math.max(...values) };
  const failures: ConsistencyFinding[] = [];
  const score = r.score ? `${r.score.total}/${r.score.max}` : null;
  if (left > 0) {
    if (r.score && (r.score.total < range.min || r.score.total > range.max))
      failures.push({
        field: 'score',
        message:
          `the published score ${score} cannot be reached: the ${ratings.length} rated standards give ${known} ` +
          `points, so with ${left} still to rate the score is ${range.min} to ${range.max}`,
        stated: String(r.score.total),
        expected: `${range.min}–${range.max}`,
      });
    return { status: 'partial', ...base, points: range, failures };
  }
  if (r.score && r.score.total !== known)
    failures.push({
      field: 'score',
      message: `the published score ${score} is not the ${known} points its standards' ratings give`,
      stated: String(r.score.total),
      expected: String(known),
    });
  let band = overallForScore(f, known);
  for (const cap of f.scoring?.caps ?? [])
    if (band && ratings.includes(cap.ifAnyStandardRated) && rankOf(f, band) < rankOf(f, cap.overallAtMost))
      band = cap.overallAtMost;
  if (band && r.overall && r.overall.rating !== band)
    failures.push({
      field: 'overall',
      message:
        `the published overall rating ${labelOf(f, r.overall.rating)} is not the ${labelOf(f, band)} ` +
        `that ${known} points give`,
      stated: r.overall.rating,
      expected: band,
    });
  return { status: 'complete', ...base, reproduces: !!r.score && !failures.length, points: range, failures };
}

const FIELD_LABELS: Record<string, string> = {
  publication: 'Publication date',
  score: 'Score',
  overall: 'Overall rating',
  framework: 'Framework',
};

/**
 * A discrepancy's field as a reader names it ("Standard 2.1 Assessment", "Publication date"), not
 * as the register keys it ("standards.2.1"). A standard the framework lacks keeps its number, since
 * that is what the source printed; any other field is shown as written, with a capital.
 */
export function discrepancyFieldLabel(field: string, f: Framework | null | undefined): string {
  const known = FIELD_LABELS[field];
  if (known) return known;
  if (field.startsWith('standards.')) {
    const id = field.slice('standards.'.length);
    const standard = f ? standardsOf(f).find((s) => s.id === id) : undefined;
    return standard ? `Standard ${id} ${standard.name}` : `Standard ${id}`;
  }
  return field.charAt(0).toUpperCase() + field.slice(1);
}
