import { checkClaims, extractClaims, inspectionAbout, type Verdict } from '../domain/claims.ts';
import { londonToday, visibleAsAt } from '../domain/embargo.ts';
import { isValidIsoDate } from '../domain/partial-date.ts';
import { claimsRegister } from '../store/claims-repo.ts';
import { nextScheduledPublication } from '../store/schedule-repo.ts';
import { listedServices } from './directory.ts';
import type { ServiceContext } from './context.ts';
import type { Db } from '../store/db.ts';

export const MAX_CLAIMS_TEXT = 100_000;
/**
 * The most verdicts one answer lists. A press release makes a few dozen claims; text stuffed with
 * claim-like phrases can make thousands, and listing them all would make the answer many times the
 * size of the text. Every claim is still checked and counted; only the listing stops.
 */
export const MAX_LISTED_CLAIMS = 200;

export class ClaimsInputError extends Error {}

/** The last day of a date's month, or today when that is earlier. */
function monthEnd(date: string, today: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return last < today ? last : today;
}

/** Why a text cannot be checked (not English text about an inspection), or null when it can. */
export function claimsTextProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'Give the text to check as a string.';
  if (!text.trim()) return 'The text is empty: paste the press release or article to check.';
  if (text.length > MAX_CLAIMS_TEXT) {
    const length = text.length.toLocaleString('en-GB');
    const most = MAX_CLAIMS_TEXT.toLocaleString('en-GB');
    return `The text is ${length} characters; the most that can be checked at once is ${most}.`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text))
    return 'The text contains binary or unreadable characters; paste plain text.';
  return null;
}

/** Refuses what cannot be English text about an inspection, with a message that says why. */
export function validateClaimsText(text: unknown): string {
  const problem = claimsTextProblem(text);
  if (problem) throw new ClaimsInputError(problem);
  return text as string;
}

/** The message for an "as at" date that is not a real date, today or earlier. */
export const claimsDateProblem = (today: string) =>
  `The date must be a real date in the form YYYY-MM-DD, today (${today}) or earlier.`;

export interface ClaimsReport {
  asAt: string;
  /** Where the date came from: given, stated in the text, the inspection the text is about, or today. */
  asAtSource: 'given' | 'text' | 'inspection' | 'today';
  /** The inspection the date came from, when asAtSource is 'inspection'. */
  asAtInspection?: string;
  /** The first MAX_LISTED_CLAIMS verdicts, in the order of the text. */
  verdicts: Verdict[];
  /** Claims found, checked and counted but not listed. */
  omitted: number;
  counts: { supported: number; consistent: number; contradicted: number; unverifiable: number };
}

/**
 * A report as the API and the CLI give it: each verdict's explanation, basis and correction in
 * English words only. The reasons as data (codes and values, for the Welsh page) stay inside the app.
 */
export function englishReport(report: ClaimsReport) {
  return {
    ...report,
    verdicts: report.verdicts.map(({ reason: _r, basisReason: _b, correctValue: _c, ...v }) => v),
  };
}

/**
 * Checks every claim in the text against the register as at a date: the one given, else the
 * publication date the text states (when it does not contradict its own fieldwork), else the
 * publication of the inspection the text is about (its service's latest), else today.
 */
type ClaimsRegister = Awaited<ReturnType<typeof claimsRegister>>;
/** How the check reads the register and the directory: straight from the database, or from snapshots. */
interface RegisterReader {
  register(db: Db, visibleAt: Date): Promise<ClaimsRegister>;
  directory(db: Db): Promise<Awaited<ReturnType<typeof listedServices>>>;
}
const direct: RegisterReader = { register: claimsRegister, directory: listedServices };

export async function checkText(
  db: Db,
  text: string,
  opts: { asAt?: string; now: Date },
  read: RegisterReader = direct,
): Promise<ClaimsReport> {
  validateClaimsText(text);
  const today = londonToday(opts.now);
  if (opts.asAt && (!isValidIsoDate(opts.asAt) || opts.asAt > today))
    throw new ClaimsInputError(claimsDateProblem(today));
  const claims = extractClaims(text);
  const pub = claims.find((c) => c.kind === 'publication') as { date: string } | undefined;
  const fw = claims.find((c) => c.kind === 'fieldwork') as { month: string } | undefined;
  const textDate = pub && pub.date <= today && (!fw || pub.date.slice(0, 7) >= fw.month) ? pub.date : undefined;
  let about: { ref: string; date: string } | null = null;
  // A record known only to the month ("December 2021") was possibly published by any day of it, so
  // the register is read as at the month's end and the checker decides what was possibly out by the date.
  const upToMonthEnd = (d: string) => visibleAsAt(d === today ? d : monthEnd(d, today), opts.now);
  let register = await read.register(db, upToMonthEnd(opts.asAt ?? textDate ?? today));
  if (!opts.asAt && !textDate) {
    about = inspectionAbout(claims, register.services, register.inspections);
    if (about) register = await read.register(db, upToMonthEnd(about.date));
  }
  const asAt = opts.asAt ?? textDate ?? about?.date ?? today;
  const directory = await read.directory(db);
  const verdicts = checkClaims(claims, register.services, register.inspections, asAt, {
    directory,
    ...(about ? { about: about.ref } : {}),
    undated: !opts.asAt && !textDate,
  });
  const count = (v: Verdict['verdict']) => verdicts.filter((x) => x.verdict === v).length;
  const listed = verdicts.slice(0, MAX_LISTED_CLAIMS);
  const omitted = verdicts.length - listed.length;
  const asAtSource = opts.asAt ? 'given' : textDate ? 'text' : about ? 'inspection' : 'today';
  const counts = {
    supported: count('supported'),
    consistent: count('consistent'),
    contradicted: count('contradicted'),
    unverifiable: count('unverifiable'),
  };
  return { asAt, asAtSource, ...(about ? { asAtInspection: about.ref } : {}), verdicts: listed, omitted, counts };
}

/** Snapshots a claims service keeps at most: a few dates are asked for far more often than others. */
const MAX_SNAPSHOTS = 32;

/**
 * The claims checker for the web and the API. Reading the register is nearly all of a check's time
 * (about 100 ms of 105 on PGlite for a 3 KB release, the extraction and checking 3 ms), and the
 * register as at a date changes only when something is published, corrected or imported. So with a
 * cache lifetime (the page cache's: public pages may be as stale as that) the register as at each
 * instant is read once and kept that long. A snapshot can only be stale, never early: what was public
 * when it was read is public later too, and a snapshot of "now" is dropped at the next scheduled
 * publication, so no check after an embargo lifts is answered from before it. With no lifetime (tests,
 * which write behind the app's back) every check reads the database.
 */
export function claimsService(ctx: ServiceContext) {
  const ttl = ctx.cacheTtlMs ?? 0;
  const snapshots = new Map<string, { value: Promise<unknown>; expiresAt: number }>();
  const kept = <T>(key: string, read: () => Promise<T>, until: (now: number) => Promise<number>): Promise<T> => {
    const now = ctx.now().getTime();
    const hit = snapshots.get(key);
    if (hit && hit.expiresAt > now) return hit.value as Promise<T>;
    snapshots.delete(key);
    // Concurrent checks of one date share one read; its end of life is known before anyone reads
    // it, and a read that fails is not kept.
    const entry = { value: Promise.resolve() as Promise<unknown>, expiresAt: now + ttl };
    entry.value = Promise.all([read(), until(now)]).then(
      ([v, end]) => {
        entry.expiresAt = Math.min(entry.expiresAt, end);
        return v;
      },
      (err: unknown) => {
        if (snapshots.get(key) === entry) snapshots.delete(key);
        throw err;
      },
    );
    snapshots.set(key, entry);
    while (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value!);
    return entry.value as Promise<T>;
  };
  const reader: RegisterReader = {
    register: (db, visibleAt) => {
      const now = ctx.now().getTime();
      // A past instant is a fixed question; "now" is one snapshot until the next embargo lifts.
      const past = visibleAt.getTime() < now;
      return kept(
        past ? `register:${visibleAt.toISOString()}` : 'register:now',
        () => claimsRegister(db, past ? visibleAt : new Date(now)),
        async (at) => (past ? Number.POSITIVE_INFINITY : nextScheduledPublication(db, new Date(at))),
      );
    },
    directory: (db) =>
      kept(
        'directory',
        () => listedServices(db),
        async () => Number.POSITIVE_INFINITY,
      ),
  };
  return {
    check: (text: string, opts: { asAt?: string } = {}) =>
      checkText(ctx.database.db, text, { ...opts, now: ctx.now() }, ttl > 0 ? reader : direct),
  };
}
