import { checkRecord } from '../domain/consistency.ts';
import { londonInstant } from '../domain/embargo.ts';
import { maxScore, standardsOf, type Framework } from '../domain/framework.ts';
import { selectFramework } from '../domain/framework-selection.ts';
import type { StandardRatingRecord } from '../domain/inspection-record.ts';
import type { ExportableRecord } from '../domain/register-format.ts';
import { dayDate } from '../domain/partial-date.ts';
import { normaliseRating } from '../domain/ratings-text.ts';
import type { Db } from '../store/db.ts';
import { END_OF_TIME, exportRecords } from '../store/export-repo.ts';
import { allServiceAreas, allServices as listServices, storedRefs } from '../store/import-repo.ts';
import { storedByRef, WORKFLOW_ORIGIN } from '../store/records-repo.ts';
import { isWebUrl, quoted } from '../domain/field-formats.ts';
import { breathe, parseCsvInSlices } from './chunked.ts';
import { loadAreaNames } from './directory.ts';
import { readDirectory } from '../store/directory-repo.ts';
import { areaKeyOf, coreName, marksJointInspection, resolveService } from '../domain/service-directory.ts';
import { slugify } from '../domain/service-identity.ts';
import type { ServiceRecord } from '../domain/inspection-record.ts';
import { correctionsOf, refusal } from './guard.ts';
import type { ImportPlan, RowReport } from './plan.ts';

/** A service as a scrape row's record needs it: held by the register, or new from the directory. */
type ScrapeService = ServiceRecord & { slug: string };

/**
 * The community-scraped HMIP youth ratings CSV (la_name, la_ref, score_%, overall_rating,
 * publication_date as dd/mm/yy, report_url, then one column per standard). Real files are messy;
 * this normalises only what is safe (spelling, case, footnote markers), never guesses, and takes
 * nothing from a row it rejects.
 */

/** Standard columns: the first occurrence of a domain-two/three name is court work, the second out-of-court. */
const COURT = { assessment: '2.1', planning: '2.2', implementation_and_delivery: '2.3', reviewing: '2.4' } as const;
const OOC = { assessment: '3.1', planning: '3.2', implementation_and_delivery: '3.3' } as const;
const FIXED: Record<string, string> = {
  governance_and_leadership: '1.1',
  staff: '1.2',
  partnerships_and_services: '1.3',
  information_and_facilities: '1.4',
  outofcourt_disposal_policy_and_provision: '3.4',
  joint_working: '3.4',
  resettlement_policy_and_provision: '4.1',
  oocd_assessment: '3.1',
  oocd_planning: '3.2',
  oocd_implementation_and_delivery: '3.3',
};
const BASE = ['la_name', 'la_ref', 'score_%', 'overall_rating', 'publication_date', 'report_url'];

/**
 * Footnote markers the scrape carries over from PDFs: "Good*", "Good [1]", "Good†", "Good (note 2)".
 * Tried only on the last few characters of the trimmed cell: a $-anchored pattern with a leading
 * \s* or a repeated marker is otherwise retried from every position of a long run of spaces or
 * stars, which takes time growing with the square of the cell.
 */
const FOOTNOTE = /(?:\*+|†+|‡+|\[\d+\]|\((?:see )?note\s*\d*\)|\^\d+|\d+\)?)$/i;
const FOOTNOTE_TAIL = 24;
/** No rating, with its footnote marks, is anywhere near this long; a longer cell is not read at all. */
const MAX_RATING_CELL = 80;

function withoutFootnote(text: string): string | null {
  const m = FOOTNOTE.exec(text.slice(-FOOTNOTE_TAIL));
  return m ? text.slice(0, text.length - m[0].length).trimEnd() : null;
}

export function cleanRating(
  f: Framework,
  cell: string,
): { rating: string | null; notRated: boolean; flag: string | null; error: string | null } {
  const raw = cell.trim();
  if (!raw) return { rating: null, notRated: false, flag: null, error: null };
  if (raw.length > MAX_RATING_CELL)
    return {
      rating: null,
      notRated: false,
      flag: null,
      error: `${quoted(raw, 30)} (${raw.length} characters) is too long to be a rating`,
    };
  if (/^(not rated|n\/?a|no resettlement cases?)\b/i.test(raw))
    return { rating: null, notRated: true, flag: null, error: null };
  let text = raw;
  let flag: string | null = null;
  for (let next = withoutFootnote(text); next !== null; next = withoutFootnote(text)) text = next;
  if (text !== raw) flag = `footnote marker removed from "${raw}"`;
  const rating = normaliseRating(f, text);
  if (!rating)
    return { rating: null, notRated: false, flag: null, error: `"${raw}" is not a rating on ${f.id}'s scale` };
  return { rating, notRated: false, flag, error: null };
}

function parseDate(cell: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(cell.trim());
  if (!m) return null;
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return dayDate(year, Number(m[2]), Number(m[1]))?.earliest ?? null;
}

export async function planHmipScrape(db: Db, text: string, frameworks: Map<string, Framework>): Promise<ImportPlan> {
  const table = await parseCsvInSlices<string[]>(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const rowsOut: RowReport[] = [];
  const records: ExportableRecord[] = [];
  const missing = BASE.filter((b) => !header.includes(b));
  if (missing.length)
    return {
      format: 'hmip-scrape-csv',
      records,
      rows: [{ line: 1, key: 'header', action: 'reject', reasons: [`missing columns: ${missing.join(', ')}`] }],
    };

  // Map each standard column to a standard id (court first, then out-of-court for repeated names).
  const seen = new Map<string, number>();
  const columnStd = header.map((h) => {
    if (BASE.includes(h)) return null;
    const n = h.replace(/[.\s-]+/g, '_').replace(/_\d+$/, '');
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    if (FIXED[n]) return FIXED[n]!;
    if (n in COURT) return count === 1 ? COURT[n as keyof typeof COURT] : ((OOC as Record<string, string>)[n] ?? null);
    return null;
  });
  const ignored = header.filter((h, i) => !BASE.includes(h) && !columnStd[i]);

  const youth = ['hmip-youth-2018', 'hmip-youth-2021'].map((id) => frameworks.get(id)!).filter(Boolean);
  const areaRows = await allServiceAreas(db);
  const allServices = await listServices(db);
  const directory = await readDirectory(db);
  const areaNames = loadAreaNames();
  const codeOfName = new Map([...areaNames].map(([c, n]) => [n, c]));
  const usedSlugs = new Set(allServices.map((s) => s.slug));
  /** Services the directory names that the register does not hold yet, made once per file. */
  const fresh = new Map<string, ScrapeService>();

  function registered(id: string): ScrapeService {
    const s = allServices.find((x) => x.id === id)!;
    const areas = areaRows.filter((a) => a.serviceId === id).map((a) => ({ name: a.name, onsCode: a.onsCode }));
    return { slug: s.slug, name: s.name, formerNames: s.formerNames, areas, region: s.region, nation: s.nation };
  }

  function findService(
    laName: string,
    code: string | null,
    date: string,
  ): { service: ScrapeService; basis: string | null } | { reason: string } {
    const resolved = resolveService(directory, areaNames, laName, date, code);
    if (!resolved.entry) {
      // The register's own area names still count where the directory has no answer.
      const byCode = code ? areaRows.filter((a) => a.onsCode === code) : [];
      const byName = areaRows.filter((a) => a.name.toLowerCase() === laName.toLowerCase());
      const ids = [...new Set((code ? byCode : byName).map((a) => a.serviceId))];
      if (ids.length === 1) return { service: registered(ids[0]!), basis: null };
      if (ids.length > 1) return { reason: `la_name "${laName}" belongs to ${ids.length} services; cannot tell which` };
      return { reason: resolved.reason };
    }
    const entry = resolved.entry;
    const key = areaKeyOf(entry, areaNames);
    const held = allServices.find((s) => s.areaKey === key);
    const plain = held && [held.name, ...areaNames.values()].some((n) => coreName(n) === coreName(laName));
    if (held) return { service: registered(held.id), basis: plain || code ? null : resolved.basis };
    let service = fresh.get(key);
    if (!service) {
      const names = [...new Set(entry.onsCodes.map((c) => areaNames.get(c) ?? c))].sort((a, b) => a.localeCompare(b));
      let slug = slugify(names.length === 1 ? names[0]! : entry.name.replace(/\b(YOT|YOS|YJS|YJT)\b/g, ''));
      while (usedSlugs.has(slug)) slug += '-service';
      usedSlugs.add(slug);
      service = {
        slug,
        name: entry.name,
        formerNames: entry.formerNames,
        areas: names.map((n) => ({ name: n, onsCode: codeOfName.get(n) ?? null })),
        region: entry.region,
        nation: entry.nation,
      };
      fresh.set(key, service);
    }
    return { service, basis: `${resolved.basis}; the register held no record of this service` };
  }
  const existing: ExportableRecord[] = [];
  for await (const batch of exportRecords(db, END_OF_TIME)) existing.push(...batch);
  const stored = await storedByRef(
    db,
    existing.map((e) => e.ref),
  );
  const usedRefs = await storedRefs(db);

  for (const [idx, cells] of table.slice(1).entries()) {
    await breathe(idx);
    planRow(cells, idx);
  }
  return { format: 'hmip-scrape-csv', records, rows: rowsOut };

  function planRow(cells: string[], idx: number) {
    const line = idx + 2;
    const get = (name: string) => (cells[header.indexOf(name)] ?? '').trim();
    const laName = get('la_name');
    const key = `${laName || '(no la_name)'} ${get('publication_date')}`.trim();
    const flags: string[] =
      ignored.length && idx === 0 ? [`columns not understood and ignored: ${ignored.join(', ')}`] : [];
    // Each step either gives the next what it needs or refuses the row with its reasons.
    const refuse = (r: Rejected) => rowsOut.push({ line, key, action: 'reject', reasons: r.reasons });
    const parsed = parseRow(get);
    if (parsed instanceof Rejected) return refuse(parsed);
    const service = matchService(get, laName, parsed.date, flags);
    if (service instanceof Rejected) return refuse(service);
    const valid = validateRow(cells, get, parsed.date, flags);
    if (valid instanceof Rejected) return refuse(valid);
    const merged = mergeRow(line, key, service, parsed, valid, flags);
    if (merged instanceof Rejected) return refuse(merged);
  }

  /** Parse: the cells this row must have, in the forms they must take. */
  function parseRow(get: (name: string) => string) {
    const laName = get('la_name');
    const reportUrl = get('report_url');
    if (!laName) return reject('la_name is empty');
    if (reportUrl && !isWebUrl(reportUrl))
      return reject(`report_url ${quoted(reportUrl)} is not an http or https address`);
    const date = parseDate(get('publication_date'));
    if (!date) return reject(`publication_date "${get('publication_date')}" is not a date in the form dd/mm/yy`);
    return { reportUrl, date, laName };
  }

  /**
   * Match: the service the row is about. A service is found by its local authority's ONS code, or
   * by the name the source uses and the row's date, through the directory of services; never by a
   * near miss.
   */
  function matchService(get: (name: string) => string, laName: string, date: string, flags: string[]) {
    const laRef = get('la_ref');
    const code = /^[EW]\d{8}$/.test(laRef) ? laRef : null;
    const found = findService(laName, code, date);
    if ('reason' in found) return reject(found.reason);
    if (found.basis) flags.push(`"${laName}" read as ${found.service.name} (${found.basis})`);
    return found.service;
  }

  /** Validate: the framework the row is under, its ratings and score, checked as a published record. */
  function validateRow(cells: string[], get: (name: string) => string, date: string, flags: string[]) {
    const present = header
      .map((h, i) => (columnStd[i] && (cells[i] ?? '').trim() ? h : null))
      .filter((h): h is string => !!h);
    const selection = selectFramework(youth, {
      publication: dayDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))),
      standardNames: present.includes('joint_working')
        ? ['joint working']
        : present.some((h) => h.startsWith('outofcourt_disposal_policy'))
          ? ['out-of-court disposal policy and provision']
          : [],
      hasResettlement: present.some((h) => h.startsWith('resettlement')),
    });
    const f = selection!.framework;
    if (selection!.ambiguity) flags.push(selection!.ambiguity);

    const overallCell = get('overall_rating');
    const overall = overallCell ? cleanRating(f, overallCell) : null;
    if (overall?.error) return reject(`overall_rating: ${overall.error}`);
    if (overall?.flag) flags.push(`overall_rating: ${overall.flag}`);

    let score: number | null = null;
    const pctCell = get('score_%').replace('%', '').trim();
    const max = maxScore(f)!;
    if (pctCell) {
      const pct = Number(pctCell);
      if (!Number.isFinite(pct) || pct < 0 || pct > 100)
        return reject(`score_% "${get('score_%')}" is not a percentage`);
      const points = (pct * max) / 100;
      if (Math.abs(points - Math.round(points)) > 0.02)
        return reject(
          `score_% ${pctCell} is ${points.toFixed(2)} out of ${max}, ` +
            'not a whole number of points: a parsing error in the source',
        );
      score = Math.round(points);
    }

    const ratings: StandardRatingRecord[] = [];
    const ids = new Set(standardsOf(f).map((s) => s.id));
    for (let i = 0; i < header.length; i++) {
      const sid = columnStd[i];
      if (!sid) continue;
      const c = cleanRating(f, cells[i] ?? '');
      if (c.error) return reject(`${header[i]}: ${c.error}`);
      if (!c.rating && !c.notRated) continue;
      if (!ids.has(sid))
        return reject(`${header[i]}: ${f.id} has no such standard (the row's date puts it under ${f.id})`);
      if (c.flag) flags.push(`${header[i]}: ${c.flag}`);
      ratings.push({
        standardId: sid,
        rating: c.rating,
        status: c.notRated ? 'not_rated' : 'rated',
        source: 'published',
        rationale: null,
        keyQuestions: null,
      });
    }
    const publication = dayDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))!;
    const consistency = checkRecord(f, {
      publication,
      fieldworkStart: null,
      score: score === null ? null : { total: score, max, source: 'derived' },
      overall: overall?.rating ? { rating: overall.rating, source: 'published' } : null,
      standardRatings: ratings,
    });
    if (consistency.length) return reject(...consistency.map((c) => c.message));
    if (!overall?.rating && !ratings.length && score === null) return reject('the row carries no rating');

    return { date, f, selection: selection!, overall, score, max, ratings, publication };
  }

  /** Merge: add to the inspection the register already has for that date, or plan a new one. */
  function mergeRow(
    line: number,
    key: string,
    service: ScrapeService,
    { reportUrl, laName }: { reportUrl: string; laName: string },
    {
      date,
      f,
      selection,
      overall,
      score,
      max,
      ratings,
      publication,
    }: Exclude<ReturnType<typeof validateRow>, Rejected>,
    flags: string[],
  ) {
    // Merge with an inspection of the same service published in a window that contains this date.
    const same = existing.find(
      (e) =>
        e.serviceSlug === service.slug &&
        e.publication &&
        e.publication.earliest <= date &&
        date <= e.publication.latest,
    );
    const sameStored = same ? stored.get(same.ref) : undefined;
    if (sameStored?.origin === WORKFLOW_ORIGIN) return reject(...refusal(sameStored, same, same!));
    if (same) {
      const merged: ExportableRecord = { ...same, childrenIncluded: false, standardRatings: [...same.standardRatings] };
      const changes: string[] = [];
      const conflicts: string[] = [];
      if (same.publication!.precision !== 'day') {
        merged.publication = publication;
        changes.push(`publication date made exact (${date})`);
      }
      if (score !== null) {
        if (same.score === null) {
          merged.score = { total: score, max, source: 'derived' };
          changes.push(`score ${score}/${max}`);
        } else if (same.score.total !== score)
          conflicts.push(`score: register has ${same.score.total}, file has ${score}`);
      }
      if (overall?.rating) {
        if (!same.overall) {
          merged.overall = { rating: overall.rating, source: 'published' };
          changes.push('overall rating');
        } else if (same.overall.rating !== overall.rating)
          conflicts.push(`overall rating: register has ${same.overall.rating}, file has ${overall.rating}`);
      }
      for (const r of ratings) {
        const prior = same.standardRatings.find((s) => s.standardId === r.standardId);
        if (!prior) {
          merged.standardRatings.push(r);
          changes.push(`standard ${r.standardId}`);
        } else if (prior.rating !== r.rating)
          conflicts.push(
            `standard ${r.standardId}: register has ${prior.rating ?? 'not rated'}, ` +
              `file has ${r.rating ?? 'not rated'}`,
          );
      }
      if (same.frameworkId !== f.id)
        conflicts.push(`framework: register has ${same.frameworkId}; the file's columns suggest ${f.id}`);
      if (conflicts.length) {
        const route = sameStored ? `: ${correctionsOf(sameStored.id)}` : '';
        return reject(
          `conflicts with ${same.ref}, which is kept as it is: ${conflicts.join('; ')}; ` +
            `a published record's ratings change only through a correction${route}`,
        );
      }
      if (!changes.length)
        return rowsOut.push({ line, key, action: 'unchanged', reasons: [`already in the register as ${same.ref}`] });
      records.push(merged);
      return rowsOut.push({
        line,
        key,
        ref: same.ref,
        action: 'merge',
        reasons: [`adds to ${same.ref}: ${changes.join(', ')}`, ...flags],
      });
    }

    let ref = `${service.slug}-${date.slice(0, 4)}`;
    for (let n = 2; usedRefs.has(ref); n++) ref = `${service.slug}-${date.slice(0, 4)}-${n}`;
    usedRefs.add(ref);
    const record: ExportableRecord = {
      ref,
      serviceSlug: service.slug,
      service: {
        name: service.name,
        formerNames: service.formerNames,
        areas: service.areas,
        region: service.region,
        nation: service.nation,
      },
      frameworkId: f.id,
      frameworkVersion: f.version,
      frameworkBasis: selection!.basis,
      frameworkAmbiguity: selection!.ambiguity,
      title: null,
      status: 'published',
      fieldworkText: null,
      fieldworkStart: null,
      fieldworkEnd: null,
      publication,
      publishedAt: londonInstant(date),
      score: score === null ? null : { total: score, max, source: 'derived' },
      overall: overall?.rating ? { rating: overall.rating, source: 'published' } : null,
      standardRatings: ratings,
      recommendations: [],
      recommendationsStated: null,
      recommendationsBreakdown: null,
      findings: [],
      chiefInspector: null,
      leadInspector: null,
      ratingsSummary: null,
      sourceUrl: reportUrl || null,
      otherSourceUrls: [],
      notes: 'Imported from the community HMIP ratings scrape.',
      ...(marksJointInspection(laName) ? { kind: 'joint' as const } : {}),
      origin: 'import-hmip-scrape',
      discrepancies: [],
    };
    existing.push(record);
    records.push(record);
    rowsOut.push({ line, key, action: flags.length ? 'flag' : 'import', reasons: flags });
  }
}

/** A row refused, with every reason. */
class Rejected {
  constructor(readonly reasons: string[]) {}
}
const reject = (...reasons: string[]) => new Rejected(reasons);
