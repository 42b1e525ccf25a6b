import { RuleError } from './errors.ts';
import { maxScore, samplingFor, type Framework, type RatingId, type Scoring, type Standard } from './framework.ts';
import type { Problem } from './result.ts';
import type { RateInput } from './rate-input.ts';

/**
 * The rating engine: from case answers and panel decisions to standard ratings, a score and
 * an overall rating, each with the reason that produced it. Total: it never throws on
 * well-typed input; anything inconsistent with the framework comes back as a problem.
 */

export interface EngineProblem extends Problem {
  severity: 'error' | 'warning';
}

export interface KeyQuestionResult {
  id: string;
  text: string;
  yes: number;
  no: number;
  na: number;
  unanswered: number;
  /** Cases where the question applied (yes + no): the denominator. */
  applicable: number;
  /** Exact share of applicable cases answered yes, 0–100; null when no case applied. */
  percent: number | null;
}

export type StandardStatus = 'rated' | 'not_rated' | 'awaiting_judgement';
export type RatingSource = 'computed' | 'judged' | 'override';

export interface StandardRating {
  standardId: string;
  name: string;
  domainId: string;
  method: Standard['method'];
  countsToScore: boolean;
  status: StandardStatus;
  rating: RatingId | null;
  source: RatingSource | null;
  /** For case-based standards, the banded rating before any override. */
  computedRating: RatingId | null;
  decidingKeyQuestion: string | null;
  reason: string;
  rationale: string | null;
  keyQuestions: KeyQuestionResult[];
  points: number | null;
}

export type OverallStatus = 'rated' | 'incomplete' | 'panel_decision_required' | 'not_applicable';

export interface OverallRating {
  status: OverallStatus;
  rating: RatingId | null;
  source: 'score_bands' | 'judgement' | 'panel_decision' | null;
  reason: string;
}

export interface InspectionRating {
  frameworkId: string;
  frameworkVersion: string;
  standards: StandardRating[];
  score: { total: number; max: number } | null;
  overall: OverallRating;
  problems: EngineProblem[];
}

/**
 * A key question's share as shown (on the panel page, public pages, the report, and reasons): by
 * the framework's one rule (`scoring.percentShown`), so the figure never contradicts its band. Where
 * banding uses the exact share it is cut down to the places shown (64.705…% is 64.7%, 79.96% is 79.9%);
 * where banding rounds to a whole number first, it is that rounded number.
 */
export function percentShown(scoring: Pick<Scoring, 'percentShown' | 'roundBeforeBanding'>, percent: number): string {
  if (scoring.roundBeforeBanding) return `${Math.round(percent)}%`;
  const scale = 10 ** scoring.percentShown.decimals;
  // The small allowance keeps a share that is exactly on a figure (e.g. 2 of 5) from being cut below it.
  return `${Math.floor(percent * scale + 1e-9) / scale}%`;
}

/** "11 of 17, 64.7%": the fraction a share comes from and the share by the framework's rule. */
export function shareShown(
  scoring: Pick<Scoring, 'percentShown' | 'roundBeforeBanding'> | null | undefined,
  yes: number,
  applicable: number,
): string {
  if (!applicable) return 'n/a';
  const percent = (yes * 100) / applicable;
  return `${yes} of ${applicable}, ${scoring ? percentShown(scoring, percent) : `${percent}%`}`;
}

/** Band for a percentage, using integer arithmetic for the exact test so 80% is never 79.999…%. */
export function bandFor(
  scoring: Pick<Scoring, 'caseBands' | 'roundBeforeBanding'>,
  yes: number,
  applicable: number,
): { rating: RatingId; index: number } {
  const rounded = Math.round((yes * 100) / applicable);
  const bands = scoring.caseBands;
  // The loader guarantees the last band starts at 0, so a valid framework always finds one.
  let i = 0;
  while (
    i < bands.length - 1 &&
    !(scoring.roundBeforeBanding
      ? rounded >= bands[i]!.atLeastPercent
      : yes * 100 >= bands[i]!.atLeastPercent * applicable)
  )
    i++;
  return { rating: scoring.caseBands[i]!.rating, index: i };
}

function bandRange(scoring: Scoring, index: number): string {
  const from = scoring.caseBands[index]!.atLeastPercent;
  const above = scoring.caseBands[index - 1]?.atLeastPercent;
  if (above === undefined) return `${from}% or more`;
  return from === 0 ? `below ${above}%` : `${from}% to under ${above}%`;
}

/** Overall rating for a total score from the framework's bands; null if no band covers it. */
export function overallForScore(f: Framework, total: number): RatingId | null {
  for (const b of f.scoring?.overall.bands ?? []) if (total >= b.from && total <= b.to) return b.rating;
  return null;
}

/**
 * A framework compiled once for rating (frameworks are immutable data): flat tables indexed by
 * position, so rating an inspection is one pass over the answers plus one over the standards.
 * Speed matters because the register re-rates every inspection it shows and imports (the target
 * in docs/performance.md is 50,000 inspections/s); the rules themselves are those of the plain
 * reference engine kept in test/helpers/engine-reference.ts, and a property test checks both agree.
 */
interface Plan {
  standards: Standard[];
  domainIds: string[];
  scale: Set<string>;
  scaleList: string;
  labels: Map<string, string>;
  ranks: Map<string, number>;
  caseTypeIndex: Map<string, number>;
  caseTypeLabels: string[];
  caseTypeList: string;
  byId: Map<string, Standard>;
  /** Every key question: its owning standard, and its tally slot (-1 when it is not case-rated). */
  kq: Map<string, { owner: Standard; ownerType: number; slot: number }>;
  /** Per case type: the case-rated key questions a complete case answers, in framework order. */
  expected: string[][];
  /** Per standard: first tally slot of its key questions (case-based standards only). */
  firstSlot: number[];
  slots: number;
  points: Record<string, number> | null;
  maxScore: number | null;
}

const plans = new WeakMap<Framework, Plan>();
function planOf(f: Framework): Plan {
  let plan = plans.get(f);
  if (plan) return plan;
  const standards: Standard[] = [];
  const domainIds: string[] = [];
  for (const d of f.domains) {
    for (const s of d.standards) {
      standards.push(s);
      domainIds.push(d.id);
    }
  }
  const caseTypeIndex = new Map(f.caseTypes.map((c, i) => [c.id, i]));
  const expected = f.caseTypes.map((): string[] => []);
  const kq = new Map<string, { owner: Standard; ownerType: number; slot: number }>();
  const firstSlot: number[] = [];
  let slots = 0;
  for (const s of standards) {
    const type = s.caseType ? (caseTypeIndex.get(s.caseType) ?? -1) : -1;
    const caseRated = s.method === 'case_lowest_key_question' && type >= 0;
    firstSlot.push(caseRated ? slots : -1);
    for (const k of s.keyQuestions) {
      kq.set(k.id, { owner: s, ownerType: type, slot: caseRated ? slots++ : -1 });
      if (caseRated) expected[type]!.push(k.id);
    }
  }
  plan = {
    standards,
    domainIds,
    scale: new Set(f.ratingScale.map((r) => r.id)),
    scaleList: f.ratingScale.map((r) => `"${r.id}"`).join(', '),
    labels: new Map(f.ratingScale.map((r) => [r.id, r.label])),
    ranks: new Map(f.ratingScale.map((r, i) => [r.id, i])),
    caseTypeIndex,
    caseTypeLabels: f.caseTypes.map((c) => c.label),
    caseTypeList: f.caseTypes.map((c) => c.id).join(', '),
    byId: new Map(standards.map((s) => [s.id, s])),
    kq,
    expected,
    firstSlot,
    slots,
    points: f.scoring?.points ?? null,
    maxScore: maxScore(f),
  };
  plans.set(f, plan);
  return plan;
}

const label = (p: Plan, rating: string) => p.labels.get(rating) ?? rating;
const typeLabel = (p: Plan, type: string) => {
  const i = p.caseTypeIndex.get(type);
  return i === undefined ? type : p.caseTypeLabels[i]!;
};
const err = (problems: EngineProblem[], path: string, message: string) =>
  problems.push({ path, message, severity: 'error' });

function checkRating(p: Plan, f: Framework, problems: EngineProblem[], path: string, rating: string): boolean {
  if (p.scale.has(rating)) return true;
  err(problems, path, `"${rating}" is not a rating in ${f.id} (expected one of: ${p.scaleList})`);
  return false;
}

/** The slow path for one case: which complete-case answers are missing, in framework order. */
function missingAnswers(p: Plan, type: number, answers: Record<string, string>): string[] {
  const missing: string[] = [];
  for (const id of p.expected[type]!) if (answers[id] === undefined) missing.push(id);
  return missing;
}

export function rateInspection(f: Framework, input: RateInput): InspectionRating {
  const p = planOf(f);
  const problems: EngineProblem[] = [];
  const nTypes = p.caseTypeLabels.length;
  // Tally: yes/no/na per case-rated key question; cases per type.
  const tally = new Int32Array(p.slots * 3);
  const casesOfType = new Int32Array(nTypes);

  // --- Check the input against the framework, counting answers in the same pass ---------------
  const cases = input.cases;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const type = p.caseTypeIndex.get(c.type);
    if (type === undefined) {
      err(
        problems,
        `cases.${i}.type`,
        `case "${c.ref}" has type "${c.type}", which ${f.id} does not use (expected one of: ${p.caseTypeList})`,
      );
      continue;
    }
    casesOfType[type]!++;
    const answers = c.answers;
    let present = 0;
    for (const kqId in answers) {
      const k = p.kq.get(kqId);
      if (k === undefined) {
        err(
          problems,
          `cases.${i}.answers.${kqId}`,
          `case "${c.ref}" answers "${kqId}", which is not a key question in ${f.id}`,
        );
        continue;
      }
      if (k.ownerType !== type) {
        const owner = k.owner.caseType;
        err(
          problems,
          `cases.${i}.answers.${kqId}`,
          `case "${c.ref}" is a ${p.caseTypeLabels[type]} case but key question ${kqId} applies to ` +
            `${owner ? typeLabel(p, owner) : 'no'} cases`,
        );
        continue;
      }
      if (k.slot < 0) continue; // a judgement standard's key question: allowed, never counted
      const a = answers[kqId];
      if (a === undefined) continue;
      present++;
      if (a === 'yes') tally[k.slot * 3]!++;
      else if (a === 'no') tally[k.slot * 3 + 1]!++;
      else if (a === 'na') tally[k.slot * 3 + 2]!++;
    }
    if (present < p.expected[type]!.length) {
      problems.push({
        path: `cases.${i}.answers`,
        message:
          `case "${c.ref}" has no answer for ${missingAnswers(p, type, answers).join(', ')}; ` +
          'left out of those percentages',
        severity: 'warning',
      });
    }
  }
  // A variant rates what its data says; the domains it does not rate are left unrated, from data.
  const variant = input.variant === undefined ? undefined : f.variants.find((v) => v.id === input.variant);
  if (input.variant !== undefined && !variant)
    err(
      problems,
      'variant',
      `"${input.variant}" is not a variant of ${f.id}` +
        (f.variants.length ? ` (expected one of: ${f.variants.map((v) => v.id).join(', ')})` : ''),
    );
  else if (variant && !variant.rates)
    err(problems, 'variant', `${variant.name}: ${f.id} records this variant but says nothing of what it rates`);
  const rates = variant?.rates;
  const unrated = (domainId: string) => !!rates && !rates.domains.includes(domainId);
  const sampling = samplingFor(f, input.fieldworkStart);
  const minimumFor = (s: Standard): number => {
    const size = s.caseType && sampling ? sampling.caseTypes[s.caseType] : undefined;
    return size ? size.min : 0;
  };
  const casesFor = (s: Standard): number => {
    const t = s.caseType ? p.caseTypeIndex.get(s.caseType) : undefined;
    return t === undefined ? 0 : casesOfType[t]!;
  };
  const notRatedHere = (s: Standard) => unrated(p.domainIds[p.standards.indexOf(s)]!);
  for (const sid in input.judgements) {
    const s = p.byId.get(sid);
    if (!s) err(problems, `judgements.${sid}`, `"${sid}" is not a standard in ${f.id}`);
    else if (notRatedHere(s))
      err(problems, `judgements.${sid}`, `standard ${sid} (${s.name}) is not rated in ${variant!.name.toLowerCase()}`);
    else if (s.method !== 'judgement' && casesFor(s) > 0 && casesFor(s) < minimumFor(s)) {
      // Below the minimum sample the panel judges a case-based standard: the judgement is its rating.
      checkRating(p, f, problems, `judgements.${sid}.rating`, input.judgements[sid]!.rating);
    } else if (s.method !== 'judgement') {
      err(
        problems,
        `judgements.${sid}`,
        `standard ${sid} (${s.name}) is rated from cases; record an override with a rationale instead of a judgement`,
      );
    } else checkRating(p, f, problems, `judgements.${sid}.rating`, input.judgements[sid]!.rating);
  }
  for (const sid in input.overrides) {
    const s = p.byId.get(sid);
    if (!s) err(problems, `overrides.${sid}`, `"${sid}" is not a standard in ${f.id}`);
    else if (notRatedHere(s))
      err(problems, `overrides.${sid}`, `standard ${sid} (${s.name}) is not rated in ${variant!.name.toLowerCase()}`);
    else if (s.method !== 'case_lowest_key_question') {
      err(
        problems,
        `overrides.${sid}`,
        `standard ${sid} (${s.name}) is a panel judgement; record the judgement itself instead of an override`,
      );
    } else checkRating(p, f, problems, `overrides.${sid}.rating`, input.overrides[sid]!.rating);
  }

  // --- Rate each standard ------------------------------------------------------------------------
  const results: StandardRating[] = new Array(p.standards.length);
  for (let si = 0; si < p.standards.length; si++) {
    const s = p.standards[si]!;
    if (unrated(p.domainIds[si]!)) {
      // The key questions' figures are still worked out: they are the findings of such an inspection.
      const figures =
        s.method === 'judgement'
          ? []
          : rateFromCases(p, f, s, p.domainIds[si]!, p.firstSlot[si]!, NO_DECISIONS, tally, casesOfType, [], 0)
              .keyQuestions;
      results[si] = standardRating(
        p,
        s,
        p.domainIds[si]!,
        'not_rated',
        null,
        null,
        `Not rated: ${variant!.name.toLowerCase()} does not rate this domain.`,
        figures,
      );
      continue;
    }
    results[si] =
      s.method === 'judgement'
        ? rateJudged(p, f, s, p.domainIds[si]!, input, casesOfType, problems)
        : rateFromCases(
            p,
            f,
            s,
            p.domainIds[si]!,
            p.firstSlot[si]!,
            input,
            tally,
            casesOfType,
            problems,
            minimumFor(s),
          );
  }

  // --- Score and overall ---------------------------------------------------------------------------
  let total = 0;
  let allScoredRated = true;
  for (const r of results) {
    if (!r.countsToScore) continue;
    if (r.status !== 'rated') allScoredRated = false;
    total += r.points ?? 0;
  }
  const score = p.maxScore !== null && allScoredRated && (!rates || rates.score) ? { total, max: p.maxScore } : null;
  if (rates && !rates.overall) {
    if (input.overall) err(problems, 'overall', `${variant!.name} gives no overall rating`);
    const overall: OverallRating = {
      status: 'not_applicable',
      rating: null,
      source: null,
      reason: `${variant!.name} gives no overall rating.`,
    };
    return { frameworkId: f.id, frameworkVersion: f.version, standards: results, score, overall, problems };
  }
  const overall = overallRating(p, f, results, score, input, problems);
  return { frameworkId: f.id, frameworkVersion: f.version, standards: results, score, overall, problems };
}

/** No judgements or overrides: the key questions' figures alone. */
const NO_DECISIONS: RateInput = { framework: '', cases: [], judgements: {}, overrides: {} };

function standardRating(
  p: Plan,
  s: Standard,
  domainId: string,
  status: StandardStatus,
  rating: RatingId | null,
  source: RatingSource | null,
  reason: string,
  keyQuestions: KeyQuestionResult[],
  computedRating: RatingId | null = null,
  decidingKeyQuestion: string | null = null,
  rationale: string | null = null,
): StandardRating {
  const points = rating !== null && s.countsToScore && p.points ? (p.points[rating] ?? null) : null;
  return {
    standardId: s.id,
    name: s.name,
    domainId,
    method: s.method,
    countsToScore: s.countsToScore,
    status,
    rating,
    source,
    computedRating,
    decidingKeyQuestion,
    reason,
    rationale,
    keyQuestions,
    points,
  };
}

function rateJudged(
  p: Plan,
  f: Framework,
  s: Standard,
  domainId: string,
  input: RateInput,
  casesOfType: Int32Array,
  problems: EngineProblem[],
): StandardRating {
  const j = input.judgements[s.id];
  const needed = s.requiresCasesOfType;
  if (needed) {
    const t = p.caseTypeIndex.get(needed);
    if (t === undefined || casesOfType[t] === 0) {
      const what = typeLabel(p, needed);
      if (j)
        err(
          problems,
          `judgements.${s.id}`,
          `standard ${s.id} (${s.name}) cannot be rated: the sample has no ${what} cases`,
        );
      return standardRating(p, s, domainId, 'not_rated', null, null, `Not rated: the sample has no ${what} cases.`, []);
    }
  }
  if (!j || !p.scale.has(j.rating)) {
    return s.optional
      ? standardRating(p, s, domainId, 'not_rated', null, null, 'Not judged in this inspection.', [])
      : standardRating(p, s, domainId, 'awaiting_judgement', null, null, 'Awaiting the ratings panel’s judgement.', []);
  }
  return standardRating(
    p,
    s,
    domainId,
    'rated',
    j.rating,
    'judged',
    `Judged ${label(p, j.rating)} by the ratings panel.`,
    [],
    null,
    null,
    j.rationale ?? null,
  );
}

function rateFromCases(
  p: Plan,
  f: Framework,
  s: Standard,
  domainId: string,
  first: number,
  input: RateInput,
  tally: Int32Array,
  casesOfType: Int32Array,
  problems: EngineProblem[],
  minimum: number,
): StandardRating {
  // Case-based: each key question over the cases of this standard's type; n/a excluded.
  const t = s.caseType ? p.caseTypeIndex.get(s.caseType) : undefined;
  const nCases = t === undefined ? 0 : casesOfType[t]!;
  const kqs: KeyQuestionResult[] = new Array(s.keyQuestions.length);
  let lowest: KeyQuestionResult | null = null;
  for (let i = 0; i < s.keyQuestions.length; i++) {
    const k = s.keyQuestions[i]!;
    const at = (first + i) * 3;
    const yes = first < 0 ? 0 : tally[at]!;
    const no = first < 0 ? 0 : tally[at + 1]!;
    const na = first < 0 ? 0 : tally[at + 2]!;
    const applicable = yes + no;
    const r: KeyQuestionResult = {
      id: k.id,
      text: k.text,
      yes,
      no,
      na,
      unanswered: nCases - yes - no - na,
      applicable,
      percent: applicable ? (yes * 100) / applicable : null,
    };
    kqs[i] = r;
    // Lowest key question decides; on a tie, the first in framework order (stable, explainable).
    if (applicable > 0 && (lowest === null || yes * lowest.applicable < lowest.yes * applicable)) lowest = r;
  }
  if (lowest === null) {
    const why =
      nCases === 0 ? `the sample has no ${typeLabel(p, s.caseType!)} cases` : 'no key question applied to any case';
    if (input.overrides[s.id])
      err(
        problems,
        `overrides.${s.id}`,
        `standard ${s.id} (${s.name}) cannot be overridden: it is not rated because ${why}`,
      );
    return standardRating(p, s, domainId, 'not_rated', null, null, `Not rated: ${why}.`, kqs);
  }
  const scoring = f.scoring!;
  const band = bandFor(scoring, lowest.yes, lowest.applicable);
  const computed = band.rating;
  const reason =
    `Lowest key question ${lowest.id} at ${percentShown(scoring, lowest.percent!)} ` +
    `(${lowest.yes} of ${lowest.applicable} cases); ` +
    `${bandRange(scoring, band.index)} gives ${label(p, computed)}.`;
  if (nCases < minimum)
    return belowMinimum(p, f, s, domainId, input, problems, kqs, computed, lowest.id, reason, nCases, minimum);
  const o = input.overrides[s.id];
  if (o && p.scale.has(o.rating)) {
    const tooFar = overrideStepsViolation(f, computed, o.rating);
    if (tooFar) {
      err(problems, `overrides.${s.id}.rating`, `override of ${s.id} ${tooFar}`);
    } else if (o.rating !== computed) {
      return standardRating(
        p,
        s,
        domainId,
        'rated',
        o.rating,
        'override',
        `${reason} Panel override to ${label(p, o.rating)}: ${o.rationale}`,
        kqs,
        computed,
        lowest.id,
        o.rationale,
      );
    }
  }
  return standardRating(p, s, domainId, 'rated', computed, 'computed', reason, kqs, computed, lowest.id);
}

/**
 * Why overriding a computed rating with `rating` moves it further than the framework allows
 * (`scoring.maxOverrideSteps` bands), or null when it does not. The engine and the panel's
 * decision use this one rule, so an override too far is refused when entered, not only warned of.
 */
export function overrideStepsViolation(f: Framework, computed: RatingId, rating: RatingId): string | null {
  const ranks = planOf(f).ranks;
  const allowed = f.scoring?.maxOverrideSteps;
  const from = ranks.get(computed);
  const to = ranks.get(rating);
  if (allowed === undefined || from === undefined || to === undefined) return null;
  const steps = Math.abs(to - from);
  if (steps <= allowed) return null;
  const p = planOf(f);
  return (
    `from ${label(p, computed)} to ${label(p, rating)} moves ${steps} bands; ` +
    `${f.id} allows the panel to move a computed rating at most ${allowed} band${allowed === 1 ? '' : 's'}`
  );
}

/** Refuses a panel override of a computed standard rating that moves it further than the framework allows. */
export function assertOverrideWithinSteps(f: Framework, standard: StandardRating, rating: RatingId): void {
  // Only a rating computed from enough cases is overridden; below the minimum sample the panel judges freely.
  if (standard.status !== 'rated' || standard.source === 'judged' || !standard.computedRating) return;
  const why = overrideStepsViolation(f, standard.computedRating, rating);
  if (why) throw new RuleError(`The override of ${standard.standardId} cannot be recorded: ${why}.`, 'rating');
}

/**
 * Fewer cases than the framework's minimum: the banded rating is shown but not applied; the panel
 * judges the standard (a judgement, or an override form, with a rationale either way).
 */
function belowMinimum(
  p: Plan,
  f: Framework,
  s: Standard,
  domainId: string,
  input: RateInput,
  problems: EngineProblem[],
  kqs: KeyQuestionResult[],
  computed: RatingId,
  deciding: string,
  reason: string,
  nCases: number,
  minimum: number,
): StandardRating {
  const what = `${typeLabel(p, s.caseType!)}s`.toLowerCase();
  const shortfall = `The sample has ${nCases} ${what}, below ${f.id}'s minimum of ${minimum}`;
  problems.push({
    path: `sampling.${s.id}`,
    message:
      `standard ${s.id} (${s.name}): ${shortfall.charAt(0).toLowerCase()}${shortfall.slice(1)}; ` +
      'not rated from the cases, the panel must judge it with a rationale',
    severity: 'warning',
  });
  const j = input.judgements[s.id];
  const o = input.overrides[s.id];
  const kind = j ? 'judgements' : 'overrides';
  const d = j ?? o;
  if (d && p.scale.has(d.rating)) {
    const rationale = d.rationale?.trim() ?? '';
    if (rationale) {
      return standardRating(
        p,
        s,
        domainId,
        'rated',
        d.rating,
        'judged',
        `${reason} ${shortfall}, so the panel judged it ${label(p, d.rating)}: ${rationale}`,
        kqs,
        computed,
        deciding,
        rationale,
      );
    }
    err(
      problems,
      `${kind}.${s.id}.rationale`,
      `the panel's judgement of ${s.id} needs a rationale: ${shortfall.toLowerCase()}`,
    );
  }
  return standardRating(
    p,
    s,
    domainId,
    'awaiting_judgement',
    null,
    null,
    `${reason} ${shortfall}: awaiting the ratings panel’s judgement, with a rationale.`,
    kqs,
    computed,
    deciding,
  );
}

/**
 * Why a panel's overall rating is outside the framework's bounds on that judgement, or null when
 * it is within them (or the framework sets none, or no standard is rated yet).
 */
export function overallBoundsViolation(
  f: Framework,
  standards: readonly { status: string; rating: RatingId | null }[],
  rating: RatingId,
): string | null {
  const bounds = f.scoring?.overall.judgementBounds;
  const ranks = new Map(f.ratingScale.map((r, i) => [r.id, i]));
  const rank = ranks.get(rating);
  if (!bounds || rank === undefined) return null;
  let best = -1;
  let worst = -1;
  for (const s of standards) {
    const r = s.status === 'rated' && s.rating !== null ? ranks.get(s.rating) : undefined;
    if (r === undefined) continue;
    if (best < 0 || r < best) best = r;
    if (r > worst) worst = r;
  }
  if (best < 0) return null;
  const labelAt = (i: number) => f.ratingScale[i]!.label;
  const why = 'unconfirmed' in bounds.basis ? ' (a rule not confirmed by a published source)' : '';
  if (bounds.noBetterThanBestStandard && rank < best)
    return (
      `an overall rating of ${labelAt(rank)} is better than every standard (the best is ${labelAt(best)}); ` +
      `under ${f.id} the overall rating is no better than the best standard rating${why}`
    );
  if (bounds.noWorseThanWorstStandard && rank > worst)
    return (
      `an overall rating of ${labelAt(rank)} is worse than every standard (the worst is ${labelAt(worst)}); ` +
      `under ${f.id} the overall rating is no worse than the worst standard rating${why}`
    );
  return null;
}

/** Refuses a panel's overall decision outside the framework's bounds, naming the rule it breaks. */
export function assertOverallWithinBounds(f: Framework, result: InspectionRating, rating: RatingId): void {
  const why = overallBoundsViolation(f, result.standards, rating);
  if (why) throw new RuleError(`The overall rating cannot be recorded: ${why}.`, 'overall-rating');
}

function overallRating(
  p: Plan,
  f: Framework,
  results: StandardRating[],
  score: { total: number; max: number } | null,
  input: RateInput,
  problems: EngineProblem[],
): OverallRating {
  const sc = f.scoring;
  if (!sc) {
    if (input.overall) err(problems, 'overall', `${f.id} gives no overall rating`);
    return { status: 'not_applicable', rating: null, source: null, reason: `${f.name} gives no overall rating.` };
  }
  const panel =
    input.overall && checkRating(p, f, problems, 'overall.rating', input.overall.rating) ? input.overall : undefined;
  if (sc.overall.method === 'judgement') {
    if (!panel)
      return {
        status: 'incomplete',
        rating: null,
        source: null,
        reason: 'Awaiting the ratings panel’s overall judgement.',
      };
    const outside = overallBoundsViolation(f, results, panel.rating);
    if (outside) {
      err(problems, 'overall.rating', outside);
      return {
        status: 'incomplete',
        rating: null,
        source: null,
        reason: `The panel’s judgement is refused: ${outside}.`,
      };
    }
    return {
      status: 'rated',
      rating: panel.rating,
      source: 'judgement',
      reason: `Judged ${label(p, panel.rating)} by the ratings panel: ${panel.rationale}`,
    };
  }
  let awaiting: string[] | undefined;
  let notRated: string[] | undefined;
  for (const r of results) {
    if (!r.countsToScore) continue;
    if (r.status === 'awaiting_judgement') (awaiting ??= []).push(r.standardId);
    else if (r.status === 'not_rated') (notRated ??= []).push(r.standardId);
  }
  if (awaiting) {
    return {
      status: 'incomplete',
      rating: null,
      source: null,
      reason: `Awaiting judgements for ${awaiting.join(', ')}.`,
    };
  }
  if (notRated) {
    const which = `Scored standard${notRated.length > 1 ? 's' : ''} ${notRated.join(', ')} could not be rated`;
    if (panel)
      return {
        status: 'rated',
        rating: panel.rating,
        source: 'panel_decision',
        reason: `${which}, so the panel decided: ${panel.rationale}`,
      };
    return {
      status: 'panel_decision_required',
      rating: null,
      source: null,
      reason: `${which}; the overall rating needs a panel decision.`,
    };
  }
  if (panel)
    err(
      problems,
      'overall',
      'the overall rating is computed from the score; ' +
        'a panel decision is only accepted when a scored standard cannot be rated',
    );
  const total = score!.total;
  let rating = overallForScore(f, total)!;
  let reason = `Score ${total}/${score!.max} falls in the ${label(p, rating)} band.`;
  for (const cap of sc.caps) {
    let hit = false;
    for (const r of results) if (r.rating === cap.ifAnyStandardRated) hit = true;
    if (hit && (p.ranks.get(rating) ?? -1) < (p.ranks.get(cap.overallAtMost) ?? -1)) {
      reason +=
        ` Capped at ${label(p, cap.overallAtMost)} ` +
        `because a standard is rated ${label(p, cap.ifAnyStandardRated)}.`;
      rating = cap.overallAtMost;
    }
  }
  return { status: 'rated', rating, source: 'score_bands', reason };
}

export const hasErrors = (r: InspectionRating) => r.problems.some((p) => p.severity === 'error');
