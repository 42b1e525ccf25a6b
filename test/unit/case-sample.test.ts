import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, drawReplacement, drawSample, prng, sampleSize, stratumKey } from '../../src/domain/case-sample.ts';
import { samplingFor, type SampleRule } from '../../src/domain/framework.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';

const scale = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const runs = 60 * scale;

/** A rule with a generated size table and one or two stratification fields. */
const ruleArb = fc
  .record({
    steps: fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
    sizes: fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 6, maxLength: 6 }),
    allFirst: fc.boolean(),
    second: fc.boolean(),
    minPerStratum: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ steps, sizes, allFirst, second, minPerStratum }): SampleRule => {
    const ups = [...steps].sort((a, b) => a - b);
    return {
      caseType: 'children',
      sizeByCaseload: [
        ...ups.map((u, i) => ({ caseloadUpTo: u, size: i === 0 && allFirst ? ('all' as const) : sizes[i]! })),
        { caseloadUpTo: null, size: sizes[5]! },
      ],
      stratifyBy: [
        {
          field: 'disposal_type',
          label: 'Disposal type',
          values: [
            { id: 'court', label: 'Court' },
            { id: 'out_of_court', label: 'Out of court' },
          ],
        },
        ...(second
          ? [
              {
                field: 'risk',
                label: 'Risk',
                values: [
                  { id: 'high', label: 'High' },
                  { id: 'low', label: 'Low' },
                ],
              },
            ]
          : []),
      ],
      minPerStratum,
      basis: { unconfirmed: 'test rule' },
    };
  });

const casesArb = fc
  .uniqueArray(
    fc.record({
      caseId: fc.stringMatching(/^[A-Z][0-9]{1,5}$/),
      court: fc.boolean(),
      high: fc.boolean(),
    }),
    { selector: (c) => c.caseId, minLength: 0, maxLength: 400 },
  )
  .map((cs) =>
    cs.map((c) => ({
      caseId: c.caseId,
      strata: { disposal_type: c.court ? 'court' : 'out_of_court', risk: c.high ? 'high' : 'low' },
    })),
  );

const seedArb = fc.string({ minLength: 1, maxLength: 16 });

describe('drawing the case sample', () => {
  it('draws the same sample from the same seed and list, whatever order the rows come in', () => {
    fc.assert(
      fc.property(ruleArb, casesArb, seedArb, fc.integer(), (rule, cases, seed, shuffleSeed) => {
        const r = prng(String(shuffleSeed));
        const shuffled = [...cases].sort(() => r() - 0.5);
        expect(drawSample(rule, shuffled, seed)).toEqual(drawSample(rule, cases, seed));
      }),
      { numRuns: runs },
    );
  });

  it('takes the size the rule gives for the caseload (or more, only to hold each stratum’s minimum), without duplicates', () => {
    fc.assert(
      fc.property(ruleArb, casesArb, seedArb, (rule, cases, seed) => {
        const s = drawSample(rule, cases, seed);
        const want = sampleSize(rule, cases.length);
        const floors = s.strata.reduce((a, x) => a + Math.min(x.caseload, rule.minPerStratum), 0);
        expect(s.caseIds.length).toBe(Math.min(cases.length, Math.max(want, floors)));
        expect(new Set(s.caseIds).size).toBe(s.caseIds.length);
        const ids = new Set(cases.map((c) => c.caseId));
        for (const id of s.caseIds) expect(ids.has(id)).toBe(true);
      }),
      { numRuns: runs },
    );
  });

  it('shares the sample among strata in proportion, within rounding, after each stratum’s minimum', () => {
    fc.assert(
      fc.property(ruleArb, casesArb, seedArb, (rule, cases, seed) => {
        const s = drawSample(rule, cases, seed);
        const byId = new Map(cases.map((c) => [c.caseId, stratumKey(rule, c.strata)]));
        for (const st of s.strata) {
          const drawn = s.caseIds.filter((id) => byId.get(id) === st.key).length;
          expect(drawn).toBe(st.drawn);
          const floor = Math.min(st.caseload, rule.minPerStratum);
          const ideal = (st.caseload * s.size) / s.caseload;
          expect(drawn).toBeGreaterThanOrEqual(floor);
          expect(drawn).toBeLessThanOrEqual(st.caseload);
          // Never more than its share rounded up, unless its minimum asks for more.
          expect(drawn).toBeLessThanOrEqual(Math.max(floor, Math.ceil(ideal - 1e-9)));
          // With no minimum binding anywhere, every stratum is within one of its exact share.
          if (rule.minPerStratum === 0) expect(Math.abs(drawn - ideal)).toBeLessThan(1);
        }
      }),
      { numRuns: runs },
    );
  });

  it('draws differently with another seed (the seed, not the list order, decides)', () => {
    const rule = samplingFor(frameworkRegistry().get('hmip-youth-2025')!, '2026-11-01')!.draw!;
    const cases = Array.from({ length: 300 }, (_, i) => ({
      caseId: `C${String(i).padStart(4, '0')}`,
      strata: { disposal_type: i % 3 ? 'court' : 'out_of_court' },
    }));
    const a = drawSample(rule, cases, 'seed-a');
    const b = drawSample(rule, cases, 'seed-b');
    expect(a.size).toBe(b.size);
    expect(a.caseIds).not.toEqual(b.caseIds);
  });

  it('reads the 2025 framework’s table: every case up to the minimum, the maximum for the largest caseloads', () => {
    const f = frameworkRegistry().get('hmip-youth-2025')!;
    const rule = samplingFor(f, '2026-11-01')!;
    const { min, max } = rule.caseTypes.children!;
    expect(sampleSize(rule.draw!, min)).toBe(min);
    expect(sampleSize(rule.draw!, min - 3)).toBe(min - 3);
    expect(sampleSize(rule.draw!, min + 1)).toBe(min);
    expect(sampleSize(rule.draw!, 100_000)).toBe(max);
    // Sizes never fall as the caseload grows.
    let last = 0;
    for (let n = 1; n < 1000; n++) {
      const s = sampleSize(rule.draw!, n);
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });

  it('allocates 20 among 30 court and 10 out-of-court cases as 15 and 5, and lifts a tiny stratum to its minimum', () => {
    expect(allocate([30, 10], 20, 0)).toEqual([15, 5]);
    expect(allocate([98, 2], 10, 2)).toEqual([8, 2]);
    expect(allocate([98, 1], 10, 2)).toEqual([9, 1]);
    expect(allocate([5, 5], 4, 3)).toEqual([3, 3]);
  });
});

describe('drawing a replacement', () => {
  it('draws from the same stratum, never a case already drawn or set aside, and reproducibly', () => {
    fc.assert(
      fc.property(ruleArb, casesArb, seedArb, fc.nat(20), (rule, cases, seed, n) => {
        const s = drawSample(rule, cases, seed);
        if (!s.caseIds.length) return;
        const drawn = new Set(s.caseIds);
        const unusable = cases.find((c) => c.caseId === s.caseIds[0])!;
        const r = drawReplacement(rule, cases, unusable, drawn, seed, n);
        expect(drawReplacement(rule, cases, unusable, drawn, seed, n)).toBe(r);
        const left = cases.filter(
          (c) => !drawn.has(c.caseId) && stratumKey(rule, c.strata) === stratumKey(rule, unusable.strata),
        );
        if (!left.length) expect(r).toBeNull();
        else {
          expect(r).not.toBeNull();
          expect(drawn.has(r!)).toBe(false);
          expect(left.map((c) => c.caseId)).toContain(r);
        }
      }),
      { numRuns: runs },
    );
  });
});
