import * as cheerio from 'cheerio';
import { and, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import {
  auditEvents,
  factualAccuracyChecks,
  inspectionApprovals,
  inspections,
  outbox,
  serviceComments,
} from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';
import type { Builders } from '../helpers/builders.ts';
import type { Agent } from '../helpers/http.ts';

/** Friday 4 December 2026, mid-morning in London: ten working days later is Friday 18 December. */
const FRIDAY = new Date('2026-12-04T10:00:00Z');
const test = appTest({ start: FRIDAY });
const it = test;

// In the order they were queued: PostgreSQL returns rows in no set order without one.
const mailTo = (db: Db, recipient: string) =>
  db.select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(outbox.createdAt, outbox.id);
const commentsOf = (db: Db, inspectionId: string) =>
  db
    .select()
    .from(serviceComments)
    .where(eq(serviceComments.inspectionId, inspectionId))
    .orderBy(serviceComments.createdAt);
const statusOf = async (db: Db, id: string) =>
  (
    await db
      .select({ status: inspections.status, version: inspections.version })
      .from(inspections)
      .where(eq(inspections.id, id))
  )[0]!;

/** The error message beside a field, and the page title. */
function errorsOf(body: string, fieldId: string) {
  const $ = cheerio.load(body);
  return {
    title: $('title').text().trim(),
    beside: $(`#${fieldId}`).closest('.govuk-form-group').find('.govuk-error-message').text().trim(),
    summary: $('.govuk-error-summary').text().replace(/\s+/g, ' ').trim(),
  };
}

/**
 * An inspection at the rating panel with a service user, sent to the service by its lead through the
 * transition form (so at the test's clock), as a person would.
 */
async function sentToService(build: Builders, signIn: (who: { email: string }) => Promise<Agent>) {
  const service = await build.service();
  const user = await build.account('service_user', { service, name: 'Sam Service' });
  const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33', service });
  const lead = await signIn(insp.lead);
  const url = `/workspace/inspections/${insp.id}`;
  await lead.get(url);
  const sent = await lead.post(`${url}/transition`, { to: 'factual_accuracy', version: String(insp.version) });
  expect(sent.statusCode).toBe(303);
  return { insp, user, lead, url, fa: `${url}/factual-accuracy` };
}

describe('sending the draft: the deadline in working days, by the injected clock', () => {
  it('sent on a Friday, the deadline is ten working days later (over two weekends), and the service is emailed it', async ({
    build,
    signIn,
    database,
    clock,
  }) => {
    const { insp, user, fa } = await sentToService(build, signIn);
    const [check] = await database.db
      .select()
      .from(factualAccuracyChecks)
      .where(eq(factualAccuracyChecks.inspectionId, insp.id));
    expect(check).toMatchObject({ deadline: '2026-12-18', workingDays: 10, remindOn: '2026-12-16', round: 1 });
    expect(check!.sentAt.getTime()).toBe(clock.now().getTime());
    const mail = await mailTo(database.db, user.email);
    expect(mail.map((m) => m.kind)).toEqual(['draft_shared']);
    expect(mail[0]!.textBody).toContain('Send your comments by Friday 18 December 2026.');
    const page = cheerio.load((await (await signIn(user)).get(fa)).body);
    expect(page('#fa-deadline').text()).toBe('Friday 18 December 2026');
    expect(page('#fa-state').attr('data-state')).toBe('sent');
  });

  it('takes the number of working days from the configuration', async ({ build, makeApp, database }) => {
    const app = await makeApp({ factualAccuracyWorkingDays: 3 });
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    await app.services.workflow.transition(insp.lead, insp.id, insp.version, 'factual_accuracy');
    const [check] = await database.db
      .select()
      .from(factualAccuracyChecks)
      .where(eq(factualAccuracyChecks.inspectionId, insp.id));
    // Friday + 3 working days: Wednesday.
    expect(check).toMatchObject({ deadline: '2026-12-09', workingDays: 3, remindOn: '2026-12-07' });
  });
});

describe('comments by section, the lead’s answers, and approval', () => {
  it('the service comments on a standard; the lead accepts one and rejects one with its reason; approval waits for both', async ({
    build,
    signIn,
    database,
    clock,
  }) => {
    const db = database.db;
    const { insp, user, lead, url, fa } = await sentToService(build, signIn);
    const service = await signIn(user);
    const page = cheerio.load((await service.get(fa)).body);
    // The service can download the draft as a PDF from the page it comments on.
    expect(page('#draft-pdf').attr('href')).toBe(`${url}/report/draft.pdf`);
    const board = await signIn(await build.account('board_member', { service: insp.service }));
    expect(cheerio.load((await board.get(fa)).body)('#draft-pdf')).toHaveLength(0);

    // A section not in the framework is refused beside the select, and nothing is saved.
    const bad = await service.post(fa, { section: 'standard:9.9', text: 'Which standard?' });
    expect(bad.statusCode).toBe(400);
    expect(errorsOf(bad.body, 'section').beside).toContain('Select the part of the report');
    expect(await commentsOf(db, insp.id)).toHaveLength(0);

    clock.advance(3_600_000);
    expect(
      (await service.post(fa, { section: 'standard:1.1', text: 'The board meets monthly, not quarterly.' })).statusCode,
    ).toBe(303);
    clock.advance(60_000);
    expect(
      (await service.post(fa, { section: 'recommendations', text: 'Recommendation 2 is already done.' })).statusCode,
    ).toBe(303);
    const [first, second] = await commentsOf(db, insp.id);
    expect(first).toMatchObject({ section: 'standard', standardId: '1.1', response: null });
    expect(first!.createdAt.getTime()).toBe(FRIDAY.getTime() + 3_600_000);
    expect(second).toMatchObject({ section: 'recommendations', standardId: null });

    // The lead is emailed once per comment, with its section.
    const toLead = (await mailTo(db, insp.lead.email)).filter((m) => m.kind === 'factual_accuracy_comment');
    expect(toLead).toHaveLength(2);
    expect(toLead.map((m) => m.textBody).join('\n')).toMatch(/Section: 1\.1 /);

    // Approval is not offered, and refused on the server with 422, while a comment is unanswered.
    const tasks = cheerio.load((await lead.get(url)).body);
    expect(tasks('input[name="to"][value="approved"]')).toHaveLength(0);
    expect(tasks('#approval-waits').text()).toContain('2 factual-accuracy comments have not been answered');
    const { version } = await statusOf(db, insp.id);
    const refused = await lead.post(`${url}/transition`, { to: 'approved', version: String(version) });
    expect(refused.statusCode).toBe(422);
    expect(errorsOf(refused.body, 'next-steps').summary).toContain('have not been answered');
    expect((await statusOf(db, insp.id)).status).toBe('factual_accuracy');

    // Accepted, with the change made.
    const answer = (c: { id: string }) => `${fa}/comments/${c.id}`;
    await lead.get(answer(first!));
    expect(
      (
        await lead.post(answer(first!), {
          response: 'accepted',
          responseText: 'Paragraph 3 now says monthly.',
          version: '1',
        })
      ).statusCode,
    ).toBe(303);
    // Not accepted needs its reason: refused beside the field, nothing saved.
    await lead.get(answer(second!));
    const noReason = await lead.post(answer(second!), { response: 'not_accepted', responseText: '  ', version: '1' });
    expect(noReason.statusCode).toBe(400);
    expect(errorsOf(noReason.body, 'responseText').beside).toContain('Give the reason the comment is not accepted');
    expect((await commentsOf(db, insp.id))[1]!.response).toBeNull();
    expect(
      (
        await lead.post(answer(second!), {
          response: 'not_accepted',
          responseText: 'The plan shows it is still in progress.',
          version: '1',
        })
      ).statusCode,
    ).toBe(303);
    // An answer saved over a newer one is a conflict (409), not a silent overwrite.
    const stale = await lead.post(answer(second!), {
      response: 'accepted',
      responseText: 'Changed my mind',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);
    expect((await commentsOf(db, insp.id))[1]).toMatchObject({ response: 'not_accepted', version: 2 });

    // The service reads the log: comment, section, answer, who, when.
    const log = cheerio.load((await service.get(fa)).body);
    expect(log('#fa-state').attr('data-state')).toBe('responded');
    const cards = log('.app-fa-comment');
    expect(cards).toHaveLength(2);
    expect(cards.eq(0).find('.govuk-summary-card__title').text()).toMatch(/^Comment 1: 1\.1 /);
    expect(cards.eq(0).find('.app-fa-response').text()).toContain('Accepted');
    expect(cards.eq(0).text()).toContain(insp.lead.name);
    expect(cards.eq(1).find('.app-fa-response').text()).toContain('Not accepted');
    expect(cards.eq(1).find('.app-fa-response').text()).toContain('The plan shows it is still in progress.');
    // The service may not answer (403), and its page offers no answer link.
    expect(log(`a[href="${answer(first!)}"]`)).toHaveLength(0);

    // Now approval is offered, and recorded as the lead's named decision.
    const offered = cheerio.load((await lead.get(url)).body);
    expect(offered('input[name="to"][value="approved"]')).toHaveLength(1);
    const at = clock.advance(2 * 3_600_000);
    const before = await statusOf(db, insp.id);
    const approved = await lead.post(`${url}/transition`, { to: 'approved', version: String(before.version) });
    expect(approved.statusCode).toBe(303);
    expect((await statusOf(db, insp.id)).status).toBe('approved');
    const [approval] = await db.select().from(inspectionApprovals).where(eq(inspectionApprovals.inspectionId, insp.id));
    expect(approval).toMatchObject({
      approvedBy: insp.lead.id,
      inspectionVersion: before.version,
      commentCount: 2,
      acceptedCount: 1,
    });
    expect(approval!.approvedAt.getTime()).toBe(at.getTime());
    const [check] = await db
      .select()
      .from(factualAccuracyChecks)
      .where(eq(factualAccuracyChecks.inspectionId, insp.id));
    expect(approval!.draftVersion).toBe(check!.draftVersion);
    expect(check!.closedAt?.getTime()).toBe(at.getTime());
    const overview = cheerio.load((await lead.get(url)).body);
    expect(overview('#approval').text()).toContain(insp.lead.name);
    expect(overview('#approval').text()).toContain('2 factual-accuracy comments, 1 accepted');

    // Every step is in the audit trail as a sentence.
    const trail = cheerio.load((await lead.get(`${url}/audit`)).body).text();
    expect(trail).toContain('sent the draft to the service for its factual-accuracy check, comments due by 2026-12-18');
    expect(trail).toContain('sent a factual-accuracy comment on 1.1 ');
    expect(trail).toContain(
      'answered a factual-accuracy comment on Recommendations: not accepted, because The plan shows',
    );
    expect(trail).toContain('approved the ratings and report at record version');
  });

  it('only the inspection’s lead answers: the service, an inspector on the team and another lead cannot', async ({
    build,
    signIn,
    database,
  }) => {
    const { insp, user, fa } = await sentToService(build, signIn);
    const service = await signIn(user);
    await service.get(fa);
    await service.post(fa, { section: 'overall', text: 'The foreword names the wrong chair.' });
    const [c] = await commentsOf(database.db, insp.id);
    const form = { response: 'accepted', responseText: 'Done', version: '1' };
    const url = `${fa}/comments/${c!.id}`;
    expect((await service.post(url, form)).statusCode).toBe(403);
    const member = await signIn(insp.inspector);
    await member.get(fa);
    expect((await member.post(url, form)).statusCode).toBe(403);
    const otherLead = await signIn(await build.account('lead_inspector'));
    await otherLead.get('/workspace');
    expect((await otherLead.post(url, form)).statusCode).toBe(404);
    expect((await otherLead.post(`${fa}/close`, { version: '1' })).statusCode).toBe(404);
    expect((await commentsOf(database.db, insp.id))[0]!.response).toBeNull();
  });

  it('closing: refused while a comment is unanswered; once closed, no more comments and answers are fixed', async ({
    build,
    signIn,
    database,
  }) => {
    const { insp, user, lead, fa } = await sentToService(build, signIn);
    const service = await signIn(user);
    await service.get(fa);
    await service.post(fa, { section: 'other', text: 'The date of the fieldwork is wrong.' });
    const [c] = await commentsOf(database.db, insp.id);
    const checkRow = async () =>
      (
        await database.db.select().from(factualAccuracyChecks).where(eq(factualAccuracyChecks.inspectionId, insp.id))
      )[0]!;
    await lead.get(fa);
    const early = await lead.post(`${fa}/close`, { version: String((await checkRow()).version) });
    expect(early.statusCode).toBe(422);
    expect(errorsOf(early.body, 'x').summary).toContain('1 factual-accuracy comment has not been answered');
    expect((await checkRow()).closedAt).toBeNull();

    await lead.get(`${fa}/comments/${c!.id}`);
    await lead.post(`${fa}/comments/${c!.id}`, {
      response: 'accepted',
      responseText: 'Dates corrected.',
      version: '1',
    });
    await lead.get(fa);
    expect((await lead.post(`${fa}/close`, { version: String((await checkRow()).version) })).statusCode).toBe(303);
    expect((await checkRow()).closedBy).toBe(insp.lead.id);
    const page = cheerio.load((await service.get(fa)).body);
    expect(page('#fa-state').attr('data-state')).toBe('closed');
    expect(page('form[action$="/factual-accuracy"]')).toHaveLength(0);

    const late = await service.post(fa, { section: 'other', text: 'One more thing.' });
    expect(late.statusCode).toBe(409);
    expect(await commentsOf(database.db, insp.id)).toHaveLength(1);
    const changed = await lead.post(`${fa}/comments/${c!.id}`, {
      response: 'not_accepted',
      responseText: 'On reflection, no.',
      version: '2',
    });
    expect(changed.statusCode).toBe(409);
    const form = cheerio.load((await lead.get(`${fa}/comments/${c!.id}`)).body);
    expect(form('form[action$="/comments/' + c!.id + '"]')).toHaveLength(0);
    expect(form('#answer-closed').text()).toContain('the answer stands (accepted: Dates corrected.)');
    expect((await commentsOf(database.db, insp.id))[0]!.response).toBe('accepted');
    const closed = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.action, 'close')));
    expect(closed).toHaveLength(1);
  });
});

describe('the reminder two working days before the deadline', () => {
  it('is queued once, on the reminder day, for each of the service’s users, and never after the deadline', async ({
    build,
    signIn,
    app,
    clock,
    database,
  }) => {
    const { insp, user } = await sentToService(build, signIn);
    const second = await build.account('service_user', { service: insp.service });
    const reminders = async () =>
      [...(await mailTo(database.db, user.email)), ...(await mailTo(database.db, second.email))].filter(
        (m) => m.kind === 'factual_accuracy_reminder' && m.inspectionId === insp.id,
      );
    const fa = app.services.factualAccuracy;
    // Tuesday 15 December, the day before the reminder day: nothing.
    clock.set(new Date('2026-12-15T09:00:00Z'));
    await fa.remindDue();
    expect(await reminders()).toHaveLength(0);
    // Wednesday 16 December: one each, however often (and however many at once) the job runs.
    clock.set(new Date('2026-12-16T06:00:00Z'));
    await Promise.all([fa.remindDue(), fa.remindDue()]);
    await fa.remindDue();
    const sent = await reminders();
    expect(sent.map((m) => m.recipient).sort()).toEqual([user.email, second.email].sort());
    expect(sent[0]!.textBody).toContain('due by Friday 18 December 2026');
    clock.set(new Date('2026-12-17T09:00:00Z'));
    await fa.remindDue();
    expect(await reminders()).toHaveLength(2);
  });

  it('is not sent for a check whose deadline has passed before the job ran', async ({
    build,
    app,
    clock,
    database,
  }) => {
    const svc = await build.service();
    const user = await build.account('service_user', { service: svc });
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33', service: svc });
    await app.services.workflow.transition(insp.lead, insp.id, insp.version, 'factual_accuracy');
    clock.set(new Date('2026-12-21T09:00:00Z'));
    await app.services.factualAccuracy.remindDue();
    const mail = await mailTo(database.db, user.email);
    expect(mail.map((m) => m.kind)).toEqual(['draft_shared']);
  });
});

describe('a draft sent again after a return to the rating panel', () => {
  it('starts a new round with a new deadline, reopened, and the earlier comments still need answers', async ({
    build,
    signIn,
    app,
    clock,
    database,
  }) => {
    const db = database.db;
    const { insp, user, fa } = await sentToService(build, signIn);
    const service = await signIn(user);
    await service.get(fa);
    await service.post(fa, { section: 'overall', text: 'The foreword is out of date.' });
    const workflow = app.services.workflow;
    await workflow.transition(insp.lead, insp.id, (await statusOf(db, insp.id)).version, 'rating_panel');
    // Sent again on Monday 7 December: due Monday 21 December.
    clock.set(new Date('2026-12-07T09:00:00Z'));
    await workflow.transition(insp.lead, insp.id, (await statusOf(db, insp.id)).version, 'factual_accuracy');
    const [check] = await db
      .select()
      .from(factualAccuracyChecks)
      .where(eq(factualAccuracyChecks.inspectionId, insp.id));
    expect(check).toMatchObject({ round: 2, deadline: '2026-12-21', closedAt: null, reminderQueuedAt: null });
    const shared = (await mailTo(db, user.email)).filter((m) => m.kind === 'draft_shared');
    expect(shared.map((m) => m.textBody.includes('Monday 21 December 2026'))).toEqual([false, true]);
    await expect(
      workflow.transition(insp.lead, insp.id, (await statusOf(db, insp.id)).version, 'approved'),
    ).rejects.toThrow(/1 factual-accuracy comment has not been answered/);
    // Not an administrator either, even calling the service directly.
    const work = await workflow.open(insp.lead, insp.id, true);
    const [c] = await commentsOf(db, insp.id);
    const admin = await build.account('admin');
    await expect(
      app.services.factualAccuracy.answer(admin, work, c!.id, 1, { response: 'accepted', responseText: 'x' }),
    ).rejects.toThrow(/Only the lead inspector/);
  });
});
