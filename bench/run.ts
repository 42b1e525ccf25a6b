// npm run bench: measurements printed as figures and ratios taken in this run, on this machine.
// No pass/fail here (the machines are noisy); the targets and past results are in docs/performance.md.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractClaims } from '../src/domain/claims.ts';
import { claimKey, precisionRecall } from '../src/domain/claims-eval.ts';
import { rateInspection } from '../src/domain/engine.ts';
import type { CaseRecord, RateInput } from '../src/domain/rate-input.ts';
import { frameworkRegistry } from '../src/frameworks.ts';

function claims() {
  const set = JSON.parse(readFileSync('data/claims/labelled.json', 'utf8')) as { documents: { file: string; expected: string[] }[] };
  const r = precisionRecall(set.documents.map((d) => ({ predicted: extractClaims(readFileSync(resolve('data/claims', d.file), 'utf8')).map(claimKey), expected: d.expected })));
  console.log(`claims extractor on ${set.documents.length} labelled documents (${r.tp + r.fn} labelled claims): precision ${(r.precision * 100).toFixed(1)}%, recall ${(r.recall * 100).toFixed(1)}% (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})`);
  if (r.misses.length) console.log(`  missed: ${r.misses.join(', ')}`);
  if (r.extras.length) console.log(`  spurious: ${r.extras.join(', ')}`);
  console.log('  note: the set was used while building the extractor, so these figures are optimistic; there is no held-out set yet.');
}

function engine() {
  const f = frameworkRegistry().get('hmip-youth-2021')!;
  const stds = f.domains.flatMap((d) => d.standards);
  const kqs = (type: string) => stds.filter((s) => s.caseType === type).flatMap((s) => s.keyQuestions.map((k) => k.id));
  const answers = ['yes', 'yes', 'yes', 'no', 'na'] as const;
  const cases: CaseRecord[] = Array.from({ length: 100 }, (_, i) => {
    const type = i < 60 ? 'court' : i < 95 ? 'out_of_court' : 'resettlement';
    return { ref: `C${i}`, type, answers: Object.fromEntries(kqs(type).map((k, j) => [k, answers[(i + j) % answers.length]!])) };
  });
  const input: RateInput = { framework: f.id, cases, judgements: Object.fromEntries(stds.filter((s) => s.method === 'judgement').map((s) => [s.id, { rating: 'good' }])), overrides: {} };
  for (let i = 0; i < 2000; i++) rateInspection(f, input); // warm up
  const start = process.hrtime.bigint();
  let n = 0;
  while (process.hrtime.bigint() - start < 2_000_000_000n) {
    rateInspection(f, input);
    n++;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / secs;
  console.log(`rating engine: ${Math.round(rate).toLocaleString('en-GB')} inspections/s (100 cases, ${stds.length} standards, one core); ${(rate / 50_000).toFixed(2)}× the 50,000/s target`);
}

claims();
engine();
