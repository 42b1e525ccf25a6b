import { unescapeCsvCell } from '../domain/csv-cells.ts';
import { standardsOf, type Framework } from '../domain/framework.ts';
import { areaKey } from '../domain/service-identity.ts';
import {
  fromInspectionRow,
  INSPECTION_COLUMNS,
  toInspectionRow,
  type ExportableRecord,
} from '../domain/register-format.ts';
import { frameworkRegistry } from '../store/frameworks.ts';
import type { Db } from '../store/db.ts';
import { END_OF_TIME, exportRecords } from '../store/export-repo.ts';
import { quoted } from '../domain/field-formats.ts';
import {
  auditImport,
  auditMerges,
  bulkInsertRecords,
  saveRecords,
  storedByRef,
  type ImportActor,
  type SaveReport,
} from '../store/records-repo.ts';
import { storedRefs } from '../store/import-repo.ts';
import { planHmipScrape } from './hmip-scrape.ts';
import type { Action, ImportPlan, RowReport } from './plan.ts';
import { breathe, parseCsvInSlices } from './chunked.ts';
import { refusal } from './guard.ts';
import {
  assignRefs,
  convertRow,
  loadOnsCodes,
  readSourcedRows,
  SOURCED_CSV_OPTIONS,
  type RowOutcome,
} from './register-csv.ts';

/**
 * One importer for every format the register reads. It plans first (what each row would do, and
 * why), so --dry-run and the real run report the same thing; the write is one transaction.
 * The plan's types are in plan.ts, which every format's planner shares.
 */
export type { Action, ImportPlan, RowReport } from './plan.ts';
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

function detect(text: string): ImportPlan['format'] {
  if (text.includes('\u0000'))
    throw new ImportFormatError('The file contains NUL characters: it looks like a binary file, not CSV or JSON.');
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'register-json';
  const firstLine = head.split(/\r?\n/, 1)[0]!.toLowerCase();
  if (/(^|,)"?inspection_ref"?(,|$)/.test(firstLine)) return 'register-csv';
  if (/(^|,)"?la_name"?(,|$)/.test(firstLine)) return 'hmip-scrape-csv';
  if (/(^|,)"?service_name"?(,|$)/.test(firstLine) && /local_authority_area/.test(firstLine)) return 'sourced-csv';
  throw new ImportFormatError(
    'The file is not a format the register reads: expected the register CSV or JSON (see /downloads), ' +
      'the sourced inspections CSV, or the HMIP ratings scrape (la_name, la_ref, score_%, …).',
  );
}

/** The columns in which two records differ as the register would export them ("unchanged" means none). */
const changedColumns = (a: ExportableRecord, b: ExportableRecord): string[] => {
  const ra = toInspectionRow(a, '', null);
  const rb = toInspectionRow(b, '', null);
  // A file in format 1.0 says nothing of kind, partners or source details: that is no change.
  const silent = new Set(
    [
      (a.kind === undefined || b.kind === undefined) && 'kind',
      (a.partnerInspectorates === undefined || b.partnerInspectorates === undefined) && 'partner_inspectorates',
      (a.sourceDetails === undefined || b.sourceDetails === undefined) && 'source_details',
      // A source that does not say where each rating came from (a file before 1.2, another format).
      [a, b].some(
        (x) =>
          (x.overall && x.overall.publicSource === undefined) ||
          x.standardRatings.some((s) => s.publicSource === undefined),
      ) && 'rating_sources',
    ].filter(Boolean),
  );
  return INSPECTION_COLUMNS.filter((c) => !silent.has(c.name) && ra[c.name] !== rb[c.name]).map((c) => c.name);
};

async function existingByRef(db: Db, refs: string[]): Promise<Map<string, ExportableRecord>> {
  const out = new Map<string, ExportableRecord>();
  if (!refs.length) return out;
  const present = await storedRefs(db, refs);
  if (!present.size) return out;
  // Reuse the export reader (whatever the state) to compare like with like.
  for await (const batch of exportRecords(db, END_OF_TIME))
    for (const r of batch) if (present.has(r.ref)) out.set(r.ref, r);
  return out;
}

type RegisterFormat = 'register-csv' | 'register-json';

async function registerRows(text: string, format: RegisterFormat): Promise<{ line: number; raw: unknown }[]> {
  if (format === 'register-csv') {
    const options = {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
      relax_column_count: false,
    } as const;
    const rows = await parseCsvInSlices<{ record: Record<string, string>; info: { lines: number } }>(text, options);
    // Cells were written with a leading apostrophe where a spreadsheet would read a formula (csv-cells.ts).
    return rows.map((r) => ({
      line: r.info.lines,
      raw: Object.fromEntries(Object.entries(r.record).map(([k, v]) => [k, unescapeCsvCell(v)])),
    }));
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

async function planSourced(
  db: Db,
  text: string,
  importedAt: Date,
  frameworks: Map<string, Framework>,
): Promise<ImportPlan> {
  const parsed = readSourcedRows(await parseCsvInSlices(text, SOURCED_CSV_OPTIONS));
  const ctx = { frameworks, onsCodes: loadOnsCodes(), importedAt, origin: 'import' };
  const outcomes: RowOutcome[] = [];
  for (const [i, r] of parsed.entries()) {
    outcomes.push(
      r.row
        ? convertRow(r.row, r.line, ctx)
        : { line: r.line, serviceName: r.raw.service_name ?? '', record: null, skipped: r.error, notes: [] },
    );
    await breathe(i);
  }
  const records = outcomes.flatMap((o) => (o.record ? [o.record] : []));
  assignRefs(records);
  // The same published source about the same service is the same inspection, whatever ref it would get.
  const known = new Map<string, ExportableRecord>();
  for await (const batch of exportRecords(db, END_OF_TIME))
    for (const r of batch) if (r.sourceUrl) known.set(`${areaKey(r.service)}|${r.sourceUrl}`, r);
  const match = (r: (typeof records)[number]) =>
    r.sourceUrl ? known.get(`${areaKey(r.service)}|${r.sourceUrl}`) : undefined;
  // A new row can still be given the reference of a stored inspection: then it would write over it.
  const stored = await storedByRef(
    db,
    records.filter((r) => !match(r)).map((r) => r.ref),
  );
  const priors = await existingByRef(db, [...stored.keys()]);
  const rows: RowReport[] = [];
  const kept: ImportPlan['records'] = [];
  for (const o of outcomes) {
    const rec = o.record;
    const m = rec ? match(rec) : undefined;
    if (!rec) rows.push({ line: o.line, key: o.serviceName, action: 'reject', reasons: [o.skipped ?? 'not read'] });
    else if (m)
      rows.push({ line: o.line, key: m.ref, action: 'unchanged', reasons: [`already in the register as ${m.ref}`] });
    else {
      const refused = refusal(stored.get(rec.ref), priors.get(rec.ref), { ...rec, serviceSlug: '' });
      if (refused.length) rows.push({ line: o.line, key: rec.ref, action: 'reject', reasons: refused });
      else {
        kept.push(rec);
        const merge = stored.has(rec.ref);
        rows.push({
          line: o.line,
          key: rec.ref,
          action: merge ? 'merge' : o.notes.length ? 'flag' : 'import',
          reasons: merge ? ['updates the record with the same reference', ...o.notes] : o.notes,
        });
      }
    }
  }
  return { format: 'sourced-csv', records: kept, rows };
}

export async function planImport(db: Db, text: string, importedAt: Date): Promise<ImportPlan> {
  const format = detect(text);
  const frameworks = frameworkRegistry();
  if (format === 'hmip-scrape-csv') return planHmipScrape(db, text, frameworks);
  if (format === 'sourced-csv') return planSourced(db, text, importedAt, frameworks);
  const rows = await registerRows(text, format);
  const parsed: { line: number; raw: unknown; result: ReturnType<typeof fromInspectionRow> }[] = [];
  for (const [i, r] of rows.entries()) {
    parsed.push({ ...r, result: fromInspectionRow(r.raw) });
    await breathe(i);
  }
  const good = parsed.flatMap((p) => (p.result.ok ? [p.result.value] : []));
  const refs = good.map((r) => r.ref);
  const [existing, stored] = await Promise.all([existingByRef(db, refs), storedByRef(db, refs)]);
  const report: RowReport[] = [];
  const records: ExportableRecord[] = [];
  const seen = new Set<string>();
  const vocabularies = new Map<string, { ids: Set<string>; scale: Set<string> }>();
  const vocabulary = (f: Framework) => {
    let v = vocabularies.get(f.id);
    if (!v)
      vocabularies.set(
        f.id,
        (v = { ids: new Set(standardsOf(f).map((s) => s.id)), scale: new Set(f.ratingScale.map((x) => x.id)) }),
      );
    return v;
  };
  for (const [i, p] of parsed.entries()) {
    await breathe(i);
    if (!p.result.ok) {
      const raw = p.raw as Record<string, unknown> | undefined;
      const ref = raw && typeof raw === 'object' ? raw.inspection_ref : undefined;
      report.push({
        line: p.line,
        key: typeof ref === 'string' && ref ? quoted(ref, 40).slice(1, -1) : `row ${p.line}`,
        action: 'reject',
        reasons: p.result.problems.map((x) => `${x.path}: ${x.message}`),
      });
      continue;
    }
    const r = p.result.value;
    const f = frameworks.get(r.frameworkId);
    const problems: string[] = [];
    if (!f) problems.push(`framework_id: ${quoted(r.frameworkId)} is not a framework this register knows`);
    else {
      const { ids, scale } = vocabulary(f);
      for (const s of r.standardRatings) {
        if (!ids.has(s.standardId))
          problems.push(`standard_ratings: ${quoted(s.standardId)} is not a standard in ${f.id}`);
        if (s.rating && !scale.has(s.rating))
          problems.push(`standard_ratings: ${quoted(s.rating)} is not a rating in ${f.id}`);
      }
      if (r.overall && !scale.has(r.overall.rating))
        problems.push(`overall_rating: ${quoted(r.overall.rating)} is not a rating in ${f.id}`);
    }
    if (seen.has(r.ref)) problems.push(`inspection_ref: "${r.ref}" appears more than once in the file`);
    seen.add(r.ref);
    const prior = existing.get(r.ref);
    const changed = prior ? changedColumns(prior, r) : [];
    const same = !problems.length && prior && !changed.length;
    // Identical rows change nothing, so they are "unchanged" even for a workflow inspection.
    if (!problems.length && !same) problems.push(...refusal(stored.get(r.ref), prior, r));
    if (problems.length) {
      report.push({ line: p.line, key: r.ref, action: 'reject', reasons: problems });
      continue;
    }
    if (same)
      report.push({ line: p.line, key: r.ref, action: 'unchanged', reasons: ['already in the register, identical'] });
    else {
      records.push(r);
      report.push({
        line: p.line,
        key: r.ref,
        action: prior ? 'merge' : 'import',
        reasons: prior ? [`updates the record with the same reference: ${changed.join(', ')}`] : [],
      });
    }
  }
  return { format, rows: report, records };
}

export interface ImportCounts {
  imported: number;
  merged: number;
  unchanged: number;
  flagged: number;
  rejected: number;
}

export function countsOf(plan: ImportPlan): ImportCounts {
  const n = (a: Action) => plan.rows.filter((r) => r.action === a).length;
  return {
    imported: n('import'),
    merged: n('merge'),
    unchanged: n('unchanged'),
    flagged: n('flag'),
    rejected: n('reject'),
  };
}

/**
 * Saves what the plan would import, in one transaction with the import's audit entry (the file,
 * the importer, who ran it and the counts). An import that saves nothing is audited too.
 */
export async function applyImport(
  db: Db,
  plan: ImportPlan,
  /** The file, who ran the import, and when (the saved records' updated time). */
  source: { file: string; actor: ImportActor; at: Date },
): Promise<SaveReport> {
  const entry = (saved: SaveReport) => ({ file: source.file, importer: plan.format, counts: countsOf(plan), saved });
  const merged = plan.rows
    .filter((r) => r.action === 'merge')
    .map((r) => ({ ref: r.ref ?? r.key, changes: r.reasons }));
  const andThen = async (tx: Db, saved: SaveReport) => {
    await auditImport(tx, source.actor, entry(saved));
    await auditMerges(tx, source.actor, source.file, merged);
  };
  if (!plan.records.length) {
    const nothing: SaveReport = {
      servicesCreated: 0,
      servicesUpdated: 0,
      inspectionsCreated: 0,
      inspectionsUpdated: 0,
    };
    await db.transaction((tx) => andThen(tx, nothing));
    return nothing;
  }
  // All new (nothing to merge): the batched path; otherwise record by record, which merges.
  const merging = plan.rows.some((r) => r.action === 'merge');
  return !merging && plan.records.length > 200
    ? bulkInsertRecords(db, plan.records, andThen)
    : saveRecords(db, source.at, plan.records, andThen);
}

export function summarise(plan: ImportPlan): string {
  const c = countsOf(plan);
  return [
    `${plan.rows.length} rows (${plan.format}): ${c.imported} to import`,
    `${c.flagged} imported with a flag`,
    `${c.merged} merged with existing inspections`,
    `${c.unchanged} already present and unchanged`,
    `${c.rejected} rejected`,
  ].join(', ');
}
