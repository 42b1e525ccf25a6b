import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus, scoreExtraction, setsBefore } from '../../bench/claims-corpus.ts';
import { extractClaims } from '../../src/domain/claims.ts';

describe('the claims corpus of real texts', () => {
  it('is split before tuning: at least 40 texts, every third in the test set, each with its source and labels', () => {
    const dev = loadCorpus('dev');
    const test = loadCorpus('test');
    expect(dev.length + test.length).toBeGreaterThanOrEqual(40);
    for (const d of test) expect(Number(d.id) % 3).toBe(0);
    for (const d of dev) expect(Number(d.id) % 3).not.toBe(0);
    for (const set of ['dev', 'test', 'fresh', 'fresh2', 'fresh3', 'fresh4', 'fresh5', 'fresh6', 'fresh7'])
      for (const f of readdirSync(`test/fixtures/claims-corpus/${set}`).filter((x) => x.endsWith('.txt')))
        expect(readFileSync(`test/fixtures/claims-corpus/${set}/${f}`, 'utf8')).toMatch(
          /^Source: https?:\/\/\S+\nPublisher: .+\nTitle: .+\nDate: .+\n---\n/,
        );
  });
  // Each fresh set is a measurement of texts gathered after the extractor was built: it has no floor,
  // only the shape that makes it a fair one (enough texts, every overall rating, no text shared with
  // an earlier set).
  const sourceOf = (set: string, f: string) =>
    /^Source: (\S+)/.exec(readFileSync(`test/fixtures/claims-corpus/${set}/${f}`, 'utf8'))![1]!;
  const sources = (set: string) =>
    readdirSync(`test/fixtures/claims-corpus/${set}`)
      .filter((x) => x.endsWith('.txt'))
      .map((f) =>
        sourceOf(set, f)
          .replace(/^https?:\/\/(www\.)?/, '')
          .replace(/\/$/, ''),
      );
  it.each([
    ['fresh', 14],
    ['fresh2', 15],
    ['fresh3', 15],
    // fresh4 is smaller, and no Inadequate text was left to gather: it covers the other three ratings.
    ['fresh4', 12],
    ['fresh5', 15],
    // fresh6 holds Inadequate only as earlier inspections' ratings: no further Inadequate text was left to gather.
    ['fresh6', 15],
    ['fresh10', 12],
    ['fresh11', 12],
    ['fresh12', 12],
    ['fresh14', 15],
    // fresh15 holds Inadequate only as an earlier inspection's rating (318): no further Inadequate text was left to gather.
    ['fresh15', 15],
  ] as const)('holds a %s set of other texts, covering the overall ratings', (set, least) => {
    const earlierSets = setsBefore(set);
    const fresh = loadCorpus(set);
    expect(fresh.length).toBeGreaterThanOrEqual(least);
    const ratings = new Set(fresh.flatMap((d) => d.claims.filter((c) => c.kind === 'overall').map((c) => c.key)));
    expect([...ratings].sort()).toEqual(
      expect.arrayContaining(['overall:good', 'overall:outstanding', 'overall:requires_improvement']),
    );
    if (set !== 'fresh4') expect(ratings.has('overall:inadequate')).toBe(true);
    const earlier = new Set(earlierSets.flatMap(sources));
    expect(sources(set).filter((s) => earlier.has(s))).toEqual([]);
    const bodies = new Set(earlierSets.flatMap((e) => loadCorpus(e)).map((d) => d.text.trim()));
    expect(fresh.filter((d) => bodies.has(d.text.trim())).map((d) => d.id)).toEqual([]);
  });
  // The floors are ones the extractor reaches on the development set (97.5% recall, 100% precision
  // when they were set); the test set's figures are reported by npm run bench, not tuned here.
  it('reaches its recall and precision floors on the development set', () => {
    const { all } = scoreExtraction(loadCorpus('dev'));
    expect(all.recall).toBeGreaterThanOrEqual(0.95);
    expect(all.precision).toBeGreaterThanOrEqual(0.95);
  });
  it('finds each kind of claim the development set labels, in most of its occurrences', () => {
    const { byKind } = scoreExtraction(loadCorpus('dev'));
    // Fieldwork given without a year ("just before lockdown in March") is a known miss, so it has no floor here.
    for (const kind of ['service', 'overall', 'standard', 'standards_count', 'recommendations', 'chief_inspector'])
      expect(byKind[kind]!.recall).toBeGreaterThanOrEqual(0.9);
  });
  it('reads every text in the corpus the same way twice', () => {
    for (const set of ['dev', 'test', 'fresh', 'fresh2', 'fresh3', 'fresh4'] as const)
      for (const d of loadCorpus(set)) expect(extractClaims(d.text)).toEqual(extractClaims(d.text));
  });
});
