import { formatPartial, ukDateTime as ukDateTimeEn, type PartialDate } from '../domain/partial-date.ts';
import { MAIL_SENDER } from '../domain/mail-text.ts';
import { welshNames } from '../store/welsh-names.ts';
import { currentLanguage, formatDay, formatDayTimeCy, formatMonth, t, translator } from './i18n.ts';

/** The site's name, in page titles and the header; emails say they are from the same name. */
export const SERVICE_NAME = MAIL_SENDER;

/** Every rating word the register holds, with its label and its one colour, used on every page. */
export const RATING_STYLES: Record<string, { label: string; tag: string }> = {
  outstanding: { label: 'Outstanding', tag: 'govuk-tag--green' },
  good: { label: 'Good', tag: 'govuk-tag--teal' },
  requires_improvement: { label: 'Requires improvement', tag: 'govuk-tag--yellow' },
  inadequate: { label: 'Inadequate', tag: 'govuk-tag--red' },
  satisfactory: { label: 'Satisfactory', tag: 'govuk-tag--purple' },
  unsatisfactory: { label: 'Unsatisfactory', tag: 'govuk-tag--orange' },
  poor: { label: 'Poor', tag: 'govuk-tag--pink' },
};

export const FOUR_POINT_ORDER = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;

/** A rating's name in the request's language: Welsh from the framework files' `labelCy` (i18n.ts). */
export function ratingLabel(id: string | null | undefined): string {
  if (!id) return t('rating.notRated');
  const english = RATING_STYLES[id]?.label ?? id;
  if (currentLanguage() === 'en') return english;
  const key = `data:rating.${id}`;
  return translator().exists(key, { lng: 'cy' }) ? t(key) : english;
}

/**
 * A place's or service's name in the request's language: the Welsh name from
 * data/seed/welsh-names.csv where there is one (Welsh authorities and services, regions, nations).
 */
export function placeName(english: string): string {
  return currentLanguage() === 'cy' ? (welshNames().get(english) ?? english) : english;
}

/** GOV.UK pagination's "Previous page"/"Next page" in Welsh (the macro's own words are English). */
export const pageLink = (which: 'previous' | 'next') =>
  currentLanguage() === 'cy'
    ? { html: `${t(`pagination.${which}`)}<span class="govuk-visually-hidden"> ${t('pagination.page')}</span>` }
    : {};

/** Parameters for govukTag: the text always says the rating; colour is never the only cue. */
export function ratingTag(id: string | null | undefined, notRatedText?: string): { text: string; classes: string } {
  if (!id) return { text: notRatedText ?? t('rating.notRated'), classes: 'govuk-tag--grey' };
  return { text: ratingLabel(id), classes: RATING_STYLES[id]?.tag ?? 'govuk-tag--grey' };
}

/** A date known to a day, month or year, in the request's language ("Ionawr 2025"). */
export function partialDate(d: PartialDate | null | undefined, unknown?: string): string {
  if (!d) return unknown ?? t('date.notKnown');
  if (currentLanguage() === 'en') return formatPartial(d);
  if (d.precision === 'range') return t('date.between', { from: ukDate(d.earliest), to: ukDate(d.latest) });
  const [y, m, day] = d.earliest.split('-').map(Number) as [number, number, number];
  if (d.precision === 'year') return String(y);
  if (d.precision === 'month') return formatMonth(y, m);
  return formatDay(new Date(Date.UTC(y, m - 1, day, 12)));
}

const dayOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "7 January 2025 at 00:01" in UK time (the domain's formatter, which emails use too); Welsh on Welsh pages. */
export function ukDateTime(d: Date): string {
  return currentLanguage() === 'cy' ? formatDayTimeCy(d) : ukDateTimeEn(d);
}

export function ukDate(isoOrDate: string | Date): string {
  const d = typeof isoOrDate === 'string' ? new Date(`${isoOrDate}T12:00:00Z`) : isoOrDate;
  return currentLanguage() === 'cy' ? formatDay(d) : dayOnly.format(d);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Builds a query string from a params object, repeating keys for arrays, skipping empty values. */
export function queryString(params: Record<string, string | number | string[] | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const item of Array.isArray(v) ? v : [String(v)]) if (item !== '') sp.append(k, item);
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe for HTML or XML content and attribute values (numeric &#39; is valid in both). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Text cut to at most `max` characters at a word boundary, with an ellipsis when cut (page titles). */
export function shorten(text: string, max: number): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
