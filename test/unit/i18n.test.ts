import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { readWelshNames } from '../../src/store/welsh-names.ts';
import {
  formatDay,
  inLanguage,
  languageHref,
  loadFrameworkNames,
  NAMESPACES,
  rawRequestLanguage,
  readMessages,
  requestedLanguage,
  t,
  type Messages,
} from '../../src/web/i18n.ts';
import { partialDate, placeName, ratingLabel, ukDate, ukDateTime } from '../../src/web/view-helpers.ts';

/** Every key path with its text; plural forms (_one, _few …) count as their base key. */
function flatten(m: Messages, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(m)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') {
      const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
      out.set(base, [...(out.get(base) ?? []), v]);
    } else for (const [kk, vv] of flatten(v, path)) out.set(kk, [...(out.get(kk) ?? []), ...vv]);
  }
  return out;
}
const variables = (texts: string[]) =>
  [...new Set(texts.flatMap((s) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1])))].sort();

describe('locale files', () => {
  for (const ns of NAMESPACES) {
    const en = flatten(readMessages('en', ns));
    const cy = flatten(readMessages('cy', ns));
    it(`${ns}: every key is in English and Welsh`, () => {
      expect([...cy.keys()].sort()).toEqual([...en.keys()].sort());
    });
    it(`${ns}: no text is empty, and both languages fill in the same values`, () => {
      for (const [key, texts] of [...en, ...cy]) for (const s of texts) expect(s.trim(), key).not.toBe('');
      for (const [key, texts] of en) {
        // A Welsh text may leave out {{count}} where the number is in the words (one plural form);
        // it may not name a value the English does not fill.
        const extra = variables(cy.get(key)!).filter((v) => !variables(texts).includes(v));
        expect(extra, key).toEqual([]);
      }
    });
  }
});

describe('Welsh words', () => {
  it('counts take the noun in the singular after a number, as Welsh does', () => {
    expect(inLanguage('cy', () => t('count.services', { count: 2 }))).toBe('2 gwasanaeth');
    expect(inLanguage('cy', () => t('count.services', { count: 1 }))).toBe('1 gwasanaeth');
    expect(inLanguage('en', () => t('count.services', { count: 2 }))).toBe('2 services');
    expect(inLanguage('en', () => t('count.services', { count: 1 }))).toBe('1 service');
    // A Welsh plural form of its own where the sentence needs it.
    expect(inLanguage('cy', () => t('home.headline', { count: 1, london: 0 }))).toMatch(/^Mae 1 gwasanaeth wedi’i/);
    expect(inLanguage('cy', () => t('home.headline', { count: 3, london: 1 }))).toMatch(/^Mae 3 o wasanaethau/);
  });
  it('outside a request the words are English (emails, PDFs, the CLI)', () => {
    expect(t('nav.services')).toBe('Services');
    expect(inLanguage('cy', () => t('nav.services'))).toBe('Gwasanaethau');
  });
  it('rating names come from the framework files', () => {
    loadFrameworkNames(frameworkRegistry());
    expect(inLanguage('cy', () => ratingLabel('requires_improvement'))).toBe('Angen gwella');
    expect(inLanguage('cy', () => ratingLabel('poor'))).toBe('Gwael');
    expect(inLanguage('en', () => ratingLabel('requires_improvement'))).toBe('Requires improvement');
    expect(inLanguage('cy', () => ratingLabel(null))).toBe('Heb ei raddio');
  });
  it('Welsh places and services have their Welsh names; English ones keep theirs', () => {
    expect(inLanguage('cy', () => placeName('Cardiff YJS'))).toBe('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
    expect(inLanguage('cy', () => placeName('Isle of Anglesey'))).toBe('Ynys Môn');
    expect(inLanguage('cy', () => placeName('Wales'))).toBe('Cymru');
    expect(inLanguage('cy', () => placeName('Bromley YJS'))).toBe('Bromley YJS');
    expect(inLanguage('en', () => placeName('Cardiff YJS'))).toBe('Cardiff YJS');
  });
});

describe('Welsh dates', () => {
  it('a day, a month and a year, as dates are written in Welsh', () => {
    expect(inLanguage('cy', () => ukDate('2025-01-07'))).toBe('7 Ionawr 2025');
    expect(inLanguage('cy', () => ukDate('2024-07-12'))).toBe('12 Gorffennaf 2024');
    expect(
      inLanguage('cy', () => partialDate({ precision: 'month', earliest: '2022-08-01', latest: '2022-08-31' })),
    ).toBe('Awst 2022');
    expect(
      inLanguage('cy', () => partialDate({ precision: 'year', earliest: '2019-01-01', latest: '2019-12-31' })),
    ).toBe('2019');
    expect(inLanguage('cy', () => partialDate(null))).toBe('Dyddiad heb ei wybod');
    expect(inLanguage('en', () => ukDate('2025-01-07'))).toBe('7 January 2025');
  });
  it('in UK time: 23:30 UTC on 30 June is 1 July in London', () => {
    expect(formatDay(new Date('2025-06-30T23:30:00Z'), 'cy')).toBe('1 Gorffennaf 2025');
    expect(inLanguage('cy', () => ukDateTime(new Date('2025-01-07T00:01:00Z')))).toBe('7 Ionawr 2025 am 00:01');
    expect(inLanguage('cy', () => ukDateTime(new Date('2025-07-06T23:01:00Z')))).toBe('7 Gorffennaf 2025 am 00:01');
  });
});

describe('choosing the language', () => {
  it('?lng= first, then the cookie, else English; anything else is ignored', () => {
    expect(requestedLanguage({ lng: 'cy' }, 'en')).toBe('cy');
    expect(requestedLanguage({}, 'cy')).toBe('cy');
    expect(requestedLanguage({ lng: 'fr' }, undefined)).toBe('en');
    expect(requestedLanguage({}, 'de')).toBe('en');
    expect(rawRequestLanguage('/?lng=cy', 'lng=en')).toBe('cy');
    expect(rawRequestLanguage('/', 'insp_csrf=x; lng=cy')).toBe('cy');
    expect(rawRequestLanguage('/', 'xlng=cy')).toBe('en');
  });
  it('the page cache and the page choose the same language for every query and cookie', () => {
    const values = [undefined, 'en', 'cy', 'fr', '', 'CY'];
    for (const asked of values)
      for (const cookie of values) {
        const url = asked === undefined ? '/services' : `/services?lng=${encodeURIComponent(asked)}`;
        const header = cookie === undefined ? 'insp_csrf=x' : `insp_csrf=x; lng=${cookie}`;
        const parsed = requestedLanguage(asked === undefined ? {} : { lng: asked }, cookie);
        expect(rawRequestLanguage(url, header), `${url} with ${header}`).toBe(parsed);
      }
  });
  it('the toggle keeps the page and its query', () => {
    expect(languageHref('/services?rating=good&lng=en', 'cy')).toBe('/services?rating=good&lng=cy');
    expect(languageHref('/', 'en')).toBe('/?lng=en');
  });
});

describe('framework files in Welsh', () => {
  const frameworks = [...frameworkRegistry().values()];
  it.each(frameworks.map((f) => [f.id, f] as const))(
    '%s names itself, its ratings, domains and standards in Welsh',
    (_, f) => {
      expect(f.nameCy).toBeTruthy();
      for (const r of f.ratingScale) expect(r.labelCy, `${f.id} rating ${r.id}`).toBeTruthy();
      for (const d of f.domains) {
        expect(d.nameCy, `${f.id} domain ${d.id}`).toBeTruthy();
        for (const s of d.standards) expect(s.nameCy, `${f.id} standard ${s.id}`).toBeTruthy();
      }
    },
  );
  it('one rating word has one Welsh name in every framework', () => {
    const names = new Map<string, Set<string>>();
    for (const f of frameworks)
      for (const r of f.ratingScale) names.set(r.id, (names.get(r.id) ?? new Set()).add(r.labelCy!));
    for (const [id, set] of names) expect([...set], id).toHaveLength(1);
  });
});

describe('Welsh names of places and services', () => {
  const rows = readWelshNames();
  const seed = (file: string) =>
    parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'data', 'seed', file), 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
  it('every Welsh local authority has its Welsh name, by its ONS code', () => {
    const welsh = seed('local-authorities.csv').filter((r) => r.ons_code!.startsWith('W06'));
    expect(welsh).toHaveLength(22);
    for (const la of welsh) {
      const row = rows.find((r) => r.kind === 'local_authority' && r.ons_code === la.ons_code);
      expect(row?.name, la.name).toBe(la.name);
    }
    expect(rows.find((r) => r.name === 'Newport')?.name_cy).toBe('Casnewydd');
  });
  it('every service of Wales in the directory has a Welsh name', () => {
    const services = seed('yjs-directory.csv').filter((r) => r.nation === 'Wales');
    expect(services.length).toBeGreaterThan(20);
    for (const s of services)
      expect(
        rows.some((r) => r.kind === 'service' && r.name === s.service_name),
        s.service_name,
      ).toBe(true);
  });
  it('names are unique, and each says whether a source confirmed it', () => {
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    expect(rows.filter((r) => r.checked === 'yes').length).toBeGreaterThan(0);
  });
});
