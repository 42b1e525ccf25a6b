import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseIsoPartial } from '../domain/partial-date.ts';
import { dateInUrl, publisherOf } from '../domain/public-source.ts';
import type { ThematicInspection } from '../domain/thematic-inspection.ts';

/** HMIP's thematic inspections that concern youth justice, with their public sources (see data/seed/README.md). */
export const THEMATIC_FILE = resolve(import.meta.dirname, '..', '..', 'data', 'seed', 'thematic-inspections.csv');

const httpUrl = z.url({ protocol: /^https?$/ });
/** A list cell: items split on ";" (names) or on white space (addresses), blanks dropped. */
const list = (sep: RegExp) =>
  z
    .string()
    .trim()
    .transform((s) =>
      s === ''
        ? []
        : s
            .split(sep)
            .map((x) => x.trim())
            .filter(Boolean),
    );
const isoPartial = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const d = parseIsoPartial(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `not a date, month or year: ${s || '(blank)'}` });
      return z.NEVER;
    }
    return d;
  });

const RowSchema = z.object({
  ref: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ref must be lower-case words joined by hyphens'),
  title: z.string().trim().min(1, 'title is empty'),
  title_known: z.enum(['yes', 'no']),
  publication: isoPartial,
  publisher: z.string().trim().min(1, 'publisher is empty'),
  partner_inspectorates: list(/;/),
  sampled: z.string().trim().min(1, 'sampled is empty'),
  visited_services: list(/;/),
  source_url: httpUrl,
  source_title: z.string().trim(),
  source_publisher: z.string().trim().min(1, 'source_publisher is empty'),
  source_date: z
    .string()
    .trim()
    .refine((s) => s === '' || parseIsoPartial(s) !== null, 'source_date is not a date, month or year'),
  other_source_urls: list(/\s+/).pipe(z.array(httpUrl)),
  notes: z.string().trim(),
});

/** Reads the rows of a thematic inspections file; an error names the line and the field. */
export function parseThematicCsv(text: string, file = 'thematic-inspections.csv'): ThematicInspection[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as unknown[];
  const seen = new Set<string>();
  return rows.map((raw, i) => {
    const r = RowSchema.safeParse(raw);
    const line = i + 2;
    if (!r.success)
      throw new Error(
        `${file} line ${line}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    const d = r.data;
    if (seen.has(d.ref)) throw new Error(`${file} line ${line}: ref ${d.ref} appears twice`);
    seen.add(d.ref);
    return {
      ref: d.ref,
      title: d.title,
      titleKnown: d.title_known === 'yes',
      publication: d.publication,
      publisher: d.publisher,
      partnerInspectorates: d.partner_inspectorates,
      sampled: d.sampled,
      visitedServices: d.visited_services,
      sources: [
        {
          publisher: d.source_publisher,
          title: d.source_title || null,
          date: d.source_date || null,
          url: d.source_url,
        },
        // Further sources are named by their site; a title is not claimed for them.
        ...d.other_source_urls.map((url) => ({ publisher: publisherOf(url), title: null, date: dateInUrl(url), url })),
      ],
      notes: d.notes || null,
    };
  });
}

export const loadThematicInspections = (file = THEMATIC_FILE): ThematicInspection[] =>
  parseThematicCsv(readFileSync(file, 'utf8'), file);
