import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { casesEditable } from '../../domain/lifecycle.ts';
import { addCase, getCase, listCases, saveCaseAnswers } from '../../store/workflow-repo.ts';
import { ConflictError, RuleError } from '../../domain/errors.ts';
import { formBody, formErrors, singleError, type FormErrors } from '../forms.ts';
import { renderConflict } from '../workspace/conflict.ts';
import {
  actorOf,
  base,
  INSPECTORS,
  loadInspection,
  versionOf,
  workspaceCrumbs,
  type InspectionWork,
  mayAddEvidence,
} from '../workspace/context.ts';

type Params = { Params: { id: string } };
type CaseParams = { Params: { id: string; caseId: string } };
const READERS = ['inspector', 'lead_inspector', 'admin'] as const;

function caseStandards(work: InspectionWork, caseType: string) {
  return work.framework.domains
    .flatMap((d) => d.standards)
    .filter((s) => s.caseType === caseType && s.method === 'case_lowest_key_question');
}

async function renderCases(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  work: InspectionWork,
  values: Record<string, unknown> = {},
  errors?: FormErrors,
  status = 200,
) {
  const rows = await listCases(app.deps.database.db, work.inspection.id);
  const types = work.framework.caseTypes;
  return reply.page(
    'cases/cases.njk',
    {
      title: 'Case sample',
      work,
      editable: casesEditable(work.state) && mayAddEvidence(req, work),
      rows: rows.map(({ c, inspectorName }) => {
        const kqs = caseStandards(work, c.caseType).flatMap((s) => s.keyQuestions.map((k) => k.id));
        return {
          id: c.id,
          ref: c.ref,
          type: types.find((t) => t.id === c.caseType)?.label ?? c.caseType,
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
}

const NewCase = z.object({
  ref: z
    .string()
    .trim()
    .min(1, 'Enter the case reference')
    .max(40, 'Case reference must be 40 characters or fewer')
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 _./-]*$/,
      'Case reference must use letters, numbers, spaces, dots, slashes, dashes or underscores',
    ),
  caseType: z.string({ message: 'Select the case type' }).min(1, 'Select the case type'),
  disposal: z
    .string()
    .trim()
    .max(100, 'Disposal must be 100 characters or fewer')
    .optional()
    .transform((v) => v || null),
});

export async function caseRoutes(app: FastifyInstance): Promise<void> {
  app.get<Params>('/workspace/inspections/:id/cases', { config: { auth: READERS } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    return work ? renderCases(app, req, reply, work) : reply;
  });

  app.post<Params>('/workspace/inspections/:id/cases', { config: { auth: INSPECTORS } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    if (!work) return reply;
    const body = formBody(req.body);
    if (!casesEditable(work.state))
      return renderCases(
        app,
        req,
        reply,
        work,
        body,
        singleError(
          'ref',
          'Cases can only be added during fieldwork or the rating panel; ' +
            `this inspection is ${work.state.replace(/_/g, ' ')}.`,
        ),
        409,
      );
    const parsed = NewCase.safeParse(body);
    if (!parsed.success) return renderCases(app, req, reply, work, body, formErrors(parsed.error.issues), 400);
    if (!work.framework.caseTypes.some((t) => t.id === parsed.data.caseType))
      return renderCases(app, req, reply, work, body, singleError('caseType', 'Select the case type'), 400);
    try {
      const c = await addCase(app.deps.database.db, actorOf(req), work.inspection.id, {
        ...parsed.data,
        inspectorId: req.user!.id,
      });
      return reply.redirect(`${base(work.inspection.id)}/cases/${c.id}`, 303);
    } catch (e) {
      if (e instanceof RuleError) return renderCases(app, req, reply, work, body, singleError('ref', e.message), 400);
      throw e;
    }
  });

  const renderCase = (
    req: FastifyRequest,
    reply: FastifyReply,
    work: InspectionWork,
    c: NonNullable<Awaited<ReturnType<typeof getCase>>>,
    answers: Record<string, string>,
    notes: Record<string, string>,
    errors?: FormErrors,
    status = 200,
  ) =>
    reply.page(
      'cases/case.njk',
      {
        title: `Case ${c.ref}`,
        work,
        c,
        editable: casesEditable(work.state) && mayAddEvidence(req, work),
        typeLabel: work.framework.caseTypes.find((t) => t.id === c.caseType)?.label ?? c.caseType,
        standards: caseStandards(work, c.caseType).map((s) => ({
          id: s.id,
          name: s.name,
          questions: s.keyQuestions.map((k) => ({
            id: k.id,
            field: `answer-${k.id.replace(/\./g, '-')}`,
            noteField: `note-${k.id.replace(/\./g, '-')}`,
            text: k.text,
            answer: answers[k.id] ?? '',
            note: notes[k.id] ?? '',
          })),
        })),
        errors,
        breadcrumbs: [...workspaceCrumbs(work), { text: 'Case sample', href: `${base(work.inspection.id)}/cases` }],
      },
      status,
    );

  app.get<CaseParams>('/workspace/inspections/:id/cases/:caseId', { config: { auth: READERS } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    if (!work) return reply;
    const c = await getCase(app.deps.database.db, work.inspection.id, req.params.caseId);
    if (!c) return reply.callNotFound();
    return renderCase(req, reply, work, c, c.answers, c.notes);
  });

  app.post<CaseParams>(
    '/workspace/inspections/:id/cases/:caseId',
    { config: { auth: INSPECTORS } },
    async (req, reply) => {
      const work = await loadInspection(app, req, reply, req.params.id);
      if (!work) return reply;
      const c = await getCase(app.deps.database.db, work.inspection.id, req.params.caseId);
      if (!c) return reply.callNotFound();
      const body = formBody(req.body);
      const answers: Record<string, 'yes' | 'no' | 'na'> = {};
      const notes: Record<string, string> = {};
      const issues: { path: string[]; message: string }[] = [];
      for (const s of caseStandards(work, c.caseType)) {
        for (const k of s.keyQuestions) {
          const field = `answer-${k.id.replace(/\./g, '-')}`;
          const a = body[field];
          if (a === 'yes' || a === 'no' || a === 'na') answers[k.id] = a;
          else if (a !== undefined && a !== '')
            issues.push({ path: [field], message: `Answer ${k.id} with yes, no or not applicable` });
          const note = body[`note-${k.id.replace(/\./g, '-')}`];
          if (typeof note === 'string' && note.trim()) {
            if (note.length > 2000)
              issues.push({
                path: [`note-${k.id.replace(/\./g, '-')}`],
                message: `The note for ${k.id} must be 2000 characters or fewer`,
              });
            notes[k.id] = note.trim();
          }
        }
      }
      if (!casesEditable(work.state))
        return renderCase(
          req,
          reply,
          work,
          c,
          answers,
          notes,
          singleError(
            'form',
            'Answers can only change during fieldwork or the rating panel; ' +
              `this inspection is ${work.state.replace(/_/g, ' ')}.`,
          ),
          409,
        );
      if (issues.length) return renderCase(req, reply, work, c, answers, notes, formErrors(issues as never), 400);
      try {
        await saveCaseAnswers(
          app.deps.database.db,
          actorOf(req),
          work.inspection.id,
          c.id,
          versionOf(body),
          answers,
          notes,
        );
        return reply.redirect(`${base(work.inspection.id)}/cases`, 303);
      } catch (e) {
        if (e instanceof ConflictError) return renderConflict(reply, e, `${base(work.inspection.id)}/cases/${c.id}`);
        throw e;
      }
    },
  );
}
