import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_SETS, falseContradicted, loadCorpus } from '../../bench/claims-corpus.ts';
import { claimKey } from '../../src/domain/claims-eval.ts';
import { checkText } from '../../src/services/claims.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
const now = new Date('2026-11-22T12:00:00Z');
beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
});
afterAll(async () => {
  await t?.drop();
});

describe('checking the corpus of real texts against the seeded register', () => {
  // The texts are true as far as the sources go: a "contradicted" the labels do not call for is the
  // one error the checker must never make, on any set, the fresh one included.
  for (const set of CORPUS_SETS)
    it(`calls nothing contradicted that is not, and gives the labelled verdicts (${set} set)`, async () => {
      const wrong: string[] = [];
      const notAsLabelled: string[] = [];
      for (const d of loadCorpus(set)) {
        const report = await checkText(t.db, d.text, { now });
        for (const v of falseContradicted(d, report)) wrong.push(`${d.id}: ${v.claim.kind} — ${v.explanation}`);
        // Where the labels give the verdict the register decides, the checker gives it.
        for (const c of d.claims.filter((x) => x.verdict))
          if (!report.verdicts.some((v) => claimKey(v.claim) === c.key && v.verdict === c.verdict))
            notAsLabelled.push(`${d.id}: ${c.key} should be ${c.verdict}`);
      }
      expect(wrong).toEqual([]);
      expect(notAsLabelled).toEqual([]);
    });
  it('says which inspection each verdict was checked against and why', async () => {
    const [york] = loadCorpus('dev').filter((d) => d.id === '013');
    const report = await checkText(t.db, york!.text, { now });
    const overall = report.verdicts.find((v) => v.claim.kind === 'overall')!;
    expect(overall.verdict).toBe('supported');
    expect(overall.basis).toMatch(/^Checked against \S+: .*York/);
  });
});
