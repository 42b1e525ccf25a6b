import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { seedDemo } from '../../src/import/demo.ts';
import { auditEvents, caseAssessments, inspections, panelDecisions, sessions } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';
import { Agent } from '../helpers/http.ts';

// Each test builds the accounts and inspections it needs (test/helpers/builders.ts) and gets its
// own app and clock (test/helpers/app.ts), so moving the clock in one test cannot move another's.
const test = appTest();
const it = test;

describe('accounts and sessions', () => {
  it('refuses a wrong password with one message that does not reveal whether the account exists', async ({
    app,
    build,
  }) => {
    const lead = await build.account('lead_inspector');
    const a = new Agent(app);
    await a.get('/sign-in');
    const wrong = await a.post('/sign-in', { email: lead.email, password: 'not-the-password' });
    const unknown = await a.post('/sign-in', { email: 'nobody@example.test', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Enter a correct email address and password');
    expect(unknown.body).toContain('Enter a correct email address and password');
    expect(wrong.body).toContain(`value="${lead.email}"`);
  });

  it('throttles after five failures for an account, even with the right password', async ({ app, build, clock }) => {
    const publisher = await build.account('publisher');
    const a = new Agent(app);
    await a.get('/sign-in');
    for (let i = 0; i < 5; i++)
      expect((await a.post('/sign-in', { email: publisher.email, password: `wrong-${i}` })).statusCode).toBe(401);
    const locked = await a.post('/sign-in', { email: publisher.email, password: publisher.password });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Too many failed attempts');
    clock.advance(16 * 60 * 1000);
    expect((await a.post('/sign-in', { email: publisher.email, password: publisher.password })).statusCode).toBe(303);
  });

  it('issues a new session token at sign-in (no fixation), sets safe cookie flags, and signs out for good', async ({
    app,
    build,
  }) => {
    const inspector = await build.account('inspector');
    const a = new Agent(app);
    a.cookies.set('insp_session', 'attacker-chosen-token');
    await a.get('/sign-in');
    const res = await a.post('/sign-in', {
      email: inspector.email,
      password: inspector.password,
      returnTo: '//evil.example/',
    });
    expect(res.headers.location).toBe('/workspace');
    const cookie = res.cookies.find((c) => c.name === 'insp_session')!;
    expect(cookie.value).not.toBe('attacker-chosen-token');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const token = cookie.value;
    expect((await a.get('/workspace')).statusCode).toBe(200);
    await a.post('/sign-out');
    const replay = new Agent(app);
    replay.cookies.set('insp_session', token);
    expect((await replay.get('/workspace')).statusCode).toBe(303);
  });

  it('keeps sessions across a restart and across instances (they live in the database)', async ({
    build,
    signIn,
    makeApp,
  }) => {
    const lead = await build.account('lead_inspector', { name: 'Lee Lead' });
    const a = await signIn(lead);
    const other = await makeApp();
    const b = new Agent(other);
    b.cookies = new Map(a.cookies);
    const res = await b.get('/workspace');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Lee Lead');
  });

  it('stores only a hash of the session token', async ({ build, signIn, database }) => {
    const a = await signIn(await build.account('admin'));
    const token = a.cookies.get('insp_session')!;
    const rows = await database.db.select().from(sessions);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });
});

describe('the inspection lifecycle on the server', () => {
  it('moves a new inspection through planned → fieldwork, records each transition, and refuses a step the rules forbid', async ({
    build,
    signIn,
    database,
  }) => {
    const lead = await signIn(await build.account('lead_inspector'));
    await lead.get('/workspace/inspections/new');
    const bexley = (await build.service({ name: 'Bexley YJS' })).id;
    const created = await lead.post('/workspace/inspections/new', {
      serviceId: bexley,
      frameworkId: 'hmip-youth-2025',
      title: 'Bexley 2026',
      'fieldworkStart-day': '7',
      'fieldworkStart-month': '9',
      'fieldworkStart-year': '2026',
    });
    expect(created.statusCode).toBe(303);
    const url = String(created.headers.location);
    const id = url.split('/').at(-1)!;
    await lead.get(url);
    expect((await lead.post(`${url}/transition`, { to: 'fieldwork', version: '1' })).statusCode).toBe(303);
    await lead.get(url);
    // Straight to factual accuracy is not a transition the lifecycle has.
    const jump = await lead.post(`${url}/transition`, { to: 'approved', version: '2' });
    expect(jump.statusCode).toBe(422);
    expect(jump.body).toContain('cannot move from Fieldwork to Approved');
    // No panel without cases: refused in words, and nothing moves.
    const empty = await lead.post(`${url}/transition`, { to: 'rating_panel', version: '2' });
    expect(empty.statusCode).toBe(422);
    expect(cheerio.load(empty.body)('.govuk-error-summary').text()).toContain(
      'An inspection cannot go to the rating panel with no cases',
    );
    await lead.get(`${url}/cases`);
    expect((await lead.post(`${url}/cases`, { ref: 'PANEL-1', caseType: 'children' })).statusCode).toBe(303);
    await lead.get(url);
    expect((await lead.post(`${url}/transition`, { to: 'rating_panel', version: '2' })).statusCode).toBe(303);
    await lead.get(url);
    const early = await lead.post(`${url}/transition`, { to: 'factual_accuracy', version: '3' });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('overall rating computed');
    const trail = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, id), eq(auditEvents.action, 'transition')));
    expect(trail.map((e) => [(e.before as { status: string }).status, (e.after as { status: string }).status])).toEqual(
      [
        ['planned', 'fieldwork'],
        ['fieldwork', 'rating_panel'],
      ],
    );
    const inspector = await signIn(await build.account('inspector'));
    await inspector.get(url);
    expect((await inspector.post(`${url}/transition`, { to: 'fieldwork', version: '3' })).statusCode).toBe(403);
  });

  it('validates the plan form and keeps what was typed', async ({ build, signIn }) => {
    const lead = await signIn(await build.account('lead_inspector'));
    await lead.get('/workspace/inspections/new');
    const res = await lead.post('/workspace/inspections/new', {
      serviceId: '',
      frameworkId: 'hmip-youth-2021',
      title: 'Kept title',
      'fieldworkStart-day': '31',
      'fieldworkStart-month': '2',
      'fieldworkStart-year': '2026',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Select the service to inspect');
    expect(res.body).toContain('Fieldwork start date must be a real date');
    expect(res.body).toContain('value="Kept title"');
    expect(res.body).toContain('href="#fieldworkStart-day"');
  });
});

describe('concurrent edits', () => {
  it('gives the second of two editors of a case a 409 with both versions, and loses nothing', async ({
    build,
    signIn,
    database,
  }) => {
    // A case in an inspection at the rating panel, where answers can still change.
    const insp = await build.inspection({ status: 'rating_panel' });
    const url = `/workspace/inspections/${insp.id}`;
    const a = await signIn(insp.inspector);
    const b = await signIn(insp.lead);
    await a.get(`${url}/cases`);
    const added = await a.post(`${url}/cases`, { ref: 'CONC-1', caseType: 'court', disposal: 'Referral order' });
    const caseUrl = String(added.headers.location);
    await a.get(caseUrl);
    await b.get(caseUrl);
    const first = await a.post(caseUrl, { version: '1', 'answer-2-1-1': 'yes', 'note-2-1-1': 'Thorough assessment' });
    expect(first.statusCode).toBe(303);
    const second = await b.post(caseUrl, { version: '1', 'answer-2-1-1': 'no', 'note-2-1-1': 'Missed the risk' });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else has changed this');
    expect(second.body).toContain('Thorough assessment');
    expect(second.body).toContain('Missed the risk');
    const [saved] = await database.db
      .select()
      .from(caseAssessments)
      .where(eq(caseAssessments.id, caseUrl.split('/').at(-1)!));
    expect(saved!.answers).toEqual({ '2.1.1': 'yes' });
    expect(saved!.notes).toEqual({ '2.1.1': 'Thorough assessment' });
    expect(saved!.version).toBe(2);
  });

  it('gives a 409 to a stale panel decision and a stale transition', async ({ build, signIn, database }) => {
    const fixture = await build.inspection({ status: 'factual_accuracy' });
    const lead = await signIn(fixture.lead);
    const url = `/workspace/inspections/${fixture.id}`;
    await lead.get(url);
    const stale = await lead.post(`${url}/transition`, { to: 'rating_panel', version: '1' });
    expect(stale.statusCode).toBe(409);
    const [row] = await database.db.select().from(inspections).where(eq(inspections.id, fixture.id));
    expect(row!.status).toBe('factual_accuracy');
    await lead.get(`${url}/panel`);
    const decision = await lead.post(`${url}/panel/1.1`, { rating: 'good', rationale: 'x', version: '0' });
    expect(decision.statusCode).toBe(409);
  });
});

describe('panel overrides', () => {
  it('refuses an override two bands from the computed rating when it is entered, naming the rule', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const lead = await signIn(insp.lead);
    const url = `/workspace/inspections/${insp.id}`;
    const before = await lead.get(`${url}/panel`);
    expect(before.body).toMatch(/Lowest key question 2\.1\.\d at [\d.]+% .* gives Outstanding/);
    expect(before.body).toContain('hmip-youth-2021 allows the panel to move a computed rating at most 1 band.');
    // The panel sees each key question as its fraction and its share by the framework's rule.
    expect(before.body).toMatch(/<td class="govuk-table__cell">\d+ of \d+, [\d.]+%<\/td>/);
    const res = await lead.post(`${url}/panel/2.1`, {
      rating: 'requires_improvement',
      rationale: 'Weaker than the count suggests.',
      version: '0',
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('<title>Error: ');
    // The rule is shown beside the override's rating field, and nothing was saved.
    const beside = res.body.slice(res.body.indexOf('id="std-2-1-rating-error"'));
    expect(beside).toMatch(/from Outstanding to Requires improvement moves 2 bands; hmip-youth-2021 allows/);
    expect(beside).toContain('at most 1 band');
    const saved = await database.db.select().from(panelDecisions).where(eq(panelDecisions.inspectionId, insp.id));
    expect(saved.filter((d) => d.standardId === '2.1')).toEqual([]);
    // One band is within the rule and is saved.
    const ok = await lead.post(`${url}/panel/2.1`, { rating: 'good', rationale: 'Near the threshold.', version: '0' });
    expect(ok.statusCode).toBe(303);
  });
});

describe('a panel override, published', () => {
  it('is shown as the panel’s decision with the computed rating and the rationale: page, report, API and CSV', async ({
    app,
    build,
    clock,
  }) => {
    const rationale = 'Near the threshold <b>but</b> plans were thin & late.';
    const insp = await build.inspection({
      status: 'published',
      ratings: 'outstanding-33',
      overrides: { '2.1': { rating: 'good', rationale } },
    });
    clock.set(new Date('2026-12-02T09:00:00Z'));
    const anon = new Agent(app);
    const escaped = 'Near the threshold &lt;b&gt;but&lt;/b&gt; plans were thin &amp; late.';

    const page = (await anon.get(`/inspections/${insp.ref}`)).body;
    const row = page.slice(page.indexOf('id="standard-2-1"'), page.indexOf('</tr>', page.indexOf('id="standard-2-1"')));
    expect(row).toContain('Good');
    expect(row).toContain('Ratings panel judgement');
    expect(row).not.toContain('Computed from case answers');
    expect(row).toContain('The ratings panel decided Good; the case answers gave Outstanding.');
    expect(row).toContain(`Rationale: ${escaped}`);
    expect(page).not.toContain(rationale);
    // Each key question's figure is the fraction and its share by the framework's rule.
    expect(row).toMatch(/2\.1\.1: \d+ of \d+, [\d.]+%/);
    const untouched = page.slice(
      page.indexOf('id="standard-2-2"'),
      page.indexOf('</tr>', page.indexOf('id="standard-2-2"')),
    );
    expect(untouched).toContain('Computed from case answers');
    expect(untouched).not.toContain('The ratings panel decided');

    const report = (await anon.get(`/inspections/${insp.ref}/report`)).body;
    expect(report).toContain('Decided by the ratings panel');
    expect(report).toContain(
      `The ratings panel decided Good; the case answers gave Outstanding. Rationale: ${escaped}`,
    );

    const api = (
      JSON.parse((await anon.get(`/api/v1/inspections/${insp.ref}`)).body) as {
        data: { standards: { standardId: string; rating: string; source: string; panelDecision: unknown }[] };
      }
    ).data;
    expect(api.standards.find((x) => x.standardId === '2.1')).toMatchObject({
      rating: 'good',
      source: 'judged',
      panelDecision: { kind: 'override', computedRating: 'outstanding', rationale },
    });
    expect(api.standards.find((x) => x.standardId === '2.2')).toMatchObject({
      source: 'computed',
      panelDecision: null,
    });

    const csv = parse((await anon.get('/downloads/standard-ratings.csv?asAt=2026-12-02')).body, {
      columns: true,
    }) as Record<string, string>[];
    const mine = csv.filter((r) => r.inspection_ref === insp.ref);
    expect(mine.find((r) => r.standard_id === '2.1')).toMatchObject({
      rating: 'good',
      source: 'judged',
      computed_rating: 'outstanding',
      panel_rationale: rationale,
    });
    expect(mine.find((r) => r.standard_id === '2.2')).toMatchObject({
      source: 'computed',
      computed_rating: '',
      panel_rationale: '',
    });
  });
});

describe('the panel’s overall decision, published', () => {
  it('publishes the overall rating with the panel’s rationale: page, report, API and CSV', async ({
    app,
    build,
    clock,
  }) => {
    const rationale = 'No out-of-court work was sampled; the <court> work supports Good.';
    const insp = await build.inspection({
      status: 'published',
      ratings: 'outstanding-33',
      withoutCaseTypes: ['out_of_court'],
      overall: { rating: 'good', rationale },
    });
    clock.set(new Date('2026-12-02T09:00:00Z'));
    const anon = new Agent(app);
    const escaped = 'No out-of-court work was sampled; the &lt;court&gt; work supports Good.';
    const page = (await anon.get(`/inspections/${insp.ref}`)).body;
    const overall = page.slice(page.indexOf('id="overall"'), page.indexOf('</dl>', page.indexOf('id="overall"')));
    expect(overall).toContain('Good');
    expect(overall).toContain(`Ratings panel’s rationale:</dt>`);
    expect(overall).toContain(escaped);
    expect((await anon.get(`/inspections/${insp.ref}/report`)).body).toContain(
      `The ratings panel decided the overall rating: ${escaped}`,
    );
    const api = JSON.parse((await anon.get(`/api/v1/inspections/${insp.ref}`)).body) as {
      data: { overallRating: string; overallRationale: string | null };
    };
    expect(api.data).toMatchObject({ overallRating: 'good', overallRationale: rationale });
    const rows = parse((await anon.get('/downloads/inspections.csv?asAt=2026-12-02')).body, {
      columns: true,
    }) as Record<string, string>[];
    expect(rows.find((r) => r.inspection_ref === insp.ref)).toMatchObject({
      overall_rating: 'good',
      overall_source: 'judged',
      overall_rationale: rationale,
    });
    // The service's earlier, published rating (built with it) has no panel rationale.
    expect(rows.find((r) => r.inspection_ref === insp.service.firstInspectionRef)).toMatchObject({
      overall_source: 'published',
      overall_rationale: '',
    });
  });
});

describe('audit trail', () => {
  it('records every write with who, what before and after; it cannot be altered', async ({
    build,
    signIn,
    database,
  }) => {
    const t = database;
    const auditCount = async (where = sql`true`) =>
      Number((await t.db.select({ n: count() }).from(auditEvents).where(where))[0]!.n);
    const insp = await build.inspection({
      status: 'factual_accuracy',
      inspector: await build.account('inspector', { name: 'Ines Inspector' }),
    });
    const fixture = { inspectionId: insp.id };
    const before = await auditCount(eq(auditEvents.inspectionId, fixture.inspectionId));
    const inspector = await signIn(insp.inspector);
    const service = await signIn(
      await build.account('service_user', { name: 'Sam Service (Bromley)', service: insp.service }),
    );
    await service.get(`/workspace/inspections/${fixture.inspectionId}/factual-accuracy`);
    expect(
      (
        await service.post(`/workspace/inspections/${fixture.inspectionId}/factual-accuracy`, {
          section: 'overall',
          text: 'The fieldwork dates are wrong.',
        })
      ).statusCode,
    ).toBe(303);
    await inspector.get(`/workspace/inspections/${fixture.inspectionId}/findings`);
    // Findings may still change at the factual-accuracy stage (until approval).
    expect(
      (
        await inspector.post(`/workspace/inspections/${fixture.inspectionId}/findings`, {
          kind: 'strength',
          text: 'A second strength',
        })
      ).statusCode,
    ).toBe(303);
    // A rejected write (invalid) changes nothing and audits nothing.
    expect(
      (await inspector.post(`/workspace/inspections/${fixture.inspectionId}/findings`, { kind: 'strength', text: '' }))
        .statusCode,
    ).toBe(400);
    const after = await auditCount(eq(auditEvents.inspectionId, fixture.inspectionId));
    expect(after).toBe(before + 2);
    const [finding, comment] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.inspectionId, fixture.inspectionId))
      .orderBy(sql`id desc`)
      .limit(2);
    expect(finding).toMatchObject({
      action: 'create',
      entityType: 'finding',
      actorName: 'Ines Inspector',
      actorRole: 'inspector',
      before: null,
      after: { kind: 'strength', text: 'A second strength' },
    });
    expect(comment).toMatchObject({
      action: 'create',
      entityType: 'service_comment',
      actorName: 'Sam Service (Bromley)',
      actorRole: 'service_user',
      after: { text: 'The fieldwork dates are wrong.' },
    });
    // The fixture's writes were all audited: one per case added, one per case answered, one per decision...
    const counts = await t.db
      .select({ type: auditEvents.entityType, action: auditEvents.action, n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.inspectionId, fixture.inspectionId))
      .groupBy(auditEvents.entityType, auditEvents.action);
    const n = (type: string, action: string) =>
      Number(counts.find((c) => c.type === type && c.action === action)?.n ?? 0);
    expect(n('case', 'create')).toBe(32);
    expect(n('case', 'update')).toBe(32);
    expect(n('panel_decision', 'create')).toBe(6);
    expect(n('inspection', 'transition')).toBe(3);
    await expect(t.db.execute(sql`update audit_events set action = 'tampered'`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    const page = await inspector.get(`/workspace/inspections/${fixture.inspectionId}/audit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The fieldwork dates are wrong.');
  });
});

describe('cookies in production', () => {
  it('marks the session and CSRF cookies Secure, HttpOnly and SameSite=Lax', async ({ build, makeApp }) => {
    const admin = await build.account('admin');
    const prod = await makeApp({ secureCookies: true, cookieSecret: 'p'.repeat(40) });
    const a = new Agent(prod);
    const page = await a.get('/sign-in');
    const csrf = page.cookies.find((c) => c.name === 'insp_csrf')!;
    expect(csrf).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    const res = await a.post('/sign-in', { email: admin.email, password: admin.password });
    expect(res.cookies.find((c) => c.name === 'insp_session')).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
  });
  it('refuses the demo accounts when NODE_ENV=production', async ({ database, build, makeApp }) => {
    await expect(seedDemo(database, 'production')).rejects.toThrow(/refused when NODE_ENV=production/);
    // An account in the demo domain with the right password: the test environment lets it in, production does not.
    const admin = await build.account('admin');
    expect(admin.email.endsWith('@example.test')).toBe(true);
    const test = new Agent(await makeApp());
    await test.get('/sign-in');
    expect((await test.post('/sign-in', { email: admin.email, password: admin.password })).statusCode).toBe(303);
    const prod = await makeApp({ env: 'production', cookieSecret: 'p'.repeat(40) });
    const a = new Agent(prod);
    await a.get('/sign-in');
    expect((await a.post('/sign-in', { email: admin.email, password: admin.password })).statusCode).toBe(401);
  });
});

describe('planning and the team', () => {
  const dateFields = (prefix: string, d: string) => {
    const [y, m, day] = d.split('-');
    return { [`${prefix}-day`]: day!, [`${prefix}-month`]: m!, [`${prefix}-year`]: y! };
  };

  it('preselects the framework in force and refuses one whose window does not contain the fieldwork start', async ({
    build,
    signIn,
    database,
  }) => {
    const lead = await signIn(await build.account('lead_inspector'));
    const form = await lead.get('/workspace/inspections/new');
    // The clock is in November 2026: the 2021 standards ended with fieldwork in March 2025.
    expect(form.body).toMatch(/value="hmip-youth-2025" checked/);
    expect(form.body).not.toMatch(/value="hmip-youth-2021" checked/);
    const svc = await build.service({ name: 'Windowshire YJS' });
    const before = await database.db.select({ n: count() }).from(inspections);
    const refused = await lead.post('/workspace/inspections/new', {
      serviceId: svc.id,
      frameworkId: 'hmip-youth-2021',
      title: 'Out of window',
      ...dateFields('fieldworkStart', '2026-11-09'),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('is for fieldwork from 2021-07-15 to 2025-03-31');
    expect(refused.body).toContain('href="#frameworkId"');
    expect(await database.db.select({ n: count() }).from(inspections)).toEqual(before);
    const accepted = await lead.post('/workspace/inspections/new', {
      serviceId: svc.id,
      frameworkId: 'hmip-youth-2021',
      title: 'In window',
      ...dateFields('fieldworkStart', '2024-10-07'),
    });
    expect(accepted.statusCode).toBe(303);
  });

  it('plans with a team; the lead changes the planned details until fieldwork starts, and not after', async ({
    build,
    signIn,
    database,
  }) => {
    const leadAccount = await build.account('lead_inspector');
    const member = await build.account('inspector');
    const outsider = await build.account('inspector');
    const lead = await signIn(leadAccount);
    await lead.get('/workspace/inspections/new');
    const svc = await build.service({ name: 'Teamshire YJS' });
    const created = await lead.post('/workspace/inspections/new', {
      serviceId: svc.id,
      frameworkId: 'hmip-youth-2025',
      title: 'Teamshire 2027',
      team: member.id,
      ...dateFields('fieldworkStart', '2027-01-11'),
    });
    expect(created.statusCode).toBe(303);
    const url = String(created.headers.location);
    const overview = await lead.get(url);
    expect(overview.body).toContain(member.name);
    expect(overview.body).toContain('11 January 2027');
    expect((await (await signIn(member)).get(`${url}/cases`)).statusCode).toBe(200);
    expect((await (await signIn(outsider)).get(url)).statusCode).toBe(404);

    await lead.get(`${url}/plan`);
    const edited = await lead.post(`${url}/plan`, {
      version: '1',
      title: 'Teamshire 2027 (moved)',
      frameworkId: 'hmip-youth-2025',
      ...dateFields('fieldworkStart', '2027-02-01'),
      ...dateFields('fieldworkEnd', '2027-02-05'),
    });
    expect(edited.statusCode).toBe(303);
    const id = url.split('/').at(-1)!;
    const [row] = await database.db.select().from(inspections).where(eq(inspections.id, id));
    expect([row!.title, row!.fieldworkStart, row!.fieldworkEnd, row!.version]).toEqual([
      'Teamshire 2027 (moved)',
      '2027-02-01',
      '2027-02-05',
      2,
    ]);
    // A stale form is a conflict, not a silent overwrite.
    const stale = await lead.post(`${url}/plan`, { version: '1', title: 'Stale', frameworkId: 'hmip-youth-2025' });
    expect(stale.statusCode).toBe(409);
    await lead.get(url);
    expect((await lead.post(`${url}/transition`, { to: 'fieldwork', version: '2' })).statusCode).toBe(303);
    await lead.get(`${url}/plan`);
    const late = await lead.post(`${url}/plan`, { version: '3', title: 'Too late', frameworkId: 'hmip-youth-2025' });
    expect(late.statusCode).toBe(422);
    expect(late.body).toContain('can be changed only until fieldwork starts');
    const [after] = await database.db.select().from(inspections).where(eq(inspections.id, id));
    expect(after!.title).toBe('Teamshire 2027 (moved)');
  });

  it('lets an administrator reassign the team, audited with the team before and after', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const newcomer = await build.account('inspector');
    const admin = await signIn(await build.account('admin'));
    const url = `/workspace/inspections/${insp.id}`;
    await admin.get(`${url}/team`);
    const res = await admin.post(`${url}/team`, { version: String(insp.version), team: newcomer.id });
    expect(res.statusCode).toBe(303);
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.action, 'reassign-team')));
    expect(event!.before).toEqual({ team: [insp.inspector.id] });
    expect(event!.after).toEqual({ team: [newcomer.id] });
    // The trail reads as sentences, names people rather than ids, filters by person, and keeps the raw data a click away.
    const trail = await admin.get(`${url}/audit`);
    expect(trail.body).toContain(`changed the team from ${insp.inspector.name} to ${newcomer.name}.`);
    expect(trail.body).toContain('moved the inspection from Planned to Fieldwork.');
    expect(trail.body).toContain('<details class="govuk-details');
    const onlyAdmin = await admin.get(`${url}/audit?person=${event!.actorId}`);
    expect(onlyAdmin.body).toContain('changed the team from');
    expect(onlyAdmin.body).not.toContain('moved the inspection from Planned to Fieldwork.');
    // The inspector taken off the team no longer opens it; the one added does.
    expect((await (await signIn(insp.inspector)).get(`${url}/cases`)).statusCode).toBe(404);
    expect((await (await signIn(newcomer)).get(`${url}/cases`)).statusCode).toBe(200);
    // Once fieldwork has started the lead cannot change the team; only an administrator can.
    const lead = await signIn(insp.lead);
    await lead.get(`${url}/team`);
    const refused = await lead.post(`${url}/team`, { version: String(insp.version + 1), team: insp.inspector.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('only an administrator can change the team');
  });

  it('withdraws an inspection with a reason: terminal, audited, and no further step offered', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const lead = await signIn(insp.lead);
    const url = `/workspace/inspections/${insp.id}`;
    await lead.get(`${url}/withdraw`);
    const empty = await lead.post(`${url}/withdraw`, { version: String(insp.version), reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter why the inspection is being withdrawn');
    const done = await lead.post(`${url}/withdraw`, {
      version: String(insp.version),
      reason: 'The service is being merged with its neighbour.',
    });
    expect(done.statusCode).toBe(303);
    const [row] = await database.db.select().from(inspections).where(eq(inspections.id, insp.id));
    expect(row!.status).toBe('withdrawn');
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.action, 'withdraw')));
    expect(event!.after).toEqual({ status: 'withdrawn', reason: 'The service is being merged with its neighbour.' });
    const overview = await lead.get(url);
    expect(overview.body).toContain('Withdrawn');
    expect(overview.body).not.toContain('name="to"');
    expect(
      (await lead.post(`${url}/transition`, { to: 'rating_panel', version: String(row!.version) })).statusCode,
    ).toBe(422);
  });
});
