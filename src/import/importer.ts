import { parse } from 'csv-parse/sync';
import { standardsOf, type Framework } from '../domain/framework.ts';
import { areaKey } from '../domain/service-identity.ts';
import { fromInspectionRow, INSPECTION_COLUMNS, toInspectionRow, type ExportableRecord } from '../domain/register-format.ts';
import { frameworkRegistry } from '../frameworks.ts';
import { isAnyOf, type Db } from '../store/db.ts';
import { END_OF_TIME, exportRecords } from '../store/export-repo.ts';
import { bulkInsertRecords, saveRecords, type SaveReport } from '../store/records-repo.ts';
import { inspections } from '../store/schema.ts';
import { planHmipScrape } from './hmip-scrape.ts';
import { assignRefs, convertRow, loadOnsCodes, parseRegisterCsv } from './register-csv.ts';

/**
 * One importer for every format the register reads. It plans first (what each row would do, and
 * why), so --dry-run and the real run report the same thing; the write is one transaction.
 */
export type Action = 'import' | 'merge' | 'unchanged' | 'reject' | 'flag';
export interface RowReport {
  line: number;
  key: string;
  action: Action;
  reasons: string[];
}
export interface ImportPlan {
  format: 'register-csv' | 'register-json' | 'sourced-csv' | 'hmip-scrape-csv';
  rows: RowReport[];
  records: (ExportableRecord | (import('../domain/inspection-record.ts').InspectionRecord & { serviceSlug?: string }))[];
}

export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

function detect(text: string): ImportPlan['format'] {
  if (text.includes('\u0000')) throw new ImportFormatError('The file contains NUL characters: it looks like a binary file, not CSV or JSON.');
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'register-json';
  const firstLine = head.split(/\r?\n/, 1)[0]!.toLowerCase();
  if (/(^|,)"?inspection_ref"?(,|$)/.test(firstLine)) return 'register-csv';
  if (/(^|,)"?la_name"?(,|$)/.test(firstLine)) return 'hmip-scrape-csv';
  if (/(^|,)"?service_name"?(,|$)/.test(firstLine) && /local_authority_area/.test(firstLine)) return 'sourced-csv';
  throw new ImportFormatError('The file is not a format the register reads: expected the register CSV or JSON (see /downloads), the sourced inspections CSV, or the HMIP ratings scrape (la_name, la_ref, score_%, …).');
}

/** Compares rows as the register would export them, so "unchanged" means exactly that. */
const sameRow = (a: ExportableRecord, b: ExportableRecord) => {
  const ra = toInspectionRow(a, '', null);
  const rb = toInspectionRow(b, '', null);
  return INSPECTION_COLUMNS.every((c) => ra[c.name] === rb[c.name]);
};

async function existingByRef(db: Db, refs: string[]): Promise<Map<string, ExportableRecord>> {
  const out = new Map<string, ExportableRecord>();
  if (!refs.length) return out;
  const present = new Set((await db.select({ ref: inspections.ref }).from(inspections).where(isAnyOf(inspections.ref, refs))).map((r) => r.ref));
  if (!present.size) return out;
  // Reuse the export reader (whatever the state) to compare like with like.
  for await (const batch of exportRecords(db, END_OF_TIME)) for (const r of batch) if (present.has(r.ref)) out.set(r.ref, r);
  return out;
}

function registerRows(text: string, format: 'register-csv' | 'register-json'): { line: number; raw: unknown }[] {
  if (format === 'register-csv') {
    const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, info: true, relax_column_count: false }) as { record: Record<string, string>; info: { lines: number } }[];
    return rows.map((r) => ({ line: r.info.lines, raw: r.record }));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportFormatError(`The JSON is not valid: ${(e as Error).message}`);
  }
  const data = Array.isArray(doc) ? doc : (doc as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new ImportFormatError('The JSON must be the register format: { "data": [ rows ] }');
  return data.map((raw, i) => ({ line: i + 1, raw }));
}

export async function planImport(db: Db, text: string, importedAt: Date): Promise<ImportPlan> {
  const format = detect(text);
  const frameworks = frameworkRegistry();
  if (format === 'hmip-scrape-csv') return planHmipScrape(db, text, frameworks);
  if (format === 'sourced-csv') {
    const parsed = parseRegisterCsv(text);
    const ctx = { frameworks, onsCodes: loadOnsCodes(), importedAt, origin: 'import' };
    const outcomes = parsed.rows.map((r) => (r.row ? convertRow(r.row, r.line, ctx) : { line: r.line, serviceName: r.raw.service_name ?? '', record: null, skipped: r.error, notes: [] }));
    const records = outcomes.flatMap((o) => (o.record ? [o.record] : []));
    assignRefs(records);
    // The same published source about the same service is the same inspection, whatever ref it would get.
    const known = new Map<string, string>();
    for await (const batch of exportRecords(db, END_OF_TIME)) for (const r of batch) if (r.sourceUrl) known.set(`${areaKey(r.service)}|${r.sourceUrl}`, r.ref);
    const match = (r: (typeof records)[number]) => (r.sourceUrl ? known.get(`${areaKey(r.service)}|${r.sourceUrl}`) : undefined);
    return {
      format,
      records: records.filter((r) => !match(r)),
      rows: outcomes.map((o) => {
        const m = o.record ? match(o.record) : undefined;
        return {
          line: o.line,
          key: m ?? o.record?.ref ?? o.serviceName,
          action: o.skipped ? 'reject' : m ? 'unchanged' : o.notes.length ? 'flag' : 'import',
          reasons: o.skipped ? [o.skipped] : m ? [`already in the register as ${m}`] : o.notes,
        };
      }),
    };
  }
  const rows = registerRows(text, format);
  const parsed = rows.map((r) => ({ line: r.line, result: fromInspectionRow(r.raw) }));
  const good = parsed.flatMap((p) => (p.result.ok ? [p.result.value] : []));
  const existing = await existingByRef(db, good.map((r) => r.ref));
  const report: RowReport[] = [];
  const records: ExportableRecord[] = [];
  const seen = new Set<string>();
  const vocabularies = new Map<string, { ids: Set<string>; scale: Set<string> }>();
  const vocabulary = (f: Framework) => {
    let v = vocabularies.get(f.id);
    if (!v) vocabularies.set(f.id, (v = { ids: new Set(standardsOf(f).map((s) => s.id)), scale: new Set(f.ratingScale.map((x) => x.id)) }));
    return v;
  };
  for (const p of parsed) {
    if (!p.result.ok) {
      const raw = rows.find((x) => x.line === p.line)?.raw as Record<string, unknown> | undefined;
      report.push({ line: p.line, key: String(raw?.inspection_ref ?? `row ${p.line}`), action: 'reject', reasons: p.result.problems.map((x) => `${x.path}: ${x.message}`) });
      continue;
    }
    const r = p.result.value;
    const f = frameworks.get(r.frameworkId);
    const problems: string[] = [];
    if (!f) problems.push(`framework_id: "${r.frameworkId}" is not a framework this register knows`);
    else {
      const { ids, scale } = vocabulary(f);
      for (const s of r.standardRatings) {
        if (!ids.has(s.standardId)) problems.push(`standard_ratings: "${s.standardId}" is not a standard in ${f.id}`);
        if (s.rating && !scale.has(s.rating)) problems.push(`standard_ratings: "${s.rating}" is not a rating in ${f.id}`);
      }
      if (r.overall && !scale.has(r.overall.rating)) problems.push(`overall_rating: "${r.overall.rating}" is not a rating in ${f.id}`);
    }
    if (seen.has(r.ref)) problems.push(`inspection_ref: "${r.ref}" appears more than once in the file`);
    seen.add(r.ref);
    if (problems.length) {
      report.push({ line: p.line, key: r.ref, action: 'reject', reasons: problems });
      continue;
    }
    const prior = existing.get(r.ref);
    if (prior && sameRow(prior, r)) report.push({ line: p.line, key: r.ref, action: 'unchanged', reasons: ['already in the register, identical'] });
    else {
      records.push(r);
      report.push({ line: p.line, key: r.ref, action: prior ? 'merge' : 'import', reasons: prior ? ['updates the record with the same reference'] : [] });
    }
  }
  return { format, rows: report, records };
}

export async function applyImport(db: Db, plan: ImportPlan): Promise<SaveReport> {
  // All new (nothing to merge): the batched path; otherwise record by record, which merges.
  const merging = plan.rows.some((r) => r.action === 'merge');
  return !merging && plan.records.length > 200 ? bulkInsertRecords(db, plan.records) : saveRecords(db, plan.records);
}

export function summarise(plan: ImportPlan): string {
  const n = (a: Action) => plan.rows.filter((r) => r.action === a).length;
  return `${plan.rows.length} rows (${plan.format}): ${n('import')} to import, ${n('flag')} imported with a flag, ${n('merge')} merged with existing inspections, ${n('unchanged')} already present and unchanged, ${n('reject')} rejected`;
}
