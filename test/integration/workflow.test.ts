import { and, count, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, caseAssessments, inspections, sessions } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let t: TestDatabase;
let app: FastifyInstance;
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;
let clock = new Date('2026-11-22T12:00:00Z');
const newApp = () => buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  fixture = await bromleyAtFactualAccuracy(t);
  app = await newApp();
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const auditCount = async (where = sql`true`) => Number((await t.db.select({ n: count() }).from(auditEvents).where(where))[0]!.n);

describe('accounts and sessions', () => {
  it('refuses a wrong password with one message that does not reveal whether the account exists', async () => {
    const a = new Agent(app);
    await a.get('/sign-in');
    const wrong = await a.post('/sign-in', { email: 'lead@example.test', password: 'not-the-password' });
    const unknown = await a.post('/sign-in', { email: 'nobody@example.test', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Enter a correct email address and password');
    expect(unknown.body).toContain('Enter a correct email address and password');
    expect(wrong.body).toContain('value="lead@example.test"');
  });

  it('throttles after five failures for an account, even with the right password', async () => {
    const a = new Agent(app);
    await a.get('/sign-in');
    for (let i = 0; i < 5; i++) expect((await a.post('/sign-in', { email: 'publisher@example.test', password: `wrong-${i}` })).statusCode).toBe(401);
    const locked = await a.post('/sign-in', { email: 'publisher@example.test', password: 'inspectorate-demo' });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Too many failed attempts');
    clock = new Date(clock.getTime() + 16 * 60 * 1000);
    expect((await a.post('/sign-in', { email: 'publisher@example.test', password: 'inspectorate-demo' })).statusCode).toBe(303);
  });

  it('issues a new session token at sign-in (no fixation), sets safe cookie flags, and signs out for good', async () => {
    const a = new Agent(app);
    a.cookies.set('insp_session', 'attacker-chosen-token');
    await a.get('/sign-in');
    const res = await a.post('/sign-in', { email: 'inspector@example.test', password: 'inspectorate-demo', returnTo: '//evil.example/' });
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

  it('keeps sessions across a restart and across instances (they live in the database)', async () => {
    const a = new Agent(app);
    await a.signIn('lead@example.test');
    const other = await newApp();
    const b = new Agent(other);
    b.cookies = new Map(a.cookies);
    const res = await b.get('/workspace');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Lee Lead');
    await other.close();
  });

  it('stores only a hash of the session token', async () => {
    const a = new Agent(app);
    await a.signIn('admin@example.test');
    const token = a.cookies.get('insp_session')!;
    const rows = await t.db.select().from(sessions);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });
});

describe('the inspection lifecycle on the server', () => {
  it('moves a new inspection through planned → fieldwork, records each transition, and refuses a step the rules forbid', async () => {
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    await lead.get('/workspace/inspections/new');
    const services = await t.db.execute(sql`select id from services where slug = 'bexley'`);
    const bexley = (services as unknown as { rows: { id: string }[] }).rows[0]!.id;
    const created = await lead.post('/workspace/inspections/new', { serviceId: bexley, frameworkId: 'hmip-youth-2021', title: 'Bexley 2026', 'fieldworkStart-day': '7', 'fieldworkStart-month': '9', 'fieldworkStart-year': '2026' });
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
    await lead.post(`${url}/transition`, { to: 'rating_panel', version: '2' });
    await lead.get(url);
    const early = await lead.post(`${url}/transition`, { to: 'factual_accuracy', version: '3' });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('overall rating computed');
    const trail = await t.db.select().from(auditEvents).where(and(eq(auditEvents.inspectionId, id), eq(auditEvents.action, 'transition')));
    expect(trail.map((e) => [(e.before as { status: string }).status, (e.after as { status: string }).status])).toEqual([['planned', 'fieldwork'], ['fieldwork', 'rating_panel']]);
    const inspector = new Agent(app);
    await inspector.signIn('inspector@example.test');
    await inspector.get(url);
    expect((await inspector.post(`${url}/transition`, { to: 'fieldwork', version: '3' })).statusCode).toBe(403);
  });

  it('validates the plan form and keeps what was typed', async () => {
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    await lead.get('/workspace/inspections/new');
    const res = await lead.post('/workspace/inspections/new', { serviceId: '', frameworkId: 'hmip-youth-2021', title: 'Kept title', 'fieldworkStart-day': '31', 'fieldworkStart-month': '2', 'fieldworkStart-year': '2026' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Select the service to inspect');
    expect(res.body).toContain('Fieldwork start date must be a real date');
    expect(res.body).toContain('value="Kept title"');
    expect(res.body).toContain('href="#fieldworkStart-day"');
  });
});

describe('concurrent edits', () => {
  it('gives the second of two editors of a case a 409 with both versions, and loses nothing', async () => {
    // A case in an inspection still at fieldwork, so answers can change.
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    const rows = (await t.db.execute(sql`select id from inspections where origin = 'workflow' and status = 'rating_panel' limit 1`)) as unknown as { rows: { id: string }[] };
    const url = `/workspace/inspections/${rows.rows[0]!.id}`;
    const a = new Agent(app);
    const b = new Agent(app);
    await a.signIn('inspector@example.test');
    await b.signIn('lead@example.test');
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
    const [saved] = await t.db.select().from(caseAssessments).where(eq(caseAssessments.id, caseUrl.split('/').at(-1)!));
    expect(saved!.answers).toEqual({ '2.1.1': 'yes' });
    expect(saved!.notes).toEqual({ '2.1.1': 'Thorough assessment' });
    expect(saved!.version).toBe(2);
  });

  it('gives a 409 to a stale panel decision and a stale transition', async () => {
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    const url = `/workspace/inspections/${fixture.inspectionId}`;
    await lead.get(url);
    const stale = await lead.post(`${url}/transition`, { to: 'rating_panel', version: '1' });
    expect(stale.statusCode).toBe(409);
    const [row] = await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId));
    expect(row!.status).toBe('factual_accuracy');
    await lead.get(`${url}/panel`);
    const decision = await lead.post(`${url}/panel/1.1`, { rating: 'good', rationale: 'x', version: '0' });
    expect(decision.statusCode).toBe(409);
  });
});

describe('audit trail', () => {
  it('records every write with who, what before and after; it cannot be altered', async () => {
    const before = await auditCount(eq(auditEvents.inspectionId, fixture.inspectionId));
    const inspector = new Agent(app);
    await inspector.signIn('inspector@example.test');
    const service = new Agent(app);
    await service.signIn('bromley@example.test');
    await service.get(`/workspace/inspections/${fixture.inspectionId}/factual-accuracy`);
    expect((await service.post(`/workspace/inspections/${fixture.inspectionId}/factual-accuracy`, { text: 'The fieldwork dates are wrong.' })).statusCode).toBe(303);
    await inspector.get(`/workspace/inspections/${fixture.inspectionId}/findings`);
    // Findings may still change at the factual-accuracy stage (until approval).
    expect((await inspector.post(`/workspace/inspections/${fixture.inspectionId}/findings`, { kind: 'strength', text: 'A second strength' })).statusCode).toBe(303);
    // A rejected write (invalid) changes nothing and audits nothing.
    expect((await inspector.post(`/workspace/inspections/${fixture.inspectionId}/findings`, { kind: 'strength', text: '' })).statusCode).toBe(400);
    const after = await auditCount(eq(auditEvents.inspectionId, fixture.inspectionId));
    expect(after).toBe(before + 2);
    const [finding, comment] = await t.db.select().from(auditEvents).where(eq(auditEvents.inspectionId, fixture.inspectionId)).orderBy(sql`id desc`).limit(2);
    expect(finding).toMatchObject({ action: 'create', entityType: 'finding', actorName: 'Ines Inspector', actorRole: 'inspector', before: null, after: { kind: 'strength', text: 'A second strength' } });
    expect(comment).toMatchObject({ action: 'create', entityType: 'service_comment', actorName: 'Sam Service (Bromley)', actorRole: 'service_user', after: { text: 'The fieldwork dates are wrong.' } });
    // The fixture's writes were all audited: one per case added, one per case answered, one per decision...
    const counts = await t.db.select({ type: auditEvents.entityType, action: auditEvents.action, n: count() }).from(auditEvents).where(eq(auditEvents.inspectionId, fixture.inspectionId)).groupBy(auditEvents.entityType, auditEvents.action);
    const n = (type: string, action: string) => Number(counts.find((c) => c.type === type && c.action === action)?.n ?? 0);
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
  it('marks the session and CSRF cookies Secure, HttpOnly and SameSite=Lax', async () => {
    const { seedDemo } = await import('../../src/demo.ts');
    await seedDemo(t, 'test');
    const prod = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent', secureCookies: true, cookieSecret: 'p'.repeat(40) }, now: () => clock });
    const a = new Agent(prod);
    const page = await a.get('/sign-in');
    const csrf = page.cookies.find((c) => c.name === 'insp_csrf')!;
    expect(csrf).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    const res = await a.post('/sign-in', { email: 'admin@example.test', password: 'inspectorate-demo' });
    expect(res.cookies.find((c) => c.name === 'insp_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    await prod.close();
  });
  it('refuses the demo accounts when NODE_ENV=production', async () => {
    const { seedDemo } = await import('../../src/demo.ts');
    await expect(seedDemo(t, 'production')).rejects.toThrow(/refused when NODE_ENV=production/);
    const prod = await buildApp({ database: t, config: { env: 'production', logLevel: 'silent', cookieSecret: 'p'.repeat(40) }, now: () => clock });
    const a = new Agent(prod);
    await a.get('/sign-in');
    expect((await a.post('/sign-in', { email: 'admin@example.test', password: 'inspectorate-demo' })).statusCode).toBe(401);
    await prod.close();
  });
});
