import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { NATIONS } from '../domain/inspection-record.ts';
import { isValidIsoDate, parseIsoPartial } from '../domain/partial-date.ts';
import type { DirectoryEntry } from '../domain/service-directory.ts';
import { isWebUrl } from '../domain/field-formats.ts';
import { SEED_DIR } from './register-csv.ts';

/** data/seed/yjs-directory.csv: one row per youth justice service of England and Wales, current or former. */
const partial = z
  .string()
  .trim()
  .refine((s) => s === '' || parseIsoPartial(s) !== null, 'not a date (YYYY, YYYY-MM or YYYY-MM-DD)');
const DirectoryRowSchema = z.object({
  service_name: z.string().trim().min(1),
  former_names: z.string().trim(),
  ons_codes: z
    .string()
    .trim()
    .refine((s) => s.split(';').every((c) => /^[EW]\d{8}$/.test(c.trim())), 'ONS codes are E or W and 8 digits'),
  nation: z.enum(NATIONS),
  region: z.string().trim().min(1),
  existed_from: partial,
  existed_to: partial,
  ended_not_before: z
    .string()
    .trim()
    .refine((s) => s === '' || isValidIsoDate(`${s}-01`) || isValidIsoDate(s), 'not a month or a day'),
  name_sourced: z.enum(['yes', 'no']),
  source_url: z
    .string()
    .trim()
    .refine((s) => s === '' || isWebUrl(s), 'not an http or https address'),
  source_title: z.string().trim(),
  source_publisher: z.string().trim(),
  source_date: partial,
  notes: z.string().trim(),
});

/** A bracketed title in the research is a description of the page, not its title: it is not shown as one. */
const titleOf = (t: string) => (!t || /^\[.*\]$/.test(t) ? null : t);

export function parseDirectoryCsv(text: string): DirectoryEntry[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  return rows.map((raw, i) => {
    const r = DirectoryRowSchema.safeParse(raw);
    if (!r.success)
      throw new Error(
        `yjs-directory.csv line ${i + 2}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    const d = r.data;
    return {
      name: d.service_name,
      formerNames: d.former_names
        .split(';')
        .map((n) => n.trim())
        .filter(Boolean),
      onsCodes: d.ons_codes.split(';').map((c) => c.trim()),
      nation: d.nation,
      region: d.region,
      existedFrom: d.existed_from ? parseIsoPartial(d.existed_from) : null,
      existedTo: d.existed_to ? parseIsoPartial(d.existed_to) : null,
      endedNotBefore: d.ended_not_before
        ? d.ended_not_before.length === 7
          ? `${d.ended_not_before}-01`
          : d.ended_not_before
        : null,
      nameSourced: d.name_sourced === 'yes',
      source: d.source_url
        ? {
            publisher: d.source_publisher,
            title: titleOf(d.source_title),
            date: d.source_date || null,
            url: d.source_url,
          }
        : null,
      notes: d.notes || null,
    };
  });
}

export function loadDirectory(dir = SEED_DIR): DirectoryEntry[] {
  return parseDirectoryCsv(readFileSync(resolve(dir, 'yjs-directory.csv'), 'utf8'));
}

/** ONS code → the register's name for the area (data/seed/local-authorities.csv). */
export function loadAreaNames(dir = SEED_DIR): Map<string, string> {
  const rows = parse(readFileSync(resolve(dir, 'local-authorities.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as { name: string; ons_code: string }[];
  return new Map(rows.filter((r) => r.ons_code).map((r) => [r.ons_code, r.name]));
}
