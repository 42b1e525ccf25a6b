import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoPartial, type PartialDate } from '../../src/domain/partial-date.ts';
import type { PublicSource } from '../../src/domain/public-source.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import type {
  PublicEntry,
  ServiceListFilters,
  ServiceListRow,
  getInspectionByRef,
  getServiceBySlug,
} from '../../src/store/register-repo.ts';
import type { inspections, services } from '../../src/store/schema.ts';
import { homeViewModel as homeOf } from '../../src/web/home/view-model.ts';
import { computeFigures } from '../../src/services/register-figures.ts';

import { inspectionViewModel } from '../../src/web/inspection/view-model.ts';
import { serviceViewModel } from '../../src/web/service/view-model.ts';
import { PAGE_SIZE, servicesViewModel, type FilterOptions } from '../../src/web/services/view-model.ts';

/** The home page's view of these entries, through the figures the page reads. */
const homeViewModel = (entries: PublicEntry[], asAt: string, isToday: boolean) =>
  homeOf(computeFigures(entries, asAt, { listed: [], codes: new Map(), standards: [] }).summary, isToday);

type InspectionData = NonNullable<Awaited<ReturnType<typeof getInspectionByRef>>>;
type ServiceData = NonNullable<Awaited<ReturnType<typeof getServiceBySlug>>>;
type InspectionRow = typeof inspections.$inferSelect;
type ServiceRow = typeof services.$inferSelect;

const youth2021 = frameworkRegistry().get('hmip-youth-2021')!;
const fji = frameworkRegistry().get('hmip-youth-fji')!;
const d = (s: string) => parseIsoPartial(s)!;
const at = new Date('2025-01-07T00:01:00Z');

const serviceRow = (over: Partial<ServiceRow> = {}): ServiceRow => ({
  id: 'svc-1',
  slug: 'bromley',
  name: 'Bromley YJS',
  formerNames: [],
  areaKey: 'Bromley',
  region: 'London',
  nation: 'England',
  version: 1,
  createdAt: at,
  updatedAt: at,
  ...over,
});

const inspectionRow = (over: Partial<InspectionRow> & { publication?: PartialDate | null } = {}) => ({
  id: 'insp-1',
  ref: 'bromley-2025',
  serviceId: 'svc-1',
  frameworkId: 'hmip-youth-2021',
  frameworkVersion: '2021.1',
  frameworkBasis: null,
  frameworkAmbiguity: null,
  title: 'Inspection of youth justice services',
  status: 'published',
  fieldworkText: 'September 2024',
  fieldworkStart: '2024-09-01',
  fieldworkStartLatest: '2024-09-30',
  fieldworkPrecision: 'month',
  fieldworkEnd: null,
  publicationEarliest: '2025-01-07',
  publicationLatest: '2025-01-07',
  publicationPrecision: 'day',
  publishedAt: at,
  score: 33,
  scoreMax: 36,
  scoreSource: 'stated',
  overallRating: 'outstanding',
  overallSource: 'published',
  recommendationsStated: null,
  recommendationsBreakdown: null,
  chiefInspector: null,
  leadInspector: null,
  ratingsSummary: null,
  sourceUrl: null,
  otherSourceUrls: [],
  notes: null,
  kind: 'single' as const,
  partnerInspectorates: [] as string[],
  sourceDetails: [] as PublicSource[],
  origin: 'test',
  leadInspectorId: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
  publication: d('2025-01-07') as PartialDate | null,
  ...over,
});

const inspectionData = (
  over: Partial<InspectionData> = {},
  insp: Parameters<typeof inspectionRow>[0] = {},
): InspectionData =>
  ({
    inspection: inspectionRow(insp),
    service: serviceRow(),
    areas: [{ serviceId: 'svc-1', name: 'Bromley', onsCode: 'E09000006' }],
    ratings: [],
    recommendations: [],
    findings: [],
    discrepancies: [],
    sample: [],
    corrections: [],
    ...over,
  }) as InspectionData;

const $ = (html: string) => cheerio.load(html, null, false);

describe('home page view model', () => {
  const entry = (over: Partial<PublicEntry>): PublicEntry => ({
    inspectionId: over.ref ?? 'x',
    ref: 'x',
    serviceId: 's',
    serviceSlug: 's',
    serviceName: 'S',
    region: 'London',
    nation: 'England',
    frameworkId: 'hmip-youth-2021',
    publication: d('2024-01-01'),
    overall: 'good',
    score: null,
    scoreMax: null,
    ...over,
  });
  const entries = [
    entry({ ref: 'a-2020', serviceId: 'a', serviceName: 'Alpha', overall: 'inadequate', publication: d('2020-05-01') }),
    entry({
      ref: 'a-2024',
      serviceId: 'a',
      serviceName: 'Alpha',
      overall: 'outstanding',
      publication: d('2024-05-01'),
    }),
    entry({ ref: 'b-2023', serviceId: 'b', serviceName: 'Beta', overall: 'outstanding', publication: d('2023-02-01') }),
    entry({
      ref: 'c-2019',
      serviceId: 'c',
      serviceName: 'Cardiff',
      region: 'Wales',
      nation: 'Wales',
      overall: 'good',
      publication: d('2019-06-01'),
    }),
    entry({
      ref: 'd-2018',
      serviceId: 'd',
      serviceName: 'Derby',
      region: 'East Midlands',
      overall: null,
      frameworkId: 'hmip-youth-fji',
      publication: d('2012-03-01'),
    }),
    // Dated only by month, straddling the as-at date: the older one is counted and the newer reported.
    entry({
      ref: 'e-2016',
      serviceId: 'e',
      serviceName: 'Ealing',
      overall: 'requires_improvement',
      publication: d('2016-01-01'),
    }),
    entry({ ref: 'e-2024', serviceId: 'e', serviceName: 'Ealing', overall: 'good', publication: d('2024-06') }),
    entry({ ref: 'f-x', serviceId: 'f', serviceName: 'Fylde', overall: 'good', publication: null }),
  ];
  const vm = homeViewModel(entries, '2024-06-15', false);

  it('counts each service once, by its latest inspection certainly published by the date', () => {
    expect(vm.totalServices).toBe(5);
    expect(vm.cards).toEqual([
      { rating: 'outstanding', label: 'Outstanding', count: 2, share: '50%', range: null },
      // Ealing's newer (Good) inspection may or may not be out by then; Fylde's has no date at all.
      { rating: 'good', label: 'Good', count: 1, share: '25%', range: '1 to 3' },
      { rating: 'requires_improvement', label: 'Requires improvement', count: 1, share: '25%', range: '0 to 1' },
      { rating: 'inadequate', label: 'Inadequate', count: 0, share: '0%', range: null },
    ]);
    expect(vm.unknown.map((u) => u.name)).toEqual(['Ealing', 'Fylde']);
    expect(vm.noOverall).toBe(1);
    expect(vm.undatedCount).toBe(1);
    expect(vm.uncertain).toEqual([
      { service: 'Ealing', counted: 'e-2016', possiblyNewer: 'e-2024', possibleDate: 'June 2024' },
    ]);
    expect(vm.headlines).toEqual(['2 services are rated Outstanding nationally, 2 of them in London.']);
    expect(vm).toMatchObject({ asAt: '2024-06-15', isToday: false, title: 'Youth justice service ratings' });
  });
  it('breaks the counts down by region (grouped by nation) and by nation', () => {
    expect(vm.regions).toEqual([
      { region: 'East Midlands', nation: 'England', counts: [0, 0, 0, 0], total: 1 },
      { region: 'London', nation: 'England', counts: [2, 0, 1, 0], total: 3 },
      { region: 'Wales', nation: 'Wales', counts: [0, 1, 0, 0], total: 1 },
    ]);
    expect(vm.nations).toEqual([
      { nation: 'England', counts: [2, 0, 1, 0], total: 4 },
      { nation: 'Wales', counts: [0, 1, 0, 0], total: 1 },
    ]);
  });
  it('links each count to the list of its services, legacy ones under their own heading', () => {
    expect(vm.basis.map((b) => [b.rating, b.label, b.count, b.href])).toEqual([
      ['outstanding', 'Outstanding', 2, '/services?rating=outstanding&asAt=2024-06-15'],
      ['good', 'Good', 1, '/services?rating=good&asAt=2024-06-15'],
      ['requires_improvement', 'Requires improvement', 1, '/services?rating=requires_improvement&asAt=2024-06-15'],
      ['inadequate', 'Inadequate', 0, '/services?rating=inadequate&asAt=2024-06-15'],
      ['none', 'No overall rating (legacy framework)', 1, '/services?rating=none&asAt=2024-06-15'],
    ]);
    expect(homeViewModel(entries, '2024-06-15', true).basis[0]!.href).toBe('/services?rating=outstanding');
  });
  it('says "1 service is" in the singular, and 0% when nothing is rated', () => {
    expect(homeViewModel([entries[2]!], '2024-06-15', true).headlines[0]).toBe(
      '1 service is rated Outstanding nationally, 1 of them in London.',
    );
    const empty = homeViewModel([], '2024-06-15', true);
    expect(empty.cards.map((c) => c.share)).toEqual(['0%', '0%', '0%', '0%']);
    expect(empty.headlines[0]).toBe('0 services are rated Outstanding nationally, 0 of them in London.');
  });
  it('shares of the rated services add up to about 100%', () => {
    const rating = fc.constantFrom('outstanding', 'good', 'requires_improvement', 'inadequate');
    fc.assert(
      fc.property(fc.array(rating, { minLength: 1, maxLength: 60 }), (ratings) => {
        const list = ratings.map((r, i) => entry({ ref: `r-${i}`, serviceId: `s${i}`, overall: r }));
        const m = homeViewModel(list, '2024-06-15', true);
        expect(m.cards.reduce((t, c) => t + c.count, 0)).toBe(ratings.length);
        const sum = m.cards.reduce((t, c) => t + Number(c.share.slice(0, -1)), 0);
        expect(Math.abs(sum - 100)).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('inspection page view model', () => {
  it('describes a rated, scored inspection in plain words', () => {
    const vm = inspectionViewModel(
      inspectionData(
        {
          recommendations: [
            {
              id: 'r1',
              inspectionId: 'insp-1',
              position: 1,
              addressee: 'management_board',
              addresseeName: null,
              text: 'Do A',
              version: 1,
            },
            {
              id: 'r2',
              inspectionId: 'insp-1',
              position: 2,
              addressee: 'yjs',
              addresseeName: null,
              text: 'Do B',
              version: 1,
            },
            {
              id: 'r3',
              inspectionId: 'insp-1',
              position: 3,
              addressee: 'other',
              addresseeName: 'Bromley Council',
              text: 'Do C',
              version: 1,
            },
            {
              id: 'r4',
              inspectionId: 'insp-1',
              position: 4,
              addressee: 'yjs',
              addresseeName: null,
              text: 'Do D',
              version: 1,
            },
          ],
        },
        { chiefInspector: 'Martin Jones' },
      ),
      youth2021,
    );
    expect(vm.title).toBe('Bromley YJS: Inspection of youth justice services (7 January 2025)');
    // Taken from published sources, the record knows the day; only one published from here knows the instant.
    expect(vm.published).toBe('7 January 2025');
    expect(inspectionViewModel(inspectionData({}, { origin: 'workflow' }), youth2021).published).toBe(
      '7 January 2025 at 00:01',
    );
    expect(vm.foreword).toEqual([
      'HM Inspectorate of Probation inspected Bromley YJS (fieldwork: September 2024) against Youth justice inspection standards (2021 refresh).',
      'Overall, Bromley YJS was rated Outstanding, with a score of 33 out of 36.',
      'The report makes 4 recommendations.',
    ]);
    expect(vm.recommendationGroups.map((g) => [g.label, g.items.map((r) => r.text)])).toEqual([
      ['YJS management board', ['Do A']],
      ['Youth justice service', ['Do B', 'Do D']],
      ['Bromley Council', ['Do C']],
    ]);
    expect(vm.summary.map((r) => r.key.text)).toEqual([
      'Service',
      'Local authority areas',
      'Framework',
      'Kind',
      'Fieldwork',
      'Published',
      'Chief Inspector',
      'Sources',
    ]);
    expect(vm.summary.find((r) => r.key.text === 'Kind')!.value).toEqual({
      text: 'Inspection by HM Inspectorate of Probation',
    });
    expect(vm.framework).toEqual({
      id: 'hmip-youth-2021',
      name: 'Youth justice inspection standards (2021 refresh)',
      version: '2021.1',
    });
    expect(vm.hasScoreScale).toBe(true);
    expect(vm.hasResettlement).toBe(true);
    expect(vm.breadcrumbs.at(-1)).toEqual({ text: 'Bromley YJS', href: '/services/bromley' });
  });

  it('shows each standard with its rating, where it came from, and why one was not rated', () => {
    const vm = inspectionViewModel(
      inspectionData({
        ratings: [
          {
            inspectionId: 'insp-1',
            standardId: '1.1',
            rating: 'good',
            status: 'rated',
            source: 'judged',
            rationale: 'Strong board',
            computedRating: null,
            publicSource: null,
            keyQuestions: null,
          },
          {
            inspectionId: 'insp-1',
            standardId: '2.1',
            rating: 'good',
            status: 'rated',
            source: 'computed',
            rationale: null,
            computedRating: null,
            publicSource: null,
            keyQuestions: [
              { id: '2.1.1', percent: 84.6, yes: 11, applicable: 13 },
              { id: '2.1.2', percent: null, yes: 0, applicable: 0 },
            ],
          },
          {
            inspectionId: 'insp-1',
            standardId: '4.1',
            rating: null,
            status: 'not_rated',
            source: 'published',
            rationale: 'No children released',
            computedRating: null,
            publicSource: null,
            keyQuestions: null,
          },
          {
            inspectionId: 'insp-1',
            standardId: '1.2',
            rating: null,
            status: 'not_rated',
            source: 'published',
            rationale: null,
            computedRating: null,
            publicSource: null,
            keyQuestions: null,
          },
        ],
        findings: [
          {
            id: 'f1',
            inspectionId: 'insp-1',
            position: 1,
            standardId: '1.1',
            kind: 'strength',
            text: 'Clear vision',
            source: null,
            version: 1,
          },
          {
            id: 'f2',
            inspectionId: 'insp-1',
            position: 2,
            standardId: null,
            kind: 'improvement',
            text: 'Overall point',
            source: null,
            version: 1,
          },
        ],
      }),
      youth2021,
    );
    const std = Object.fromEntries(vm.domains.flatMap((dm) => dm.standards).map((s) => [s.id, s]));
    expect(std['1.1']).toMatchObject({
      rating: 'good',
      status: 'rated',
      source: 'Ratings panel judgement',
      rationale: 'Strong board',
      statusText: 'Not rated',
    });
    expect(std['1.1']!.findings.map((f) => f.text)).toEqual(['Clear vision']);
    expect(std['2.1']).toMatchObject({ source: 'Computed from case answers', rationale: null });
    // The fraction and the share by the framework's rule: cut to one place, never rounded up.
    expect(std['2.1']!.keyQuestions).toEqual([
      { id: '2.1.1', percent: '11 of 13, 84.6%' },
      { id: '2.1.2', percent: 'n/a' },
    ]);
    expect(std['2.1']!.panelDecision).toBeNull();
    expect(std['4.1']).toMatchObject({
      rating: null,
      status: 'not_rated',
      statusText: 'No children released',
      source: 'As published',
      rationale: null,
      countsToScore: false,
    });
    expect(std['1.2']!.statusText).toBe('Not rated');
    expect(std['1.3']).toMatchObject({
      status: 'unknown',
      statusText: 'Not in the published sources',
      source: '',
      keyQuestions: [],
    });
    expect(vm.generalFindings.map((f) => f.text)).toEqual(['Overall point']);
    expect(vm.hasFindings).toBe(true);
  });

  it('shows a panel override as the panel’s decision, with the rating the answers gave and the rationale', () => {
    const vm = inspectionViewModel(
      inspectionData({
        ratings: [
          {
            inspectionId: 'insp-1',
            standardId: '2.1',
            rating: 'requires_improvement',
            status: 'rated',
            source: 'judged',
            rationale: 'Plans were thin.',
            computedRating: 'good',
            publicSource: null,
            keyQuestions: [{ id: '2.1.1', percent: (11 * 100) / 17, yes: 11, applicable: 17 }],
          },
        ],
      }),
      youth2021,
    );
    const s = vm.domains.flatMap((dm) => dm.standards).find((x) => x.id === '2.1')!;
    expect(s).toMatchObject({
      rating: 'requires_improvement',
      source: 'Ratings panel judgement',
      panelDecision: 'The ratings panel decided Requires improvement; the case answers gave Good.',
      rationale: 'Plans were thin.',
    });
    expect(s.keyQuestions).toEqual([{ id: '2.1.1', percent: '11 of 17, 64.7%' }]);
  });

  it('says what is not known, and copes with a framework it does not have', () => {
    const vm = inspectionViewModel(
      inspectionData(
        {},
        {
          title: null,
          fieldworkText: null,
          overallRating: null,
          score: null,
          scoreMax: null,
          publication: null,
          recommendationsStated: null,
        },
      ),
      undefined,
    );
    expect(vm.title).toBe('Bromley YJS: inspection (undated)');
    expect(vm.published).toBe('Not known');
    expect(vm.foreword).toEqual([
      'HM Inspectorate of Probation inspected Bromley YJS against hmip-youth-2021.',
      'This framework gives no overall rating.',
    ]);
    expect(vm.framework).toEqual({ id: 'hmip-youth-2021', name: 'hmip-youth-2021', version: '2021.1' });
    expect(vm.domains).toEqual([]);
    expect(vm.hasScoreScale).toBe(false);
    expect(vm.hasResettlement).toBe(false);
    const sources = vm.summary.find((r) => r.key.text === 'Sources')!.value as { html: string };
    expect(sources.html).toBe('None recorded');
    expect(vm.summary.find((r) => r.key.text === 'Fieldwork')!.value).toEqual({ text: 'Not known' });
  });

  it('dates a month-dated publication without pretending to know the time', () => {
    const vm = inspectionViewModel(
      inspectionData({}, { publication: d('2018-03'), recommendationsStated: 1 }),
      youth2021,
    );
    expect(vm.published).toBe('March 2018 (exact date not recorded)');
    expect(vm.foreword.at(-1)).toBe('The report makes 1 recommendation.');
  });

  it('a legacy framework with no scale has no score and no resettlement section', () => {
    const vm = inspectionViewModel(
      inspectionData({}, { frameworkId: 'hmip-youth-fji', overallRating: null, score: null }),
      fji,
    );
    expect(vm.hasScoreScale).toBe(false);
    expect(vm.hasResettlement).toBe(false);
    expect(vm.domains[0]!.standards).toHaveLength(7);
  });

  it('counts the case sample by type, with the framework’s labels', () => {
    const vm = inspectionViewModel(
      inspectionData({
        sample: [
          { caseType: 'court', n: 12 },
          { caseType: 'resettlement', n: 3 },
          { caseType: 'mystery', n: 1 },
        ],
        corrections: [
          {
            id: 'c1',
            inspectionId: 'insp-1',
            recordVersion: 2,
            note: 'Typo',
            changes: {},
            createdBy: null,
            createdAt: new Date('2025-07-01T09:00:00Z'),
          },
        ],
      }),
      youth2021,
    );
    expect(vm.sample).toEqual([
      { label: 'Court disposal', n: 12 },
      { label: 'Resettlement (released from custody)', n: 3 },
      { label: 'mystery', n: 1 },
    ]);
    expect(vm.sampleTotal).toBe(16);
    expect(vm.corrections).toEqual([{ id: 'c1', note: 'Typo', when: '1 July 2025 at 10:00' }]);
  });

  it('links only web addresses, and escapes whatever text it shows', () => {
    const vm = inspectionViewModel(
      inspectionData(
        { service: serviceRow({ name: '<b>Evil</b> & "co"', slug: 'ev"il' }) },
        {
          sourceUrl: 'https://example.test/a?x=1&y="2"',
          otherSourceUrls: ['javascript:alert(1)', 'report.pdf <script>'],
          frameworkVersion: '<v>',
        },
      ),
      youth2021,
    );
    const service = $((vm.summary[0]!.value as { html: string }).html);
    expect(service('a').text()).toBe('<b>Evil</b> & "co"');
    expect(service('a').attr('href')).toBe('/services/ev"il');
    expect(service('b')).toHaveLength(0);
    const sources = $((vm.summary.find((r) => r.key.text === 'Sources')!.value as { html: string }).html);
    expect(sources('li')).toHaveLength(3);
    expect(
      sources('a')
        .map((_, a) => sources(a).attr('href'))
        .get(),
    ).toEqual(['https://example.test/a?x=1&y="2"']);
    expect(
      sources('li')
        .map((_, li) => sources(li).text())
        .get(),
    ).toEqual(['example.test, title not recorded, date not recorded', 'javascript:alert(1)', 'report.pdf <script>']);
    expect(sources('script')).toHaveLength(0);
    const framework = $((vm.summary.find((r) => r.key.text === 'Framework')!.value as { html: string }).html);
    expect(framework.root().text()).toBe('Youth justice inspection standards (2021 refresh) (version <v>)');
  });

  it('no service name or source can add an element to the summary', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        (name, source) => {
          const vm = inspectionViewModel(
            inspectionData({ service: serviceRow({ name }) }, { sourceUrl: source || null }),
            youth2021,
          );
          for (const row of vm.summary) {
            const html = (row.value as { html?: string }).html;
            if (!html) continue;
            const doc = $(html);
            expect(
              doc('*')
                .toArray()
                .map((el) => ('tagName' in el ? el.tagName : '?'))
                .filter((t) => !['a', 'ul', 'li'].includes(t)),
            ).toEqual([]);
          }
          // An HTML parser drops NUL in text and reads CR as LF, as a browser does.
          const shown = name.replace(/\r\n?/g, '\n').replaceAll('\0', '');
          expect($((vm.summary[0]!.value as { html: string }).html)('a').text()).toBe(shown);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('service page view model', () => {
  const data = (over: Partial<ServiceData> = {}): ServiceData =>
    ({
      service: serviceRow({ formerNames: ['Bromley YOS'] }),
      areas: [
        { serviceId: 'svc-1', name: 'Bromley', onsCode: 'E09000006' },
        { serviceId: 'svc-1', name: 'Elsewhere', onsCode: null },
      ],
      inspections: [
        inspectionRow(),
        inspectionRow({
          ref: 'bromley-2019',
          frameworkId: 'hmip-youth-2018',
          title: null,
          overallRating: null,
          score: null,
          scoreMax: null,
          publication: d('2019-03'),
        }),
        inspectionRow({
          ref: 'bromley-old',
          frameworkId: 'gone',
          overallRating: 'good',
          score: null,
          publication: null,
        }),
      ],
      ...over,
    }) as ServiceData;

  it('summarises the service and its latest inspection', () => {
    const vm = serviceViewModel(data(), frameworkRegistry());
    expect(vm.title).toBe('Bromley YJS');
    expect(vm.latest).toEqual({ ref: 'bromley-2025', overall: 'outstanding', published: '7 January 2025' });
    expect(vm.summary.map((r) => [r.key.text, 'text' in r.value ? r.value.text : r.value.html])).toEqual([
      ['Local authority areas', 'Bromley <span class="app-muted">(E09000006)</span><br>Elsewhere'],
      ['Region', 'London'],
      ['Nation', 'England'],
      ['Also known as', 'Bromley YOS'],
      ['Published inspections', '3'],
    ]);
  });
  it('says Wales once: a region that is its whole nation is not shown beside the nation', () => {
    const vm = serviceViewModel(
      data({ service: serviceRow({ name: 'Cardiff YJS', region: 'Wales', nation: 'Wales' }) }),
      frameworkRegistry(),
    );
    const keys = vm.summary.map((r) => r.key.text);
    expect(keys).toContain('Nation');
    expect(keys).not.toContain('Region');
  });
  it('lists every inspection on a timeline, newest first, dated as precisely as known', () => {
    const vm = serviceViewModel(data(), frameworkRegistry());
    expect(vm.timeline.map((t) => [t.label.html, t.datetime?.timestamp, t.undated])).toEqual([
      ['Inspection of youth justice services: Overall: Outstanding', '2025-01-07', false],
      ['Inspection: No overall rating', '2019-03', false],
      ['Inspection of youth justice services: Overall: Good', undefined, true],
    ]);
    const first = $(vm.timeline[0]!.html);
    expect(
      first('p')
        .map((_, p) => first(p).text())
        .get(),
    ).toEqual([
      'Score 33/36',
      'Youth justice inspection standards (2021 refresh)',
      'View inspection published 7 January 2025',
    ]);
    expect(first('a').attr('href')).toBe('/inspections/bromley-2025');
    const third = $(vm.timeline[2]!.html);
    expect(third('p').first().text()).toBe('gone');
  });
  it('leaves out "Also known as" when the service has had no other name', () => {
    const vm = serviceViewModel(data({ service: serviceRow() }), frameworkRegistry());
    expect(vm.summary.map((r) => r.key.text)).not.toContain('Also known as');
  });
  it('escapes area names and codes', () => {
    const vm = serviceViewModel(
      data({ areas: [{ serviceId: 'svc-1', name: '<img src=x>', onsCode: '"><script>' }] }),
      frameworkRegistry(),
    );
    const html = $((vm.summary[0]!.value as { html: string }).html);
    expect(html('img, script')).toHaveLength(0);
    expect(html.root().text()).toBe('<img src=x> ("><script>)');
  });
});

describe('services list view model', () => {
  const filters = (over: Partial<ServiceListFilters> = {}): ServiceListFilters => ({
    ratings: [],
    regions: [],
    nations: [],
    frameworks: [],
    q: '',
    search: null,
    sort: 'name',
    page: 1,
    pageSize: PAGE_SIZE,
    ...over,
  });
  const opts: FilterOptions = {
    regions: ['London', 'Wales'],
    nations: ['England', 'Wales'],
    frameworks: [
      { id: 'hmip-youth-2021', name: 'Youth 2021' },
      { id: 'hmip-youth-fji', name: 'Legacy' },
    ],
    ratings: ['outstanding', 'good'],
  };
  const row = (i: number): ServiceListRow => ({
    slug: `s${i}`,
    name: `S${i}`,
    region: 'London',
    nation: 'England',
    latestRef: `s${i}-2024`,
    frameworkId: 'hmip-youth-2021',
    overall: 'good',
    score: null,
    scoreMax: null,
    publication: d('2024-05'),
    inspectionCount: 1,
  });

  it('says how many services match, and which are shown', () => {
    expect(servicesViewModel(filters(), [], 0, opts).resultSummary).toBe('No services match these filters.');
    const vm = servicesViewModel(filters({ page: 2, pageSize: 10 }), [row(11), row(12), row(13)], 13, opts);
    expect(vm.resultSummary).toBe('Showing 11 to 13 of 13 services');
    expect(vm.rows[0]).toMatchObject({ slug: 's11', published: 'May 2024', frameworkName: 'Youth 2021' });
    expect(vm.pageOutOfRange).toBe(false);
    expect(servicesViewModel(filters({ page: 3, pageSize: 10 }), [], 13, opts).pageOutOfRange).toBe(true);
  });

  it('offers each filter option, ticked when chosen, with a "no overall rating" choice', () => {
    const vm = servicesViewModel(
      filters({ ratings: ['good', 'none'], nations: ['Wales'], frameworks: ['hmip-youth-fji'] }),
      [],
      0,
      opts,
    );
    expect(vm.options.ratings).toEqual([
      { value: 'outstanding', text: 'Outstanding', checked: false },
      { value: 'good', text: 'Good', checked: true },
      { value: 'none', text: 'No overall rating (legacy)', checked: true },
    ]);
    expect(vm.options.nations).toEqual([
      { value: 'England', text: 'England', checked: false },
      { value: 'Wales', text: 'Wales', checked: true },
    ]);
    expect(vm.options.frameworks.find((f) => f.checked)).toEqual({
      value: 'hmip-youth-fji',
      text: 'Legacy',
      checked: true,
    });
  });

  it('lets each selected filter be removed on its own, keeping the rest', () => {
    const vm = servicesViewModel(
      filters({
        ratings: ['good', 'none'],
        regions: ['London'],
        frameworks: ['unknown-fw'],
        q: 'brom',
        sort: '-published',
      }),
      [],
      0,
      opts,
    );
    expect(vm.selectedFilters!.categories.map((c) => [c.heading.text, c.items])).toEqual([
      [
        'Overall rating',
        [
          { text: 'Good', href: '/services?q=brom&rating=none&region=London&framework=unknown-fw&sort=-published' },
          {
            text: 'No overall rating',
            href: '/services?q=brom&rating=good&region=London&framework=unknown-fw&sort=-published',
          },
        ],
      ],
      [
        'Region',
        [{ text: 'London', href: '/services?q=brom&rating=good&rating=none&framework=unknown-fw&sort=-published' }],
      ],
      [
        'Framework',
        [{ text: 'unknown-fw', href: '/services?q=brom&rating=good&rating=none&region=London&sort=-published' }],
      ],
      [
        'Name',
        [
          {
            text: 'brom',
            href: '/services?rating=good&rating=none&region=London&framework=unknown-fw&sort=-published',
          },
        ],
      ],
    ]);
    expect(vm.selectedFilters!.clearLink).toEqual({ text: 'Clear filters', href: '/services' });
    expect(servicesViewModel(filters(), [], 0, opts).selectedFilters).toBeNull();
  });

  it.each<[ServiceListFilters['sort'], Record<string, [string, string]>]>([
    [
      'name',
      {
        Service: ['ascending', '-name'],
        Region: ['none', 'region'],
        'Latest overall rating': ['none', 'rating'],
        Published: ['none', '-published'],
      },
    ],
    [
      '-name',
      {
        Service: ['descending', 'name'],
        Region: ['none', 'region'],
        'Latest overall rating': ['none', 'rating'],
        Published: ['none', '-published'],
      },
    ],
    [
      'rating',
      {
        Service: ['none', 'name'],
        'Latest overall rating': ['ascending', '-rating'],
        Region: ['none', 'region'],
        Published: ['none', '-published'],
      },
    ],
    [
      '-published',
      {
        Service: ['none', 'name'],
        'Latest overall rating': ['none', 'rating'],
        Region: ['none', 'region'],
        Published: ['descending', 'published'],
      },
    ],
    [
      'published',
      {
        Service: ['none', 'name'],
        'Latest overall rating': ['none', 'rating'],
        Region: ['none', 'region'],
        Published: ['ascending', '-published'],
      },
    ],
    [
      'region',
      {
        Service: ['none', 'name'],
        'Latest overall rating': ['none', 'rating'],
        Region: ['ascending', 'region'],
        Published: ['none', '-published'],
      },
    ],
  ])('sorted by %s, each column header says its order and where a click goes', (sort, expected) => {
    const vm = servicesViewModel(filters({ sort }), [], 0, opts);
    const got = Object.fromEntries(
      vm.sortLinks.map((l) => [
        l.label,
        [l.ariaSort, new URLSearchParams(l.href.split('?')[1] ?? '').get('sort') ?? 'name'],
      ]),
    );
    expect(got).toEqual(expected);
  });

  it('pages with ellipses around the current page, and no pagination for one page', () => {
    expect(servicesViewModel(filters(), [row(1)], 1, opts).pagination).toBeNull();
    const vm = servicesViewModel(filters({ page: 6, pageSize: 10, nations: ['Wales'] }), [row(1)], 120, opts);
    const p = vm.pagination!;
    expect(p.previous).toEqual({ href: '/services?nation=Wales&page=5' });
    expect(p.next).toEqual({ href: '/services?nation=Wales&page=7' });
    expect(p.items.map((i) => ('ellipsis' in i ? '…' : `${i.number}${i.current ? '*' : ''}`))).toEqual([
      '1',
      '…',
      '4',
      '5',
      '6*',
      '7',
      '8',
      '…',
      '12',
    ]);
    expect(p.items[0]).toEqual({
      number: 1,
      href: '/services?nation=Wales',
      current: false,
      visuallyHiddenText: 'Page 1',
    });
    const first = servicesViewModel(filters({ page: 1, pageSize: 10 }), [row(1)], 30, opts).pagination!;
    expect(first.previous).toBeUndefined();
    expect(first.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, 2, 3]);
    const last = servicesViewModel(filters({ page: 3, pageSize: 10 }), [row(1)], 30, opts).pagination!;
    expect(last.next).toBeUndefined();
  });

  it('always shows the first, last and current page, never two ellipses in a row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 60 }), (total, page) => {
        const vm = servicesViewModel(filters({ page, pageSize: 10 }), [], total, opts);
        const pages = Math.ceil(total / 10);
        if (pages === 1) {
          expect(vm.pagination).toBeNull();
          return;
        }
        const numbers = vm.pagination!.items.flatMap((i) => ('number' in i ? [i.number] : []));
        expect(numbers[0]).toBe(1);
        expect(numbers.at(-1)).toBe(pages);
        if (page <= pages) expect(vm.pagination!.items.filter((i) => 'current' in i && i.current)).toHaveLength(1);
        expect(numbers).toEqual([...numbers].sort((a, b) => a! - b!));
        vm.pagination!.items.forEach((i, k, arr) => {
          if ('ellipsis' in i) expect('ellipsis' in arr[k + 1]!).toBe(false);
        });
      }),
    );
  });
});
