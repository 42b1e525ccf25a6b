import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertOverallWithinBounds,
  assertOverrideWithinSteps,
  bandFor,
  hasErrors,
  percentShown,
  shareShown,
  overallForScore,
  rateInspection,
  type InspectionRating,
} from '../../src/domain/engine.ts';
import { RuleError } from '../../src/domain/errors.ts';
import type { Framework } from '../../src/domain/framework.ts';
import { parseRateInput, type CaseRecord, type RateInput } from '../../src/domain/rate-input.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { rateInspection as referenceRate } from '../helpers/engine-reference.ts';

const fw = (id: string): Framework => frameworkRegistry().get(id)!;
const f2018 = fw('hmip-youth-2018');
const f2021 = fw('hmip-youth-2021');

const input = (over: Partial<RateInput> & { framework: string }): RateInput => ({
  cases: [],
  judgements: {},
  overrides: {},
  ...over,
});
const std = (r: InspectionRating, id: string) => r.standards.find((s) => s.standardId === id)!;

/** n cases of a type; key question kq answered yes for the first `yes`, no for the next `no`, n/a for the rest. */
function cases(type: string, n: number, answers: Record<string, [number, number]>, prefix = type): CaseRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    ref: `${prefix}-${i}`,
    type,
    answers: Object.fromEntries(
      Object.entries(answers).map(([k, [y, no]]) => [k, i < y ? 'yes' : i < y + no ? 'no' : 'na']),
    ),
  }));
}

const allJudgements = (f: Framework, rating: string) =>
  Object.fromEntries(
    f.domains
      .flatMap((d) => d.standards)
      .filter((s) => s.method === 'judgement' && !s.requiresCasesOfType)
      .map((s) => [s.id, { rating }]),
  );

function fullCourtAndOoc(f: Framework, yes: number, of: number) {
  const court = f.domains.find((d) => d.id === '2')!.standards.flatMap((s) => s.keyQuestions.map((k) => k.id));
  const ooc = f.domains
    .find((d) => d.id === '3')!
    .standards.filter((s) => s.method !== 'judgement')
    .flatMap((s) => s.keyQuestions.map((k) => k.id));
  return [
    ...cases('court', of, Object.fromEntries(court.map((k) => [k, [yes, of - yes] as [number, number]]))),
    ...cases('out_of_court', of, Object.fromEntries(ooc.map((k) => [k, [yes, of - yes] as [number, number]]))),
  ];
}

describe('published inspections as worked examples: score to overall rating', () => {
  const vectors: [string, number, string][] = [
    ['Bromley 07 Jan 2025', 33, 'outstanding'],
    ['Islington 20 Aug 2024', 34, 'outstanding'],
    ['Swindon 24 Jan 2023', 31, 'outstanding'],
    ['Westminster 17 Sep 2024', 29, 'good'],
    ['Newport 11 Jul 2024', 19, 'good'],
    ['Stockport 01 Nov 2022', 18, 'requires_improvement'],
    ['Kirklees 12 Oct 2021', 8, 'requires_improvement'],
    ['Reading 03 Dec 2024', 5, 'inadequate'],
    ['Slough 14 Jan 2025', 3, 'inadequate'],
  ];
  it.each(vectors)('%s: %i/36 is %s', (_name, score, rating) => {
    expect(overallForScore(f2021, score)).toBe(rating);
    expect(overallForScore(f2018, score)).toBe(rating);
  });
  it('puts the band edges where the data puts them (6/7, 18/19, 30/31)', () => {
    expect([6, 7, 18, 19, 30, 31].map((s) => overallForScore(f2021, s))).toEqual([
      'inadequate',
      'requires_improvement',
      'requires_improvement',
      'good',
      'good',
      'outstanding',
    ]);
  });
});

describe('example input files', () => {
  const load = (file: string) => {
    const parsed = parseRateInput(JSON.parse(readFileSync(`examples/${file}`, 'utf8')));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return rateInspection(fw(parsed.value.framework), parsed.value);
  };
  it('outstanding-33.json rates 33/36 Outstanding, resettlement Outstanding but not scored', () => {
    const r = load('outstanding-33.json');
    expect(r.problems).toEqual([]);
    expect(r.score).toEqual({ total: 33, max: 36 });
    expect(r.overall).toMatchObject({ status: 'rated', rating: 'outstanding', source: 'score_bands' });
    expect(std(r, '4.1')).toMatchObject({ rating: 'outstanding', points: null, countsToScore: false });
    expect(std(r, '2.2')).toMatchObject({ rating: 'good', decidingKeyQuestion: '2.2.3' });
  });
  it('requires-improvement-16.json rates 16/36 Requires improvement with Joint working from cases', () => {
    const r = load('requires-improvement-16.json');
    expect(r.score).toEqual({ total: 16, max: 36 });
    expect(r.overall.rating).toBe('requires_improvement');
    expect(std(r, '3.4')).toMatchObject({
      method: 'case_lowest_key_question',
      rating: 'requires_improvement',
      decidingKeyQuestion: '3.4.1',
    });
    expect(std(r, '2.2')).toMatchObject({ rating: 'inadequate', points: 0 });
  });
});

describe('case-based standards', () => {
  const rate = (yes: number, no: number, na = 0, f = f2021) =>
    rateInspection(
      f,
      input({
        framework: f.id,
        cases: cases('court', yes + no + na, { '2.1.1': [yes, no], '2.1.2': [yes + no, 0], '2.1.3': [yes + no, 0] }),
      }),
    );

  it.each([
    [80, 20, 'outstanding'],
    [79, 21, 'good'],
    [65, 35, 'good'],
    [64, 36, 'requires_improvement'],
    [50, 50, 'requires_improvement'],
    [49, 51, 'inadequate'],
    [0, 10, 'inadequate'],
  ])('%i yes of %i no: lowest key question decides → %s', (yes, no, rating) => {
    const s = std(rate(yes, no), '2.1');
    expect(s.rating).toBe(rating);
    expect(s.decidingKeyQuestion).toBe('2.1.1');
  });

  it('is exact at the threshold: 4 of 5 is 80%, Outstanding (no floating-point slip)', () => {
    expect(std(rate(4, 1), '2.1').rating).toBe('outstanding');
    expect(bandFor(f2021.scoring!, 13, 20).rating).toBe('good'); // 65%
    expect(bandFor(f2021.scoring!, 129, 200).rating).toBe('requires_improvement'); // 64.5%
  });

  it('rounds before banding only when the framework says so', () => {
    const rounding = { ...f2021.scoring!, roundBeforeBanding: true };
    expect(bandFor(rounding, 129, 200).rating).toBe('good'); // 64.5% rounds to 65%
    expect(bandFor(f2021.scoring!, 129, 200).rating).toBe('requires_improvement');
  });

  it('shows a share by the same rule as its band: 11 of 17 is 64.7% beside Requires improvement, never 65%', () => {
    const sc = f2021.scoring!;
    expect(bandFor(sc, 11, 17).rating).toBe('requires_improvement');
    expect(shareShown(sc, 11, 17)).toBe('11 of 17, 64.7%');
    expect(percentShown(sc, (2 * 100) / 3)).toBe('66.6%'); // cut down, not rounded up
    expect(percentShown(sc, 79.96)).toBe('79.9%'); // never shown at an edge it does not reach
    expect(percentShown(sc, 80)).toBe('80%');
    expect(shareShown(sc, 4, 5)).toBe('4 of 5, 80%');
    expect(shareShown(sc, 0, 0)).toBe('n/a');
    // Wherever it is shown, a share at or above a band edge is shown at or above it, and below it below it.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.nat(400), (applicable, y) => {
        const yes = y % (applicable + 1);
        const shown = Number(percentShown(sc, (yes * 100) / applicable).replace('%', ''));
        for (const b of sc.caseBands)
          expect(shown >= b.atLeastPercent).toBe(yes * 100 >= b.atLeastPercent * applicable);
      }),
    );
    // Where the framework bands on the rounded whole number, that number is what is shown.
    const rounding = { ...sc, roundBeforeBanding: true, percentShown: { ...sc.percentShown, decimals: 0 } };
    expect(percentShown(rounding, (129 * 100) / 200)).toBe('65%');
    expect(bandFor(rounding, 129, 200).rating).toBe('good');
  });

  it('states the lowest share in its reason by the framework rule', () => {
    const r = rateInspection(f2021, {
      ...input({ framework: f2021.id }),
      cases: cases('court', 18, { '2.1.1': [12, 6], '2.1.2': [18, 0], '2.1.3': [18, 0] }),
    });
    expect(std(r, '2.1').reason).toMatch(/^Lowest key question 2\.1\.1 at 66\.6% \(12 of 18 cases\)/);
  });

  it('excludes n/a answers from the denominator', () => {
    const r = rate(8, 2, 30);
    const kq = std(r, '2.1').keyQuestions.find((k) => k.id === '2.1.1')!;
    expect(kq).toMatchObject({ yes: 8, no: 2, na: 30, applicable: 10, percent: 80 });
    expect(std(r, '2.1').rating).toBe('outstanding');
  });

  it('reports which key question decided and why', () => {
    const s = std(rate(13, 7), '2.1');
    expect(s.reason).toContain('2.1.1');
    expect(s.reason).toContain('65%');
    expect(s.reason).toContain('Good');
  });

  it('counts only cases of the standard’s own type', () => {
    const r = rateInspection(
      f2021,
      input({
        framework: f2021.id,
        cases: [...cases('court', 10, { '2.1.1': [10, 0] }), ...cases('out_of_court', 10, { '3.1.1': [2, 8] })],
      }),
    );
    expect(std(r, '2.1').keyQuestions[0]!.applicable).toBe(10);
    expect(std(r, '2.1').rating).toBe('outstanding');
    expect(std(r, '3.1').rating).toBe('inadequate');
  });

  it('flags what cannot be rated: no out-of-court cases means 3.1–3.3 are not rated and the overall needs a panel decision', () => {
    const r = rateInspection(
      f2021,
      input({
        framework: f2021.id,
        cases: fullCourtAndOoc(f2021, 9, 10).filter((c) => c.type === 'court'),
        judgements: allJudgements(f2021, 'good'),
      }),
    );
    for (const id of ['3.1', '3.2', '3.3']) expect(std(r, id)).toMatchObject({ status: 'not_rated', rating: null });
    expect(std(r, '3.1').reason).toMatch(/no Out-of-court disposal cases/);
    expect(r.score).toBeNull();
    expect(r.overall).toMatchObject({ status: 'panel_decision_required', rating: null });
    expect(r.overall.reason).toContain('3.1, 3.2, 3.3');
  });

  it('accepts the panel’s overall decision when a scored standard cannot be rated, and only then', () => {
    const base = input({
      framework: f2021.id,
      cases: fullCourtAndOoc(f2021, 9, 10).filter((c) => c.type === 'court'),
      judgements: allJudgements(f2021, 'good'),
    });
    const decided = rateInspection(f2021, {
      ...base,
      overall: { rating: 'good', rationale: 'No out-of-court work in the period.' },
    });
    expect(decided.overall).toMatchObject({ status: 'rated', rating: 'good', source: 'panel_decision' });
    const full = input({
      framework: f2021.id,
      cases: fullCourtAndOoc(f2021, 9, 10),
      judgements: allJudgements(f2021, 'good'),
      overall: { rating: 'good', rationale: 'x' },
    });
    const r = rateInspection(f2021, full);
    expect(hasErrors(r)).toBe(true);
    expect(r.problems[0]!.path).toBe('overall');
  });
});

describe('panel judgements and overrides', () => {
  const base = () =>
    input({ framework: f2021.id, cases: fullCourtAndOoc(f2021, 9, 10), judgements: allJudgements(f2021, 'good') });

  it('applies an override one band away, with its rationale, and keeps the computed rating', () => {
    const r = rateInspection(f2021, {
      ...base(),
      overrides: {
        '2.1': {
          rating: 'good',
          rationale: 'Near the threshold; quality of analysis was weaker than the count suggests.',
        },
      },
    });
    expect(r.problems).toEqual([]);
    expect(std(r, '2.1')).toMatchObject({ rating: 'good', computedRating: 'outstanding', source: 'override' });
    expect(std(r, '2.1').reason).toContain('Panel override');
  });

  it('rejects an override two bands away (the framework allows one)', () => {
    const r = rateInspection(f2021, {
      ...base(),
      overrides: { '2.1': { rating: 'requires_improvement', rationale: 'x' } },
    });
    expect(hasErrors(r)).toBe(true);
    expect(r.problems.find((p) => p.path === 'overrides.2.1.rating')!.message).toMatch(/moves 2 bands.*at most 1/);
    expect(std(r, '2.1').rating).toBe('outstanding');
  });

  it('refuses a two-band override when it is entered, naming the rule; one band is allowed', () => {
    const rated = std(rateInspection(f2021, base()), '2.1');
    expect(rated.computedRating).toBe('outstanding');
    expect(() => assertOverrideWithinSteps(f2021, rated, 'good')).not.toThrow();
    let refused: unknown;
    try {
      assertOverrideWithinSteps(f2021, rated, 'requires_improvement');
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(RuleError);
    expect((refused as RuleError).message).toMatch(
      /2\.1 .*from Outstanding to Requires improvement moves 2 bands; hmip-youth-2021 allows .* at most 1 band\b/,
    );
  });

  it('needs a rationale for every override (input validation)', () => {
    const p = parseRateInput({ ...base(), overrides: { '2.1': { rating: 'good', rationale: '  ' } } });
    expect(p.ok).toBe(false);
    if (!p.ok)
      expect(p.problems[0]).toMatchObject({ path: 'overrides.2.1.rationale', message: 'a rationale is required' });
  });

  it('refuses a judgement on a case-based standard and an override on a judged one', () => {
    const r = rateInspection(f2021, {
      ...base(),
      judgements: { ...allJudgements(f2021, 'good'), '2.1': { rating: 'good' } },
      overrides: { '1.1': { rating: 'good', rationale: 'x' } },
    });
    const paths = r.problems.map((p) => p.path);
    expect(paths).toContain('judgements.2.1');
    expect(paths).toContain('overrides.1.1');
  });

  it('waits for missing judgements rather than guessing', () => {
    const judgements = allJudgements(f2021, 'good');
    delete judgements['1.2'];
    const r = rateInspection(f2021, { ...base(), judgements });
    expect(std(r, '1.2').status).toBe('awaiting_judgement');
    expect(r.overall).toMatchObject({ status: 'incomplete', rating: null });
    expect(r.overall.reason).toContain('1.2');
  });

  it('does not rate resettlement without resettlement cases, and does not count it when rated', () => {
    const without = rateInspection(f2021, {
      ...base(),
      judgements: { ...allJudgements(f2021, 'good'), '4.1': { rating: 'good' } },
    });
    expect(std(without, '4.1').status).toBe('not_rated');
    expect(hasErrors(without)).toBe(true);
    const withCases = rateInspection(f2021, {
      ...base(),
      cases: [...base().cases, ...cases('resettlement', 2, {})],
      judgements: { ...allJudgements(f2021, 'good'), '4.1': { rating: 'inadequate' } },
    });
    expect(std(withCases, '4.1')).toMatchObject({ rating: 'inadequate', points: null });
    const notRated = rateInspection(f2021, base());
    expect(withCases.score).toEqual(notRated.score);
    expect(withCases.overall.rating).toBe(notRated.overall.rating);
  });

  it('rejects ratings that are not on the framework’s scale', () => {
    const r = rateInspection(f2021, {
      ...base(),
      judgements: { ...allJudgements(f2021, 'good'), '1.1': { rating: 'satisfactory' } },
    });
    expect(r.problems.find((p) => p.path === 'judgements.1.1.rating')!.message).toMatch(
      /not a rating in hmip-youth-2021/,
    );
  });
});

describe('input that does not fit the framework', () => {
  it('names an unknown key question, a wrong case type and an answer for another case type', () => {
    const r = rateInspection(
      f2021,
      input({
        framework: f2021.id,
        cases: [
          { ref: 'A', type: 'court', answers: { '9.9.9': 'yes', '3.1.1': 'yes' } },
          { ref: 'B', type: 'custody', answers: {} },
        ],
      }),
    );
    const messages = r.problems.filter((p) => p.severity === 'error').map((p) => p.message);
    expect(messages.some((m) => m.includes('"9.9.9"'))).toBe(true);
    expect(messages.some((m) => m.includes('3.1.1') && m.includes('Out-of-court'))).toBe(true);
    expect(messages.some((m) => m.includes('"custody"'))).toBe(true);
  });
  it('warns, without failing, about unanswered key questions', () => {
    const r = rateInspection(
      f2021,
      input({ framework: f2021.id, cases: [{ ref: 'A', type: 'court', answers: { '2.1.1': 'yes' } }] }),
    );
    expect(hasErrors(r)).toBe(false);
    expect(r.problems.some((p) => p.severity === 'warning' && p.message.includes('2.1.2'))).toBe(true);
    expect(std(r, '2.1').keyQuestions[1]!.unanswered).toBe(1);
  });
  it('rejects duplicate case references and malformed answers at the boundary', () => {
    const dup = parseRateInput({
      framework: 'x',
      cases: [
        { ref: 'A', type: 'court', answers: {} },
        { ref: 'A', type: 'court', answers: {} },
      ],
    });
    expect(dup.ok).toBe(false);
    const bad = parseRateInput({ framework: 'x', cases: [{ ref: 'A', type: 'court', answers: { '2.1.1': 'maybe' } }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]!.path).toBe('cases.0.answers.2.1.1');
  });
});

describe('other frameworks', () => {
  it('2025: no score; the overall rating is the panel’s judgement', () => {
    const f = fw('hmip-youth-2025');
    const r = rateInspection(
      f,
      input({
        framework: f.id,
        cases: [
          ...cases('children', 14, { '2.1.1': [12, 2], '2.1.2': [11, 3], '2.1.3': [12, 2] }),
          ...cases('victims', 9, { 'V1.1': [5, 4], 'V1.2': [6, 3] }),
        ],
      }),
    );
    expect(r.score).toBeNull();
    expect(std(r, '2.1').rating).toBe('good');
    expect(std(r, 'V1').rating).toBe('requires_improvement');
    expect(r.overall.status).toBe('incomplete');
    const judged = rateInspection(
      f,
      input({
        framework: f.id,
        overall: { rating: 'good', rationale: 'Work with children is good; victims work requires improvement.' },
      }),
    );
    expect(judged.overall).toMatchObject({ status: 'rated', rating: 'good', source: 'judgement' });
  });
  it('2025 rates assessing, planning and implementation and delivery separately (Lambeth 2026 shape)', () => {
    const f = fw('hmip-youth-2025');
    const all = (n: number, yes: number) => ({
      [`${n}.1`]: [yes, 20 - yes],
      [`${n}.2`]: [yes, 20 - yes],
      [`${n}.3`]: [yes, 20 - yes],
    });
    const r = rateInspection(
      f,
      input({
        framework: f.id,
        cases: [
          ...cases('children', 20, { ...all(2.1, 14), ...all(2.2, 17), ...all(2.3, 18) } as Record<
            string,
            [number, number]
          >),
          ...cases('victims', 10, { 'V1.1': [6, 4], 'V1.2': [6, 4] }),
        ],
        overall: { rating: 'good', rationale: 'Strong casework; victims work requires improvement.' },
      }),
    );
    expect(['2.1', '2.2', '2.3', 'V1'].map((id) => std(r, id).rating)).toEqual([
      'good',
      'outstanding',
      'outstanding',
      'requires_improvement',
    ]);
    expect(r.overall).toMatchObject({ status: 'rated', rating: 'good' });
    expect(hasErrors(r)).toBe(false);
  });
  it('does not rate a case standard from fewer cases than the minimum in force: the panel judges it, with a rationale', () => {
    const f = fw('hmip-youth-2025');
    const kids = cases('children', 14, {
      ...{ '2.1.1': [14, 0], '2.1.2': [14, 0], '2.1.3': [14, 0] },
      ...{ '2.2.1': [10, 4], '2.2.2': [10, 4], '2.2.3': [10, 4] },
    });
    // Launch figures (minimum 15) for fieldwork in 2025; revised (14) from 2026.
    const launch = rateInspection(f, input({ framework: f.id, fieldworkStart: '2025-06-02', cases: kids }));
    expect(std(launch, '2.1')).toMatchObject({
      status: 'awaiting_judgement',
      rating: null,
      computedRating: 'outstanding',
    });
    expect(std(launch, '2.1').reason).toMatch(/14 children's cases, below hmip-youth-2025's minimum of 15/);
    expect(launch.problems).toContainEqual(expect.objectContaining({ path: 'sampling.2.1', severity: 'warning' }));
    const revised = rateInspection(f, input({ framework: f.id, fieldworkStart: '2026-05-01', cases: kids }));
    expect(std(revised, '2.1')).toMatchObject({ status: 'rated', rating: 'outstanding', source: 'computed' });
    expect(revised.problems.some((p) => p.path.startsWith('sampling.'))).toBe(false);
    // The panel's decision: through the override form or as a judgement, never without a rationale.
    const judged = rateInspection(
      f,
      input({
        framework: f.id,
        fieldworkStart: '2025-06-02',
        cases: kids,
        overrides: { '2.1': { rating: 'requires_improvement', rationale: 'Small sample; safety work weak.' } },
        judgements: { '2.2': { rating: 'good' } },
      }),
    );
    expect(std(judged, '2.1')).toMatchObject({ status: 'rated', rating: 'requires_improvement', source: 'judged' });
    expect(std(judged, '2.2').status).toBe('awaiting_judgement');
    expect(judged.problems).toContainEqual(
      expect.objectContaining({ path: 'judgements.2.2.rationale', severity: 'error' }),
    );
  });
  it('refuses an overall judgement outside the bounds: never Outstanding when every standard is Inadequate', () => {
    const f = fw('hmip-youth-2025');
    const none = (ids: string[]) => Object.fromEntries(ids.map((k) => [k, [0, 20] as [number, number]]));
    const sample = [
      ...cases('children', 20, none(['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.3.1', '2.3.2', '2.3.3'])),
      ...cases('victims', 10, { 'V1.1': [0, 10], 'V1.2': [0, 10] }),
    ];
    const r = rateInspection(
      f,
      input({ framework: f.id, cases: sample, overall: { rating: 'outstanding', rationale: 'Kind words.' } }),
    );
    expect(r.standards.every((s) => s.rating === 'inadequate')).toBe(true);
    expect(r.overall).toMatchObject({ status: 'incomplete', rating: null });
    const e = r.problems.find((p) => p.path === 'overall.rating')!;
    expect(e.severity).toBe('error');
    expect(e.message).toMatch(/no better than the best standard rating/);
    expect(() => assertOverallWithinBounds(f, r, 'outstanding')).toThrow(RuleError);
    expect(() => assertOverallWithinBounds(f, r, 'outstanding')).toThrow(/no better than the best standard rating/);
    expect(() => assertOverallWithinBounds(f, r, 'inadequate')).not.toThrow();
    // Frameworks without bounds (score bands) accept what the engine accepts.
    expect(() => assertOverallWithinBounds(f2021, r, 'outstanding')).not.toThrow();
  });
  it('legacy FJI: areas judged on the four-word scale, no overall rating', () => {
    const f = fw('hmip-youth-fji');
    const r = rateInspection(
      f,
      input({ framework: f.id, judgements: { A1: { rating: 'satisfactory' }, A4: { rating: 'good' } } }),
    );
    expect(std(r, 'A1').rating).toBe('satisfactory');
    expect(std(r, 'A7').status).toBe('not_rated');
    expect(r.overall.status).toBe('not_applicable');
    expect(r.score).toBeNull();
  });
  it('applies a cap when a framework configures one (off in every shipped framework)', () => {
    expect([...frameworkRegistry().values()].every((f) => (f.scoring?.caps ?? []).length === 0)).toBe(true);
    const capped: Framework = {
      ...f2021,
      scoring: { ...f2021.scoring!, caps: [{ ifAnyStandardRated: 'inadequate', overallAtMost: 'good' }] },
    };
    const judgements = { ...allJudgements(f2021, 'outstanding'), '1.4': { rating: 'inadequate' } };
    const inp = input({ framework: f2021.id, cases: fullCourtAndOoc(f2021, 10, 10), judgements });
    const uncapped = rateInspection(f2021, inp);
    expect(uncapped.score!.total).toBe(33);
    expect(uncapped.overall.rating).toBe('outstanding');
    const r = rateInspection(capped, inp);
    expect(r.score!.total).toBe(33);
    expect(r.overall.rating).toBe('good');
    expect(r.overall.reason).toMatch(/Capped at Good/);
  });
});

describe('a variant of the method, applied from the framework’s data', () => {
  const small = f2018.variants.find((v) => v.id === 'small-yos')!;

  it('records the 2018 small-service variant with what it rates, marked unconfirmed where HMIP does not say', () => {
    expect(small.basis).toMatchObject({ source: 'small-yos' });
    expect(small.rates).toMatchObject({ domains: [], score: false, overall: false });
    expect(small.rates!.basis).toHaveProperty('unconfirmed');
  });

  it('small YOS (2018): no standard, score or overall rating, but every key question’s figures', () => {
    const full = rateInspection(
      f2018,
      input({ framework: f2018.id, cases: fullCourtAndOoc(f2018, 9, 10), judgements: allJudgements(f2018, 'good') }),
    );
    expect(full.overall.status).toBe('rated');
    const r = rateInspection(
      f2018,
      input({ framework: f2018.id, variant: 'small-yos', cases: fullCourtAndOoc(f2018, 9, 10) }),
    );
    expect(hasErrors(r)).toBe(false);
    expect(r.standards.every((x) => x.status === 'not_rated' && x.rating === null && x.points === null)).toBe(true);
    expect(std(r, '2.1').reason).toBe(
      'Not rated: inspection of small youth offending services does not rate this domain.',
    );
    // The figures the full method would band are kept: they are the inspection's findings.
    expect(std(r, '2.1').keyQuestions).toEqual(std(full, '2.1').keyQuestions);
    expect(std(r, '2.1').keyQuestions[0]).toMatchObject({ yes: 9, applicable: 10, percent: 90 });
    expect(r.score).toBeNull();
    expect(r.overall).toEqual({
      status: 'not_applicable',
      rating: null,
      source: null,
      reason: 'Inspection of small youth offending services gives no overall rating.',
    });
  });

  it('refuses a judgement, an override or an overall rating the variant does not give, and an unknown variant', () => {
    const r = rateInspection(
      f2018,
      input({
        framework: f2018.id,
        variant: 'small-yos',
        cases: fullCourtAndOoc(f2018, 9, 10),
        judgements: { '1.1': { rating: 'good' } },
        overrides: { '2.1': { rating: 'good', rationale: 'x' } },
        overall: { rating: 'good', rationale: 'x' },
      }),
    );
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.path)).toEqual([
      'judgements.1.1',
      'overrides.2.1',
      'overall',
    ]);
    expect(r.problems[0]!.message).toMatch(/is not rated in inspection of small youth offending services/);
    const unknown = rateInspection(f2018, input({ framework: f2018.id, variant: 'tiny' }));
    expect(unknown.problems[0]).toMatchObject({ path: 'variant', severity: 'error' });
    expect(unknown.problems[0]!.message).toContain('expected one of: small-yos');
    expect(rateInspection(f2021, input({ framework: f2021.id, variant: 'small-yos' })).problems[0]).toMatchObject({
      path: 'variant',
    });
  });

  it('rates the domains a variant lists, and no others: the rule is the data, not the framework’s name', () => {
    // A variant that rates domain 2 only, with a score but no overall rating (made up for the test).
    const partial: Framework = {
      ...f2018,
      variants: [
        {
          ...small,
          id: 'court-only',
          name: 'Court work only',
          rates: { domains: ['2'], score: true, overall: false, basis: { unconfirmed: 'test' } },
        },
      ],
    };
    const r = rateInspection(
      partial,
      input({ framework: f2018.id, variant: 'court-only', cases: fullCourtAndOoc(f2018, 9, 10) }),
    );
    expect(r.standards.filter((x) => x.domainId === '2').every((x) => x.status === 'rated')).toBe(true);
    expect(r.standards.filter((x) => x.domainId !== '2').every((x) => x.status === 'not_rated')).toBe(true);
    // The score needs every scored standard rated; domains 1 and 3 are not, so there is none.
    expect(r.score).toBeNull();
    expect(r.overall.status).toBe('not_applicable');
  });
});

describe('properties', () => {
  const answer = fc.constantFrom<'yes' | 'no' | 'na'>('yes', 'no', 'na');
  const courtKqs = f2021.domains.find((d) => d.id === '2')!.standards.flatMap((s) => s.keyQuestions.map((k) => k.id));
  const courtCase = fc.record({ answers: fc.tuple(...courtKqs.map(() => answer)) });
  const sample = fc.array(courtCase, { minLength: 0, maxLength: 40 }).map((list) =>
    list.map((c, i): CaseRecord => ({
      ref: `C${i}`,
      type: 'court',
      answers: Object.fromEntries(courtKqs.map((k, j) => [k, c.answers[j]!])),
    })),
  );
  const rank = (r: string | null) => (r === null ? 99 : f2021.ratingScale.findIndex((x) => x.id === r));

  it('a case standard’s rating is the band of its lowest key question percentage', () => {
    fc.assert(
      fc.property(sample, (cs) => {
        const r = rateInspection(f2021, input({ framework: f2021.id, cases: cs }));
        for (const s of r.standards.filter((x) => x.method === 'case_lowest_key_question' && x.domainId === '2')) {
          const pcts = s.keyQuestions.filter((k) => k.percent !== null).map((k) => k.percent!);
          if (pcts.length === 0) expect(s.status).toBe('not_rated');
          else {
            const min = Math.min(...pcts);
            const expected = f2021.scoring!.caseBands.find((b) => min >= b.atLeastPercent - 1e-9)!.rating;
            expect(s.rating).toBe(expected);
            for (const k of s.keyQuestions) {
              if (k.percent !== null) expect(k.percent).toBeGreaterThanOrEqual(0);
              if (k.percent !== null) expect(k.percent).toBeLessThanOrEqual(100);
            }
          }
        }
      }),
    );
  });

  it('turning a "no" into a "yes" never makes a rating worse', () => {
    fc.assert(
      fc.property(sample, fc.nat(), (cs, pick) => {
        const noes = cs.flatMap((c, i) =>
          Object.entries(c.answers)
            .filter(([, a]) => a === 'no')
            .map(([k]) => [i, k] as const),
        );
        fc.pre(noes.length > 0);
        const [ci, kq] = noes[pick % noes.length]!;
        const better = cs.map((c, i) => (i === ci ? { ...c, answers: { ...c.answers, [kq]: 'yes' as const } } : c));
        const a = rateInspection(f2021, input({ framework: f2021.id, cases: cs }));
        const b = rateInspection(f2021, input({ framework: f2021.id, cases: better }));
        for (const s of a.standards) expect(rank(std(b, s.standardId).rating)).toBeLessThanOrEqual(rank(s.rating));
      }),
    );
  });

  it('adding not-applicable answers and reordering cases change nothing', () => {
    fc.assert(
      fc.property(sample, fc.nat({ max: 10 }), (cs, extra) => {
        const padded = [...cs].reverse().concat(
          Array.from({ length: extra }, (_, i) => ({
            ref: `N${i}`,
            type: 'court',
            answers: Object.fromEntries(courtKqs.map((k) => [k, 'na' as const])),
          })),
        );
        const a = rateInspection(f2021, input({ framework: f2021.id, cases: cs }));
        const b = rateInspection(f2021, input({ framework: f2021.id, cases: padded }));
        expect(b.standards.map((s) => [s.rating, s.keyQuestions.map((k) => k.percent)])).toEqual(
          a.standards.map((s) => [s.rating, s.keyQuestions.map((k) => k.percent)]),
        );
      }),
    );
  });

  it('under the small-service variant, whatever the answers: nothing rated, the figures as the full method’s', () => {
    const answer2018 = fc.constantFrom<'yes' | 'no' | 'na'>('yes', 'no', 'na');
    const court2018 = f2018.domains
      .find((d) => d.id === '2')!
      .standards.flatMap((s) => s.keyQuestions.map((k) => k.id));
    fc.assert(
      fc.property(fc.array(fc.tuple(...court2018.map(() => answer2018)), { maxLength: 30 }), (rows) => {
        const cs: CaseRecord[] = rows.map((a, i) => ({
          ref: `C${i}`,
          type: 'court',
          answers: Object.fromEntries(court2018.map((k, j) => [k, a[j]!])),
        }));
        const full = rateInspection(f2018, input({ framework: f2018.id, cases: cs }));
        const small = rateInspection(f2018, input({ framework: f2018.id, variant: 'small-yos', cases: cs }));
        expect(small.standards.every((x) => x.status === 'not_rated' && x.rating === null)).toBe(true);
        expect(small.score).toBeNull();
        expect(small.overall.rating).toBeNull();
        expect(small.standards.map((x) => x.keyQuestions)).toEqual(full.standards.map((x) => x.keyQuestions));
        expect(hasErrors(small)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('the score is the sum of points, within 0–36, and the overall rating is its band', () => {
    const rating = fc.constantFrom('outstanding', 'good', 'requires_improvement', 'inadequate');
    const judged = f2021.domains
      .flatMap((d) => d.standards)
      .filter((s) => s.method === 'judgement' && !s.requiresCasesOfType)
      .map((s) => s.id);
    fc.assert(
      fc.property(fc.tuple(...judged.map(() => rating)), fc.integer({ min: 0, max: 10 }), (ratings, yes) => {
        const judgements = Object.fromEntries(judged.map((id, i) => [id, { rating: ratings[i]! }]));
        const r = rateInspection(
          f2021,
          input({ framework: f2021.id, cases: fullCourtAndOoc(f2021, yes, 10), judgements }),
        );
        const sum = r.standards.filter((s) => s.countsToScore).reduce((t, s) => t + (s.points ?? 0), 0);
        expect(r.score).toEqual({ total: sum, max: 36 });
        expect(sum).toBeGreaterThanOrEqual(0);
        expect(sum).toBeLessThanOrEqual(36);
        expect(r.overall.rating).toBe(overallForScore(f2021, sum));
      }),
    );
  });

  it('never throws on any well-typed input, whatever the ids and answers', () => {
    const anyCase = fc.record({
      ref: fc.string({ minLength: 1 }),
      type: fc.constantFrom('court', 'out_of_court', 'resettlement', 'bogus'),
      answers: fc.dictionary(fc.constantFrom('2.1.1', '3.1.1', '1.1.1', 'x'), answer),
    });
    fc.assert(
      fc.property(
        fc.array(anyCase, { maxLength: 10 }),
        fc.dictionary(
          fc.constantFrom('1.1', '2.1', '4.1', 'zz'),
          fc.record({ rating: fc.constantFrom('good', 'nope') }),
        ),
        (cs, judgements) => {
          const r = rateInspection(f2021, input({ framework: f2021.id, cases: cs, judgements }));
          expect(r.standards).toHaveLength(13);
        },
      ),
    );
  });
});

describe('the 2025 overall judgement', () => {
  it('is accepted exactly when it lies between the worst and the best rated standard', () => {
    const f = fw('hmip-youth-2025');
    const scale = f.ratingScale.map((r) => r.id);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...scale), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...scale),
        (ratings, overall) => {
          const standards = ratings.map((rating) => ({ status: 'rated', rating }));
          const ranks = ratings.map((x) => scale.indexOf(x));
          const within = scale.indexOf(overall) >= Math.min(...ranks) && scale.indexOf(overall) <= Math.max(...ranks);
          const fake = { standards } as unknown as InspectionRating;
          if (within) expect(() => assertOverallWithinBounds(f, fake, overall)).not.toThrow();
          else expect(() => assertOverallWithinBounds(f, fake, overall)).toThrow(RuleError);
        },
      ),
    );
  });
});

describe('the fast engine agrees with the reference engine', () => {
  // test/helpers/engine-reference.ts is the first, plainly written engine: the specification the
  // optimised one (compiled plan, one pass over answers) must match on every input, errors included.
  const answer = fc.constantFrom<'yes' | 'no' | 'na'>('yes', 'no', 'na');
  for (const f of frameworkRegistry().values()) {
    const stds = f.domains.flatMap((d) => d.standards);
    const kqIds = [...stds.flatMap((s) => s.keyQuestions.map((k) => k.id)), 'not.a.question'];
    const ratings = [...f.ratingScale.map((r) => r.id), 'not-a-rating'];
    const sids = [...stds.map((s) => s.id), 'not-a-standard'];
    const types = [...f.caseTypes.map((c) => c.id), 'bogus'];
    const anyCase = fc.record({
      ref: fc.string({ minLength: 1, maxLength: 4 }),
      type: fc.constantFrom(...types),
      answers: fc.dictionary(fc.constantFrom(...kqIds), answer, { maxKeys: kqIds.length }),
    });
    const decision = fc.record({
      rating: fc.constantFrom(...ratings),
      rationale: fc.constantFrom('because', 'evidence'),
    });
    const anyInput = fc.record({
      cases: fc.array(anyCase, { maxLength: 25 }),
      judgements: fc.dictionary(
        fc.constantFrom(...sids),
        fc.record({ rating: fc.constantFrom(...ratings) }, { requiredKeys: ['rating'] }),
      ),
      overrides: fc.dictionary(fc.constantFrom(...sids), decision),
      overall: fc.option(decision, { nil: undefined }),
      fieldworkStart: fc.option(fc.constantFrom('2019-01-01', '2025-06-02', '2026-05-01'), { nil: undefined }),
    });
    it(`on ${f.id}`, () => {
      fc.assert(
        fc.property(anyInput, ({ cases, judgements, overrides, overall, fieldworkStart }) => {
          const i: RateInput = {
            framework: f.id,
            cases,
            judgements,
            overrides,
            ...(overall ? { overall } : {}),
            ...(fieldworkStart ? { fieldworkStart } : {}),
          };
          expect(rateInspection(f, i)).toEqual(referenceRate(f, i));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('on complete, realistic samples (mostly valid answers for every key question)', () => {
    const f = f2021;
    const stds = f.domains.flatMap((d) => d.standards);
    const kqsOf = (type: string) =>
      stds.filter((s) => s.caseType === type).flatMap((s) => s.keyQuestions.map((k) => k.id));
    const realCase = fc
      .constantFrom('court', 'out_of_court', 'resettlement')
      .chain((type) =>
        fc
          .tuple(...kqsOf(type).map(() => answer))
          .map((as) => ({ ref: 'c', type, answers: Object.fromEntries(kqsOf(type).map((k, j) => [k, as[j]!])) })),
      );
    const judged = stds.filter((s) => s.method === 'judgement');
    fc.assert(
      fc.property(
        fc.array(realCase, { maxLength: 60 }),
        fc.tuple(...judged.map(() => fc.constantFrom('outstanding', 'good', 'requires_improvement', 'inadequate'))),
        (cases, rs) => {
          const i = input({
            framework: f.id,
            cases,
            judgements: Object.fromEntries(judged.map((s, j) => [s.id, { rating: rs[j]! }])),
          });
          expect(rateInspection(f, i)).toEqual(referenceRate(f, i));
        },
      ),
      { numRuns: 300 },
    );
  });
});
