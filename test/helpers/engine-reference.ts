import {
  labelOf,
  maxScore,
  rankOf,
  standardsOf,
  type Framework,
  type RatingId,
  type Scoring,
  type Standard,
} from '../../src/domain/framework.ts';
import type {
  EngineProblem,
  InspectionRating,
  KeyQuestionResult,
  OverallRating,
  StandardRating,
} from '../../src/domain/engine.ts';
import type { RateInput } from '../../src/domain/rate-input.ts';

/**
 * The reference rating engine: the first, plainly written version of src/domain/engine.ts, kept
 * as an executable specification. The production engine is rewritten for speed (one pass over the
 * answers, no closures in the hot path); a property test checks that both agree on every input.
 * Only the result types are shared with it; the rules (banding, tie-break, reasons) are its own.
 */

// The framework's rule for showing a share: the whole number banding uses, or cut down to the places shown.
const pct = (sc: NonNullable<Framework['scoring']>, n: number) =>
  sc.roundBeforeBanding
    ? `${Math.round(n)}%`
    : `${Math.floor(n * 10 ** sc.percentShown.decimals + 1e-9) / 10 ** sc.percentShown.decimals}%`;

/** Band for a percentage, using integer arithmetic for the exact test so 80% is never 79.999…%. */
function bandFor(
  scoring: Pick<Scoring, 'caseBands' | 'roundBeforeBanding'>,
  yes: number,
  applicable: number,
): { rating: RatingId; index: number } {
  const rounded = Math.round((yes * 100) / applicable);
  const index = scoring.caseBands.findIndex((b) =>
    scoring.roundBeforeBanding ? rounded >= b.atLeastPercent : yes * 100 >= b.atLeastPercent * applicable,
  );
  // The loader guarantees the last band starts at 0, so index is never -1 for valid frameworks.
  const i = index === -1 ? scoring.caseBands.length - 1 : index;
  return { rating: scoring.caseBands[i]!.rating, index: i };
}

function bandRange(scoring: Scoring, index: number): string {
  const from = scoring.caseBands[index]!.atLeastPercent;
  const above = scoring.caseBands[index - 1]?.atLeastPercent;
  if (above === undefined) return `${from}% or more`;
  return from === 0 ? `below ${above}%` : `${from}% to under ${above}%`;
}

/** Overall rating for a total score from the framework's bands; null if no band covers it. */
function overallForScore(f: Framework, total: number): RatingId | null {
  const band = f.scoring?.overall.bands.find((b) => total >= b.from && total <= b.to);
  return band?.rating ?? null;
}

interface FrameworkIndex {
  standards: Standard[];
  scale: Set<string>;
  caseTypes: Map<string, string>;
  kqOwner: Map<string, Standard>;
  byId: Map<string, Standard>;
  scaleList: string;
  caseStandardsByType: Map<string, Standard[]>;
}
/** Frameworks are immutable data: their lookup tables are built once, not on every rating. */
const indexes = new WeakMap<Framework, FrameworkIndex>();
function indexOf(f: Framework): FrameworkIndex {
  let ix = indexes.get(f);
  if (!ix) {
    const standards = standardsOf(f);
    const caseStandardsByType = new Map<string, Standard[]>();
    for (const s of standards)
      if (s.method === 'case_lowest_key_question' && s.caseType)
        caseStandardsByType.set(s.caseType, [...(caseStandardsByType.get(s.caseType) ?? []), s]);
    ix = {
      standards,
      scale: new Set(f.ratingScale.map((r) => r.id)),
      caseTypes: new Map(f.caseTypes.map((c) => [c.id, c.label])),
      kqOwner: new Map(standards.flatMap((s) => s.keyQuestions.map((k) => [k.id, s] as const))),
      byId: new Map(standards.map((s) => [s.id, s])),
      scaleList: f.ratingScale.map((r) => `"${r.id}"`).join(', '),
      caseStandardsByType,
    };
    indexes.set(f, ix);
  }
  return ix;
}

export function rateInspection(f: Framework, input: RateInput): InspectionRating {
  const problems: EngineProblem[] = [];
  const err = (path: string, message: string) => problems.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) => problems.push({ path, message, severity: 'warning' });
  const { scale, caseTypes, kqOwner, byId, scaleList, caseStandardsByType } = indexOf(f);

  // --- Check the input against the framework --------------------------------------------
  input.cases.forEach((c, i) => {
    if (!caseTypes.has(c.type)) {
      err(
        `cases.${i}.type`,
        `case "${c.ref}" has type "${c.type}", which ${f.id} does not use (expected one of: ${[...caseTypes.keys()].join(', ')})`,
      );
      return;
    }
    for (const kqId of Object.keys(c.answers)) {
      const owner = kqOwner.get(kqId);
      if (!owner)
        err(`cases.${i}.answers.${kqId}`, `case "${c.ref}" answers "${kqId}", which is not a key question in ${f.id}`);
      else if (owner.caseType !== c.type) {
        err(
          `cases.${i}.answers.${kqId}`,
          `case "${c.ref}" is a ${caseTypes.get(c.type)} case but key question ${kqId} applies to ${owner.caseType ? caseTypes.get(owner.caseType) : 'no'} cases`,
        );
      }
    }
    let missing: string[] | undefined;
    for (const s of caseStandardsByType.get(c.type) ?? [])
      for (const k of s.keyQuestions) if (c.answers[k.id] === undefined) (missing ??= []).push(k.id);
    if (missing)
      warn(
        `cases.${i}.answers`,
        `case "${c.ref}" has no answer for ${missing.join(', ')}; left out of those percentages`,
      );
  });
  const checkRating = (path: string, rating: string) => {
    if (!scale.has(rating)) {
      err(path, `"${rating}" is not a rating in ${f.id} (expected one of: ${scaleList})`);
      return false;
    }
    return true;
  };
  // Sample sizes in force: the last version starting on or before fieldwork (or the last of all).
  const inForce = f.sampling.filter((v) => !input.fieldworkStart || v.from <= input.fieldworkStart).at(-1);
  const minimumOf = (s: Standard) => (s.caseType ? (inForce?.caseTypes[s.caseType]?.min ?? 0) : 0);
  const countOf = (s: Standard) => input.cases.filter((c) => c.type === s.caseType).length;
  const underMinimum = (s: Standard) => countOf(s) > 0 && countOf(s) < minimumOf(s);
  for (const [sid, j] of Object.entries(input.judgements)) {
    const s = byId.get(sid);
    if (!s) err(`judgements.${sid}`, `"${sid}" is not a standard in ${f.id}`);
    else if (s.method !== 'judgement' && underMinimum(s)) checkRating(`judgements.${sid}.rating`, j.rating);
    else if (s.method !== 'judgement') {
      err(
        `judgements.${sid}`,
        `standard ${sid} (${s.name}) is rated from cases; record an override with a rationale instead of a judgement`,
      );
    } else checkRating(`judgements.${sid}.rating`, j.rating);
  }
  for (const [sid, o] of Object.entries(input.overrides)) {
    const s = byId.get(sid);
    if (!s) err(`overrides.${sid}`, `"${sid}" is not a standard in ${f.id}`);
    else if (s.method !== 'case_lowest_key_question') {
      err(
        `overrides.${sid}`,
        `standard ${sid} (${s.name}) is a panel judgement; record the judgement itself instead of an override`,
      );
    } else checkRating(`overrides.${sid}.rating`, o.rating);
  }

  // --- Count answers: one pass over the cases, per key question -------------------------------
  const tally = new Map<string, { yes: number; no: number; na: number }>();
  const casesOfType = new Map<string, number>();
  for (const c of input.cases) {
    casesOfType.set(c.type, (casesOfType.get(c.type) ?? 0) + 1);
    for (const kqId in c.answers) {
      if (kqOwner.get(kqId)?.caseType !== c.type) continue; // reported as an error above; never counted
      const a = c.answers[kqId];
      let t = tally.get(kqId);
      if (!t) tally.set(kqId, (t = { yes: 0, no: 0, na: 0 }));
      if (a === 'yes') t.yes++;
      else if (a === 'no') t.no++;
      else if (a === 'na') t.na++;
    }
  }

  // --- Rate each standard ----------------------------------------------------------------
  const points = f.scoring?.points ?? null;
  const results: StandardRating[] = f.domains.flatMap((d) =>
    d.standards.map((s): StandardRating => {
      const base = {
        standardId: s.id,
        name: s.name,
        domainId: d.id,
        method: s.method,
        countsToScore: s.countsToScore,
        computedRating: null,
        decidingKeyQuestion: null,
        rationale: null,
        keyQuestions: [] as KeyQuestionResult[],
      };
      const finish = (r: Omit<StandardRating, 'points'>): StandardRating => ({
        ...r,
        points: r.rating !== null && r.countsToScore && points ? (points[r.rating] ?? null) : null,
      });

      if (s.method === 'judgement') {
        const j = input.judgements[s.id];
        const needed = s.requiresCasesOfType;
        if (needed && !input.cases.some((c) => c.type === needed)) {
          if (j)
            err(
              `judgements.${s.id}`,
              `standard ${s.id} (${s.name}) cannot be rated: the sample has no ${caseTypes.get(needed) ?? needed} cases`,
            );
          return finish({
            ...base,
            status: 'not_rated',
            rating: null,
            source: null,
            reason: `Not rated: the sample has no ${caseTypes.get(needed) ?? needed} cases.`,
          });
        }
        if (!j || !scale.has(j.rating)) {
          return finish({
            ...base,
            status: s.optional ? 'not_rated' : 'awaiting_judgement',
            rating: null,
            source: null,
            reason: s.optional ? 'Not judged in this inspection.' : 'Awaiting the ratings panel’s judgement.',
          });
        }
        return finish({
          ...base,
          status: 'rated',
          rating: j.rating,
          source: 'judged',
          rationale: j.rationale ?? null,
          reason: `Judged ${labelOf(f, j.rating)} by the ratings panel.`,
        });
      }

      // Case-based: each key question over the cases of this standard's type; n/a excluded.
      const nCases = casesOfType.get(s.caseType!) ?? 0;
      const kqs: KeyQuestionResult[] = s.keyQuestions.map((k) => {
        const t = tally.get(k.id) ?? { yes: 0, no: 0, na: 0 };
        const { yes, no, na } = t;
        const unanswered = nCases - yes - no - na;
        const applicable = yes + no;
        return {
          id: k.id,
          text: k.text,
          yes,
          no,
          na,
          unanswered,
          applicable,
          percent: applicable ? (yes * 100) / applicable : null,
        };
      });
      const withData = kqs.filter((k) => k.applicable > 0);
      const scoring = f.scoring!;
      if (withData.length === 0) {
        const why =
          nCases === 0
            ? `the sample has no ${caseTypes.get(s.caseType!) ?? s.caseType} cases`
            : 'no key question applied to any case';
        if (input.overrides[s.id])
          err(`overrides.${s.id}`, `standard ${s.id} (${s.name}) cannot be overridden: it is not rated because ${why}`);
        return finish({
          ...base,
          keyQuestions: kqs,
          status: 'not_rated',
          rating: null,
          source: null,
          reason: `Not rated: ${why}.`,
        });
      }
      // Lowest key question decides; on a tie, the first in framework order (stable, explainable).
      const lowest = withData.reduce((lo, k) => (k.yes * lo.applicable < lo.yes * k.applicable ? k : lo));
      const band = bandFor(scoring, lowest.yes, lowest.applicable);
      const computed = band.rating;
      const reason =
        `Lowest key question ${lowest.id} at ${pct(scoring, lowest.percent!)} (${lowest.yes} of ${lowest.applicable} cases); ` +
        `${bandRange(scoring, band.index)} gives ${labelOf(f, computed)}.`;
      if (nCases < minimumOf(s)) {
        const shortfall = `the sample has ${nCases} ${(caseTypes.get(s.caseType!) ?? '').toLowerCase()}s, below ${f.id}'s minimum of ${minimumOf(s)}`;
        const Shortfall = shortfall.charAt(0).toUpperCase() + shortfall.slice(1);
        warn(
          `sampling.${s.id}`,
          `standard ${s.id} (${s.name}): ${shortfall}; not rated from the cases, the panel must judge it with a rationale`,
        );
        const judged = input.judgements[s.id] ?? input.overrides[s.id];
        const path = input.judgements[s.id] ? 'judgements' : 'overrides';
        const shown = { ...base, keyQuestions: kqs, computedRating: computed, decidingKeyQuestion: lowest.id };
        if (judged && scale.has(judged.rating)) {
          const rationale = judged.rationale?.trim() ?? '';
          if (rationale)
            return finish({
              ...shown,
              status: 'rated',
              rating: judged.rating,
              source: 'judged',
              rationale,
              reason: `${reason} ${Shortfall}, so the panel judged it ${labelOf(f, judged.rating)}: ${rationale}`,
            });
          err(`${path}.${s.id}.rationale`, `the panel's judgement of ${s.id} needs a rationale: ${shortfall}`);
        }
        return finish({
          ...shown,
          status: 'awaiting_judgement',
          rating: null,
          source: null,
          reason: `${reason} ${Shortfall}: awaiting the ratings panel’s judgement, with a rationale.`,
        });
      }
      const o = input.overrides[s.id];
      if (o && scale.has(o.rating)) {
        const steps = Math.abs(rankOf(f, o.rating) - rankOf(f, computed));
        if (steps > scoring.maxOverrideSteps) {
          err(
            `overrides.${s.id}.rating`,
            `override of ${s.id} from ${labelOf(f, computed)} to ${labelOf(f, o.rating)} moves ${steps} bands; ` +
              `${f.id} allows the panel to move a computed rating at most ${scoring.maxOverrideSteps} ` +
              `band${scoring.maxOverrideSteps === 1 ? '' : 's'}`,
          );
        } else if (o.rating !== computed) {
          return finish({
            ...base,
            keyQuestions: kqs,
            status: 'rated',
            rating: o.rating,
            source: 'override',
            computedRating: computed,
            decidingKeyQuestion: lowest.id,
            rationale: o.rationale,
            reason: `${reason} Panel override to ${labelOf(f, o.rating)}: ${o.rationale}`,
          });
        }
      }
      return finish({
        ...base,
        keyQuestions: kqs,
        status: 'rated',
        rating: computed,
        source: 'computed',
        computedRating: computed,
        decidingKeyQuestion: lowest.id,
        reason,
      });
    }),
  );

  // --- Score and overall ------------------------------------------------------------------
  const max = maxScore(f);
  const scored = results.filter((r) => r.countsToScore);
  const allScoredRated = scored.every((r) => r.status === 'rated');
  const score = max !== null && allScoredRated ? { total: scored.reduce((t, r) => t + (r.points ?? 0), 0), max } : null;
  const overall = overallRating(f, results, score, input, err, checkRating, (r) => scale.has(r));
  return { frameworkId: f.id, frameworkVersion: f.version, standards: results, score, overall, problems };
}

function overallRating(
  f: Framework,
  results: StandardRating[],
  score: { total: number; max: number } | null,
  input: RateInput,
  err: (path: string, message: string) => void,
  checkRating: (path: string, rating: string) => boolean,
  scale: (rating: string) => boolean,
): OverallRating {
  const sc = f.scoring;
  if (!sc) {
    if (input.overall) err('overall', `${f.id} gives no overall rating`);
    return { status: 'not_applicable', rating: null, source: null, reason: `${f.name} gives no overall rating.` };
  }
  const panel = input.overall && checkRating('overall.rating', input.overall.rating) ? input.overall : undefined;
  if (sc.overall.method === 'judgement') {
    if (!panel)
      return {
        status: 'incomplete',
        rating: null,
        source: null,
        reason: 'Awaiting the ratings panel’s overall judgement.',
      };
    const bounds = sc.overall.judgementBounds;
    const rated = results.filter((r) => r.status === 'rated' && r.rating !== null && scale(r.rating));
    if (bounds && rated.length) {
      const ranks = rated.map((r) => rankOf(f, r.rating!));
      const best = Math.min(...ranks);
      const worst = Math.max(...ranks);
      const rank = rankOf(f, panel.rating);
      const caveat = 'unconfirmed' in bounds.basis ? ' (a rule not confirmed by a published source)' : '';
      const name = (i: number) => f.ratingScale[i]!.label;
      let outside: string | null = null;
      if (bounds.noBetterThanBestStandard && rank < best)
        outside = `an overall rating of ${name(rank)} is better than every standard (the best is ${name(best)}); under ${f.id} the overall rating is no better than the best standard rating${caveat}`;
      else if (bounds.noWorseThanWorstStandard && rank > worst)
        outside = `an overall rating of ${name(rank)} is worse than every standard (the worst is ${name(worst)}); under ${f.id} the overall rating is no worse than the worst standard rating${caveat}`;
      if (outside) {
        err('overall.rating', outside);
        return {
          status: 'incomplete',
          rating: null,
          source: null,
          reason: `The panel’s judgement is refused: ${outside}.`,
        };
      }
    }
    return {
      status: 'rated',
      rating: panel.rating,
      source: 'judgement',
      reason: `Judged ${labelOf(f, panel.rating)} by the ratings panel: ${panel.rationale}`,
    };
  }
  const scored = results.filter((r) => r.countsToScore);
  const awaiting = scored.filter((r) => r.status === 'awaiting_judgement').map((r) => r.standardId);
  const notRated = scored.filter((r) => r.status === 'not_rated').map((r) => r.standardId);
  if (awaiting.length) {
    return {
      status: 'incomplete',
      rating: null,
      source: null,
      reason: `Awaiting judgements for ${awaiting.join(', ')}.`,
    };
  }
  if (notRated.length) {
    if (panel) {
      return {
        status: 'rated',
        rating: panel.rating,
        source: 'panel_decision',
        reason: `Scored standard${notRated.length > 1 ? 's' : ''} ${notRated.join(', ')} could not be rated, so the panel decided: ${panel.rationale}`,
      };
    }
    return {
      status: 'panel_decision_required',
      rating: null,
      source: null,
      reason: `Scored standard${notRated.length > 1 ? 's' : ''} ${notRated.join(', ')} could not be rated; the overall rating needs a panel decision.`,
    };
  }
  if (panel)
    err(
      'overall',
      'the overall rating is computed from the score; a panel decision is only accepted when a scored standard cannot be rated',
    );
  const total = score!.total;
  let rating = overallForScore(f, total)!;
  let reason = `Score ${total}/${score!.max} falls in the ${labelOf(f, rating)} band.`;
  for (const cap of sc.caps) {
    const hit = results.some((r) => r.rating === cap.ifAnyStandardRated);
    if (hit && rankOf(f, rating) < rankOf(f, cap.overallAtMost)) {
      reason += ` Capped at ${labelOf(f, cap.overallAtMost)} because a standard is rated ${labelOf(f, cap.ifAnyStandardRated)}.`;
      rating = cap.overallAtMost;
    }
  }
  return { status: 'rated', rating, source: 'score_bands', reason };
}
