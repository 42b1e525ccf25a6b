// Builds the example CLI inputs in examples/ deterministically. Run: node --import tsx scripts/build-examples.ts
import { writeFileSync } from 'node:fs';

type Ans = 'yes' | 'no' | 'na';
/** Cases of one type where key question k gets `yes` yes answers and `no` no answers; the rest are n/a. */
function cases(prefix: string, type: string, n: number, plan: Record<string, [number, number]>) {
  return Array.from({ length: n }, (_, i) => {
    const answers: Record<string, Ans> = {};
    for (const [kq, [yes, no]] of Object.entries(plan)) answers[kq] = i < yes ? 'yes' : i < yes + no ? 'no' : 'na';
    return { ref: `${prefix}${String(i + 1).padStart(2, '0')}`, type, answers };
  });
}
const of = (yes: number, total: number, applicable = total): [number, number] => [yes, applicable - yes];

const bromley = {
  framework: 'hmip-youth-2021',
  service: 'Example: an Outstanding service (shaped like Bromley 2024)',
  description:
    'Case answers and panel judgements that give 33/36 Outstanding with resettlement Outstanding (not scored).',
  cases: [
    ...cases('CRT', 'court', 20, {
      '2.1.1': of(18, 20),
      '2.1.2': of(17, 20),
      '2.1.3': of(17, 20),
      '2.2.1': of(16, 20),
      '2.2.2': of(15, 20),
      '2.2.3': of(14, 20),
      '2.3.1': of(17, 20),
      '2.3.2': of(18, 20),
      '2.3.3': of(16, 20),
      '2.4.1': of(13, 20, 15),
      '2.4.2': of(13, 20, 15),
      '2.4.3': of(12, 20, 15),
    }),
    ...cases('OOC', 'out_of_court', 10, {
      '3.1.1': of(9, 10),
      '3.1.2': of(9, 10),
      '3.1.3': of(8, 10),
      '3.2.1': of(9, 10),
      '3.2.2': of(8, 10),
      '3.2.3': of(8, 10),
      '3.3.1': of(9, 10),
      '3.3.2': of(9, 10),
      '3.3.3': of(9, 10),
    }),
    ...cases('RES', 'resettlement', 2, {}),
  ],
  judgements: {
    '1.1': {
      rating: 'outstanding',
      rationale: 'A mature, well-functioning partnership with a clear vision and roadmap.',
    },
    '1.2': { rating: 'outstanding', rationale: 'Staff know and understand their children well.' },
    '1.3': { rating: 'good', rationale: 'Strong health and education offer; no seconded probation officer.' },
    '1.4': { rating: 'outstanding', rationale: 'Good management information about the profile of children.' },
    '3.4': {
      rating: 'good',
      rationale: 'Diversion is well established; scrutiny of joint decision-making needs strengthening.',
    },
    '4.1': { rating: 'outstanding', rationale: 'Strong pathways for accommodation, education and health on release.' },
  },
  overrides: {},
};

const ri = {
  framework: 'hmip-youth-2018',
  service: 'Example: a service that requires improvement',
  description:
    'Case answers and panel judgements that give 16/36 Requires improvement under the 2018 standards (with Joint working).',
  cases: [
    ...cases('CRT', 'court', 20, {
      '2.1.1': of(14, 20),
      '2.1.2': of(11, 20),
      '2.1.3': of(12, 20),
      '2.2.1': of(12, 20),
      '2.2.2': of(10, 20),
      '2.2.3': of(9, 20),
      '2.3.1': of(15, 20),
      '2.3.2': of(14, 20),
      '2.3.3': of(13, 20),
      '2.4.1': of(9, 16, 16),
      '2.4.2': of(10, 16, 16),
      '2.4.3': of(8, 16, 16),
    }),
    ...cases('OOC', 'out_of_court', 12, {
      '3.1.1': of(9, 12),
      '3.1.2': of(8, 12),
      '3.1.3': of(8, 12),
      '3.2.1': of(7, 12),
      '3.2.2': of(7, 12),
      '3.2.3': of(6, 12),
      '3.3.1': of(9, 12),
      '3.3.2': of(8, 12),
      '3.3.3': of(8, 12),
      '3.4.1': of(7, 12),
      '3.4.2': of(9, 12),
    }),
  ],
  judgements: {
    '1.1': { rating: 'requires_improvement', rationale: 'The board does not yet hold partners to account.' },
    '1.2': { rating: 'good', rationale: 'Skilled, committed staff with manageable workloads.' },
    '1.3': { rating: 'requires_improvement', rationale: 'Gaps in speech and language and emotional health provision.' },
    '1.4': { rating: 'good', rationale: 'Policies are current; facilities are suitable.' },
  },
  overrides: {},
};

writeFileSync('examples/outstanding-33.json', JSON.stringify(bromley, null, 2) + '\n');
writeFileSync('examples/requires-improvement-16.json', JSON.stringify(ri, null, 2) + '\n');
