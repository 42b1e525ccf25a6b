import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
// The one function's module: the package's index loads all of date-fns (about 16 MB resident).
import { format } from 'date-fns/format';
import { cy as cyLocale } from 'date-fns/locale/cy';
import { createInstance, type i18n, type TFunction } from 'i18next';
import type { Framework } from '../domain/framework.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public page with a Welsh version: it shows the language toggle and answers `?lng=cy`. */
    welsh?: boolean;
  }
  interface FastifyRequest {
    /** The language this request is answered in: English unless the page has a Welsh version. */
    lang: Language;
  }
}

/**
 * The public pages in English and Welsh. i18next holds the words (src/web/locales/<lang>/*.json,
 * the same keys in both: a unit test checks), the rating names from the framework files, and the
 * plural rules; date-fns formats dates in Welsh. Signed-in staff pages, feeds, the API and the
 * downloads stay English.
 */
export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The cookie that keeps a visitor's choice, as GOV.UK One Login names it; `?lng=` sets it. */
export const LANGUAGE_COOKIE = 'lng';
/** What `<html lang>` says for each language. */
export const HTML_LANG: Record<Language, string> = { en: 'en-GB', cy: 'cy' };
export const NAMESPACES = ['common', 'claims', 'pages', 'thematic'] as const;

export const LOCALES_DIR = resolve(import.meta.dirname, 'locales');

export const isLanguage = (v: unknown): v is Language => v === 'en' || v === 'cy';

/** A locale file as read: nested objects of strings. */
export type Messages = { [key: string]: string | Messages };

export function readMessages(lang: Language, ns: string): Messages {
  return JSON.parse(readFileSync(resolve(LOCALES_DIR, lang, `${ns}.json`), 'utf8')) as Messages;
}

let instance: i18n | undefined;

/** The one i18next instance: its resources are read once, and init is synchronous (nothing to fetch). */
export function translator(): i18n {
  if (instance) return instance;
  const resources: Record<string, Record<string, Messages>> = {};
  for (const lang of LANGUAGES)
    resources[lang] = Object.fromEntries(NAMESPACES.map((ns) => [ns, readMessages(lang, ns)]));
  const i = createInstance();
  void i.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    ns: [...NAMESPACES, 'data'],
    defaultNS: 'common',
    initAsync: false,
    // Nunjucks escapes what it prints; escaping here too would show "&amp;" on the page.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = i;
  return i;
}

/**
 * The rating names from the framework files (each rating's `labelCy`), loaded as the `data`
 * namespace. One word has one Welsh name whichever framework uses it; the first file read wins.
 */
export function loadFrameworkNames(frameworks: ReadonlyMap<string, Framework>): void {
  const i = translator();
  const cy: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const f of frameworks.values())
    for (const r of f.ratingScale) {
      en[r.id] ??= r.label;
      if (r.labelCy) cy[r.id] ??= r.labelCy;
    }
  i.addResourceBundle('en', 'data', { rating: en }, true, false);
  i.addResourceBundle('cy', 'data', { rating: cy }, true, false);
  made.clear();
}

/**
 * The language of the request being answered. A request's language is set once, where it starts
 * (app.ts), and read by the helpers that view models and templates share (ratingLabel, the date
 * filters), so none of them needs it passed through every call; outside a request it is English
 * (PDFs, emails, the CLI).
 */
const current = new AsyncLocalStorage<Language>();
export const currentLanguage = (): Language => current.getStore() ?? 'en';
export const inLanguage = <T>(lang: Language, fn: () => T): T => current.run(lang, fn);

const fixed = new Map<Language, TFunction>();
/**
 * Translations already made, by language, key and values. i18next resolves a key in tens of
 * microseconds, and a page such as the map asks for the same few words hundreds of times; the
 * words do not change while the process runs, so each answer is kept (bounded: emptied when full).
 */
const made = new Map<string, string>();
const MADE_MAX = 20_000;
/** A translation in the current language. */
export function t(key: string, options?: Record<string, unknown>): string {
  const lang = currentLanguage();
  const id = options ? `${lang}\u0000${key}\u0000${JSON.stringify(options)}` : `${lang}\u0000${key}`;
  const known = made.get(id);
  if (known !== undefined) return known;
  let tr = fixed.get(lang);
  if (!tr) fixed.set(lang, (tr = translator().getFixedT(lang)));
  const text = (options ? tr(key, options) : tr(key)) as string;
  if (made.size >= MADE_MAX) made.clear();
  made.set(id, text);
  return text;
}

/**
 * The one rule for a visitor's language: `?lng=` first, then the cookie; else English. Both readers
 * below apply it: the parsed request's, and the raw request's for the page cache (which answers
 * before Fastify has parsed the query or the cookies).
 */
export const chooseLanguage = (asked: unknown, cookie: unknown): Language =>
  isLanguage(asked) ? asked : isLanguage(cookie) ? cookie : 'en';

/** The language a visitor asked for, from the parsed query and cookie. */
export function requestedLanguage(query: unknown, cookie: string | undefined): Language {
  const q = query && typeof query === 'object' ? (query as Record<string, unknown>)[LANGUAGE_COOKIE] : undefined;
  return chooseLanguage(q, cookie);
}

/** The cookie's value in a raw Cookie header (the name is fixed, so the pattern is too). */
const LANGUAGE_COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([^;]*)`);

/** The language a raw request would be answered in (the page cache keys on it). */
export function rawRequestLanguage(url: string, cookieHeader: string | undefined): Language {
  const q = url.indexOf('?');
  const asked = q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get(LANGUAGE_COOKIE);
  return chooseLanguage(asked, cookieHeader ? LANGUAGE_COOKIE_VALUE.exec(cookieHeader)?.[1] : undefined);
}

/** Whether the address asks for a language itself: such a request sets the cookie, so it is never cached. */
export const asksForLanguage = (url: string) => {
  const q = url.indexOf('?');
  return q !== -1 && new URLSearchParams(url.slice(q + 1)).has(LANGUAGE_COOKIE);
};

const London = 'Europe/London';

const days = new Map<string, string>();
/** "7 January 2025" or "7 Ionawr 2025", the day in UK time (each kept once made: a page repeats its dates). */
export function formatDay(d: Date, lang: Language = currentLanguage()): string {
  const id = `${lang}${d.getTime()}`;
  const known = days.get(id);
  if (known !== undefined) return known;
  const uk = new TZDate(d.getTime(), London);
  const text = lang === 'cy' ? format(uk, 'd MMMM yyyy', { locale: cyLocale }) : format(uk, 'd MMMM yyyy');
  if (days.size >= MADE_MAX) days.clear();
  days.set(id, text);
  return text;
}

/** "January 2025" or "Ionawr 2025". */
export function formatMonth(year: number, month: number, lang: Language = currentLanguage()): string {
  const d = new Date(Date.UTC(year, month - 1, 15));
  return lang === 'cy' ? format(d, 'MMMM yyyy', { locale: cyLocale }) : format(d, 'MMMM yyyy');
}

/** "7 Ionawr 2025 am 00:01": the Welsh of "7 January 2025 at 00:01". */
export function formatDayTimeCy(d: Date): string {
  const uk = new TZDate(d.getTime(), London);
  return `${format(uk, 'd MMMM yyyy', { locale: cyLocale })} am ${format(uk, 'HH:mm')}`;
}

/** The href that shows the same page in another language: the path and query, with lng set. */
export function languageHref(url: string, lang: Language): string {
  const q = url.indexOf('?');
  const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  params.set(LANGUAGE_COOKIE, lang);
  return `${q === -1 ? url : url.slice(0, q)}?${params.toString()}`;
}
