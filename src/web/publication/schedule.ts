import type { FastifyInstance, FastifyReply } from 'fastify';
import { londonInstant, londonToday } from '../../domain/embargo.ts';
import { isValidIsoDate } from '../../domain/partial-date.ts';
import { inspectionChecks } from '../../store/publication-repo.ts';
import { schedulePublication } from '../../store/workflow-repo.ts';
import { ConflictError, RuleError } from '../../domain/errors.ts';
import { formBody, singleError, type FormErrors } from '../forms.ts';
import { renderConflict } from '../workspace/conflict.ts';
import {
  actorOf,
  base,
  loadInspection,
  versionOf,
  workspaceCrumbs,
  type InspectionWork,
} from '../workspace/context.ts';

type Params = { Params: { id: string } };

export async function scheduleRoutes(app: FastifyInstance): Promise<void> {
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

  app.get<Params>('/workspace/inspections/:id/schedule', { config: { auth: ['publisher'] } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    return work ? render(reply, work, { time: '00:01' }) : reply;
  });

  app.post<Params>('/workspace/inspections/:id/schedule', { config: { auth: ['publisher'] } }, async (req, reply) => {
    const work = await loadInspection(app, req, reply, req.params.id);
    if (!work) return reply;
    const body = formBody(req.body);
    const [d, m, y] = ['date-day', 'date-month', 'date-year'].map((k) => String(body[k] ?? '').trim());
    const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const time = String(body.time ?? '').trim() || '00:01';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !isValidIsoDate(iso))
      return render(reply, work, body, singleError('date-day', 'Enter a real publication date'), 400);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
      return render(
        reply,
        work,
        body,
        singleError('time', 'Enter the time as hours and minutes on the 24-hour clock, for example 00:01'),
        400,
      );
    const at = londonInstant(iso, time);
    const now = app.deps.now();
    if (iso < londonToday(now) || at <= now)
      return render(
        reply,
        work,
        body,
        singleError('date-day', 'The publication date and time must be in the future'),
        400,
      );
    // The release is checked against the date being set, as it will read on the day.
    const blocking = (
      await inspectionChecks(app.deps.database.db, work.framework, work.inspection.id, { publicationDate: iso })
    ).filter((c) => c.severity === 'error');
    if (blocking.length)
      return render(
        reply,
        work,
        body,
        singleError(
          'date-day',
          `Publication is blocked: ${blocking.map((c) => `${c.where}: ${c.message}`).join('; ')}`,
        ),
        422,
      );
    try {
      await schedulePublication(app.deps.database.db, actorOf(req), work.inspection.id, versionOf(body), at, iso);
      return reply.redirect(base(work.inspection.id), 303);
    } catch (e) {
      if (e instanceof ConflictError) return renderConflict(reply, e, base(work.inspection.id));
      if (e instanceof RuleError) return render(reply, work, body, singleError('date-day', e.message), 422);
      throw e;
    }
  });
}
