/**
 * Published sources often give only a month or a year ("2025-01", "late 2018"), or only bounds
 * ("published before 5 December 2018"). A PartialDate keeps the precision so "as at" questions can
 * be answered honestly: a record dated "2025-01" is certainly published by 31 January, and only
 * possibly by the 7th; a record known only to be published between two dates (`range`: not before
 * `earliest`, not after `latest`, each bound from its own public source) is certainly published by
 * its not-after date, cannot be published before its not-before date, and is undecided between.
 * Every reader uses only `earliest` and `latest`, so a range is read as any other partial date.
 */
export const PRECISIONS = ['day', 'month', 'year', 'range'] as const;
export type Precision = (typeof PRECISIONS)[number];
/** The precisions a calendar value ("2024", "2024-07", "9-13 September 2024") can have: fieldwork's. */
export const CALENDAR_PRECISIONS = ['day', 'month', 'year'] as const;

export interface PartialDate {
  precision: Precision;
  /** ISO date (YYYY-MM-DD) of the earliest day the value can mean (for a range: not before). */
  earliest: string;
  /** ISO date of the latest day the value can mean (for a range: not after). */
  latest: string;
}

/** Month names in lower case, January first: read from prose here and in press releases. */
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

export function dayDate(y: number, m: number, d: number): PartialDate | null {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  return { precision: 'day', earliest: iso, latest: iso };
}

export function monthDate(y: number, m: number): PartialDate | null {
  if (m < 1 || m > 12) return null;
  return { precision: 'month', earliest: `${y}-${pad(m)}-01`, latest: `${y}-${pad(m)}-${pad(daysIn(y, m))}` };
}

export function yearDate(y: number): PartialDate {
  return { precision: 'year', earliest: `${y}-01-01`, latest: `${y}-12-31` };
}

/**
 * A date known only between bounds: published not before `notBefore` and not after `notAfter`
 * (ISO dates, inclusive). Null unless both are real dates in order. Equal bounds are a day.
 */
export function rangeDate(notBefore: string, notAfter: string): PartialDate | null {
  if (!isValidIsoDate(notBefore) || !isValidIsoDate(notAfter) || notBefore > notAfter) return null;
  if (notBefore === notAfter) return { precision: 'day', earliest: notBefore, latest: notAfter };
  return { precision: 'range', earliest: notBefore, latest: notAfter };
}

/**
 * The value as text: "2024", "2024-07", "2024-07-12", or for a range the ISO 8601 interval
 * "2018-08-01/2018-12-04" (not before / not after).
 */
export function isoPartial(d: PartialDate): string {
  if (d.precision === 'year') return d.earliest.slice(0, 4);
  if (d.precision === 'month') return d.earliest.slice(0, 7);
  if (d.precision === 'range') return `${d.earliest}/${d.latest}`;
  return d.earliest;
}

/** Parses "2024", "2024-07" or "2024-07-12". Returns null for anything else. */
export function parseIsoPartial(s: string): PartialDate | null {
  const t = s.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return dayDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) return monthDate(Number(m[1]), Number(m[2]));
  m = /^(\d{4})$/.exec(t);
  if (m) return yearDate(Number(m[1]));
  return null;
}

const monthIndex = (word: string): number => {
  const w = word.toLowerCase();
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return i + 1;
};

/**
 * Reads the start of a fieldwork description such as "9-13 September 2024", "September-October 2022",
 * "June 2018", "late 2018" or "2-6 Dec 2024 (on site)". Returns the first period it can date with a
 * year, or null (e.g. "October (year not stated)"). The original text is always kept alongside.
 */
export function parseFieldworkStart(text: string): PartialDate | null {
  const t = text.trim();
  let m = /^(\d{1,2})\s*(?:-|–|to)\s*\d{1,2}\s+([A-Za-z]+)\s+(\d{4})/.exec(t);
  if (m) return dayDate(Number(m[3]), monthIndex(m[2]!), Number(m[1]));
  m = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})/.exec(t);
  if (m) return dayDate(Number(m[3]), monthIndex(m[2]!), Number(m[1]));
  // Month words are bounded: with an unbounded [A-Za-z]+ on both sides of "to"/"and", a long run
  // of letters is tried at every split point, which is quadratic in the length of the text.
  m = /^([A-Za-z]{1,12})\s*(?:-|–|and|to)\s*[A-Za-z]{1,12}\s+(\d{4})/.exec(t);
  if (m && monthIndex(m[1]!)) return monthDate(Number(m[2]), monthIndex(m[1]!));
  m = /^([A-Za-z]+)\s+(\d{4})/.exec(t);
  if (m && monthIndex(m[1]!)) return monthDate(Number(m[2]), monthIndex(m[1]!));
  m = /\b(\d{4})\b/.exec(t);
  if (m && /^(late|early|end of|spring|summer|autumn|winter|mid)/i.test(t)) return yearDate(Number(m[1]));
  return parseIsoPartial(t);
}

/** "4 December 2018": an ISO day in English words. */
export function formatIsoDay(iso: string): string {
  return formatPartial({ precision: 'day', earliest: iso, latest: iso });
}

export function formatPartial(d: PartialDate): string {
  if (d.precision === 'range') return `between ${formatIsoDay(d.earliest)} and ${formatIsoDay(d.latest)}`;
  const [y, m, day] = d.earliest.split('-').map(Number) as [number, number, number];
  const month = MONTHS[m - 1]!;
  const cap = month[0]!.toUpperCase() + month.slice(1);
  if (d.precision === 'year') return String(y);
  if (d.precision === 'month') return `${cap} ${y}`;
  return `${day} ${cap} ${y}`;
}

/** "certain": published by the date whatever the exact day; "possible": the window straddles it. */
export function publishedBy(d: PartialDate, asAt: string): 'certain' | 'possible' | 'no' {
  if (d.latest <= asAt) return 'certain';
  if (d.earliest <= asAt) return 'possible';
  return 'no';
}

const ukDateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "7 January 2025 at 00:01" in UK time: how pages and emails state an instant (an embargo, an expiry). */
export function ukDateTime(d: Date): string {
  const parts = ukDateTimeFormat.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}`;
}
