import type { Claim } from './claims.ts';

/** The identity of a claim for scoring the extractor: its kind and the value that matters. */
export function claimKey(c: Claim): string {
  switch (c.kind) {
    case 'service':
      return `service:${c.name}`;
    case 'overall':
    case 'resettlement':
      return `${c.kind}:${c.rating}`;
    case 'score':
      return `score:${c.total}`;
    case 'standard':
      return `standard:${c.standard}:${c.rating}`;
    case 'recommendations':
      return `recommendations:${c.count}:${c.addressee ?? ''}`;
    case 'publication':
      return `publication:${c.date}`;
    case 'fieldwork':
      return `fieldwork:${c.month}`;
    case 'chief_inspector':
      return `chief_inspector:${c.name}`;
    case 'aggregate':
      return `aggregate:${c.count}:${c.scope ?? ''}`;
    case 'standards_count':
      return `standards_count:${c.count}:${c.of}:${c.ratings.join('_or_')}`;
    case 'nth_since':
      return `nth_since:${c.nth}:${c.rating}:${c.since}`;
    case 'figure':
      return `figure:${c.figure}`;
  }
}

/** Micro-averaged precision and recall over documents (multisets of keys). */
export function precisionRecall(docs: { predicted: string[]; expected: string[] }[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  const extras: string[] = [];
  for (const d of docs) {
    const left = [...d.expected];
    for (const p of d.predicted) {
      const i = left.indexOf(p);
      if (i >= 0) {
        tp++;
        left.splice(i, 1);
      } else {
        fp++;
        extras.push(p);
      }
    }
    fn += left.length;
    misses.push(...left);
  }
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, tp, fp, fn, misses, extras };
}
