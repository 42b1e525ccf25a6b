// The labelled corpus of real texts (test/fixtures/claims-corpus): loading it, and scoring the
// extractor and the checker on it. Shared by `npm run bench` and the tests that hold the floors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractClaims } from '../src/domain/claims.ts';
import { claimKey, precisionRecall } from '../src/domain/claims-eval.ts';
import type { ClaimsReport } from '../src/services/claims.ts';

export const CORPUS_DIR = 'test/fixtures/claims-corpus';
/**
 * dev: tuned on; test: measured, never tuned on; fresh: gathered and labelled after the extractor was
 * built, then tuned on once its misses were known; fresh2: gathered after that, measured once, then tuned on;
 * fresh3: gathered after that, measured once before any change made in its light, then tuned on;
 * fresh4: gathered after fresh2 and fresh3 were tuned on, measured, never tuned on for extraction;
 * fresh5: gathered after that, labelled before the checker first read it, measured once, then tuned on;
 * fresh6: gathered after the fresh5 changes, labelled blind, measured once, then tuned on;
 * fresh7: gathered after the fresh6 changes, labelled blind, measured once, then tuned on;
 * fresh8: gathered after the fresh7 changes, labelled blind, measured once, then tuned on;
 * fresh9: gathered after the fresh8 changes, labelled blind, measured once, then tuned on;
 * fresh10: gathered after the fresh9 changes, labelled blind, measured once, then tuned on;
 * fresh11: gathered after the fresh10 changes, labelled blind, measured once, then tuned on;
 * fresh12: gathered beside fresh11, labelled blind and committed before the checker first read it, measured once,
 *   then tuned on (see the corpus README);
 * fresh13: gathered after the fresh12 changes, labelled blind, measured once, then tuned on;
 * fresh14, fresh15: gathered after fresh13 was measured, labelled blind and committed before the checker first read
 *   them; measured on the checker before and after the fresh13 changes; never tuned on (the test sets).
 */
/** Every set, in the order they were gathered: each fresh set is checked against all before it. */
export const CORPUS_SETS = [
  'dev',
  'test',
  'fresh',
  'fresh2',
  'fresh3',
  'fresh4',
  'fresh5',
  'fresh6',
  'fresh7',
  'fresh8',
  'fresh9',
  'fresh10',
  'fresh11',
  'fresh12',
  'fresh13',
  'fresh14',
  'fresh15',
] as const;
export type CorpusSet = (typeof CORPUS_SETS)[number];
/** The sets gathered before `set`. */
export const setsBefore = (set: CorpusSet): CorpusSet[] => CORPUS_SETS.slice(0, CORPUS_SETS.indexOf(set));

export interface CorpusDoc {
  id: string;
  set: CorpusSet;
  /** The text the checker reads: everything after the source header's `---` line. */
  text: string;
  claims: { kind: string; key: string; verdict?: string }[];
}

export function loadCorpus(set: CorpusSet): CorpusDoc[] {
  const dir = join(CORPUS_DIR, set);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const id = f.replace(/\.txt$/, '');
      const raw = readFileSync(join(dir, f), 'utf8');
      const body = raw.slice(raw.indexOf('\n---\n') + 5);
      const labels = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as { claims: CorpusDoc['claims'] };
      return { id, set, text: body, claims: labels.claims };
    });
}

const kindOf = (key: string) => key.slice(0, key.indexOf(':'));
/** Service names are compared without regard to letter case: "YORK" and "York" are one claim. */
const canon = (key: string) => (key.startsWith('service:') ? key.toLowerCase() : key);

/** Precision and recall of the extractor on a set, overall and for each claim kind. */
export function scoreExtraction(docs: CorpusDoc[]) {
  const rows = docs.map((d) => ({
    id: d.id,
    predicted: extractClaims(d.text).map((c) => canon(claimKey(c))),
    expected: d.claims.map((c) => canon(c.key)),
  }));
  const all = precisionRecall(rows);
  const kinds = [...new Set(rows.flatMap((r) => [...r.predicted, ...r.expected].map(kindOf)))].sort();
  const byKind = Object.fromEntries(
    kinds.map((k) => [
      k,
      precisionRecall(
        rows.map((r) => ({
          predicted: r.predicted.filter((p) => kindOf(p) === k),
          expected: r.expected.filter((p) => kindOf(p) === k),
        })),
      ),
    ]),
  );
  const perDoc = rows.map((r) => ({ id: r.id, ...precisionRecall([r]) }));
  return { all, byKind, perDoc };
}

/**
 * Verdicts of "contradicted" that the labels do not call for: on a claim labelled with another
 * verdict or none (the texts are true as far as the sources go), or on a claim no reader finds.
 */
export function falseContradicted(doc: CorpusDoc, report: ClaimsReport) {
  const wanted = doc.claims.filter((c) => c.verdict === 'contradicted').map((c) => canon(c.key));
  return report.verdicts
    .filter((v) => v.verdict === 'contradicted')
    .filter((v) => {
      const i = wanted.indexOf(canon(claimKey(v.claim)));
      if (i < 0) return true;
      wanted.splice(i, 1);
      return false;
    });
}

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
