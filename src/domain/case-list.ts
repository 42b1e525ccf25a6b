import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { SampleRule } from './framework.ts';

/**
 * The case list a service sends for sampling, read from CSV. It holds only what sampling needs:
 * the service's own pseudonymous case id, the stratification fields the framework names (the
 * disposal type first) and the case's dates. A column that looks like a personal identifier is
 * refused by name, and so is any other column the sampling does not use: the list is special-
 * category data about children (UK GDPR), and what is not needed must not be stored at all.
 */

export const CASE_LIST_MAX_BYTES = 1024 * 1024;
export const CASE_LIST_MAX_ROWS = 5000;

export interface CaseListRow {
  caseId: string;
  strata: Record<string, string>;
  startDate: string;
  endDate: string | null;
}

export type CaseListResult = { ok: true; rows: CaseListRow[]; columns: string[] } | { ok: false; problems: string[] };

/**
 * Header words that name a person or a way to find one. Headers are compared in a folded form
 * (lower case, letters and digits only), so "First Name", "first_name" and "FIRSTNAME" are one.
 */
const IDENTIFIERS: { test: (folded: string) => boolean; what: string }[] = [
  { test: (h) => h.includes('name'), what: 'a name' },
  { test: (h) => h === 'dob' || h.includes('birth') || h.startsWith('dob'), what: 'a date of birth' },
  { test: (h) => h.includes('address') || h.includes('street') || h.includes('town'), what: 'an address' },
  { test: (h) => h.includes('postcode') || h.includes('postalcode') || h === 'zip', what: 'a postcode' },
  { test: (h) => h.includes('nhs'), what: 'an NHS number' },
  {
    test: (h) => h === 'pnc' || h.startsWith('pnc') || h.includes('policenationalcomputer') || h === 'croid',
    what: 'a police national computer id',
  },
  { test: (h) => h.includes('nationalinsurance') || h === 'nino' || h === 'ni', what: 'a national insurance number' },
  { test: (h) => h === 'upn' || h.includes('uniquepupil'), what: 'a unique pupil number' },
  { test: (h) => h.includes('email'), what: 'an email address' },
  { test: (h) => h.includes('phone') || h.includes('mobile'), what: 'a telephone number' },
  {
    test: (h) => h === 'age' || h === 'gender' || h === 'sex' || h.includes('ethnic'),
    what: 'a personal characteristic',
  },
];

const fold = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Column names as the register writes them: lower case, words joined by underscores. */
const normal = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** What a header is, if it looks like a personal identifier ("a date of birth"); null otherwise. */
export function identifierKind(header: string): string | null {
  const f = fold(header);
  return IDENTIFIERS.find((i) => i.test(f))?.what ?? null;
}

/** A value quoted back in a message: shortened, and never able to start a spreadsheet formula. */
export function quoted(v: string): string {
  const short = v.length > 40 ? `${v.slice(0, 40)}…` : v;
  return `“${/^[=+\-@\t\r]/.test(short) ? `'${short}` : short}”`;
}

const isoDate = z.iso.date();
const CaseId = z
  .string()
  .trim()
  .min(1, 'has no case id')
  .max(40, 'has a case id longer than 40 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_./-]*$/,
    'has a case id that is not letters, numbers, dots, slashes, dashes or underscores',
  );

/** The columns the rule needs: the case id, its stratification fields, and the dates. */
export function caseListColumns(rule: Pick<SampleRule, 'stratifyBy'>) {
  return {
    required: ['case_id', ...rule.stratifyBy.map((s) => s.field), 'start_date'],
    optional: ['end_date'],
  };
}

/** Reads and checks a case list; every problem is listed (up to 20), and nothing is kept if there is one. */
export function parseCaseList(text: string, rule: Pick<SampleRule, 'stratifyBy'>): CaseListResult {
  if (Buffer.byteLength(text, 'utf8') > CASE_LIST_MAX_BYTES)
    return { ok: false, problems: [`The file is larger than ${CASE_LIST_MAX_BYTES / 1024 / 1024} MB.`] };
  if (!text.trim()) return { ok: false, problems: ['The file is empty.'] };
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      // Ragged rows are reported by number below, after the header is checked: a refused column
      // is named even in a file whose rows are also wrong.
      relax_column_count: true,
      skip_empty_lines: true,
      to: CASE_LIST_MAX_ROWS + 2,
    }) as string[][];
  } catch (e) {
    // The parser's own message quotes the raw text; say only where, so nothing typed is echoed back.
    const line = (e as { lines?: unknown }).lines;
    const where = typeof line === 'number' ? ` (near line ${line})` : '';
    return { ok: false, problems: [`The file is not a CSV file this service can read${where}.`] };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, problems: ['The file is empty.'] };
  const { required, optional } = caseListColumns(rule);
  const columns = header.map(normal);
  const problems: string[] = [];
  // Identifiers first, each by the name the file gave it: the reason the file is refused.
  header.forEach((h, i) => {
    const kind = identifierKind(h);
    if (kind)
      problems.push(
        `Column ${quoted(h.trim())} looks like ${kind}. The case list must not hold personal details: ` +
          'remove the column and upload it again.',
      );
    else if (!required.includes(columns[i]!) && !optional.includes(columns[i]!))
      problems.push(
        `Column ${quoted(h.trim())} is not used for sampling. Send only ${[...required, ...optional].join(', ')}.`,
      );
  });
  for (const r of required) if (!columns.includes(r)) problems.push(`The column ${r} is missing.`);
  if (new Set(columns).size !== columns.length) problems.push('A column appears more than once.');
  if (problems.length) return { ok: false, problems };
  if (body.length > CASE_LIST_MAX_ROWS)
    return { ok: false, problems: [`The list has more than ${CASE_LIST_MAX_ROWS} cases.`] };
  if (!body.length) return { ok: false, problems: ['The list has no cases.'] };

  const at = (row: string[], c: string) => (row[columns.indexOf(c)] ?? '').trim();
  const seen = new Set<string>();
  const rows: CaseListRow[] = [];
  body.forEach((row, i) => {
    if (problems.length >= 20) return;
    const line = `Row ${i + 2}`;
    if (row.length !== header.length)
      return problems.push(`${line} has ${row.length} columns; the header has ${header.length}.`);
    const id = CaseId.safeParse(at(row, 'case_id'));
    if (!id.success) return problems.push(`${line} ${id.error.issues[0]!.message}.`);
    if (seen.has(id.data)) return problems.push(`${line} repeats case id ${quoted(id.data)}.`);
    seen.add(id.data);
    const strata: Record<string, string> = {};
    for (const s of rule.stratifyBy) {
      const raw = at(row, s.field);
      const v = s.values.find((x) => x.id === normal(raw) || normal(x.label) === normal(raw));
      if (!v) {
        problems.push(`${line} has ${s.field} ${quoted(raw)}; use one of ${s.values.map((x) => x.id).join(', ')}.`);
        return;
      }
      strata[s.field] = v.id;
    }
    const start = at(row, 'start_date');
    const end = at(row, 'end_date');
    if (!isoDate.safeParse(start).success)
      return problems.push(`${line} has start_date ${quoted(start)}; use a date in the form YYYY-MM-DD.`);
    if (end && !isoDate.safeParse(end).success)
      return problems.push(`${line} has end_date ${quoted(end)}; use a date in the form YYYY-MM-DD.`);
    if (end && end < start) return problems.push(`${line} ends before it starts.`);
    rows.push({ caseId: id.data, strata, startDate: start, endDate: end || null });
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, rows, columns };
}
