import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkClaims,
  extractClaims,
  resolveService,
  type ClaimsInspection,
  type ClaimsService,
} from '../../src/domain/claims.ts';
import { claimKey, precisionRecall } from '../../src/domain/claims-eval.ts';
import { extractReleaseFacts, MAX_SENTENCE } from '../../src/domain/release-check.ts';

const release = (f: string) => readFileSync(`data/seed/releases/${f}`, 'utf8');

const services: ClaimsService[] = [
  { id: 's-bromley', slug: 'bromley', name: 'Bromley YJS', formerNames: ['Bromley YOS'], areas: ['Bromley'] },
  { id: 's-camden', slug: 'camden', name: 'Camden YJS', formerNames: [], areas: ['Camden'] },
  { id: 's-leeds', slug: 'leeds', name: 'Leeds YJS', formerNames: [], areas: ['Leeds'] },
];
const base = {
  frameworkId: 'hmip-youth-2021',
  fieldworkStart: null,
  score: null,
  scoreMax: null,
  standards: {},
  resettlement: undefined,
  recommendations: {},
  recommendationsHeld: 0,
  recommendationsStated: null,
  chiefInspector: null,
};
const inspections: ClaimsInspection[] = [
  {
    ...base,
    ref: 'bromley-2025',
    serviceId: 's-bromley',
    serviceName: 'Bromley YJS',
    region: 'London',
    nation: 'England',
    publication: { precision: 'day', earliest: '2025-01-07', latest: '2025-01-07' },
    fieldworkStart: '2024-09-01',
    overall: 'outstanding',
    score: 33,
    scoreMax: 36,
    standards: {
      'Governance and leadership': 'outstanding',
      Staff: 'outstanding',
      'Partnerships and services': 'good',
    },
    resettlement: 'outstanding',
    recommendations: { management_board: 2, yjs: 1 },
    recommendationsHeld: 3,
    recommendationsStated: 3,
    chiefInspector: 'Martin Jones',
  },
  {
    ...base,
    ref: 'camden-2020',
    serviceId: 's-camden',
    serviceName: 'Camden YJS',
    region: 'London',
    nation: 'England',
    publication: { precision: 'day', earliest: '2020-05-12', latest: '2020-05-12' },
    overall: 'outstanding',
  },
  {
    ...base,
    ref: 'leeds-2019',
    serviceId: 's-leeds',
    serviceName: 'Leeds YJS',
    region: 'Yorkshire and the Humber',
    nation: 'England',
    publication: { precision: 'month', earliest: '2019-11-01', latest: '2019-11-30' },
    overall: 'outstanding',
  },
];

describe('extracting claims', () => {
  it('finds every checkable claim in the council article, with offsets into the text', () => {
    const text = release('001_5c87683696603133.txt');
    const claims = extractClaims(text);
    const keys = claims.map(claimKey);
    expect(keys).toEqual(
      expect.arrayContaining([
        'score:33',
        'standard:Staff:outstanding',
        'resettlement:outstanding',
        'figure:356 children in care',
        'recommendations:2:management_board',
      ]),
    );
    for (const c of claims) expect(c.sentence).toContain(text.slice(c.start, c.end));
  });
  it('reads aggregate claims in the forms the press uses', () => {
    const keys = (t: string) =>
      extractClaims(t)
        .filter((c) => c.kind === 'aggregate')
        .map(claimKey);
    expect(keys('Bromley is one of 17 Outstanding nationally, 5 in London.')).toEqual([
      'aggregate:17:',
      'aggregate:5:London',
    ]);
    expect(keys('with only 4 other councils in London recognised as outstanding')).toEqual(['aggregate:4:London']);
    expect(
      keys('Nationally, there are seventeen youth justice services that have achieved an outstanding rating.'),
    ).toEqual(['aggregate:17:']);
  });
  it('scores 100% precision and recall on the labelled set it was built against (see npm run bench)', () => {
    const set = JSON.parse(readFileSync('data/claims/labelled.json', 'utf8')) as {
      documents: { file: string; expected: string[] }[];
    };
    const r = precisionRecall(
      set.documents.map((d) => ({
        predicted: extractClaims(readFileSync(resolve('data/claims', d.file), 'utf8')).map(claimKey),
        expected: d.expected,
      })),
    );
    expect(r.misses).toEqual([]);
    expect(r.extras).toEqual([]);
  });
  it('finds nothing in text with no claims, and never throws on odd input', () => {
    expect(extractClaims('The weather in Bromley was fine.')).toEqual([]);
    for (const odd of ['', ' ', '33/', 'rated', '\u0000\u0001', 'a'.repeat(100_000)])
      expect(() => extractClaims(odd)).not.toThrow();
  });
});

/** Fragments that open or complete the extractor's patterns, and the characters that end sentences and quotes. */
const FRAGMENTS = [
  'Bromley ',
  'Youth Justice Service ',
  'YJS ',
  'A-',
  'Ab ',
  'staff was rated ',
  '‘Good’ ',
  'outstanding ',
  'overall ',
  'rating of ',
  '33/36 ',
  '1 per cent ',
  '22.6% ',
  'one of 17 Outstanding nationally, 5 in London ',
  'made 2 recommendations for the board ',
  'three recommendations are made for the police ',
  'available on 7 January 2025 at 00.01 ',
  'fieldwork in September 2024 ',
  'Martin Jones, Chief Inspector of Probation ',
  'there are 17 services that have achieved an outstanding rating ',
  '4 other councils in London recognised as outstanding ',
  'resettlement ',
  'available ',
  'fieldwork ',
  '. ',
  '\n',
  ' ',
  '   ',
  '"',
  "'",
  '’',
  '1',
  'a',
  '.',
];
const adversarial = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 300 }).map((parts) => parts.join('')),
  // Long runs with no sentence break, where every claim used to carry the whole text.
  fc
    .tuple(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 60 }))
    .map(([parts, n]) => parts.join('').replace(/[.\n]/g, '').repeat(n)),
);

describe('extracting claims from any text', () => {
  it('gives well-formed claims: offsets inside the text, in order, values read from the span, and a bounded sentence holding the claim', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const claims = extractClaims(text);
        let last = 0;
        for (const c of claims) {
          expect(Number.isInteger(c.start) && Number.isInteger(c.end)).toBe(true);
          expect(c.start).toBeGreaterThanOrEqual(last);
          expect(c.end).toBeGreaterThan(c.start);
          expect(c.end).toBeLessThanOrEqual(text.length);
          last = c.start;
          const quote = text.slice(c.start, c.end);
          if (c.kind === 'figure') expect(c.figure).toBe(quote);
          if (c.kind === 'service' || c.kind === 'chief_inspector') expect(quote).toContain(c.name);
          expect(c.sentence.length).toBeLessThanOrEqual(MAX_SENTENCE);
          if (quote.trim().length <= MAX_SENTENCE - 2) expect(c.sentence).toContain(quote.trim());
        }
        for (const f of [
          extractReleaseFacts(text).publication,
          extractReleaseFacts(text).fieldwork,
          ...extractReleaseFacts(text).recommendations,
        ]) {
          if (f) expect(f.sentence.length).toBeLessThanOrEqual(MAX_SENTENCE);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('carries a window of the sentence, cut at spaces and marked with ellipses, when the sentence is long', () => {
    const filler = 'and the service continued its work with children across the borough '.repeat(20);
    const text = `${filler}Bromley YJS scored 33/36 ${filler}`;
    const score = extractClaims(text).find((c) => c.kind === 'score')!;
    expect(text.slice(score.start, score.end)).toBe('33/36');
    expect(score.sentence.length).toBeLessThanOrEqual(MAX_SENTENCE);
    expect(score.sentence).toMatch(/^… ?\S.* Bromley YJS scored 33\/36 .*\S ?…$/);
    // Whole words only: the window starts and ends at a word of the filler.
    const words = new Set(filler.trim().split(' '));
    const inner = score.sentence.slice(1, -1).trim().split(' ');
    expect(words.has(inner[0]!) && words.has(inner.at(-1)!)).toBe(true);
    // A short sentence is given whole, as before.
    expect(
      extractClaims('Intro. Bromley YJS scored 33/36 in 2024. Next.').find((c) => c.kind === 'score')!.sentence,
    ).toBe('Bromley YJS scored 33/36 in 2024.');
  });
});

describe('checking claims', () => {
  it('resolves services by name, former name or area, and refuses ambiguity', () => {
    expect(resolveService('Bromley', services)!.slug).toBe('bromley');
    expect(resolveService('Bromley Youth Offending Service', services)!.slug).toBe('bromley');
    expect(resolveService('Atlantis', services)).toBeNull();
  });
  it('supports, contradicts and cannot verify, with the record and the correct value', () => {
    const text =
      'Bromley YJS was given an overall rating of ‘Good’. Bromley YJS scored 33/36. The staff were also rated ‘outstanding’. Information and facilities were rated ‘good’. Bromley had a 22.6 per cent reoffending rate. Nationally, there are 17 youth justice services that have achieved an outstanding rating, with only 4 other councils in London recognised as outstanding.';
    const v = checkClaims(extractClaims(text), services, inspections, '2025-01-07');
    const by = (k: string) => v.find((x) => claimKey(x.claim) === k)!;
    expect(by('overall:good')).toMatchObject({
      verdict: 'contradicted',
      correct: 'Outstanding',
      record: 'bromley-2025',
    });
    expect(by('score:33')).toMatchObject({ verdict: 'supported', record: 'bromley-2025' });
    expect(by('standard:Staff:outstanding').verdict).toBe('supported');
    expect(by('standard:Information and facilities:good').verdict).toBe('unverifiable');
    expect(by('figure:22.6 per cent').verdict).toBe('unverifiable');
    expect(by('aggregate:17:')).toMatchObject({ verdict: 'contradicted', correct: '3' });
    expect(by('aggregate:4:London')).toMatchObject({ verdict: 'contradicted', correct: '1' });
    expect(by('aggregate:4:London').explanation).toContain('camden-2020');
  });
  it('as at an earlier date, the same text is checked against what was published then', () => {
    const v = checkClaims(extractClaims('Bromley YJS scored 33/36.'), services, inspections, '2024-12-31');
    expect(v.find((x) => x.claim.kind === 'score')!.verdict).toBe('unverifiable');
  });
  it('flags the seed release’s publication date, which precedes its own fieldwork', () => {
    const v = checkClaims(extractClaims(release('000_8ef67c381b74f421.txt')), services, inspections, '2026-11-22');
    const pub = v.find((x) => x.claim.kind === 'publication')!;
    expect(pub).toMatchObject({ verdict: 'contradicted', correct: '2025-01-07' });
    expect(pub.explanation).toContain('before the fieldwork');
    expect(v.find((x) => claimKey(x.claim) === 'recommendations:2:management_board')!.verdict).toBe('supported');
  });
});
