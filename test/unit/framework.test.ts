import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  distinctStandardNames,
  findStandardByName,
  maxScore,
  samplingFor,
  scoredStandards,
  standardsOf,
  validateFramework,
} from '../../src/domain/framework.ts';
import { FRAMEWORKS_DIR, FrameworkFileError, loadFrameworkFile, loadFrameworks } from '../../src/store/frameworks.ts';

const raw = (id: string) => JSON.parse(readFileSync(join(FRAMEWORKS_DIR, `${id}.json`), 'utf8'));

describe('framework files', () => {
  const all = loadFrameworks();
  it('loads and validates every shipped framework', () => {
    expect(all.map((f) => f.id)).toEqual([
      'hmip-youth-2018',
      'hmip-youth-2021',
      'hmip-youth-2025-full',
      'hmip-youth-2025',
      'hmip-youth-fji',
    ]);
  });
  it('names a standard that two domains share by its domain, and every other standard as the file does', () => {
    const names = distinctStandardNames(all.find((x) => x.id === 'hmip-youth-2021')!);
    expect(names.get('2.1')).toBe('Assessment (court disposals)');
    expect(names.get('3.1')).toBe('Assessment (out-of-court disposals)');
    expect(names.get('3.3')).toBe('Implementation and delivery (out-of-court disposals)');
    expect(names.get('1.1')).toBe('Governance and leadership');
    expect(names.get('3.4')).toBe('Out-of-court disposal policy and provision');
    for (const f of all) expect(new Set(distinctStandardNames(f).values()).size).toBe(standardsOf(f).length);
  });
  it('2018 has 12 scored standards including 3.4 Joint working, rated from out-of-court cases', () => {
    const f = all.find((x) => x.id === 'hmip-youth-2018')!;
    expect(scoredStandards(f)).toHaveLength(12);
    expect(maxScore(f)).toBe(36);
    expect(standardsOf(f).find((s) => s.id === '3.4')).toMatchObject({
      name: 'Joint working',
      method: 'case_lowest_key_question',
      caseType: 'out_of_court',
    });
  });
  it('2021 replaces 3.4 with out-of-court disposal policy and adds resettlement, rated but not scored', () => {
    const f = all.find((x) => x.id === 'hmip-youth-2021')!;
    expect(standardsOf(f)).toHaveLength(13);
    expect(scoredStandards(f)).toHaveLength(12);
    expect(standardsOf(f).find((s) => s.id === '3.4')!.name).toBe('Out-of-court disposal policy and provision');
    expect(standardsOf(f).find((s) => s.id === '4.1')).toMatchObject({
      countsToScore: false,
      requiresCasesOfType: 'resettlement',
    });
  });
  it('keeps thresholds, points and bands as data', () => {
    const f = all.find((x) => x.id === 'hmip-youth-2021')!;
    expect(f.scoring!.caseBands.map((b) => b.atLeastPercent)).toEqual([80, 65, 50, 0]);
    expect(f.scoring!.points).toEqual({ outstanding: 3, good: 2, requires_improvement: 1, inadequate: 0 });
    expect(f.scoring!.overall.bands.map((b) => [b.from, b.to])).toEqual([
      [31, 36],
      [19, 30],
      [7, 18],
      [0, 6],
    ]);
  });
  it('marks what is unknown, explicitly, in the 2025 framework', () => {
    const f = all.find((x) => x.id === 'hmip-youth-2025')!;
    expect(f.scoring!.points).toBeNull();
    expect(f.unknowns.map((u) => u.field)).toEqual(
      expect.arrayContaining(['scoring.points', 'scoring.overall.method']),
    );
    expect(
      standardsOf(f)
        .find((s) => s.id === 'V1')!
        .keyQuestions.map((k) => k.id),
    ).toEqual(['V1.1', 'V1.2']);
  });
  it('2025 has two kinds: the IYJWCV rates work with children and victims only; the full inspection adds organisational delivery', () => {
    const iy = all.find((x) => x.id === 'hmip-youth-2025')!;
    const full = all.find((x) => x.id === 'hmip-youth-2025-full')!;
    expect(iy.kind!.id).toBe('iyjwcv');
    expect(full.kind!.id).toBe('full');
    expect(iy.domains.map((d) => d.id)).toEqual(['2', 'V']);
    expect(full.domains.map((d) => d.id)).toEqual(['1', '2', 'V']);
    // South Tees: "good in five out of seven areas".
    expect(standardsOf(full)).toHaveLength(7);
    expect(iy.kind!.rates).toMatch(/considered through the work with children and are not rated/);
    for (const f of [iy, full]) {
      expect(f.domains.find((d) => d.id === '2')!.standards.map((s) => s.name)).toEqual([
        'Assessing',
        'Planning',
        'Implementation and delivery',
      ]);
      expect(findStandardByName(f, 'implementation and delivery')!.id).toBe('2.3');
      expect(findStandardByName(f, 'assessing')!.id).toBe('2.1');
    }
  });
  it('2025 keeps the launch and the revised sample sizes, each with its date and basis', () => {
    const f = all.find((x) => x.id === 'hmip-youth-2025')!;
    expect(f.sampling.map((v) => [v.from, v.caseTypes])).toEqual([
      ['2025-04-01', { children: { min: 15, max: 125 }, victims: { min: 9, max: 30 } }],
      ['2026-04-01', { children: { min: 14, max: 91 }, victims: { min: 9, max: 24 } }],
    ]);
    for (const v of f.sampling) {
      expect(v.basis).toMatchObject({ source: 'brazier-update' });
      expect('unconfirmed' in v.fromBasis).toBe(true);
    }
    expect(samplingFor(f, '2025-06-02')!.caseTypes.children!.min).toBe(15);
    expect(samplingFor(f, '2026-05-01')!.caseTypes.children!.min).toBe(14);
    expect(samplingFor(f)!.caseTypes.children!.min).toBe(14);
    expect(samplingFor(f, '2024-01-01')).toBeNull();
  });
  it('every framework fact added with a basis cites a source the file lists, with publisher, title and link', () => {
    for (const f of all) {
      for (const c of Object.values(f.citations)) {
        expect(c.publisher && c.title && c.url).toBeTruthy();
        expect(c.date !== null || !!c.dateNote).toBe(true);
      }
    }
    const f2025 = all.find((x) => x.id === 'hmip-youth-2025')!;
    expect('unconfirmed' in f2025.scoring!.overall.judgementBounds!.basis).toBe(true);
    const f2018 = all.find((x) => x.id === 'hmip-youth-2018')!;
    expect(f2018.variants.map((v) => v.id)).toEqual(['small-yos']);
    expect(f2018.variants[0]!.basis).toMatchObject({
      source: 'small-yos',
      quote: expect.stringMatching(/not.*rate the three domains/),
    });
  });
  it('refuses a basis that cites a source the file does not list, and sampling of an unknown case type', () => {
    const f = JSON.parse(readFileSync(join(FRAMEWORKS_DIR, 'hmip-youth-2025.json'), 'utf8'));
    f.sampling[0].basis.source = 'nowhere';
    f.sampling[1].caseTypes.court = { min: 3, max: 2 };
    const r = validateFramework(f);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.path)).toEqual(
        expect.arrayContaining([
          'sampling.0.basis.source',
          'sampling.1.caseTypes.court',
          'sampling.1.caseTypes.court.max',
        ]),
      );
  });
  it('refuses a variant that rates a domain the framework lacks, or an overall rating it cannot give', () => {
    const f = JSON.parse(readFileSync(join(FRAMEWORKS_DIR, 'hmip-youth-2018.json'), 'utf8'));
    f.variants[0].rates.domains = ['2', '9'];
    f.variants[0].rates.basis = { source: 'nowhere' };
    const r = validateFramework(f);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(['variants.0.rates.domains.1', 'variants.0.rates.basis.source']),
      );
    const fji = JSON.parse(readFileSync(join(FRAMEWORKS_DIR, 'hmip-youth-fji.json'), 'utf8'));
    fji.variants = [
      {
        id: 'v',
        name: 'V',
        description: 'd',
        basis: { unconfirmed: 'test' },
        rates: { domains: [], score: false, overall: true, basis: { unconfirmed: 'test' } },
      },
    ];
    const g = validateFramework(fji);
    expect(!g.ok && g.problems.map((p) => p.path)).toEqual(['variants.0.rates.overall']);
  });
  it('legacy FJI uses good/satisfactory/unsatisfactory/poor and no score, as HMIP stated the scale', () => {
    const f = all.find((x) => x.id === 'hmip-youth-fji')!;
    expect(f.ratingScale.map((r) => r.id)).toEqual(['good', 'satisfactory', 'unsatisfactory', 'poor']);
    expect(f.ratingScaleBasis).toMatchObject({
      source: 'bromley-2017-release',
      quote: 'There are four ratings which can be given: good, satisfactory, unsatisfactory and poor.',
    });
    expect(f.citations['bromley-2017-release']).toMatchObject({
      publisher: 'HM Inspectorate of Probation',
      date: '2017-06-13',
    });
    expect(f.scoring).toBeNull();
  });
  it('finds standards by published name, and refuses an ambiguous one', () => {
    const f = all.find((x) => x.id === 'hmip-youth-2018')!;
    expect(findStandardByName(f, 'Governance & Leadership')!.id).toBe('1.1');
    expect(findStandardByName(f, 'planning (court disposals)')!.id).toBe('2.2');
    expect(findStandardByName(f, 'reviewing')!.id).toBe('2.4');
    expect(findStandardByName(f, 'planning')).toBeUndefined();
  });
});

describe('framework validation', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test breaks the raw JSON in its own way
  const problems = (mutate: (f: any) => void) => {
    const f = raw('hmip-youth-2021');
    mutate(f);
    const r = validateFramework(f);
    return r.ok ? [] : r.problems;
  };
  it('names the field when a band leaves a gap in the score range', () => {
    const p = problems((f) => (f.scoring.overall.bands[1].from = 20));
    expect(
      p.some((x) => x.path.startsWith('scoring.overall.bands') && /expected a band starting at 19/.test(x.message)),
    ).toBe(true);
  });
  it('names a rating that is not on the scale', () => {
    expect(problems((f) => (f.scoring.caseBands[0].rating = 'excellent'))).toContainEqual({
      path: 'scoring.caseBands.0.rating',
      message: '"excellent" is not a rating on the scale',
    });
  });
  it('requires a case type for case-based standards and key question ids under their standard', () => {
    const p = problems((f) => {
      f.domains[1].standards[0].caseType = null;
      f.domains[1].standards[1].keyQuestions[0].id = '9.9.9';
    });
    expect(p.map((x) => x.path)).toEqual(
      expect.arrayContaining(['domains.1.standards.0.caseType', 'domains.1.standards.1.keyQuestions.0.id']),
    );
  });
  it('requires the lowest case band to start at 0 and bands to descend', () => {
    const p = problems((f) => {
      f.scoring.caseBands[3].atLeastPercent = 10;
      f.scoring.caseBands[1].atLeastPercent = 90;
    });
    expect(p.map((x) => x.path)).toEqual(
      expect.arrayContaining(['scoring.caseBands.3.atLeastPercent', 'scoring.caseBands.1.atLeastPercent']),
    );
  });
  it('states how shares are shown, with its basis, by the rule banding uses', () => {
    for (const id of ['hmip-youth-2018', 'hmip-youth-2021', 'hmip-youth-2025', 'hmip-youth-2025-full']) {
      const shown = raw(id).scoring.percentShown;
      expect(shown.decimals, id).toBe(1);
      // HMIP does not publish how it rounds: the file says so rather than pass the rule off as published.
      expect(shown.basis.unconfirmed, id).toMatch(/do not say how a share is rounded/);
    }
    expect(problems((f) => delete f.scoring.percentShown)[0]!.path).toBe('scoring.percentShown');
    expect(problems((f) => (f.scoring.roundBeforeBanding = true))).toContainEqual({
      path: 'scoring.percentShown.decimals',
      message: expect.stringMatching(/rounds to a whole number first/),
    });
    expect(problems((f) => (f.scoring.caseBands[1].atLeastPercent = 65.25))).toContainEqual({
      path: 'scoring.caseBands.1.atLeastPercent',
      message: 'a band edge must be shown exactly: 65.25 has more than 1 decimal places',
    });
    expect(problems((f) => (f.scoring.percentShown.basis = { source: 'nowhere' }))).toContainEqual({
      path: 'scoring.percentShown.basis.source',
      message: '"nowhere" is not in citations',
    });
  });
  it('rejects unknown fields and wrong types with their path', () => {
    expect(problems((f) => (f.scoring.maxOverrideSteps = 'one'))[0]!.path).toBe('scoring.maxOverrideSteps');
    expect(problems((f) => (f.colour = 'blue'))[0]!.message).toMatch(/colour/);
  });
  it('the loader names the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-'));
    const file = join(dir, 'hmip-youth-2021.json');
    const f = raw('hmip-youth-2021');
    f.scoring.points.good = -1;
    writeFileSync(file, JSON.stringify(f));
    expect(() => loadFrameworkFile(file)).toThrow(FrameworkFileError);
    expect(() => loadFrameworkFile(file)).toThrow(/hmip-youth-2021\.json: scoring\.points\.good/);
    writeFileSync(file, '{ not json');
    expect(() => loadFrameworkFile(file)).toThrow(/not valid JSON/);
    const other = join(dir, 'renamed.json');
    writeFileSync(other, JSON.stringify(raw('hmip-youth-2021')));
    expect(() => loadFrameworkFile(other)).toThrow(/must match the file name/);
  });
});
