import type { SampleRule } from './framework.ts';

/**
 * Drawing the case sample by a framework's rule, reproducibly: the same seed and the same case
 * list always give the same sample, whatever order the rows came in, so anyone holding the audit
 * entry (seed and rule) can draw it again and check it. Pure: the seed is chosen by the caller.
 */

/** Where a case of the list stands in the sample: drawn, set aside as unusable, or drawn as a replacement. */
export const SAMPLE_STATES = ['sampled', 'unusable', 'replacement'] as const;
export type SampleState = (typeof SAMPLE_STATES)[number];

/** One eligible case as the sample needs it: its id and its value of each stratification field. */
export interface SampleCase {
  caseId: string;
  strata: Record<string, string>;
}

export interface Stratum {
  /** The stratification values joined in the rule's field order ("court", or "court|high"). */
  key: string;
  values: Record<string, string>;
  caseload: number;
  drawn: number;
}

export interface DrawnSample {
  size: number;
  caseload: number;
  strata: Stratum[];
  /** The drawn case ids, stratum by stratum in key order, each stratum in draw order. */
  caseIds: string[];
}

/**
 * 32-bit FNV-1a of the seed text, then mulberry32: small, fast and the same on every engine. Not
 * for secrets; the sample is meant to be reproducible by anyone with the seed.
 */
export function prng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sample size the rule gives for a caseload (never more than the caseload). */
export function sampleSize(rule: Pick<SampleRule, 'sizeByCaseload'>, caseload: number): number {
  if (caseload <= 0) return 0;
  const row =
    rule.sizeByCaseload.find((r) => r.caseloadUpTo === null || caseload <= r.caseloadUpTo) ??
    rule.sizeByCaseload[rule.sizeByCaseload.length - 1]!;
  return row.size === 'all' ? caseload : Math.min(row.size, caseload);
}

export const stratumKey = (rule: Pick<SampleRule, 'stratifyBy'>, strata: Record<string, string>) =>
  rule.stratifyBy.map((s) => strata[s.field] ?? '').join('|');

/**
 * Shares `size` among strata in proportion to their caseloads (largest remainder, ties to the
 * stratum listed first), after giving each stratum its minimum (or all its cases, if fewer). When
 * the minimums alone exceed the size, the size grows to hold them: a stratum present in the
 * caseload is never left unseen for want of room.
 */
export function allocate(caseloads: number[], size: number, minPerStratum: number): number[] {
  const floors = caseloads.map((n) => Math.min(n, minPerStratum));
  const total = caseloads.reduce((a, b) => a + b, 0);
  const target = Math.min(
    total,
    Math.max(
      size,
      floors.reduce((a, b) => a + b, 0),
    ),
  );
  const out = [...floors];
  let left = target - floors.reduce((a, b) => a + b, 0);
  if (left <= 0) return out;
  // Proportional shares of the whole target, less what the floors already gave; capped by caseload.
  const room = caseloads.map((n, i) => n - out[i]!);
  const ideal = caseloads.map((n) => (total ? (n * target) / total : 0));
  const want = ideal.map((x, i) => Math.max(0, Math.min(room[i]!, Math.floor(x) - out[i]!)));
  for (let i = 0; i < out.length && left > 0; i++) {
    const give = Math.min(want[i]!, left);
    out[i]! += give;
    left -= give;
  }
  // The rest by largest remainder of the ideal share; then anywhere there is room.
  const order = caseloads.map((_, i) => i).sort((a, b) => ideal[b]! - out[b]! - (ideal[a]! - out[a]!) || a - b);
  while (left > 0) {
    let gave = false;
    for (const i of order) {
      if (left === 0) break;
      if (out[i]! < caseloads[i]!) {
        out[i]!++;
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return out;
}

/** Partial Fisher–Yates: the first `k` of `items` in a random order drawn from `rand`. */
function pick<T>(items: readonly T[], k: number, rand: () => number): T[] {
  const a = [...items];
  for (let i = 0; i < k && i < a.length; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

const byId = (a: SampleCase, b: SampleCase) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

function strataOf(rule: Pick<SampleRule, 'stratifyBy'>, cases: readonly SampleCase[]) {
  const groups = new Map<string, SampleCase[]>();
  for (const c of [...cases].sort(byId)) {
    const k = stratumKey(rule, c.strata);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Draws the sample: the size for the caseload, shared among strata, each stratum drawn with the seed. */
export function drawSample(
  rule: Pick<SampleRule, 'sizeByCaseload' | 'stratifyBy' | 'minPerStratum'>,
  cases: readonly SampleCase[],
  seed: string,
): DrawnSample {
  const groups = strataOf(rule, cases);
  const size = sampleSize(rule, cases.length);
  const counts = allocate(
    groups.map(([, g]) => g.length),
    size,
    rule.minPerStratum,
  );
  const caseIds: string[] = [];
  const strata: Stratum[] = groups.map(([key, g], i) => {
    // One stream per stratum, named by its key: adding a stratum never changes another's draw.
    const drawn = pick(g, counts[i]!, prng(`${seed}:${key}`));
    caseIds.push(...drawn.map((c) => c.caseId));
    return { key, values: { ...g[0]!.strata }, caseload: g.length, drawn: drawn.length };
  });
  return { size: caseIds.length, caseload: cases.length, strata, caseIds };
}

/**
 * A replacement for an unusable case: one case drawn by the same rule from the cases of the same
 * stratum not yet in the sample (nor set aside as unusable). `n` numbers the replacements of the
 * inspection, so each has its own stream and the whole history can be replayed from the seed.
 * Null when the stratum has no case left.
 */
export function drawReplacement(
  rule: Pick<SampleRule, 'stratifyBy'>,
  cases: readonly SampleCase[],
  unusable: SampleCase,
  excluded: ReadonlySet<string>,
  seed: string,
  n: number,
): string | null {
  const key = stratumKey(rule, unusable.strata);
  const left = [...cases]
    .filter((c) => !excluded.has(c.caseId) && c.caseId !== unusable.caseId && stratumKey(rule, c.strata) === key)
    .sort(byId);
  if (!left.length) return null;
  return pick(left, 1, prng(`${seed}:replacement:${n}:${key}`))[0]!.caseId;
}
