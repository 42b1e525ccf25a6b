import {
  ENGLISH,
  renderReason,
  type ListJoin,
  type ReasonLanguage,
  type ReasonValue,
} from '../../domain/claims-reason.ts';
import type { Framework } from '../../domain/framework.ts';
import { currentLanguage, formatDay, formatMonth, t, type Language } from '../i18n.ts';
import { placeName, ratingLabel } from '../view-helpers.ts';

/**
 * The claims checker's reasons in the page's language (src/domain/claims-reason.ts makes them
 * data). The sentences are the `reason` keys of the `claims` namespace; the values are shown as
 * each language shows them: Welsh rating names from the framework files, Welsh dates, services,
 * regions and standards by their Welsh names where there is one. The English is the checker's
 * own, word for word (a unit test holds every code to it).
 */

/** Standards by their English name (and a domain's, for "Assessment (court disposals)") → Welsh name. */
export type WelshStandardNames = ReadonlyMap<string, string>;

export function welshStandardNames(frameworks: Iterable<Framework>): WelshStandardNames {
  const names = new Map<string, string>();
  for (const f of frameworks)
    for (const d of f.domains) {
      if (d.nameCy && !names.has(`domain:${d.name.toLowerCase()}`))
        names.set(`domain:${d.name.toLowerCase()}`, d.nameCy);
      for (const s of d.standards) if (s.nameCy && !names.has(s.name)) names.set(s.name, s.nameCy);
    }
  return names;
}

/** "Assessment (court disposals)" in Welsh: the standard's Welsh name, and its domain's in brackets. */
function standardCy(name: string, names: WelshStandardNames): string {
  const m = /^(.*?)\s*\(([^()]{1,60})\)$/.exec(name);
  const base = m ? m[1]! : name;
  const baseCy = names.get(base) ?? base;
  if (!m) return baseCy;
  const domainCy = names.get(`domain:${m[2]!.toLowerCase()}`);
  return `${baseCy} (${domainCy ? domainCy.charAt(0).toLowerCase() + domainCy.slice(1) : m[2]})`;
}

function dateCy(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number?, number?];
  if (m === undefined) return String(y);
  if (d === undefined) return formatMonth(y, m, 'cy');
  return formatDay(new Date(Date.UTC(y, m - 1, d, 12)), 'cy');
}

const JOIN_PUNCTUATION: Partial<Record<ListJoin, string>> = { comma: ', ', semicolon: '; ' };

/** How the page says a reason in a language, through i18next. */
export function pageReasonLanguage(lang: Language, standards: WelshStandardNames = new Map()): ReasonLanguage {
  const welsh = lang === 'cy';
  return {
    sentence: (code, values, count) =>
      t(`claims:reason.${code}`, count === undefined ? { ...values, lng: lang } : { ...values, count, lng: lang }),
    rating: (id) => (welsh ? ratingLabel(id) : ENGLISH.rating(id)),
    date: (iso) => (welsh ? dateCy(iso) : iso),
    name: (english) => (welsh ? placeName(english) : english),
    standard: (name) => (welsh ? standardCy(name, standards) : name),
    addressee: (id) => t(`claims:addressee.${id}`, { lng: lang }),
    join: (items, how) => items.join(JOIN_PUNCTUATION[how] ?? t(`claims:join.${how}`, { lng: lang })),
  };
}

/** A reason (or a value, such as the correct rating) in the request's language. */
export const reasonOnPage = (v: ReasonValue, standards?: WelshStandardNames) =>
  renderReason(v, pageReasonLanguage(currentLanguage(), standards));
