import { readdirSync, readFileSync } from 'node:fs';
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
  it('does not call a count of services wrong when the text gives no date of its own', () => {
    // A tally is true of a moment: checked as at the inspection's date or today, it may have held when written.
    const text = 'Nationally, there are 17 youth justice services that have achieved an outstanding rating.';
    const [undated] = checkClaims(extractClaims(text), services, inspections, '2025-01-07', { undated: true });
    expect(undated).toMatchObject({ verdict: 'unverifiable' });
    expect(undated!.explanation).toContain('may have held when the text was written');
    const [dated] = checkClaims(extractClaims(text), services, inspections, '2025-01-07');
    expect(dated).toMatchObject({ verdict: 'contradicted', correct: '3' });
  });
  it('never contradicts a count with a register that holds no service in its scope', () => {
    const text =
      'Nationally, there are 17 youth justice services that have achieved an outstanding rating, with only 4 other councils in London recognised as outstanding.';
    const empty = checkClaims(extractClaims(text), [], [], '2025-01-07');
    expect(empty.map((x) => [claimKey(x.claim), x.verdict])).toEqual([
      ['aggregate:17:', 'unverifiable'],
      ['aggregate:4:London', 'unverifiable'],
    ]);
    expect(empty[0]!.explanation).toMatch(/^The register holds no services, so it cannot count/);
    expect(empty[1]!.explanation).toMatch(/^The register holds no services in London, so it cannot count/);
    // Holding services, the same register counts (and here contradicts) both.
    const held = checkClaims(extractClaims(text), services, inspections, '2025-01-07');
    expect(held.map((x) => x.verdict)).toEqual(['contradicted', 'contradicted']);
  });
  it('as at an earlier date, the same text is checked against what was published then', () => {
    const v = checkClaims(extractClaims('Bromley YJS scored 33/36.'), services, inspections, '2024-12-31');
    expect(v.find((x) => x.claim.kind === 'score')!.verdict).toBe('unverifiable');
  });
  it('neither confirms nor contradicts fieldwork a month from the register’s, and contradicts it further off', () => {
    // Fieldwork runs for a week or more and sources name its month loosely; the register has September 2024.
    const at = (t: string) =>
      checkClaims(extractClaims(t), services, inspections, '2025-01-07').find((x) => x.claim.kind === 'fieldwork')!;
    expect(at('Bromley YJS was inspected between 26 and 30 August 2024.')).toMatchObject({ verdict: 'unverifiable' });
    expect(at('Bromley YJS was inspected between 26 and 30 August 2024.').explanation).toContain('a month from');
    expect(at('Bromley YJS was inspected in October 2024.').verdict).toBe('unverifiable');
    expect(at('Bromley YJS was inspected in September 2024.').verdict).toBe('supported');
    expect(at('Bromley YJS was inspected in July 2024.')).toMatchObject({ verdict: 'contradicted' });
  });
  it('flags the seed release’s publication date, which precedes its own fieldwork', () => {
    const v = checkClaims(extractClaims(release('000_8ef67c381b74f421.txt')), services, inspections, '2026-11-22');
    const pub = v.find((x) => x.claim.kind === 'publication')!;
    expect(pub).toMatchObject({ verdict: 'contradicted', correct: '2025-01-07' });
    expect(pub.explanation).toContain('before the fieldwork');
    expect(v.find((x) => claimKey(x.claim) === 'recommendations:2:management_board')!.verdict).toBe('supported');
  });
});

const keysOf = (t: string) => extractClaims(t).map(claimKey);

describe('reading real prose', () => {
  it('a name never runs back across the end of a sentence', () => {
    const keys = keysOf(
      'Bromley Youth Justice Service has received an overall rating of ‘Good’. Hertfordshire YOT was rated Outstanding.',
    );
    expect(keys.filter((k) => k.startsWith('service:'))).toEqual(['service:Bromley', 'service:Hertfordshire']);
    expect(keysOf('The rating was Good. YOT staff were praised.').filter((k) => k.startsWith('service:'))).toEqual([]);
    expect(keysOf('Inspectors visited in 2019 (fieldwork). Leeds YOS was rated ‘Good’.')).toContain('service:Leeds');
    // "St." shortens a place's name; it does not end a sentence.
    expect(keysOf('St. Helens Youth Offending Team was rated ‘Good’.')).toContain('service:St. Helens');
  });
  it('names services by possessive, letter case and word order, and not by quoted words or a headline above', () => {
    expect(
      keysOf("AN INDEPENDENT inspection of York's Youth Justice Service has found it to be ‘outstanding’."),
    ).toEqual(['service:York', 'overall:outstanding']);
    expect(keysOf('the Isle of Wight’s Youth Justice Service (YJS)')).toEqual(['service:Isle of Wight']);
    expect(keysOf('Inspectors praised youth offending services in Barking and Dagenham.')).toEqual([
      'service:Barking and Dagenham',
    ]);
    expect(keysOf('Published\nBromley YJS rated ‘Good’')).toEqual(['service:Bromley', 'overall:good']);
    expect(keysOf('‘Impressive’ Surrey Youth Offending Service rated ‘Good’')).toEqual([
      'service:Surrey',
      'overall:good',
    ]);
    expect(keysOf('HMI Probation led a Joint Inspection of Dorset Combined Youth Justice Service.')).toContain(
      'service:Dorset Combined',
    );
  });
  it('reads the overall rating in its phrasings, and not a count of services or of standards', () => {
    expect(
      keysOf('Inspectors have rated Birmingham Youth Offending Service (YOS) as “requires improvement”.'),
    ).toContain('overall:requires_improvement');
    expect(keysOf('It rated the service as “inadequate” – the lowest possible rating.')).toEqual([
      'overall:inadequate',
    ]);
    expect(
      keysOf('North Tyneside’s Youth Justice Service has been rated ‘outstanding’ by Government inspectors.'),
    ).toContain('overall:outstanding');
    expect(keysOf('Wrexham Youth Justice Service was found by inspectors to be good overall.')).toContain(
      'overall:good',
    );
    expect(keysOf('Two-thirds of the services we inspected were rated as ‘Good’ or ‘Outstanding’.')).toEqual([]);
    expect(
      keysOf(
        'The inspection team found the service to be ‘good’ or ‘outstanding’ in 10 of 12 key aspects of its work.',
      ),
    ).toEqual(['standards_count:10:12:good_or_outstanding']);
  });
  it('reads standards in lists, both word orders, with their domain, by every name a framework gives them', () => {
    expect(
      keysOf(
        'Three areas – staff, planning and implementation and delivery of out-of-court disposals – were also singled out as ‘Outstanding’.',
      ),
    ).toEqual([
      'standard:Staff:outstanding',
      'standard:Planning (out-of-court disposals):outstanding',
      'standard:Implementation and delivery (out-of-court disposals):outstanding',
    ]);
    expect(
      keysOf('Russell awarded the service an “outstanding” rating for the quality of its partnerships and services.'),
    ).toEqual(['standard:Partnerships and services:outstanding']);
    expect(
      keysOf('Leadership and governance was rated ‘Good’, and work with victims was rated ‘Requires improvement’.'),
    ).toEqual(['standard:Governance and leadership:good', 'standard:Work with victims:requires_improvement']);
    for (const file of readdirSync('frameworks')) {
      const f = JSON.parse(readFileSync(`frameworks/${file}`, 'utf8')) as {
        domains: { standards: { name: string; aliases?: string[] }[] }[];
      };
      for (const s of f.domains.flatMap((d) => d.standards))
        // Every name and every alias of more than one word: a bare "leadership" or "delivery" is too
        // common a word to be read as a standard on its own.
        for (const name of [s.name, ...(s.aliases ?? []).filter((a) => /[ /-]/.test(a) && !a.includes('_'))]) {
          const kinds = extractClaims(`${name} was rated ‘Good’.`).map((c) => c.kind);
          expect({ name, kinds }).toEqual({ name, kinds: [expect.stringMatching(/^(standard|resettlement)$/)] });
        }
    }
  });
  it('counts standards, and places a rating in a series since a date', () => {
    expect(
      keysOf(
        '11 of the 13 standards were rated Good, one was rated Requires Improvement and one was rated Outstanding.',
      ),
    ).toEqual([
      'standards_count:11:13:good',
      'standards_count:1:13:requires_improvement',
      'standards_count:1:13:outstanding',
    ]);
    expect(keysOf('This is the first ‘Inadequate’ rating given to a Youth Justice Service since July 2020.')).toEqual([
      'nth_since:1:inadequate:2020-07',
    ]);
  });
  it('reads recommendation breakdowns in the next sentence and passive wording', () => {
    expect(
      keysOf(
        'The report makes five recommendations. Of these, four are for the YJS, and one is for the management board.',
      ),
    ).toEqual(['recommendations:5:', 'recommendations:4:yjs', 'recommendations:1:management_board']);
    expect(keysOf('Three recommendations have been made to the police.')).toEqual(['recommendations:3:police']);
    expect(keysOf('The report makes six recommendations to Devon YJS, including one on planning.')).toContain(
      'recommendations:6:yjs',
    );
  });
  it('reads the Chief Inspector in any letter case, with honours after the name, and fieldwork and publication phrasings', () => {
    expect(keysOf('Chief Inspector of Probation, Martin Jones CBE said the findings were clear.')).toEqual([
      'chief_inspector:Martin Jones',
    ]);
    expect(keysOf('Interim Chief Inspector of Probation, Sue McAllister said: “We were impressed.”')).toEqual([
      'chief_inspector:Sue McAllister',
    ]);
    expect(keysOf('Justin Russell, chief inspector of probation at HM Inspectorate of Probation, praised it.')).toEqual(
      ['chief_inspector:Justin Russell'],
    );
    expect(keysOf('The inspection undertaken by HMIP between 9 and 13 September 2024 found much to praise.')).toEqual([
      'fieldwork:2024-09',
    ]);
    expect(keysOf('HMIP had published their inspection report on 3 December 2024.')).toEqual([
      'publication:2024-12-03',
    ]);
  });
  it('reads the phrasings found in texts gathered after the extractor was built (the fresh set)', () => {
    // Place names with accents and "&", the same service with "&" and "and", roles and months before a name.
    expect(keysOf('Gwynedd & Ynys Môn Youth Justice Service (YJS) has been rated ‘Good’.')).toEqual([
      'service:Gwynedd & Ynys Môn',
      'overall:good',
    ]);
    expect(keysOf('Wrexham and Flint YJS rated. Wrexham & Flint Youth Justice Service has strengths.')).toEqual([
      'service:Wrexham and Flint',
    ]);
    expect(keysOf('A report from the Manager of Powys Youth Justice Service was noted.')).toEqual(['service:Powys']);
    expect(keysOf('Inspectors visited in May of Kent Youth Offending Service, which works with children.')).toEqual([
      'service:Kent',
    ]);
    // Overall ratings: given to a named service, "rated overall as", "the overall ‘Good’ rating".
    expect(
      keysOf("The Inspectorate gave Kent's Youth Offending Service the lowest possible rating of 'inadequate'."),
    ).toEqual(['overall:inadequate', 'service:Kent']);
    expect(keysOf('The inspectorate gave Kent YOS a rating of good for its work with partners.')).not.toContain(
      'overall:good',
    );
    expect(keysOf('The service was rated overall as ‘Requires\nimprovement’ last year.')).toEqual([
      'overall:requires_improvement',
    ]);
    expect(keysOf('The board welcomed the overall ‘Good’ rating.')).toEqual(['overall:good']);
    // Counts of standards: "deemed", and "N of these" after the number looked at.
    expect(keysOf('Four of the 12 standards were deemed to be “inadequate”.')).toEqual([
      'standards_count:4:12:inadequate',
    ]);
    expect(
      keysOf('Inspectors looked at 12 aspects of the work and found that six of these standards were inadequate.'),
    ).toEqual(['standards_count:6:12:inadequate']);
    // Recommendations: "there were N", "the N inspection recommendations", a breakdown after a dash.
    expect(keysOf('There were nine recommendations stemming from the report.')).toEqual(['recommendations:9:']);
    expect(keysOf('The plan responds to the six inspection recommendations.')).toEqual(['recommendations:6:']);
    expect(keysOf('The report makes nine recommendations – six for the YJS, and three for the police.')).toEqual([
      'recommendations:9:',
      'recommendations:6:yjs',
      'recommendations:3:police',
    ]);
    // Fieldwork: "received a full three-week joint inspection in", "the inspection of the service carried out in".
    expect(keysOf('The YJS received a full three-week joint inspection in October 2019.')).toEqual([
      'fieldwork:2019-10',
    ]);
    expect(keysOf('The findings of the Inspection of the Service carried out in March 2023 were reported.')).toEqual([
      'fieldwork:2023-03',
    ]);
    // The Chief Inspector without the title before the name.
    expect(keysOf('Chief Inspector of Probation, Dame Glenys Stacey, said the work was good.')).toEqual([
      'chief_inspector:Glenys Stacey',
    ]);
  });
  it('names the place, not a pronoun, a caption run into it, a council or a kind of service after it', () => {
    expect(keysOf('“Your YOT officer always turned up,” a parent told us.')).toEqual([]);
    expect(keysOf('Photo: Jane SmithOldham Youth Justice Service staff at work.')).toEqual(['service:Oldham']);
    expect(keysOf('A review of youth offending services in Halton Youth Offending Team (YOT) began.')).toEqual([
      'service:Halton',
    ]);
    expect(keysOf('Wigan Council’s youth justice service was praised.')).toEqual(['service:Wigan']);
  });
  it('reads a service’s overall rating in more of the phrasings prose uses', () => {
    expect(keysOf('Oldham YJS was handed a rating of ‘good’ this week.')).toEqual(['service:Oldham', 'overall:good']);
    expect(keysOf('In the end the service was considered to require improvement.')).toEqual([
      'overall:requires_improvement',
    ]);
    expect(keysOf('Oldham Youth Justice Service was judged by the probation inspectors as ‘Outstanding’.')).toEqual([
      'service:Oldham',
      'overall:outstanding',
    ]);
    // The later of two ratings is this inspection's; the earlier one is not claimed of it.
    expect(keysOf('Oldham YJS has climbed from ‘requires improvement’ to ‘good’.')).toEqual([
      'service:Oldham',
      'overall:good',
    ]);
    expect(keysOf('The ‘Good’ rating given by HM Inspectorate of Probation reflects hard work.')).toEqual([
      'overall:good',
    ]);
    expect(keysOf('Halton council was awarded a ‘Good’ rating for its youth justice service.')).toContain(
      'overall:good',
    );
    expect(keysOf('Halton YJS was awarded a ‘Good’ rating for its staffing.')).toEqual([
      'service:Halton',
      'standard:Staff:good',
    ]);
    expect(keysOf('The minutes recorded the overall grade being ‘Inadequate’.')).toEqual(['overall:inadequate']);
  });
  it('reads standards rated in prose, by the bare names frameworks also give them', () => {
    expect(keysOf('Planning and reviewing were ‘good’, while staffing was described as ‘outstanding’.')).toEqual([
      'standard:Planning:good',
      'standard:Reviewing:good',
      'standard:Staff:outstanding',
    ]);
    expect(keysOf('Information and facilities was graded as ‘Requires improvement’, as was joint working.')).toEqual([
      'standard:Information and facilities:requires_improvement',
      'standard:Joint working:requires_improvement',
    ]);
    // A bracket naming both domains gives that standard both; the others in the list are left without one.
    expect(
      keysOf(
        'The team judged several areas to be ‘Good’, including assessment (both court and out-of-court disposals), staffing and reviewing.',
      ),
    ).toEqual([
      'standard:Assessment (court disposals):good',
      'standard:Assessment (out-of-court disposals):good',
      'standard:Staff:good',
      'standard:Reviewing:good',
    ]);
    expect(keysOf('Partnerships and services:  good – a wide offer.\nStaffing: outstanding')).toEqual([
      'standard:Partnerships and services:good',
      'standard:Staff:outstanding',
    ]);
    expect(keysOf('Members noted the ‘good’ ratings awarded for planning and staffing.')).toEqual([
      'standard:Planning:good',
      'standard:Staff:good',
    ]);
    expect(keysOf('Leadership, staffing and the quality of premises and equipment were all rated ‘good’.')).toEqual([
      'standard:Governance and leadership:good',
      'standard:Staff:good',
    ]);
    expect(
      keysOf('Inspectors gave an ‘Outstanding’ rating for leadership and for the delivery of out-of-court disposals.'),
    ).toEqual([
      'standard:Governance and leadership:outstanding',
      'standard:Implementation and delivery (out-of-court disposals):outstanding',
    ]);
    // "Organisational delivery" is a domain, and "service delivery" the work as a whole.
    expect(keysOf('It was rated ‘Good’ for organisational delivery.')).toEqual([]);
    // The domain named a clause before carries on; "out-of-court" cut short is not "court".
    expect(
      keysOf(
        'Assessment and planning of out-of-court cases were ‘inadequate’, and delivery was listed as ‘requiring improvement’.',
      ),
    ).toEqual([
      'standard:Assessment (out-of-court disposals):inadequate',
      'standard:Planning (out-of-court disposals):inadequate',
      'standard:Implementation and delivery (out-of-court disposals):requires_improvement',
    ]);
    expect(
      keysOf('It had an overall rating of requires improvement, with good in resettlement policy and provision.'),
    ).toEqual(['overall:requires_improvement', 'resettlement:good']);
    expect(
      keysOf(
        'Resettlement work – making sure a child leaving custody has somewhere to live, a school place and health care in place – was separately rated ‘Good’.',
      ),
    ).toEqual(['resettlement:good']);
  });
  it('reads counts, places, order and dates in more of their phrasings', () => {
    expect(keysOf('Inspectors assessed 12 aspects and gave ‘Good’ ratings across every area.')).toEqual([
      'standards_count:12:12:good',
    ]);
    expect(keysOf('We rated ten of the 12 aspects of its work ‘Good’.')).toEqual(['standards_count:10:12:good']);
    expect(keysOf('It is only the second rating of ‘Outstanding’ awarded in Wales since 2021.')).toEqual([
      'nth_since:2:outstanding:2021',
    ]);
    expect(keysOf('In Wales, the service is one of only three YJSs holding the highest rating.')).toEqual([
      'aggregate:3:Wales',
    ]);
    expect(
      keysOf('The rating came after a fortnight-long visit in May 2022 by the Inspectorate of Probation.'),
    ).toEqual(['fieldwork:2022-05']);
    expect(keysOf('The minister paid a visit in May 2022.')).toEqual([]);
    expect(keysOf('It followed an inspection of the Halton YOT that took place from 3 to 7 March 2021.')).toEqual([
      'fieldwork:2021-03',
      'service:Halton',
    ]);
    // An inspection the sentence places earlier is not this one's fieldwork.
    expect(keysOf('Much has changed since the previous review, following an inspection in June 2019.')).toEqual([]);
  });
  it('places a rating given in a named year at that year’s inspection, not the latest', () => {
    const [c] = extractClaims('That followed a visit, once they had been given an ‘Inadequate’ rating in 2018.').filter(
      (x) => x.kind === 'overall',
    );
    expect(c).toMatchObject({ kind: 'overall', rating: 'inadequate', earlier: 2018 });
  });
  it('reads recommendation counts in more of their phrasings', () => {
    expect(keysOf('It makes a total of six recommendations.')).toEqual(['recommendations:6:']);
    expect(
      keysOf(
        'The report made nine recommendations, two being for the police and seven directed at the management board.',
      ),
    ).toEqual(['recommendations:9:', 'recommendations:2:police', 'recommendations:7:management_board']);
    expect(keysOf('It made five recommendations, including two directed at the local authority.')).toEqual([
      'recommendations:5:',
      'recommendations:2:local_authority',
    ]);
    expect(keysOf('A further recommendation is addressed to the police.')).toEqual(['recommendations:1:police']);
  });
  it('reads the phrasings of texts gathered after fresh4 (the fresh5 set), in other words', () => {
    // A kind of council before "Council’s" is not part of the place; a rating in a headline is not a place.
    expect(keysOf('Oldham Borough Council’s youth justice service was praised.')).toEqual(['service:Oldham']);
    expect(keysOf('Outstanding youth offending team praised by inspectors')).toEqual([]);
    // A list of places after a kind of service, and the work placed in one.
    expect(
      keysOf('We published reports on youth justice services, in Halton, Isle of Man and Wigan respectively.'),
    ).toEqual(['service:Halton', 'service:Isle of Man', 'service:Wigan']);
    expect(keysOf('Inspectors looked at youth justice services in England and Wales.')).toEqual([]);
    expect(keysOf('A team set up to reduce youth offending in Oldham was inspected.')).toEqual(['service:Oldham']);
    // Overall ratings given, received, or joined by "and" to a sentence about the service.
    expect(keysOf('The inspectors gave it a ‘Good’ rating after their visit.')).toEqual(['overall:good']);
    expect(
      keysOf('Oldham YJS was the only service this year to receive the lowest possible ‘inadequate’ grade.'),
    ).toEqual(['service:Oldham', 'overall:inadequate']);
    expect(keysOf('The Halton service was restructured in 2017 and was later rated as ‘Good’.')).toEqual([
      'overall:good',
    ]);
    // A tally of services is not one service's rating.
    expect(keysOf('The annual report shows that no youth offending teams were rated ‘Outstanding’ last year.')).toEqual(
      [],
    );
    // "governance" alone names Governance and leadership, not the old framework's governance and partnership.
    expect(keysOf('It achieved ‘Good’ ratings in the areas of governance and staffing.')).toEqual([
      'standard:Governance and leadership:good',
      'standard:Staff:good',
    ]);
    // Counts of standards opened by "Of the N areas", scores in words, fieldwork after "which", "the Nth time".
    expect(keysOf('Of the 12 aspects inspected, nine were rated ‘Good’ and three as ‘Outstanding’.')).toEqual([
      'standards_count:9:12:good',
      'standards_count:3:12:outstanding',
    ]);
    expect(keysOf('Halton YOT was awarded twenty points out of 36.')).toEqual(['service:Halton', 'score:20']);
    expect(keysOf('The inspection, which was carried out in March 2022, found much to praise.')).toEqual([
      'fieldwork:2022-03',
    ]);
    expect(
      keysOf('Inspectors rated it outstanding, the third time a service has been awarded that since May 2021.'),
    ).toEqual(['overall:outstanding', 'nth_since:3:outstanding:2021-05']);
    // The Chief Inspector named before "his … as chief inspector", and the office misnamed "Inspectorate".
    expect(
      keysOf('The review, says Martin Jones in his latest annual report as chief inspector of probation, is welcome.'),
    ).toEqual(['chief_inspector:Martin Jones']);
    expect(keysOf('Chief Inspectorate of Probation Sue McAllister spoke.')).toEqual(['chief_inspector:Sue McAllister']);
  });
  it('reads the phrasings of texts gathered after fresh5 (the fresh6 set), in other words', () => {
    // Standards after "across" or a colon, between "rating its" and "as", and after "a rating of X … for".
    expect(keysOf('Work with children was rated as ‘Outstanding’ across planning and reviewing.')).toEqual([
      'standard:Planning:outstanding',
      'standard:Reviewing:outstanding',
    ]);
    expect(keysOf('Three areas rated ‘Good’: Staff and Partnerships and services.')).toEqual([
      'standard:Staff:good',
      'standard:Partnerships and services:good',
    ]);
    expect(keysOf('The board welcomed the report, rating the ‘joint working’ as ‘Outstanding’.')).toEqual([
      'standard:Joint working:outstanding',
    ]);
    expect(keysOf('Oldham YJS was given a rating of ‘Good’ chiefly for its staffing.')).toEqual([
      'service:Oldham',
      'standard:Staff:good',
    ]);
    // A kind of service between a word that names a standard and a rating ends the list: a byline is not a standard.
    expect(keysOf('By Newsroom Staff\nOldham Youth Justice Service rated ‘Inadequate’')).toEqual([
      'service:Oldham',
      'overall:inadequate',
    ]);
    // Earlier ratings each placed in its year, and a service "upgraded to" a rating.
    expect(
      extractClaims('The service has risen from ‘Requires improvement’ in 2018 and ‘Good’ in 2021 to ‘Outstanding’.')
        .filter((c) => c.kind === 'overall')
        .map((c) => [claimKey(c), c.earlier]),
    ).toEqual([
      ['overall:requires_improvement', 2018],
      ['overall:good', 2021],
      ['overall:outstanding', undefined],
    ]);
    expect(keysOf('After the second visit the service, run by the council, was downgraded to ‘Inadequate’.')).toEqual([
      'overall:inadequate',
    ]);
    expect(keysOf('The hotel was upgraded to ‘Good’ by its guests.')).toEqual([]);
    // A publication day written month first, after a weekday; a breakdown "N of these are for".
    expect(keysOf('The findings were published on Thursday, March 5, 2026.')).toEqual(['publication:2026-03-05']);
    expect(keysOf('It makes six recommendations. Four of these are for the police.')).toEqual([
      'recommendations:6:',
      'recommendations:4:police',
    ]);
  });
  it('reads the phrasings of texts gathered after fresh6 (the fresh7 set), in other words', () => {
    expect(keysOf('Overall the borough service received a rating of ‘Outstanding’ this spring.')).toEqual([
      'overall:outstanding',
    ]);
    expect(keysOf('Inspectors rated it "Requires improvement" overall.')).toEqual(['overall:requires_improvement']);
    // Earlier ratings after "graded as", each in its year; "inspected in" a year places the sentence there too.
    expect(
      extractClaims('The Halton service, once graded as ‘inadequate’ in 2016 and ‘good’ in 2020, is proud.')
        .filter((c) => c.kind === 'overall')
        .map((c) => [claimKey(c), c.earlier]),
    ).toEqual([
      ['overall:inadequate', 2016],
      ['overall:good', 2020],
    ]);
    expect(
      extractClaims('Halton YJS, last inspected in 2021, received an overall rating of ‘Good’.').find(
        (c) => c.kind === 'overall',
      ),
    ).toMatchObject({ rating: 'good', earlier: 2021 });
    // An earlier rating's year is not the new rating's: "rated ‘Good’, up from ‘X’ in 2019" keeps Good this inspection's.
    expect(
      extractClaims('Halton YJS was rated ‘Good’, up from ‘Requires improvement’ in 2019.')
        .filter((c) => c.kind === 'overall')
        .map((c) => [claimKey(c), c.earlier]),
    ).toEqual([
      ['overall:good', undefined],
      ['overall:requires_improvement', 2019],
    ]);
    // A region is not a service's place; a line break ends a place named after a kind of service.
    expect(keysOf('A North London Youth Justice Service has been praised.')).toEqual([]);
    expect(keysOf('An inspection of youth justice services in Halton\nSummary of findings')).toEqual([
      'service:Halton',
    ]);
  });
  it('reads the phrasings of texts gathered after fresh7 (the fresh8 set), in other words', () => {
    // A rating said of a number of areas rates standards, not the service: counted of the areas looked at.
    expect(keysOf('Halton YJS was rated ‘Good’ overall, with four separate areas judged to be ‘Outstanding’.')).toEqual(
      ['service:Halton', 'overall:good'],
    );
    expect(keysOf('The team was rated good in six categories and inadequate in two.')).toEqual([]);
    expect(
      keysOf('Inspectors looked at 12 aspects of the YOT’s work. Three aspects of the YOT’s work were marked ‘Good’.'),
    ).toEqual(['standards_count:3:12:good']);
    expect(keysOf('They looked at 12 separate areas and found each area ‘Outstanding’.')).toEqual([
      'standards_count:12:12:outstanding',
    ]);
    // "required improvement", and a rating "for" a reason in quotation marks, are the service's.
    expect(keysOf('The inspectors found Halton Youth Offending Team required improvement.')).toEqual([
      'overall:requires_improvement',
      'service:Halton',
    ]);
    expect(keysOf('Halton YJS has been rated outstanding for “changing lives”.')).toEqual([
      'service:Halton',
      'overall:outstanding',
    ]);
    // A standard named after a phrase about the report is not what the rating is for.
    expect(keysOf('Halton YJS has been rated good in a report from inspectors praising the staff.')).toEqual([
      'service:Halton',
      'overall:good',
    ]);
    // An earlier inspection named with the service between: "last inspected X in 2021, also awarding".
    expect(
      extractClaims('We last inspected Halton YJS in 2021, also giving a rating of ‘Good’.').find(
        (c) => c.kind === 'overall',
      ),
    ).toMatchObject({ rating: 'good', earlier: 2021 });
    // "these cases" takes its domain from the sentence before; a standard "received the highest rating".
    expect(
      keysOf('Halton YJS supervises children dealt with out of court. The planning of these cases was ‘Good’.'),
    ).toContain('standard:Planning (out-of-court disposals):good');
    expect(
      keysOf(
        'Work with children sentenced in court was strong. Assessing with these children received the highest rating of ‘Outstanding’.',
      ),
    ).toEqual(['standard:Assessment (court disposals):outstanding']);
    // A place after a superlative is the field compared in; "made only" a number of recommendations.
    expect(keysOf('Halton is the busiest youth justice service in Cheshire.')).not.toContain('service:Cheshire');
    expect(keysOf('The inspectors made only two recommendations.')).toEqual(['recommendations:2:']);
  });
  it('reads the phrasings of texts gathered after the fresh8 changes (the fresh9 set), in other words', () => {
    expect(keysOf('In short, the overall judgement was that Halton YJS was outstanding.')).toContain(
      'overall:outstanding',
    );
    expect(keysOf('The board will track these six recommendations.')).toEqual(['recommendations:6:']);
    expect(keysOf('A plan answers the five recommendations which were made.')).toEqual(['recommendations:5:']);
  });
  it('reads the phrasings of texts gathered after the fresh9 changes (the fresh10 set), in other words', () => {
    // Which claims, in any order.
    const sortedKeys = (t: string) => keysOf(t).sort();
    // A rating given to a named service, with the service between the verb and the rating.
    expect(sortedKeys('Inspectors gave Halton YJS a ‘Good’ rating last week.')).toEqual([
      'overall:good',
      'service:Halton',
    ]);
    expect(sortedKeys('The watchdog has handed Leeds Youth Offending Service an ‘Inadequate’ grade.')).toEqual([
      'overall:inadequate',
      'service:Leeds',
    ]);
    // …but not a rating given to a standard.
    expect(sortedKeys('Inspectors gave the Halton YJS board’s leadership a ‘Good’ rating.')).not.toContain(
      'overall:good',
    );
    // "marked/assessed <service> as X", as "rated <service> as X" was read.
    expect(sortedKeys('The report marked Halton’s youth justice services as ‘Outstanding’.')).toContain(
      'overall:outstanding',
    );
    // A service's place alone, as the subject, once the text has named the service.
    expect(sortedKeys('Halton Youth Justice Service was inspected. Overall, Halton was judged as ‘Good’.')).toEqual([
      'overall:good',
      'service:Halton',
    ]);
    // A place never named as a service is not one: a council's rating is not the service's.
    expect(sortedKeys('Halton YJS was inspected. Meanwhile, Cheshire was rated ‘Good’ by Ofsted.')).not.toContain(
      'overall:good',
    );
    // A rating the service escaped or fell short of is not its rating.
    expect(sortedKeys('Halton YJS was only saved from an overall ‘Inadequate’ rating by its court work.')).toEqual([
      'service:Halton',
    ]);
    expect(sortedKeys('Halton YJS narrowly missed an overall ‘Outstanding’ rating.')).toEqual(['service:Halton']);
    // Areas counted in words ("many", "several") rate standards, not the service.
    expect(sortedKeys('Halton YJS did well, with several areas separately being rated ‘Outstanding’.')).toEqual([
      'service:Halton',
    ]);
    // "N of our M quality standards judged to be X".
    expect(sortedKeys('Performance on five of our twelve quality standards was judged to be ‘Good’.')).toEqual([
      'standards_count:5:12:good',
    ]);
    // Fieldwork: "the inspection of <place> in <month> <year>", but not an earlier one the sentence names.
    expect(sortedKeys('The inspection of Halton in May 2021 looked at three areas.')).toContain('fieldwork:2021-05');
    expect(
      sortedKeys('The inspection of Halton in May 2021 followed our previous inspection in 2017.').filter((k) =>
        k.startsWith('fieldwork'),
      ),
    ).toEqual([]);
    // "the service" as the addressee of recommendations is the service inspected.
    expect(sortedKeys('Inspectors made three recommendations to the service, on training.')).toEqual([
      'recommendations:3:yjs',
    ]);
    // A council's name for its service: "Children and Young People’s Justice Service".
    expect(sortedKeys('Halton Children and Young People’s Justice Service (CYPJS) was inspected.')).toEqual([
      'service:Halton',
    ]);
  });
  it('reads the phrasings of texts gathered after the fresh10 changes (the fresh11 set), in other words', () => {
    const sortedKeys = (t: string) => keysOf(t).sort();
    // A count of areas "inspected", of "this" work.
    expect(sortedKeys('Two out of five inspected areas of this work were judged ‘Good’.')).toEqual([
      'standards_count:2:5:good',
    ]);
    expect(sortedKeys('Four out of 12 inspected areas were rated ‘Good’.')).toEqual(['standards_count:4:12:good']);
    expect(sortedKeys('Three of 12 aspects of this work were rated ‘Good’.')).toEqual(['standards_count:3:12:good']);
    // "the top/highest rating for all N aspects", or a named rating "in each of" them.
    expect(sortedKeys('The report gave Halton YJS the highest rating for all 13 standards.')).toContain(
      'standards_count:13:13:outstanding',
    );
    expect(sortedKeys('Inspectors gave a ‘Good’ rating in each of the 12 areas.')).toEqual([
      'standards_count:12:12:good',
    ]);
    // A breakdown given as "N recommendations are that <addressee> should", and the Director of
    // Children’s Services as the council.
    expect(
      sortedKeys(
        'The report made five recommendations. Two recommendations are that the Director of Children’s Services should act.',
      ),
    ).toEqual(['recommendations:2:local_authority', 'recommendations:5:']);
    expect(
      sortedKeys('It made 5 recommendations. Of these, two are for the Director of Children’s Services.'),
    ).toContain('recommendations:2:local_authority');
    // Fieldwork after "the inspection by <inspectorate> (<initials>) in <month> <year>".
    expect(
      sortedKeys('The board met after the inspection by HM Inspectorate of Probation (HMIP) in March 2023.'),
    ).toContain('fieldwork:2023-03');
    // The service as "it": "deemed it to be X" (the year of that report placing the rating) and "upgraded it to X".
    const deemed = extractClaims(
      'A report published in 2019 on Halton Youth Justice Service, which supervises children aged 10 to 17, deemed it to be ‘Inadequate’.',
    ).find((c) => c.kind === 'overall');
    expect(deemed).toMatchObject({ rating: 'inadequate', earlier: 2019 });
    expect(sortedKeys('A new report, following a revisit of the service in May, has upgraded it to ‘Good’.')).toContain(
      'overall:good',
    );
  });
  it('reads the phrasings of texts gathered after the fresh11 changes (the fresh12 set), in other words', () => {
    const sortedKeys = (t: string) => keysOf(t).sort();
    // Fieldwork after "the inspection was led by <inspectorate> in <month> <year>".
    expect(sortedKeys('The inspection was led by HM Inspectorate of Probation in March 2021.')).toContain(
      'fieldwork:2021-03',
    );
    // A place on the four-point scale, in a sentence naming a service, is its overall rating.
    expect(sortedKeys('Leeds Youth Justice Service was handed the lowest possible performance rating.')).toContain(
      'overall:inadequate',
    );
    expect(sortedKeys('Inspectors gave their second lowest grade of ‘Requires improvement’ to Leeds YOT.')).toContain(
      'overall:requires_improvement',
    );
    expect(sortedKeys('Praise for Leeds YJS after it earned the second highest rating possible.')).toContain(
      'overall:good',
    );
    // A young people's justice service with one more word of what it does, and the short form in brackets
    // after a kind of service standing for it later in the text.
    expect(
      sortedKeys(
        'We inspected work in Kent Young People’s Support and Justice Service (YPS&JS) this spring. Overall, Kent YPS&JS was rated as ‘Good’.',
      ),
    ).toEqual(['overall:good', 'service:Kent']);
    expect(
      sortedKeys(
        'Bristol Youth Offending Service (BYOS) works with children. The work of BYOS was judged to be ‘Good’.',
      ),
    ).toEqual(['overall:good', 'service:Bristol']);
    // Counts of standards: "elements we inspected"; "in N of the M areas … was rated X, … Y in K"; and "the top
    // rating – X – in N areas" of the number the text said were looked at before it (none with no total).
    expect(sortedKeys('Two out of five elements we inspected were rated ‘Good’.')).toEqual([
      'standards_count:2:5:good',
    ]);
    expect(
      sortedKeys(
        'In three of the 12 different areas inspected the Leeds YOT was rated ‘Good’, while it was rated ‘Outstanding’ in seven and ‘Inadequate’ in two.',
      ),
    ).toEqual([
      'service:Leeds',
      'standards_count:2:12:inadequate',
      'standards_count:3:12:good',
      'standards_count:7:12:outstanding',
    ]);
    expect(
      sortedKeys(
        'Inspectors looked at 13 aspects of the service and it received the top rating – ‘Outstanding’ – in five areas.',
      ),
    ).toEqual(['standards_count:5:13:outstanding']);
    expect(sortedKeys('It was rated ‘Good’ in four areas.')).toEqual([]);
    // A later name made of the first words of a service named before is that service named short; named
    // first, the shorter name is its own service.
    expect(
      sortedKeys('Kent Combined Youth Justice Service was rated ‘Good’. The report notes that Kent YJS works well.'),
    ).toEqual(['overall:good', 'service:Kent Combined']);
    expect(sortedKeys('Kent YOT works with Kent Combined Youth Justice Service.')).toEqual([
      'service:Kent',
      'service:Kent Combined',
    ]);
    // "the staff of <service>" are its people, not the Staff standard; "the staff and …" is the standard.
    expect(
      sortedKeys('Inspectors gave an ‘Outstanding’ rating for the staff of Leeds Youth Offending Team.'),
    ).not.toContain('standard:Staff:outstanding');
    expect(sortedKeys('Inspectors gave an ‘Outstanding’ rating for the staff and the partnerships.')).toContain(
      'standard:Staff:outstanding',
    );
    // "Assessments" names the standard, but not "assessments of" particular needs.
    expect(sortedKeys('Leeds YOT was inspected. Assessments for court cases were rated ‘Good’.')).toContain(
      'standard:Assessment (court disposals):good',
    );
    expect(sortedKeys('Leeds YOT was inspected. Assessments of children’s health needs were ‘Good’.')).toEqual([
      'service:Leeds',
    ]);
    // A list naming no domain, after a sentence about the work of one domain only, is about that work.
    expect(sortedKeys('Work on out-of-court disposals was strong. Assessment and planning were ‘Inadequate’.')).toEqual(
      [
        'standard:Assessment (out-of-court disposals):inadequate',
        'standard:Planning (out-of-court disposals):inadequate',
      ],
    );
    expect(
      sortedKeys('We looked at court work and out-of-court work. Assessment and planning were ‘Inadequate’.'),
    ).toEqual(['standard:Assessment:inadequate', 'standard:Planning:inadequate']);
    // Standards given a place on the scale ("the lowest rating"), named by what they ask about ("quality of
    // information", "out of court disposal policy"); the policy standard's name gives the others no domain.
    expect(
      sortedKeys(
        'Staffing, quality of information, reviewing and the out of court disposal policy were all given the lowest rating.',
      ),
    ).toEqual([
      'standard:Information and facilities:inadequate',
      'standard:Out-of-court disposal policy and provision:inadequate',
      'standard:Reviewing:inadequate',
      'standard:Staff:inadequate',
    ]);
    expect(sortedKeys('Leadership and planning got the second highest rating.')).toEqual([
      'standard:Governance and leadership:good',
      'standard:Planning:good',
    ]);
    // "the highest rating score" ranks a score, not a rating.
    expect(sortedKeys('Bury YOT had the highest overall rating score of any service.')).not.toContain(
      'overall:outstanding',
    );
    // "They", in the passive, as the service the sentence before names.
    expect(sortedKeys('Leeds YJS has been praised. They have been given a rating of ‘Outstanding’.')).toContain(
      'overall:outstanding',
    );
    // The council that runs a service the sentence names, rated "as being" X.
    expect(
      sortedKeys('After inspecting Leeds YOT in May, the Inspectorate rated the council as being ‘Good’.'),
    ).toContain('overall:good');
  });
  it('reads the phrasings of texts gathered after the fresh12 changes (the fresh13 set), in other words', () => {
    const sortedKeys = (t: string) => keysOf(t).sort();
    // Recommendations broken down by recipient: after "including", "with" or "of which", across sentences, and
    // with "and" inside a recipient's name.
    expect(sortedKeys('Inspectors made nine recommendations including three for Thames Valley Police.')).toEqual([
      'recommendations:3:police',
      'recommendations:9:',
    ]);
    expect(
      sortedKeys(
        'The inspectors made seven recommendations, with four for the service, two for the local authority and one for NHS Kent and Medway.',
      ),
    ).toEqual([
      'recommendations:1:health',
      'recommendations:2:local_authority',
      'recommendations:4:yjs',
      'recommendations:7:',
    ]);
    expect(
      sortedKeys(
        'Eight recommendations were listed - five of which are for the youth justice service to act on quickly. Two of them are for the management board. The last one is for the council’s chief executive.',
      ),
    ).toEqual(['recommendations:1:local_authority', 'recommendations:2:management_board', 'recommendations:5:yjs']);
    expect(
      sortedKeys(
        'The report makes twelve recommendations. Six of these are for Leeds YOT, such as better planning. Three are for the partnership board, and a further three recommendations were for Devon and Cornwall Police.',
      ),
    ).toEqual([
      'recommendations:12:',
      'recommendations:3:management_board',
      'recommendations:3:police',
      'recommendations:6:yjs',
      'service:Leeds',
    ]);
    // A purpose after "to" is not a recipient: the count is the total.
    expect(sortedKeys('Inspectors made five recommendations to help strengthen the work of Leeds YOT.')).toEqual([
      'recommendations:5:',
      'service:Leeds',
    ]);
    // A recipient that cannot be told for sure gives no claim: the national Youth Justice Board, a health board, or
    // two kinds of body together.
    expect(sortedKeys('Inspectors made three recommendations to the Youth Justice Board.')).toEqual([]);
    expect(sortedKeys('The report made six recommendations, two for the local health board.')).toEqual([
      'recommendations:2:health',
      'recommendations:6:',
    ]);
    expect(sortedKeys('It made 6 recommendations: four for the service and the board.')).toEqual([
      'recommendations:6:',
    ]);
    // The release wording ("were made to") reads its recipient the same way, and a count after it joins on.
    expect(sortedKeys('Three recommendations were made to the Youth Justice Board.')).toEqual([]);
    expect(
      sortedKeys('Five recommendations have been made to the partnership board and one to North Wales Police.'),
    ).toEqual(['recommendations:1:police', 'recommendations:5:management_board']);
    expect(
      sortedKeys('Of the ten recommendations, seven are aimed at the youth offending team and three at the council.'),
    ).toEqual(['recommendations:10:', 'recommendations:3:local_authority', 'recommendations:7:yjs']);
    // Bodies named by an officer or a national name: the Chief Constable, HM Prison and Probation Service,
    // children’s social care.
    expect(
      sortedKeys(
        'Nine recommendations were made: six for the YOT, two for the Chief Constable and one for HM Prison and Probation Service.',
      ),
    ).toEqual(['recommendations:1:probation', 'recommendations:2:police', 'recommendations:6:yjs']);
    expect(sortedKeys('Inspectors made three recommendations to children’s social care.')).toEqual([
      'recommendations:3:local_authority',
    ]);
    // The people alone, in words that do not say they were rated, are praised, not rated; in a list, the standard.
    expect(sortedKeys('Children told us the staff were ‘outstanding’.')).toEqual([]);
    expect(sortedKeys('Staff were described as good by parents.')).toEqual([]);
    expect(sortedKeys('Staff and partnerships were ‘Good’.')).toEqual([
      'standard:Partnerships and services:good',
      'standard:Staff:good',
    ]);
    expect(sortedKeys('Staff were rated ‘Good’.')).toEqual(['standard:Staff:good']);
    // A place named "X and the Y of Z" is one service; "X and the Y" is not.
    expect(sortedKeys('Devon and the Forest of Dean Youth Justice Service was rated ‘Good’.')).toEqual([
      'overall:good',
      'service:Devon and the Forest of Dean',
    ]);
    expect(sortedKeys('Ofsted and the Isle of Wight YOT worked together.')).toEqual(['service:Isle of Wight']);
    expect(sortedKeys('Inspectors praised Bradford and the Leeds YOT.')).toEqual(['service:Leeds']);
    // A named service opening the sentence, an aside between commas, then the verb rating it.
    expect(
      sortedKeys('Leeds Youth Offending Team, which the council runs with the police and schools, was judged ‘Good’.'),
    ).toEqual(['overall:good', 'service:Leeds']);
    // A quoted rating straight after the one place a kind of service is placed in.
    expect(
      sortedKeys('The team that handles youth offending in Halton ‘requires improvement’, inspectors said.'),
    ).toEqual(['overall:requires_improvement', 'service:Halton']);
    // Resettlement by its verb.
    expect(sortedKeys('Helping children released from custody resettle at home was rated as ‘Good’.')).toEqual([
      'resettlement:good',
    ]);
    // Praise in rating words naming no standard: the people of a body named before them, and the inspectors’
    // judgement ("in their assessment"), are not standards.
    expect(sortedKeys('In the inspectors’ assessment, Leeds’s staff were called “outstanding”.')).toEqual([]);
    expect(sortedKeys('In our assessment, our staff were outstanding.')).toEqual([]);
    expect(sortedKeys('The service’s staffing and assessment were rated ‘Good’.')).toEqual([
      'standard:Assessment:good',
      'standard:Staff:good',
    ]);
  });
  it('gives sentences from the segmenter, joining lines wrapped mid-sentence', () => {
    const c = extractClaims('The inspection report was published on 17 January\n2023. Next sentence.');
    expect(c.map(claimKey)).toEqual(['publication:2023-01-17']);
    expect(c[0]!.sentence).toBe('The inspection report was published on 17 January\n2023.');
    expect(extractClaims('Bromley YJS scored 33/36, and 2.5 per cent reoffended. Next.')[1]!.sentence).toBe(
      'Bromley YJS scored 33/36, and 2.5 per cent reoffended.',
    );
  });
});

describe('checking against the right inspection', () => {
  const bromley2019: ClaimsInspection = {
    ...base,
    ref: 'bromley-2019',
    serviceId: 's-bromley',
    serviceName: 'Bromley YJS',
    region: 'London',
    nation: 'England',
    publication: { precision: 'day', earliest: '2019-06-04', latest: '2019-06-04' },
    overall: 'good',
    score: 25,
    scoreMax: 36,
  };
  const register = [bromley2019, ...inspections];
  const check = (text: string, asAt: string, about?: string) =>
    checkClaims(extractClaims(text), services, register, asAt, about ? { about } : {});
  it('says which inspection and why, and tells "no service identified" from "no inspection of that service"', () => {
    const [, overall] = check('Bromley YJS was rated ‘Outstanding’ overall.', '2025-02-01');
    expect(overall).toMatchObject({ verdict: 'supported', record: 'bromley-2025' });
    expect(overall!.basis).toBe(
      'Checked against bromley-2025: the latest inspection of Bromley YJS published by 2025-02-01 (published 2025-01-07).',
    );
    expect(check('Atlantis YJS was rated ‘Good’ overall.', '2025-02-01')[1]!.explanation).toMatch(
      /^No service identified/,
    );
    expect(check('Camden YJS was rated ‘Good’ overall.', '2019-01-01')[1]!.explanation).toBe(
      'No inspection of Camden YJS in the register published by 2019-01-01.',
    );
    // A service of the directory with no record in the register is a service, with no inspection.
    const directory = [{ serviceId: 'directory:sunderland', serviceName: 'Sunderland YJS', region: 'North East' }];
    const sunderland = checkClaims(
      extractClaims('Sunderland YJS was rated ‘Good’ overall.'),
      services,
      register,
      '2025-02-01',
      { directory },
    );
    expect(sunderland[1]!.explanation).toBe('No inspection of Sunderland YJS in the register published by 2025-02-01.');
    expect(check('Sunderland YJS was rated ‘Good’ overall.', '2025-02-01')[1]!.explanation).toMatch(
      /^No service identified/,
    );
  });
  it('checks a record known only to the month as possibly published on any day of it', () => {
    const [, overall] = check('Leeds YJS was rated ‘Outstanding’ overall.', '2019-11-05');
    expect(overall).toMatchObject({ verdict: 'supported', record: 'leeds-2019' });
    expect(overall!.basis).toContain('known to the month only), possibly published by then');
  });
  it('checks a record known only between bounds: not before its not-before, possibly until its not-after', () => {
    const bounded: ClaimsInspection = {
      ...inspections[1]!,
      ref: 'camden-undated',
      publication: { precision: 'range', earliest: '2018-08-01', latest: '2018-12-05' },
      overall: 'good',
    };
    const list = [bounded];
    const at = (asAt: string) =>
      checkClaims(extractClaims('Camden YJS was rated ‘Good’ overall.'), services, list, asAt)[1]!;
    expect(at('2018-07-31').explanation).toBe('No inspection of Camden YJS in the register published by 2018-07-31.');
    expect(at('2018-10-01')).toMatchObject({ verdict: 'supported', record: 'camden-undated' });
    expect(at('2018-10-01').basis).toContain(
      'published between 2018-08-01 and 2018-12-05 (known only between these dates), possibly published by then',
    );
    expect(at('2018-12-05').basis).not.toContain('possibly published by then');
  });
  it('checks a claim about an earlier inspection against that one', () => {
    const v = check(
      'Bromley YJS was rated ‘Outstanding’ overall. This follows an inspection in 2019, when the service was given an overall rating of ‘Good’.',
      '2025-02-01',
    );
    expect(v.map((x) => [claimKey(x.claim), x.verdict, x.record])).toEqual([
      ['service:Bromley', 'supported', null],
      ['overall:outstanding', 'supported', 'bromley-2025'],
      ['overall:good', 'supported', 'bromley-2019'],
    ]);
  });
  it('with no date in the text, calls a claim wrong only when its other claims show which inspection it is about', () => {
    // Alone, "Good" may be about the 2019 inspection: not contradicted.
    const alone = check('Bromley YJS was rated ‘Good’ overall.', '2025-01-07', 'bromley-2025')[1]!;
    expect(alone.verdict).toBe('unverifiable');
    expect(alone.explanation).toContain('bromley-2019');
    // With the 2025 score beside it, the text is about 2025, and "Inadequate" is wrong.
    const v = check(
      'Bromley YJS scored 33/36. Bromley YJS was rated ‘Inadequate’ overall.',
      '2025-01-07',
      'bromley-2025',
    );
    expect(v.find((x) => x.claim.kind === 'overall')).toMatchObject({
      verdict: 'contradicted',
      correct: 'Outstanding',
    }); // The Chief Inspector dates a text: one fitting rating is not enough to call the name wrong; two claims are.
    const named = check(
      'Bromley YJS was rated ‘Outstanding’ overall, said Chief Inspector Justin Russell.',
      '2025-01-07',
      'bromley-2025',
    );
    expect(named.find((x) => x.claim.kind === 'chief_inspector')?.verdict).toBe('unverifiable');
    const dated = check(
      'Bromley YJS scored 33/36 and was rated ‘Outstanding’ overall, said Chief Inspector Justin Russell.',
      '2025-01-07',
      'bromley-2025',
    );
    expect(dated.find((x) => x.claim.kind === 'chief_inspector')).toMatchObject({ verdict: 'contradicted' });
  });
  it('compares standards across frameworks and domains, and Chief Inspectors without titles or honours', () => {
    const i: ClaimsInspection = {
      ...inspections[0]!,
      ref: 'bromley-x',
      standards: {
        'Leadership and governance': 'good',
        'Assessment (court disposals)': 'good',
        'Assessment (out-of-court disposals)': 'requires_improvement',
        'Planning (court disposals)': 'good',
        'Planning (out-of-court disposals)': 'good',
      },
      chiefInspector: 'Martin Jones (Chief Inspector of Probation)',
    };
    const v = checkClaims(
      extractClaims(
        'Bromley YJS: governance and leadership was rated ‘Good’. Assessment was rated ‘Good’. Planning was rated ‘Good’. Reviewing was rated ‘Good’. Planning of out-of-court disposals was rated ‘Inadequate’. Chief Inspector of Probation, Martin Jones CBE, said so.',
      ),
      services,
      [i],
      '2025-02-01',
    );
    expect(v.slice(1).map((x) => [claimKey(x.claim), x.verdict])).toEqual([
      ['standard:Governance and leadership:good', 'supported'],
      ['standard:Assessment:good', 'unverifiable'],
      ['standard:Planning:good', 'supported'],
      ['standard:Reviewing:good', 'unverifiable'],
      ['standard:Planning (out-of-court disposals):inadequate', 'contradicted'],
      ['chief_inspector:Martin Jones', 'supported'],
    ]);
  });
  it('checks counts of standards and "Nth since" as ranges, contradicted only when certain', () => {
    const i: ClaimsInspection = {
      ...inspections[0]!,
      standards: {
        Staff: 'outstanding',
        'Governance and leadership': 'outstanding',
        'Partnerships and services': 'good',
      },
    };
    const verdict = (t: string, list = [i]) =>
      checkClaims(extractClaims(`Bromley YJS. ${t}`), services, list, '2025-02-01').at(-1)!;
    expect(verdict('It was good or outstanding in 10 of 12 areas.').verdict).toBe('consistent');
    // Two of the three held are Outstanding already: one of twelve cannot be right.
    expect(verdict('It was outstanding in 1 of 12 areas.')).toMatchObject({
      verdict: 'contradicted',
      correct: '2 to 11',
    });
    // A total below any framework's number of standards counts one domain's: not checked against them all.
    expect(verdict('Three out of four inspected aspects of its court work were rated ‘Good’.')).toMatchObject({
      claim: { kind: 'standards_count', count: 3, of: 4 },
      verdict: 'unverifiable',
    });
    const series = [...inspections];
    expect(verdict('This is the first ‘Outstanding’ rating given since 2024.', series).verdict).toBe('consistent');
    expect(verdict('This is the second ‘Outstanding’ rating given since 2020.', series).verdict).toBe('consistent');
    expect(verdict('This is the first ‘Outstanding’ rating given since 2018.', series)).toMatchObject({
      verdict: 'contradicted',
      correct: '3',
    });
  });
});
