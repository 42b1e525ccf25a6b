import { TZDate } from '@date-fns/tz';

export const PUBLICATION_TIME_ZONE = 'Europe/London';
/** HMIP publishes at 00:01 UK time on the publication date. */
export const DEFAULT_PUBLICATION_TIME = '00:01';

/** The instant a UK wall-clock time happens, whatever the season (GMT or BST). */
export function londonInstant(isoDate: string, hhmm = DEFAULT_PUBLICATION_TIME): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, PUBLICATION_TIME_ZONE).getTime());
}

/** End of a UK calendar day, as an instant: "as at 2025-01-07" includes everything published that day. */
export function endOfLondonDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 23, 59, 59, 999, PUBLICATION_TIME_ZONE).getTime());
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: PUBLICATION_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** The UK wall-clock time of an instant as HH:MM (24-hour): what a release says its report is published at. */
export const londonTime = (instant: Date): string => londonClock.format(instant);

// Canadian English writes dates as YYYY-MM-DD; the parts are the fallback should a locale's data ever
// say otherwise. A TZDate per call cost about 10 µs, and the board view asks for the UK day of every
// action's latest progress (about 2 µs this way).
const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: PUBLICATION_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in the UK as YYYY-MM-DD. */
export function londonToday(now: Date = new Date()): string {
  const day = londonDay.format(now);
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const part = (type: Intl.DateTimeFormatPartTypes) => londonDay.formatToParts(now).find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * An "as at" date may not be in the future: a file or answer labelled with a date that has not
 * come yet would claim to be the register as it will be. Null when the date is today or earlier.
 */
export function futureAsAtProblem(asAt: string | undefined, now: Date): string | null {
  const today = londonToday(now);
  return asAt && asAt > today ? `asAt must be today (${today}) or earlier` : null;
}

/**
 * The moment reads "as at" a date are taken at: the end of that UK day, but never later than now,
 * so an "as at" date can never reveal anything still under embargo.
 */
export function visibleAsAt(asAt: string | undefined, now: Date): Date {
  return asAt ? new Date(Math.min(now.getTime(), endOfLondonDay(asAt).getTime())) : now;
}

/** Who an embargoed preview link is for; the link, its views and its watermark name the recipient. */
export const PREVIEW_RECIPIENT_KINDS = ['press', 'minister', 'service', 'other'] as const;
