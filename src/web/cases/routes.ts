import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { casesEditable } from '../../domain/lifecycle.ts';
import { describePersonalData, findPersonalData } from '../../domain/personal-data.ts';
import { caseStandards } from '../../services/evidence.ts';
import type { FormErrors } from '../forms.ts';
import { Id, IdParams, Version, type RoutesPlugin } from '../validation.ts';
import {
  actorOf,
  base,
  INSPECTORS,
  mayAddEvidence,
  openInspectionFirst,
  work as open,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

const CaseParams = z.object({ id: Id, caseId: Id });
type CaseParams = z.infer<typeof CaseParams>;
/**
 * Case-level data (answers and notes about a child) is read only by the inspection's team and its
 * lead (`open` keeps out inspectors and leads not on it); not by administrators, publishers or the
 * service (UK GDPR: special-category data, need to know).
 */
export const CASE_READERS = ['inspector', 'lead_inspector'] as const;
const READERS = CASE_READERS;
const NOTE_MAX = 2000;
/** A key question's id as a form field name (2.1.1 → answer-2-1-1) and back. */
const fieldOf = (prefix: 'answer' | 'note', kq: string) => `${prefix}-${kq.replace(/\./g, '-')}`;
const kqOf = (field: string) => field.replace(/^(answer|note)-/, '').replace(/-/g, '.');

const NewCase = z.object({
  ref: z
    .string({ error: 'Enter the case reference' })
    .trim()
    .min(1, 'Enter the case reference')
    .max(40, 'Case reference must be 40 characters or fewer')
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 _./-]*$/,
      'Case reference must use letters, numbers, spaces, dots, slashes, dashes or underscores',
    ),
  caseType: z.string({ error: 'Select the case type' }).min(1, 'Select the case type'),
  disposal: z
    .string()
    .trim()
    .max(100, 'Disposal must be 100 characters or fewer')
    .optional()
    .transform((v) => v || null),
});

/**
 * A case's answers: one field per key question (answer-2-1-1: yes, no or na; empty is unanswered)
 * and an optional note beside each. Which key questions a case has depends on its type, so the
 * route keeps only the case's own; this checks every answer and note the form sends.
 */
const CaseAnswers = z.looseObject({ version: Version }).superRefine((b, ctx) => {
  for (const [field, v] of Object.entries(b)) {
    if (field.startsWith('answer-') && v !== undefined && v !== '' && v !== 'yes' && v !== 'no' && v !== 'na')
      ctx.addIssue({ code: 'custom', path: [field], message: `Answer ${kqOf(field)} with yes, no or not applicable` });
    if (field.startsWith('note-') && typeof v === 'string' && v.trim().length > NOTE_MAX)
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `The note for ${kqOf(field)} must be ${NOTE_MAX} characters or fewer`,
      });
    else if (field.startsWith('note-') && typeof v === 'string') {
      // Minimisation: a note must not undo the pseudonymous case reference.
      const found = findPersonalData(v);
      if (found.length)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `The note for ${kqOf(field)} ${describePersonalData(found)}`,
        });
    }
  }
});

/** The answers and notes of this case's key questions, as typed. */
function answersOf(work: InspectionWork, caseType: string, body: Record<string, unknown>) {
  const answers: Record<string, 'yes' | 'no' | 'na'> = {};
  const notes: Record<string, string> = {};
  for (const s of caseStandards(work.framework, caseType))
    for (const k of s.keyQuestions) {
      const a = body[fieldOf('answer', k.id)];
      if (a === 'yes' || a === 'no' || a === 'na') answers[k.id] = a;
      const note = body[fieldOf('note', k.id)];
      if (typeof note === 'string' && note.trim()) notes[k.id] = note.trim();
    }
  return { answers, notes };
}

export const caseRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  const evidence = app.services.evidence;

  const renderCases = async (
    req: FastifyRequest,
    reply: FastifyReply,
    work: InspectionWork,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    status = 200,
  ) => {
    const rows = await evidence.cases(work);
    const types = work.framework.caseTypes;
    // Each case type's key questions and label, found in the framework once per type rather than
    // once per case (a sample has a hundred or more cases of two or three types).
    const byType = new Map(
      types.map((t) => [
        t.id,
        { label: t.label, kqs: caseStandards(work.framework, t.id).flatMap((s) => s.keyQuestions.map((k) => k.id)) },
      ]),
    );
    const typeOf = (id: string) =>
      byType.get(id) ?? {
        label: id,
        kqs: caseStandards(work.framework, id).flatMap((s) => s.keyQuestions.map((k) => k.id)),
      };
    return reply.page(
      'cases/cases.njk',
      {
        title: 'Case sample',
        work,
        editable: casesEditable(work.state) && mayAddEvidence(req, work),
        rows: rows.map(({ c, inspectorName }) => {
          const { label, kqs } = typeOf(c.caseType);
          return {
            id: c.id,
            ref: c.ref,
            type: label,
            disposal: c.disposal,
            inspector: inspectorName,
            answered: kqs.filter((k) => k in c.answers).length,
            total: kqs.length,
          };
        }),
        typeItems: types.map((t) => ({ value: t.id, text: t.label, checked: values.caseType === t.id })),
        values,
        errors,
        breadcrumbs: workspaceCrumbs(work),
      },
      status,
    );
  };

  app.get(
    '/workspace/inspections/:id/cases',
    { schema: { params: IdParams }, config: { auth: READERS } },
    async (req, reply) => renderCases(req, reply, await open(app, req, req.params.id)),
  );

  app.post(
    '/workspace/inspections/:id/cases',
    {
      schema: { params: IdParams, body: NewCase },
      config: {
        auth: INSPECTORS,
        form: async (req, reply, errors, status) => {
          const work = await open(app, req, (req.params as IdParams).id);
          return renderCases(req, reply, work, req.body as Record<string, unknown>, errors, status);
        },
      },
    },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const c = await evidence.addCase(actorOf(req), work, req.body);
      return reply.redirect(`${base(work.inspection.id)}/cases/${c.id}`, 303);
    },
  );

  const renderCase = async (req: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
    const { id, caseId } = req.params as CaseParams;
    const work = await open(app, req, id);
    const c = await evidence.getCase(work, caseId);
    // Shown again with what was typed when the form comes back with errors.
    const { answers, notes } = errors
      ? answersOf(work, c.caseType, (req.body ?? {}) as Record<string, unknown>)
      : { answers: c.answers, notes: c.notes };
    return reply.page(
      'cases/case.njk',
      {
        title: `Case ${c.ref}`,
        work,
        c,
        editable: casesEditable(work.state) && mayAddEvidence(req, work),
        typeLabel: work.framework.caseTypes.find((t) => t.id === c.caseType)?.label ?? c.caseType,
        standards: caseStandards(work.framework, c.caseType).map((s) => ({
          id: s.id,
          name: s.name,
          questions: s.keyQuestions.map((k) => ({
            id: k.id,
            field: fieldOf('answer', k.id),
            noteField: fieldOf('note', k.id),
            text: k.text,
            answer: (answers as Record<string, string>)[k.id] ?? '',
            note: (notes as Record<string, string>)[k.id] ?? '',
          })),
        })),
        errors,
        breadcrumbs: [...workspaceCrumbs(work), { text: 'Case sample', href: `${base(work.inspection.id)}/cases` }],
      },
      status,
    );
  };

  app.get(
    '/workspace/inspections/:id/cases/:caseId',
    { schema: { params: CaseParams }, config: { auth: READERS } },
    async (req, reply) => {
      // Every read of a case's assessment is audited: who, when, which case reference.
      const work = await open(app, req, req.params.id);
      const c = await evidence.getCase(work, req.params.caseId);
      await app.services.sample.recordRead(actorOf(req), work, c);
      return renderCase(req, reply);
    },
  );

  app.post(
    '/workspace/inspections/:id/cases/:caseId',
    { schema: { params: CaseParams, body: CaseAnswers }, config: { auth: INSPECTORS, form: renderCase } },
    async (req, reply) => {
      const work = await open(app, req, req.params.id);
      const c = await evidence.getCase(work, req.params.caseId);
      const { answers, notes } = answersOf(work, c.caseType, req.body);
      await evidence.saveAnswers(actorOf(req), work.inspection.id, c.id, req.body.version, answers, notes);
      return reply.redirect(`${base(work.inspection.id)}/cases`, 303);
    },
  );
};
