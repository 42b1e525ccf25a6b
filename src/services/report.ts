import { NotFoundError, RuleError } from '../domain/errors.ts';
import { standardsOf } from '../domain/framework.ts';
import { panelEditable } from '../domain/lifecycle.ts';
import { compareReportTexts, EMPTY_REPORT_TEXT, type ReportText } from '../domain/report-text.ts';
import type { Actor } from '../store/audit.ts';
import { isUniqueViolation } from '../store/db.ts';
import { getInspectionByRef } from '../store/register-repo.ts';
import {
  getReportText,
  listReportTextVersions,
  reportTextConflict,
  saveReportText,
  type ReportTextVersion,
} from '../store/report-text-repo.ts';
import { lockInspection } from '../store/workflow-repo.ts';
import type { ServiceContext } from './context.ts';
import { inState, type InspectionWork } from './workflow.ts';

const textOf = (v: ReportTextVersion | null): ReportText =>
  v ? { foreword: v.foreword, overview: v.overview, narratives: v.narratives } : EMPTY_REPORT_TEXT;

/** Why a stale save was refused, in words the writer can act on. */
function staleMessage(current: ReportTextVersion | null, expected: number) {
  if (!current) return 'The report text was changed while you were editing it. Your changes have not been saved.';
  const when = current.savedAt.toISOString().slice(0, 16).replace('T', ' ');
  return (
    `Version ${current.version} of the report was saved by ${current.savedByName} (${when} UTC) while you were ` +
    `editing version ${expected}. Your changes have not been saved: they are shown below beside the newest ` +
    'version. Open the report again, and make your changes to the newest version.'
  );
}

/**
 * The report's text: the Chief Inspector's foreword, the overview and each standard's narrative,
 * written by the inspection's team and lead. Every save is a new version (none is ever changed or
 * deleted), made only on the newest version (else 409), and only until approval, like the findings
 * and recommendations it sits beside.
 */
export function reportService(ctx: ServiceContext) {
  const { database, now } = ctx;
  const db = () => database.db;

  const version = async (work: InspectionWork, v?: number) => {
    const row = await getReportText(db(), work.inspection.id, v);
    if (v !== undefined && !row) throw new NotFoundError(`There is no version ${v} of this report.`);
    return row;
  };

  return {
    /** The newest version (or the one asked for), as text with who saved it; version 0 when none is saved. */
    async get(work: InspectionWork, v?: number) {
      const row = await version(work, v);
      return { text: textOf(row), version: row?.version ?? 0, savedByName: row?.savedByName, savedAt: row?.savedAt };
    },
    versions: (work: InspectionWork) => listReportTextVersions(db(), work.inspection.id),

    /** Saves the text as a new version after `expectedVersion` (the version the writer opened; 0 for none). */
    async save(actor: Actor, work: InspectionWork, expectedVersion: number, text: ReportText) {
      const known = new Set(standardsOf(work.framework).map((s) => s.id));
      const stray = Object.keys(text.narratives).filter((id) => !known.has(id));
      if (stray.length) throw new RuleError(`The framework has no standard ${stray.join(', ')}.`, 'form', 400);
      const id = work.inspection.id;
      try {
        return await db().transaction(async (tx) => {
          // FOR SHARE: saves run beside the other evidence writes, but never after approval closes them.
          const row = await lockInspection(tx, id, 'share');
          if (!panelEditable(row.status))
            throw new RuleError(inState('The report can only change before approval', row.status), 'form');
          try {
            return await saveReportText(tx, actor, id, expectedVersion, text, now());
          } catch (e) {
            if (e instanceof Error && e.name === 'ConflictError') {
              e.message = staleMessage(await getReportText(tx, id), expectedVersion);
            }
            throw e;
          }
        });
      } catch (e) {
        // Two saves on one version at once: the second's insert met the first's key.
        if (!isUniqueViolation(e)) throw e;
        const current = await getReportText(db(), id);
        const conflict = reportTextConflict(current, text);
        conflict.message = staleMessage(current, expectedVersion);
        throw conflict;
      }
    },

    /** Two versions section by section: changed or unchanged, with the old and new text. */
    async compare(work: InspectionWork, from: number, to: number) {
      const [a, b] = await Promise.all([version(work, from), version(work, to)]);
      return {
        from: { version: from, savedByName: a!.savedByName, savedAt: a!.savedAt },
        to: { version: to, savedByName: b!.savedByName, savedAt: b!.savedAt },
        sections: compareReportTexts(work.framework, textOf(a), textOf(b)),
      };
    },

    /**
     * The draft report as the service will check it: the record as it stands (ratings snapshotted at
     * the handover, findings, recommendations, the newest text), only during the factual-accuracy check.
     */
    async draft(work: InspectionWork) {
      if (work.state !== 'factual_accuracy')
        throw new RuleError(
          inState('The draft report can be downloaded only during the factual-accuracy check', work.state),
        );
      const d = await getInspectionByRef(db(), work.inspection.ref, 'any');
      if (!d) throw new NotFoundError('No such inspection.');
      return d;
    },
  };
}
export type ReportService = ReturnType<typeof reportService>;
