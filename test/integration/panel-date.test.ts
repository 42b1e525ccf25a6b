import * as cheerio from 'cheerio';
import { and, eq } from 'drizzle-orm';
import { describe, expect, onTestFinished } from 'vitest';
import { auditSentence } from '../../src/domain/audit-text.ts';
import { sendDue, smtpTransport } from '../../src/jobs/mail.ts';
import type { Db } from '../../src/store/db.ts';
import { auditEvents, inspections, inspectionTeam, outbox, users } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';
import type { Builders } from '../helpers/builders.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

const test = appTest();
const it = test;
const FROM = 'Register <no-reply@register.test>';

/** A form's values for 3 December 2026 at 10:00 UK time (GMT), after the builder's fieldwork and the test clock. */
const DEC_3 = { 'date-day': '3', 'date-month': '12', 'date-year': '2026', time: '10:00' };

/** An inspection at `status` with a team of two inspectors besides its lead. */
async function withTeam(build: Builders, db: Db, status: 'fieldwork' | 'rating_panel' = 'fieldwork') {
  const insp = await build.inspection({ status, ratings: status === 'rating_panel' ? 'outstanding-33' : undefined });
  const second = await build.account('inspector');
  await db
    .insert(inspectionTeam)
    .values({ inspectionId: insp.id, userId: second.id, assignedAt: new Date('2026-09-01T09:00:00Z') });
  return { insp, second, url: `/workspace/inspections/${insp.id}` };
}

const panelMail = (db: Db, inspectionId: string) =>
  db
    .select()
    .from(outbox)
    .where(and(eq(outbox.inspectionId, inspectionId), eq(outbox.kind, 'panel_date_set')))
    .orderBy(outbox.createdAt, outbox.recipient);
const row = async (db: Db, id: string) => (await db.select().from(inspections).where(eq(inspections.id, id)))[0]!;
const auditsOf = (db: Db, id: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.inspectionId, id), eq(auditEvents.action, 'set-panel-date')));

describe('the rating panel date', () => {
  it('the lead sets it: the lead and each team member get one email, delivered over SMTP; the same date again sends nothing; a change says from what', async ({
    build,
    signIn,
    database,
    clock,
  }) => {
    const db = database.db;
    const { insp, second, url } = await withTeam(build, db);
    const lead = await signIn(insp.lead);
    const form = cheerio.load((await lead.get(`${url}/panel-date`)).body);
    expect(form('h1').text()).toBe('Set the rating panel date');
    const version = form('input[name=version]').val() as string;

    const set = await lead.post(`${url}/panel-date`, { ...DEC_3, version });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(`${url}/panel?panelDate=set`);
    const panel = cheerio.load((await lead.get(String(set.headers.location))).body);
    expect(panel('#done').text()).toBe('Panel date set: the lead and the team have been emailed');
    expect(panel('#panel-date').text()).toContain('3 December 2026 at 10:00 (UK time)');
    expect((await row(db, insp.id)).ratingPanelAt?.toISOString()).toBe('2026-12-03T10:00:00.000Z');

    const first = await panelMail(db, insp.id);
    expect(first.map((m) => m.recipient).sort()).toEqual([insp.lead.email, insp.inspector.email, second.email].sort());
    for (const m of first) {
      expect(m.subject).toBe(`Rating panel date set: ${insp.service.name}`);
      expect(m.textBody).toContain(`sits on 3 December 2026 at 10:00 (UK time)`);
      expect(m.textBody).toContain(`(${insp.ref})`);
      expect(m.textBody).toContain(`http://127.0.0.1${url}/panel`);
    }

    // The same date again (the form at its new version): nothing changes and nobody is emailed.
    await lead.get(`${url}/panel-date`);
    const v2 = String((await row(db, insp.id)).version);
    const again = await lead.post(`${url}/panel-date`, { ...DEC_3, time: '10.00', version: v2 });
    expect(again.headers.location).toBe(`${url}/panel?panelDate=unchanged`);
    expect(
      cheerio
        .load((await lead.get(String(again.headers.location))).body)('#done')
        .text(),
    ).toBe('The panel date is unchanged: nobody has been emailed');
    expect(await panelMail(db, insp.id)).toHaveLength(3);
    expect(String((await row(db, insp.id)).version)).toBe(v2);

    // Delivered: one each, to a real SMTP server.
    const smtp = await startSmtpServer();
    const transport = smtpTransport(smtp.url);
    onTestFinished(async () => {
      transport.close();
      await smtp.close();
    });
    while ((await sendDue(db, clock.now, transport, { from: FROM, batch: 100 })).sent);
    const mine = () =>
      smtp.received.filter((m) => [insp.lead.email, insp.inspector.email, second.email].includes(m.to[0]!));
    expect(
      mine()
        .map((m) => m.to[0])
        .sort(),
    ).toEqual([insp.lead.email, insp.inspector.email, second.email].sort());

    // Moved to 4 December at 14:30 (an administrator may set it too): each is told once more, from what.
    clock.advance(60_000);
    const admin = await signIn(await build.account('admin'));
    await admin.get(`${url}/panel-date`);
    const moved = await admin.post(`${url}/panel-date`, { ...DEC_3, 'date-day': '4', time: '14:30', version: v2 });
    expect(moved.headers.location).toBe(`${url}/panel?panelDate=changed`);
    const all = await panelMail(db, insp.id);
    expect(all).toHaveLength(6);
    const changed = all.filter((m) => m.subject.startsWith('Rating panel date changed'));
    expect(changed.map((m) => m.recipient).sort()).toEqual(first.map((m) => m.recipient).sort());
    expect(changed[0]!.textBody).toContain(
      'now sits on 4 December 2026 at 14:30 (UK time), not 3 December 2026 at 10:00',
    );
    while ((await sendDue(db, clock.now, transport, { from: FROM, batch: 100 })).sent);
    expect(mine()).toHaveLength(6);
    expect(new Set(mine().map((m) => m.messageId)).size).toBe(6);

    // Audited, and told as sentences.
    const events = await auditsOf(db, insp.id);
    expect(events).toHaveLength(2);
    const words = { rating: String, state: String, person: String };
    expect(events.map((e) => auditSentence(e, words)).sort()).toEqual(
      [
        `${insp.lead.name} set the rating panel for 3 December 2026 at 10:00 (UK time).`,
        expect.stringMatching(
          / moved the rating panel from 3 December 2026 at 10:00 to 4 December 2026 at 14:30 \(UK time\)\.$/,
        ),
      ].sort(),
    );

    // Shown on the task list and the team's workspace list; the service is never shown it.
    const inspector = await signIn(insp.inspector);
    const tasks = cheerio.load((await inspector.get(url)).body);
    expect(tasks('#panel-date').text()).toBe('4 December 2026 at 14:30 (UK time)');
    const listed = cheerio.load((await inspector.get('/workspace')).body);
    expect(listed('#workspace-inspections .app-panel-date').text()).toContain('4 December 2026 at 14:30');
  });

  it('only the inspection’s own lead or an administrator may set it: the team, a publisher and the service get 403, another lead 404', async ({
    build,
    signIn,
    database,
  }) => {
    const db = database.db;
    const { insp, url } = await withTeam(build, db);
    const before = await row(db, insp.id);
    const version = String(before.version);
    const inspector = await signIn(insp.inspector);
    await inspector.get(url);
    expect((await inspector.get(`${url}/panel-date`)).statusCode).toBe(403);
    expect((await inspector.post(`${url}/panel-date`, { ...DEC_3, version })).statusCode).toBe(403);
    const publisher = await signIn(await build.account('publisher'));
    expect((await publisher.post(`${url}/panel-date`, { ...DEC_3, version })).statusCode).toBe(403);
    const serviceUser = await signIn(await build.account('service_user', { service: insp.service }));
    expect((await serviceUser.post(`${url}/panel-date`, { ...DEC_3, version })).statusCode).toBe(403);
    // Another lead is not told the inspection exists (the workspace's rule for people outside the team).
    const otherLead = await signIn(await build.account('lead_inspector'));
    expect((await otherLead.get(`${url}/panel-date`)).statusCode).toBe(404);
    expect((await otherLead.post(`${url}/panel-date`, { ...DEC_3, version })).statusCode).toBe(404);
    // The team sees the date but is offered no way to change it.
    const tasks = cheerio.load((await inspector.get(url)).body);
    expect(tasks('#panel-date').text()).toBe('Date not set');
    expect(tasks(`a[href="${url}/panel-date"]`).length).toBe(0);
    const after = await row(db, insp.id);
    expect(after).toMatchObject({ ratingPanelAt: null, version: before.version });
    expect(await panelMail(db, insp.id)).toEqual([]);
  });

  it('refuses a date that is not real, a missing time, a date in the past, or one before fieldwork ends, beside the field, changing nothing', async ({
    build,
    signIn,
    database,
  }) => {
    const db = database.db;
    const { insp, url } = await withTeam(build, db);
    // Fieldwork planned to end on 11 December 2026.
    await db.update(inspections).set({ fieldworkEnd: '2026-12-11' }).where(eq(inspections.id, insp.id));
    const before = await row(db, insp.id);
    const version = String(before.version);
    const lead = await signIn(insp.lead);
    await lead.get(`${url}/panel-date`);
    const refused = async (form: Record<string, string>, status: number, field: string, text: string) => {
      const res = await lead.post(`${url}/panel-date`, { ...DEC_3, version, ...form });
      expect(res.statusCode, text).toBe(status);
      const $ = cheerio.load(res.body);
      expect($('title').text()).toMatch(/^Error: /);
      expect($('.govuk-error-summary').text()).toContain(text);
      expect($(`#${field}-error`).text()).toContain(text);
      return $;
    };
    const notReal = await refused(
      { 'date-day': '31', 'date-month': '2', 'date-year': '2027' },
      400,
      'date',
      'The panel date must be a real date',
    );
    expect(notReal('#date-day').val()).toBe('31');
    await refused({ 'date-day': '', 'date-month': '', 'date-year': '' }, 400, 'date', 'Enter the date the panel sits');
    await refused({ time: '' }, 400, 'time', 'Enter the time the panel sits');
    await refused({ time: '25:00' }, 400, 'time', 'Enter the time as hours and minutes on the 24-hour clock');
    await refused(
      { 'date-day': '20', 'date-month': '11', 'date-year': '2026' },
      422,
      'date',
      'The panel date must be in the future',
    );
    const early = await refused(
      { 'date-day': '11' },
      422,
      'date',
      'The panel date must be after fieldwork ends (fieldwork ends on Friday 11 December 2026)',
    );
    // Shown again as typed.
    expect(early('#date-day').val()).toBe('11');
    expect(early('#time').val()).toBe('10:00');
    const after = await row(db, insp.id);
    expect(after).toMatchObject({ ratingPanelAt: null, version: before.version });
    expect(await panelMail(db, insp.id)).toEqual([]);
    expect(await auditsOf(db, insp.id)).toEqual([]);
    // The day after fieldwork ends is accepted.
    const ok = await lead.post(`${url}/panel-date`, { ...DEC_3, 'date-day': '14', version });
    expect(ok.statusCode).toBe(303);
  });

  it('a stale form is a 409 that says someone else changed it, and neither date nor emails change', async ({
    build,
    signIn,
    database,
  }) => {
    const db = database.db;
    const { insp, url } = await withTeam(build, db);
    const lead = await signIn(insp.lead);
    const admin = await signIn(await build.account('admin'));
    await lead.get(`${url}/panel-date`);
    await admin.get(`${url}/panel-date`);
    const version = String((await row(db, insp.id)).version);
    expect((await admin.post(`${url}/panel-date`, { ...DEC_3, version })).statusCode).toBe(303);
    const stale = await lead.post(`${url}/panel-date`, { ...DEC_3, 'date-day': '9', version });
    expect(stale.statusCode).toBe(409);
    const $ = cheerio.load(stale.body);
    expect($('main').text()).toContain('This inspection was changed by someone else while you were editing it.');
    expect($('main').text()).toContain('3 December 2026 at 10:00');
    expect((await row(db, insp.id)).ratingPanelAt?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(await panelMail(db, insp.id)).toHaveLength(3);
  });

  it('cannot be set once the draft has gone to the service', async ({ build, signIn, database }) => {
    const db = database.db;
    const insp = await build.inspection({ status: 'factual_accuracy' });
    const url = `/workspace/inspections/${insp.id}`;
    const lead = await signIn(insp.lead);
    const page = cheerio.load((await lead.get(`${url}/panel-date`)).body);
    expect(page('#panel-date-locked').length).toBe(1);
    const res = await lead.post(`${url}/panel-date`, { ...DEC_3, version: String(insp.version) });
    expect(res.statusCode).toBe(422);
    expect(cheerio.load(res.body)('.govuk-error-summary').text()).toContain(
      'can be set only until the draft goes to the service',
    );
    expect((await row(db, insp.id)).ratingPanelAt).toBeNull();
  });

  it('inactive accounts are not emailed', async ({ build, signIn, database }) => {
    const db = database.db;
    const { insp, second, url } = await withTeam(build, db);
    await db.update(users).set({ active: false }).where(eq(users.id, second.id));
    const lead = await signIn(insp.lead);
    await lead.get(`${url}/panel-date`);
    const version = String((await row(db, insp.id)).version);
    expect((await lead.post(`${url}/panel-date`, { ...DEC_3, version })).statusCode).toBe(303);
    expect((await panelMail(db, insp.id)).map((m) => m.recipient).sort()).toEqual(
      [insp.lead.email, insp.inspector.email].sort(),
    );
  });
});
