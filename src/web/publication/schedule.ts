import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_PUBLICATION_TIME } from '../../domain/embargo.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { dateFormValues, type FormErrors } from '../forms.ts';
import { IdParams, Version, type RoutesPlugin } from '../validation.ts';
import {
  actorOf,
  base,
  openInspectionFirst,
  work as openWork,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

const part = z.string().trim().catch('');
/** The date (three boxes) and London time publication is set for; the time defaults to one minute past midnight. */
const ScheduleBody = z
  .object({
    version: Version,
    'date-day': part,
    'date-month': part,
    'date-year': part,
    time: part.transform((t) => t || DEFAULT_PUBLICATION_TIME),
  })
  .transform((b) => ({
    version: b.version,
    date: `${b['date-year']}-${b['date-month'].padStart(2, '0')}-${b['date-day'].padStart(2, '0')}`,
    time: b.time,
  }))
  .superRefine((b, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b.date) || !isValidIsoDate(b.date))
      ctx.addIssue({ code: 'custom', path: ['date-day'], message: 'Enter a real publication date' });
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(b.time))
      ctx.addIssue({
        code: 'custom',
        path: ['time'],
        message: 'Enter the time as hours and minutes on the 24-hour clock, for example 00:01',
      });
  });

/** Scheduling publication; its rules (in the future, after fieldwork, the checks pass) are the service's. */
export const scheduleRoutes: RoutesPlugin = async (app) => {
  openInspectionFirst(app);
  const render = (
    reply: FastifyReply,
    work: InspectionWork,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
  ) =>
    reply.page(
      'publication/schedule.njk',
      { title: 'Schedule publication', work, values, errors, breadcrumbs: workspaceCrumbs(work) },
      status,
    );
  const renderForm = async (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, status: number) => {
    const work = await openWork(app, req, (req.params as IdParams).id);
    return render(reply, work, dateFormValues(req.body), errors, status);
  };

  app.get(
    '/workspace/inspections/:id/schedule',
    { schema: { params: IdParams }, config: { auth: ['publisher'] } },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      return render(reply, work, { time: DEFAULT_PUBLICATION_TIME });
    },
  );
  app.post(
    '/workspace/inspections/:id/schedule',
    { schema: { params: IdParams, body: ScheduleBody }, config: { auth: ['publisher'], form: renderForm } },
    async (req, reply) => {
      const work = await openWork(app, req, req.params.id);
      const { version, date, time } = req.body;
      await app.services.publication.schedule(actorOf(req), work, version, { date, time });
      return reply.redirect(base(work.inspection.id), 303);
    },
  );
};
