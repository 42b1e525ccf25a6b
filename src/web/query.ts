import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import { isValidIsoDate } from '../domain/partial-date.ts';

/**
 * A query parameter that may hold several values, for pages and the API alike: repeated
 * (?rating=good&rating=outstanding, as a GET form with checkboxes sends it) or comma-separated
 * (?rating=good,outstanding, as people write API queries), or both. Values are trimmed; empty
 * ones are dropped; absent is an empty list. No value the register filters on contains a comma.
 */
export const multi = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (v === undefined ? [] : Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  );

export const isoDateParam = z
  .string()
  .trim()
  .refine(isValidIsoDate, 'Enter a real date in the form YYYY-MM-DD, for example 2025-01-07');

/** Parses query parameters with a Zod schema; bad input becomes a 400 listing each problem. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const r = schema.safeParse(query);
  if (!r.success)
    throw new InputError(r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)));
  return r.data;
}
