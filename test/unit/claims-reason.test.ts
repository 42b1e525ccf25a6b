import { describe, expect, it } from 'vitest';
import {
  ENGLISH,
  REASON_CODES,
  REASON_EN,
  reason,
  renderReason,
  type Reason,
  type ReasonCode,
  type ReasonValue,
} from '../../src/domain/claims-reason.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { reasonOnPage, welshStandardNames } from '../../src/web/claims/reason.ts';
import { inLanguage, loadFrameworkNames } from '../../src/web/i18n.ts';

loadFrameworkNames(frameworkRegistry());
const standards = welshStandardNames(frameworkRegistry().values());

/** A value of the kind each name holds, so every code is shown with values it really takes. */
const SAMPLE: Record<string, ReasonValue> = {
  ref: 'cardiff-2022',
  why: reason('whyLatest', {
    service: { name: 'Cardiff YJS' },
    asAt: { date: '2025-01-07' },
    when: reason('whenNotHeld'),
  }),
  service: { name: 'Cardiff YJS' },
  asAt: { date: '2025-01-07' },
  when: reason('whenMonth', { date: { date: '2022-08' } }),
  date: { date: '2025-01-07' },
  year: 2019,
  explanation: reason('registerHasRating', { rating: { rating: 'good' } }),
  name: 'Sue Smith',
  rating: { rating: 'requires_improvement' },
  scope: { name: 'Wales' },
  refs: { list: ['a-2020', 'b-2021'], join: 'comma' },
  min: 3,
  max: 5,
  count: 2,
  items: {
    list: [reason('uncertainItem', { service: { name: 'Cardiff YJS' }, why: reason('uncertainUndated') })],
    join: 'semicolon',
  },
  what: reason('countNational', { rating: { rating: 'outstanding' }, asAt: { date: '2025-01-07' } }),
  range: reason('range', { min: 3, max: 5 }),
  claimed: 17,
  basis: reason('countBasis', { refs: { list: ['a-2020'], join: 'comma' } }),
  unknowns: '',
  month: { date: '2022-08' },
  since: { date: '2020-07' },
  until: { date: '2025-01-07' },
  from: { date: '2018-08-01' },
  to: { date: '2018-12-05' },
  n: 4,
  score: 33,
  standard: { standard: 'Assessment (court disposals)' },
  ratings: { list: [{ rating: 'good' }, { rating: 'outstanding' }], join: 'or' },
  of: 12,
  held: 10,
  stated: 6,
  addressee: { addressee: 'local_authority' },
};
const sample = (code: ReasonCode, count?: number): Reason => {
  const names = [...REASON_EN[code].matchAll(/{{(\w+)}}/g)].map((m) => m[1]!);
  const params = Object.fromEntries(names.map((n) => [n, SAMPLE[n]!]));
  if (count !== undefined) params.count = count;
  return reason(code, params);
};
const en = (v: ReasonValue) => inLanguage('en', () => reasonOnPage(v, standards));
const cy = (v: ReasonValue) => inLanguage('cy', () => reasonOnPage(v, standards));

describe('the claims checker’s reasons on the page', () => {
  it('every sample value is one a reason takes', () => {
    for (const code of REASON_CODES)
      for (const [, n] of REASON_EN[code].matchAll(/{{(\w+)}}/g)) expect(SAMPLE[n!], `${code}: ${n}`).toBeDefined();
  });

  for (const code of REASON_CODES)
    it(`${code}: the English page says what the checker says; the Welsh page has its own words`, () => {
      const r = sample(code);
      const english = en(r);
      expect(english).toBe(renderReason(r, ENGLISH));
      const welsh = cy(r);
      // A missing key would come back as its own name; an unfilled value as its braces.
      expect(welsh).not.toMatch(/reason\.|{{|}}|undefined/);
      expect(welsh.trim()).not.toBe('');
      // A code with words of its own says them in Welsh ("{{score}}/{{max}}" has none).
      if (/[a-z]{2}/i.test(REASON_EN[code].replace(/{{\w+}}/g, ''))) expect(welsh).not.toBe(english);
    });

  it('a count of one and of many, in both languages', () => {
    for (const code of ['couldChange', 'couldChangeMore'] as const) {
      expect(en(sample(code, 1))).toMatch(/^ 1 service could change this/);
      expect(en(sample(code, 2))).toMatch(/^ 2 services could change this/);
      expect(en(sample(code, 1))).toBe(renderReason(sample(code, 1), ENGLISH));
      expect(en(sample(code, 2))).toBe(renderReason(sample(code, 2), ENGLISH));
      expect(cy(sample(code, 1))).toMatch(/^ Gallai 1 gwasanaeth newid hyn/);
      expect(cy(sample(code, 3))).toMatch(/^ Gallai 3 gwasanaeth newid hyn/);
    }
  });

  it('values in Welsh: ratings, dates, services, regions, standards, lists and whom recommendations are for', () => {
    expect(cy(reason('overallSupported', { rating: { rating: 'requires_improvement' } }))).toBe(
      'Gradd gyffredinol: Angen gwella.',
    );
    expect(en(reason('overallSupported', { rating: { rating: 'requires_improvement' } }))).toBe(
      'Overall rating Requires improvement.',
    );
    expect(cy(reason('publicationSupported', { date: { date: '2025-01-07' } }))).toBe('Cyhoeddwyd ar 7 Ionawr 2025.');
    expect(en(reason('publicationSupported', { date: { date: '2025-01-07' } }))).toBe('Published 2025-01-07.');
    expect(cy(reason('whenMonth', { date: { date: '2022-08' } }))).toBe(
      'cyhoeddwyd ym mis Awst 2022 (yn hysbys i’r mis yn unig)',
    );
    expect(cy(reason('noInspection', { service: { name: 'Cardiff YJS' }, asAt: { date: '2025-01-07' } }))).toBe(
      'Nid oes arolygiad ar gyfer Gwasanaeth Cyfiawnder Ieuenctid Caerdydd yn y gofrestr a gyhoeddwyd erbyn 7 Ionawr 2025.',
    );
    // A service with no Welsh name keeps its English one.
    expect(cy(reason('noInspection', { service: { name: 'Bromley YJS' }, asAt: { date: '2025' } }))).toContain(
      'ar gyfer Bromley YJS yn y gofrestr a gyhoeddwyd erbyn 2025.',
    );
    expect(cy(sample('countRegion'))).toContain('yn rhanbarth Cymru');
    expect(cy(reason('standardSupported', { standard: { standard: 'Assessment' }, rating: { rating: 'good' } }))).toBe(
      'Asesu: Da.',
    );
    expect(cy({ standard: 'Assessment (court disposals)' })).toBe('Asesu (gwarediadau llys)');
    expect(cy({ list: [{ rating: 'good' }, { rating: 'outstanding' }], join: 'or' })).toBe('Da neu Rhagorol');
    expect(en({ list: [{ rating: 'good' }, { rating: 'outstanding' }], join: 'or' })).toBe('Good or Outstanding');
    expect(cy(reason('addresseeSupported', { n: 2, addressee: { addressee: 'management_board' } }))).toBe(
      '2 ar gyfer y bwrdd rheoli.',
    );
    expect(en(reason('addresseeSupported', { n: 2, addressee: { addressee: 'management_board' } }))).toBe(
      '2 for the management board.',
    );
    // A reason inside a reason is said in the same language.
    expect(cy(sample('holdsForOtherUndated'))).toMatch(
      /^Yn ôl y gofrestr: Da\. Ond mae’r honiad yn wir am cardiff-2022/,
    );
  });
});
