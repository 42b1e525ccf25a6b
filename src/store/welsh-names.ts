import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

export const WELSH_NAMES_FILE = resolve(import.meta.dirname, '..', '..', 'data', 'seed', 'welsh-names.csv');

/**
 * One row of data/seed/welsh-names.csv: the Welsh name of a local authority, a service, a region or
 * a nation, by the English name the register uses. `checked` is "yes" only where the Welsh name was
 * read in a public source; every other row waits for a translator's review (docs/welsh.md).
 */
export const WelshNameRow = z.strictObject({
  kind: z.enum(['local_authority', 'service', 'region', 'nation']),
  name: z.string().min(1),
  name_cy: z.string().min(1),
  ons_code: z.union([z.literal(''), z.string().regex(/^W0[0-9]{7}$/, 'must be a Welsh ONS code')]),
  source: z.string().min(1),
  checked: z.enum(['yes', 'no']),
});
export type WelshNameRow = z.infer<typeof WelshNameRow>;

/** The rows, validated; an error names the line and the field. */
export function readWelshNames(path = WELSH_NAMES_FILE): WelshNameRow[] {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as unknown[];
  return rows.map((r, i) => {
    const p = WelshNameRow.safeParse(r);
    if (!p.success)
      throw new Error(
        `${path}, line ${i + 2}: ${p.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    return p.data;
  });
}

let cached: ReadonlyMap<string, string> | undefined;

/** English name → Welsh name, read once per process (the file is part of the release). */
export function welshNames(): ReadonlyMap<string, string> {
  cached ??= new Map(readWelshNames().map((r) => [r.name, r.name_cy]));
  return cached;
}
