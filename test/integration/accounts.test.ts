import { and, count, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { auditEvents, inspections, serviceComments, sessions, users } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';
import { Agent } from '../helpers/http.ts';

// Every test builds the accounts, services and inspections it needs (test/helpers/builders.ts):
// nothing here depends on the seeded register or the demo accounts.
const test = appTest();
const it = test;

const auditOf = (db: import('../../src/store/db.ts').Database['db'], action: string, entityId: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId)));

describe('deactivating accounts and ending sessions', () => {
  it('deactivates after a confirmation step: the open session is refused at once, sign-in fails like a wrong password', async ({
    build,
    signIn,
    app,
    database,
  }) => {
    const u = await build.account('inspector', { name: 'Lou Leaver' });
    const other = await build.account('inspector');
    const leaver = await signIn(u);
    expect((await leaver.get('/workspace')).statusCode).toBe(200);

    const admin = await signIn(await build.account('admin', { name: 'Ada Admin' }));
    const list = await admin.get('/workspace/users');
    expect(list.body).toContain(`href="/workspace/users/${u.id}"`);
    const page = await admin.get(`/workspace/users/${u.id}`);
    expect(page.body).toContain('Signed in on');
    expect(page.body).toContain('1 device');
    const confirm = await admin.get(`/workspace/users/${u.id}/deactivate`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to deactivate Lou Leaver’s account?');
    const version = /name="version" value="(\d+)"/.exec(confirm.body)![1]!;
    const done = await admin.post(`/workspace/users/${u.id}/deactivate`, { version });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/workspace/users/${u.id}?done=deactivated`);
    const after = await admin.get(String(done.headers.location));
    expect(after.body).toContain('govuk-notification-banner--success');
    expect(after.body).toContain('Account deactivated.');
    expect(after.body).toMatch(/id="account-status">Deactivated</);

    // The session the leaver still holds is refused on the very next request.
    const next = await leaver.get('/workspace');
    expect(next.statusCode).toBe(303);
    expect(String(next.headers.location)).toMatch(/^\/sign-in/);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);

    // Signing in is refused with the message a wrong password gets, so it says nothing about the account.
    const retry = new Agent(app);
    await retry.get('/sign-in');
    const refused = await retry.post('/sign-in', { email: u.email, password: u.password });
    const wrong = await retry.post('/sign-in', { email: other.email, password: 'not-the-password' });
    expect(refused.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const message = (b: string) => /<a href="#email">([^<]+)<\/a>/.exec(b)![1];
    expect(message(refused.body)).toBe(message(wrong.body));

    const [row] = await auditOf(database.db, 'deactivate', u.id);
    expect(row).toMatchObject({
      actorName: 'Ada Admin',
      actorRole: 'admin',
      entityType: 'user',
      before: { active: true },
      after: { active: false, sessionsEnded: 1 },
    });

    // Reactivated, the same password works again.
    const reactivated = await admin.post(`/workspace/users/${u.id}/reactivate`, {
      version: String(Number(version) + 1),
    });
    expect(reactivated.headers.location).toBe(`/workspace/users/${u.id}?done=reactivated`);
    expect((await admin.get(String(reactivated.headers.location))).body).toContain('Account reactivated.');
    await signIn(u);
    expect(await auditOf(database.db, 'reactivate', u.id)).toHaveLength(1);
  });

  it('signs a person out everywhere: every session ends, the account stays active, the change is audited', async ({
    build,
    signIn,
    database,
  }) => {
    const u = await build.account('publisher');
    const laptop = await signIn(u);
    const phone = await signIn(u);
    const admin = await signIn(await build.account('admin'));
    await admin.get(`/workspace/users/${u.id}`);
    const res = await admin.post(`/workspace/users/${u.id}/sign-out-everywhere`);
    expect(res.headers.location).toBe(`/workspace/users/${u.id}?done=signed-out`);
    expect((await admin.get(String(res.headers.location))).body).toContain('signed out on every device');
    for (const a of [laptop, phone]) expect((await a.get('/workspace')).statusCode).toBe(303);
    expect((await auditOf(database.db, 'sign-out-everywhere', u.id))[0]).toMatchObject({
      actorRole: 'admin',
      after: { sessionsEnded: 2 },
    });
    await signIn(u);
  });

  it('lets only administrators do it, and not to their own account', async ({ build, signIn, database }) => {
    const svc = await build.service();
    const target = await build.account('inspector');
    const others = [
      await build.account('lead_inspector'),
      await build.account('publisher'),
      await build.account('service_user', { service: svc }),
      await build.account('board_member', { service: svc }),
    ];
    for (const who of others) {
      const a = await signIn(who);
      for (const action of ['deactivate', 'reactivate', 'sign-out-everywhere']) {
        expect(
          (await a.post(`/workspace/users/${target.id}/${action}`, { version: '1' })).statusCode,
          `${who.role} ${action}`,
        ).toBe(403);
      }
      expect((await a.get(`/workspace/users/${target.id}`)).statusCode).toBe(403);
    }
    expect((await database.db.select().from(users).where(eq(users.id, target.id)))[0]!.active).toBe(true);
    const adminAccount = await build.account('admin');
    const admin = await signIn(adminAccount);
    const self = (await database.db.select().from(users).where(eq(users.id, adminAccount.id)))[0]!;
    await admin.get(`/workspace/users/${self.id}`);
    // The confirmation page, reached by its address, says so rather than asking to confirm.
    const confirm = await admin.get(`/workspace/users/${self.id}/deactivate`);
    expect(confirm.body).toContain('You cannot deactivate your own account');
    expect(confirm.body).not.toContain('Yes, deactivate the account');
    const res = await admin.post(`/workspace/users/${self.id}/deactivate`, { version: String(self.version) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('You cannot deactivate your own account');
    expect((await admin.get('/workspace')).statusCode).toBe(200);
    // Refused writes say "do this", refused reads "see this page".
    const refused = await (await signIn(others[0]!)).post(`/workspace/users/${target.id}/deactivate`, { version: '1' });
    expect(refused.body).toContain('You do not have permission to do this');
  });

  it('says when signing out everywhere had nothing to end', async ({ build, signIn }) => {
    const idle = await build.account('inspector');
    const admin = await signIn(await build.account('admin'));
    await admin.get(`/workspace/users/${idle.id}`);
    const res = await admin.post(`/workspace/users/${idle.id}/sign-out-everywhere`, {});
    const page = await admin.get(String(res.headers.location));
    expect(page.body).toContain('was not signed in anywhere');
    expect(page.body).not.toContain('signed out on every device');
  });
});

describe('the read-only board role', () => {
  it('reads its own service’s draft, plan and board view', async ({ build, signIn }) => {
    const insp = await build.inspection({ status: 'factual_accuracy' });
    const [slug, other] = [insp.service.slug, (await build.service()).slug];
    const board = await signIn(await build.account('board_member', { service: insp.service }));
    const draft = await board.get(`/workspace/inspections/${insp.id}/factual-accuracy`);
    expect(draft.statusCode).toBe(200);
    expect(draft.body).not.toContain('name="text"');
    for (const path of [
      `/workspace/services/${slug}/plan`,
      `/workspace/services/${slug}/board`,
      `/workspace/services/${slug}/board.csv`,
    ]) {
      expect((await board.get(path)).statusCode, path).toBe(200);
    }
    expect((await board.get(`/workspace/services/${slug}/plan`)).body).not.toContain(
      `action="/workspace/services/${slug}/plan/actions"`,
    );
    const home = await board.get('/workspace');
    expect(home.body).toContain(`/workspace/inspections/${insp.id}/factual-accuracy`);
    // Scoped like the service's staff: not another service, and not the inspectorate's pages.
    expect((await board.get(`/workspace/services/${other}/plan`)).statusCode).toBe(403);
    expect((await board.get(`/workspace/inspections/${insp.id}`)).statusCode).toBe(403);
  });

  it('writes nothing: factual-accuracy comments, new actions and progress updates are refused', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'factual_accuracy' });
    const slug = insp.service.slug;
    const board = await signIn(await build.account('board_member', { service: insp.service }));
    await board.get(`/workspace/inspections/${insp.id}/factual-accuracy`);
    const before = (await database.db.select({ n: count() }).from(serviceComments))[0]!.n;
    const comment = await board.post(`/workspace/inspections/${insp.id}/factual-accuracy`, {
      text: 'The board disagrees.',
    });
    expect(comment.statusCode).toBe(403);
    expect((await database.db.select({ n: count() }).from(serviceComments))[0]!.n).toBe(before);
    const form = {
      recommendationId: '00000000-0000-4000-8000-000000000000',
      description: 'x',
      owner: 'x',
      dueDate: '2027-01-01',
    };
    expect((await board.post(`/workspace/services/${slug}/plan/actions`, form)).statusCode).toBe(403);
    const update = { state: 'complete', note: 'Done', version: '1' };
    expect(
      (await board.post(`/workspace/services/${slug}/plan/actions/00000000-0000-4000-8000-000000000000`, update))
        .statusCode,
    ).toBe(403);
    for (const path of ['findings', 'recommendations', 'cases', 'panel/1.1', 'transition']) {
      expect((await board.post(`/workspace/inspections/${insp.id}/${path}`, { text: 'x' })).statusCode, path).toBe(403);
    }
  });

  it('is offered on the account form and must belong to a service', async ({ build, signIn }) => {
    const admin = await signIn(await build.account('admin'));
    expect((await admin.get('/workspace/users')).body).toContain('value="board_member"');
    const password = 'a-long-enough-password';
    const noService = await admin.post('/workspace/users', {
      name: 'Bo Board',
      email: 'bo@example.org',
      role: 'board_member',
      password,
    });
    expect(noService.statusCode).toBe(400);
    expect(noService.body).toContain('Select the service this user belongs to');
    const svc = await build.service();
    const ok = await admin.post('/workspace/users', {
      name: 'Bo Board',
      email: 'bo@example.org',
      role: 'board_member',
      serviceId: svc.id,
      password,
    });
    expect(ok.statusCode).toBe(303);
  });
});

describe('only the assigned lead inspector acts on an inspection', () => {
  it('refuses another lead the lead’s steps, lets an administrator reassign the lead (audited), and then only the new lead acts', async ({
    build,
    signIn,
    database,
  }) => {
    const second = await build.inspection({
      status: 'factual_accuracy',
      lead: await build.account('lead_inspector', { name: 'Lee Lead' }),
    });
    const url = `/workspace/inspections/${second.id}`;
    const other = await build.account('lead_inspector', { name: 'Lena Lead' });
    const lead2 = await signIn(other);

    // Another lead, neither leading it nor on its team, finds no such inspection: not to read, nor
    // any of the lead's steps, nor the evidence and report.
    expect((await lead2.get(url)).statusCode).toBe(404);
    expect((await lead2.get(`${url}/panel`)).statusCode).toBe(404);
    for (const [path, form] of [
      ['transition', { to: 'approved', version: '4' }],
      ['panel/1.3', { rating: 'good', version: '1' }],
      ['panel/_overall', { rating: 'good', rationale: 'x', version: '0' }],
      ['corrections', { note: 'x', version: '4' }],
      ['findings', { kind: 'strength', text: 'Seen by a second lead.' }],
    ] as const) {
      const res = await lead2.post(`${url}/${path}`, form);
      expect(res.statusCode, path).toBe(404);
    }
    expect((await database.db.select().from(inspections).where(eq(inspections.id, second.id)))[0]).toMatchObject({
      status: 'factual_accuracy',
      version: 4,
    });
    // The inspector on the team reads the inspection but is offered none of the lead's steps.
    const member = await signIn(second.inspector);
    const tasks = await member.get(url);
    expect(tasks.statusCode).toBe(200);
    expect(tasks.body).toMatch(/Lead inspector<\/dt>\s*<dd[^>]*>Lee Lead/);
    expect(tasks.body).not.toContain(`action="${url}/transition"`);
    expect((await member.get(`${url}/panel`)).body).not.toContain(`action="${url}/panel/`);

    // Only administrators reassign.
    expect((await lead2.get(`${url}/lead`)).statusCode).toBe(403);
    expect((await lead2.post(`${url}/lead`, { leadInspectorId: other.id, version: '4' })).statusCode).toBe(403);
    const admin = await signIn(await build.account('admin'));
    const form = await admin.get(`${url}/lead`);
    expect(form.statusCode).toBe(200);
    const refused = await admin.post(`${url}/lead`, { leadInspectorId: second.inspector.id, version: '4' });
    // A rule of the journey (not a malformed form) is a 409, with the rule beside its field.
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Choose the lead inspector from the list');
    // Choosing the lead who already leads it changes nothing, and the page says so.
    const same = await admin.post(`${url}/lead`, { leadInspectorId: second.lead.id, version: '4' });
    expect((await admin.get(String(same.headers.location))).body).toContain(
      'Lee Lead already leads this inspection; nothing was changed',
    );
    const moved = await admin.post(`${url}/lead`, { leadInspectorId: other.id, version: '4' });
    expect(moved.statusCode).toBe(303);
    expect((await admin.get(String(moved.headers.location))).body).toContain('Lena Lead now leads this inspection');
    const [row] = await auditOf(database.db, 'reassign-lead', second.id);
    expect(row).toMatchObject({
      actorRole: 'admin',
      before: { leadInspectorId: second.lead.id },
      after: { leadInspectorId: other.id },
    });

    // The lead taken off it is no longer on the inspection at all.
    const lead1 = await signIn(second.lead);
    expect((await lead1.post(`${url}/transition`, { to: 'approved', version: '5' })).statusCode).toBe(404);
    await lead2.get(url);
    expect((await lead2.post(`${url}/transition`, { to: 'approved', version: '5' })).statusCode).toBe(303);
    expect((await database.db.select().from(inspections).where(eq(inspections.id, second.id)))[0]!.status).toBe(
      'approved',
    );
  });

  it('records the lead when an inspection is planned: the planner if a lead, else the one the planner picks', async ({
    build,
    signIn,
    database,
  }) => {
    const svc = await build.service();
    const leadAccount = await build.account('lead_inspector');
    const plan = {
      serviceId: svc.id,
      frameworkId: 'hmip-youth-2025',
      title: 'Planned',
      'fieldworkStart-day': '1',
      'fieldworkStart-month': '3',
      'fieldworkStart-year': '2027',
    };
    const lead = await signIn(leadAccount);
    await lead.get('/workspace/inspections/new');
    const mine = await lead.post('/workspace/inspections/new', plan);
    expect(mine.statusCode).toBe(303);
    const mineId = String(mine.headers.location).split('/').at(-1)!;
    expect((await database.db.select().from(inspections).where(eq(inspections.id, mineId)))[0]!.leadInspectorId).toBe(
      leadAccount.id,
    );

    const admin = await signIn(await build.account('admin'));
    const form = await admin.get('/workspace/inspections/new');
    expect(form.body).toContain('name="leadInspectorId"');
    const none = await admin.post('/workspace/inspections/new', plan);
    expect(none.statusCode).toBe(409);
    expect(none.body).toContain('Choose the lead inspector from the list');
    const picked = await admin.post('/workspace/inspections/new', { ...plan, leadInspectorId: leadAccount.id });
    expect(picked.statusCode).toBe(303);
    const id = String(picked.headers.location).split('/').at(-1)!;
    expect((await database.db.select().from(inspections).where(eq(inspections.id, id)))[0]!.leadInspectorId).toBe(
      leadAccount.id,
    );
  });

  it('takes the reference year of an inspection planned without dates from the service clock', async ({
    build,
    signIn,
    database,
    clock,
  }) => {
    const svc = await build.service();
    clock.set(new Date('2031-05-01T09:00:00Z'));
    const lead = await signIn(await build.account('lead_inspector'));
    await lead.get('/workspace/inspections/new');
    const res = await lead.post('/workspace/inspections/new', {
      serviceId: svc.id,
      frameworkId: 'hmip-youth-2021',
      title: 'Planned without dates',
    });
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').at(-1)!;
    const [row] = await database.db.select().from(inspections).where(eq(inspections.id, id));
    expect(row!.ref).toBe(`${svc.slug}-2031`);
  });
});

describe('malformed ids', () => {
  // Shaped like a UUID (36 characters of hex and hyphens) but not one: PostgreSQL refuses these
  // with an error, so they must be turned away before any query.
  const BAD = [
    '00000000-0000-0000-0000-00000000000g',
    '------------------------------------',
    '0000000000000000000000000000000000-0',
    '00000000-0000-4000-c000-000000000000',
    '00000000-0000-4000-8000-0000000000000',
    '0000000-00000-4000-8000-000000000000',
  ];
  it('answers 404 on every route that takes an id, never a 500', async ({ build, signIn }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const admin = await signIn(await build.account('admin'));
    const inspector = await signIn(insp.inspector);
    const service = await signIn(await build.account('service_user', { service: insp.service }));
    const ok = `/workspace/inspections/${insp.id}`;
    for (const bad of BAD) {
      const gets: [Agent, string][] = [
        [admin, `/workspace/inspections/${bad}`],
        [inspector, `/workspace/inspections/${bad}/cases`],
        [inspector, `/workspace/inspections/${bad}/sample`],
        [service, `/workspace/inspections/${bad}/case-list`],
        [admin, `/workspace/inspections/${bad}/audit`],
        [inspector, `${ok}/cases/${bad}`],
        [inspector, `${ok}/findings/${bad}`],
        [service, `/workspace/services/${insp.service.slug}/plan/actions/${bad}`],
        [admin, `/workspace/users/${bad}`],
      ];
      for (const [a, path] of gets) expect((await a.get(path)).statusCode, path).toBe(404);
      await admin.get('/workspace/users');
      expect((await admin.post(`/workspace/users/${bad}/sign-out-everywhere`)).statusCode, bad).toBe(404);
      await inspector.get(`${ok}/findings`);
      expect(
        (await inspector.post(`${ok}/findings/${bad}`, { kind: 'strength', text: 'x', version: '1' })).statusCode,
        bad,
      ).toBe(404);
    }
  });
});
