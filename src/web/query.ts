import { z } from 'zod';
import { londonToday } from '../domain/embargo.ts';
import { isValidIsoDate } from '../domain/partial-date.ts';

/** The most values one filter takes: more than any list it filters on (regions, ratings, frameworks). */
export const MAX_FILTER_VALUES = 50;

/**
 * A query parameter that may hold several values, for pages and the API alike: repeated
 * (?rating=good&rating=outstanding, as a GET form with checkboxes sends it) or comma-separated
 * (?rating=good,outstanding, as people write API queries), or both. Values are trimmed; empty
 * ones and repeats are dropped; absent is an empty list. No value the register filters on contains
 * a comma. More than MAX_FILTER_VALUES distinct values is refused: each value costs a filter tag on
 * the page whose link repeats the others, so an unbounded list would cost time and bytes growing
 * with its square.
 */
export const multi = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [
    ...new Set(
      (v === undefined ? [] : Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(z.string()).max(MAX_FILTER_VALUES, `Choose at most ${MAX_FILTER_VALUES} values`));

export const isoDateParam = z
  .string()
  .trim()
  .refine(isValidIsoDate, 'Enter a real date in the form YYYY-MM-DD, for example 2025-01-07');

/**
 * An "as at" date for a page's query string: one real date, today (UK time) or earlier. Today comes
 * from the app's clock, so a route makes this schema when it is registered. Absent or blank is
 * undefined (the page means today). Each page words its own messages.
 */
export function asAtParam(
  now: () => Date,
  say: { invalid: (today: string) => string; future: (today: string) => string },
) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v, ctx) => {
      if (Array.isArray(v)) {
        ctx.addIssue({ code: 'custom', message: 'Enter one date' });
        return z.NEVER;
      }
      const date = v?.trim();
      if (!date) return undefined;
      const today = londonToday(now());
      const problem = !isValidIsoDate(date) ? say.invalid(today) : date > today ? say.future(today) : null;
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return date;
    });
}
