import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { authPlugin } from '../../src/web/auth/plugin.ts';
import { buildApp } from '../../src/web/app.ts';
import type { Role } from '../../src/domain/roles.ts';
import { eq } from 'drizzle-orm';
import { createUser } from '../../src/store/auth-repo.ts';
import { caseAssessments } from '../../src/store/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { actor, bromleyAtFactualAccuracy } from '../helpers/workflow.ts';
import { addComment } from '../../src/store/factual-accuracy-repo.ts';

let t: TestDatabase;
let app: FastifyInstance;
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;
/** A comment from the service on the fixture's draft, for the lead's answer routes. */
let commentId: string;
const agents = new Map<string, Agent>();
const PRINCIPALS: (Role | 'anonymous')[] = [
  'anonymous',
  'inspector',
  'lead_inspector',
  'publisher',
  'service_user',
  'board_member',
  'admin',
];
const EMAIL: Record<Role, string> = {
  inspector: 'inspector@example.test',
  lead_inspector: 'lead@example.test',
  publisher: 'publisher@example.test',
  service_user: 'bromley@example.test',
  board_member: 'board@example.test',
  admin: 'admin@example.test',
};

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  fixture = await bromleyAtFactualAccuracy(t);
  const service = await actor(t.db, 'bromley@example.test');
  commentId = (
    await t.db.transaction((tx) =>
      addComment(
        tx,
        service,
        fixture.inspectionId,
        { text: 'The caseload is wrong.', section: 'overall', standardId: null, sectionLabel: 'Overall' },
        new Date(),
      ),
    )
  ).id;
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
  for (const p of PRINCIPALS) {
    const a = new Agent(app);
    if (p === 'anonymous') await a.get('/sign-in');
    else await a.signIn(EMAIL[p]);
    agents.set(p, a);
  }
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

function concrete(url: string): string {
  return (
    url
      .replace(/\/frameworks\/:id$/, '/frameworks/hmip-youth-2021')
      .replace(':id', fixture.inspectionId)
      .replace(':caseId', fixture.caseId)
      .replace(':commentId', commentId)
      .replace(':standardId', '1.1')
      .replace(':itemId', url.includes('/findings/') ? fixture.findingId : '00000000-0000-4000-8000-000000000000')
      // An account that does not exist: the matrix must not deactivate the people it signs in as.
      .replace(':userId', '00000000-0000-4000-8000-000000000000')
      .replace(':fileId', '00000000-0000-4000-8000-000000000000')
      .replace(':recommendationId', '00000000-0000-4000-8000-000000000000')
      .replace(':slug', 'bromley')
      .replace(':ref', 'bromley-2025')
  );
}

/**
 * Who may use each route, written out by hand from what each role is for (README's accounts table),
 * not read from the routes' own declarations: a route whose declared policy drifts fails here.
 *   *  anyone, signed in or not        +  anyone signed in
 *   I inspector  L lead inspector  P publisher  S service user  B board member  A admin
 */
const MATRIX: Record<string, string> = {
  'GET /health': '*',
  'GET /health/ready': '*',
  'GET /status': '*',
  'GET /': '*',
  'GET /services': '*',
  'GET /services/:slug': '*',
  'GET /inspections/:ref': '*',
  'GET /inspections/:ref/report': '*',
  'GET /inspections/:ref/report.pdf': '*',
  'GET /inspections/:ref/press-release': '*',
  'GET /frameworks': '*',
  'GET /frameworks/:id': '*',
  'GET /sign-in': '*',
  'POST /sign-in': '*',
  'POST /sign-out': '+',
  'GET /workspace': '+',
  'GET /workspace/inspections/new': 'LA',
  'POST /workspace/inspections/new': 'LA',
  'GET /workspace/inspections/:id': 'ILPA',
  'POST /workspace/inspections/:id/transition': 'LPA',
  'GET /workspace/inspections/:id/lead': 'A',
  'POST /workspace/inspections/:id/lead': 'A',
  'GET /workspace/inspections/:id/team': 'LA',
  'POST /workspace/inspections/:id/team': 'LA',
  'GET /workspace/inspections/:id/plan': 'LA',
  'POST /workspace/inspections/:id/plan': 'LA',
  'GET /workspace/inspections/:id/withdraw': 'LA',
  'POST /workspace/inspections/:id/withdraw': 'LA',
  // Publishers see the preview links' part of it only (made, withdrawn, opened).
  'GET /workspace/inspections/:id/audit': 'ILPA',
  // Case-level data is for the inspection's team and lead only (not administrators).
  'GET /workspace/inspections/:id/cases': 'IL',
  'POST /workspace/inspections/:id/cases': 'IL',
  'GET /workspace/inspections/:id/cases/:caseId': 'IL',
  'GET /workspace/inspections/:id/case-list': 'SL',
  'POST /workspace/inspections/:id/case-list': 'SL',
  'GET /workspace/inspections/:id/sample': 'IL',
  'POST /workspace/inspections/:id/sample': 'L',
  'POST /workspace/inspections/:id/sample/replace': 'L',
  'GET /workspace/case-audit': 'A',
  'GET /workspace/case-audit.csv': 'A',
  'POST /workspace/inspections/:id/cases/:caseId': 'IL',
  'GET /workspace/inspections/:id/panel': 'ILA',
  'POST /workspace/inspections/:id/panel/:standardId': 'L',
  'GET /workspace/inspections/:id/panel-date': 'LA',
  'POST /workspace/inspections/:id/panel-date': 'LA',
  'GET /workspace/inspections/:id/findings': 'ILA',
  'POST /workspace/inspections/:id/findings': 'IL',
  'GET /workspace/inspections/:id/findings/:itemId': 'IL',
  'POST /workspace/inspections/:id/findings/:itemId': 'IL',
  'GET /workspace/inspections/:id/recommendations': 'ILA',
  'POST /workspace/inspections/:id/recommendations': 'IL',
  'GET /workspace/inspections/:id/recommendations/:itemId': 'IL',
  'POST /workspace/inspections/:id/recommendations/:itemId': 'IL',
  'GET /workspace/inspections/:id/report': 'ILA',
  'POST /workspace/inspections/:id/report': 'IL',
  'GET /workspace/inspections/:id/report/versions': 'ILA',
  'GET /workspace/inspections/:id/report/compare': 'ILA',
  // The draft PDF is for the team, the lead and the service's own users (not its board), during the check.
  'GET /workspace/inspections/:id/report/draft.pdf': 'SIL',
  'GET /workspace/inspections/:id/factual-accuracy': 'SBILA',
  'POST /workspace/inspections/:id/factual-accuracy': 'S',
  // Answering the service's comments and closing the check are the inspection's lead's alone.
  'GET /workspace/inspections/:id/factual-accuracy/comments/:commentId': 'L',
  'POST /workspace/inspections/:id/factual-accuracy/comments/:commentId': 'L',
  'POST /workspace/inspections/:id/factual-accuracy/close': 'L',
  'GET /workspace/users': 'A',
  'POST /workspace/users': 'A',
  'GET /workspace/users/:userId': 'A',
  'GET /workspace/users/:userId/deactivate': 'A',
  'POST /workspace/users/:userId/deactivate': 'A',
  'POST /workspace/users/:userId/reactivate': 'A',
  'POST /workspace/users/:userId/sign-out-everywhere': 'A',
  'GET /workspace/inspections/:id/schedule': 'P',
  'POST /workspace/inspections/:id/schedule': 'P',
  'GET /workspace/inspections/:id/press-release': 'PLA',
  'POST /workspace/inspections/:id/press-release': 'P',
  'GET /workspace/inspections/:id/checks': 'ILPA',
  'GET /workspace/inspections/:id/previews': 'PA',
  'POST /workspace/inspections/:id/previews': 'P',
  'POST /workspace/inspections/:id/previews/:linkId/revoke': 'P',
  'GET /preview/:token': '*',
  'GET /workspace/inspections/:id/corrections': 'PL',
  'POST /workspace/inspections/:id/corrections': 'PL',
  'GET /feed.atom': '*',
  'GET /services/:slug/feed.atom': '*',
  'GET /sitemap.xml': '*',
  'GET /api/v1/frameworks': '*',
  'GET /api/v1/frameworks/:id': '*',
  'GET /api/v1/inspections': '*',
  'GET /api/v1/inspections/:ref': '*',
  'GET /api/v1/directory': '*',
  'GET /api/v1/thematic-inspections': '*',
  'GET /api/v1/services': '*',
  'GET /api/v1/services/:slug': '*',
  'GET /api/v1/statistics': '*',
  'GET /api/v1/openapi.json': '*',
  'POST /api/v1/claims/check': '*',
  'GET /downloads': '*',
  'GET /downloads/inspections.csv': '*',
  'GET /downloads/inspections.json': '*',
  'GET /downloads/standard-ratings.csv': '*',
  'GET /downloads/standard-ratings.json': '*',
  'GET /downloads/datapackage.json': '*',
  'GET /downloads/rating-counts.csv': '*',
  'GET /downloads/thematic-inspections.csv': '*',
  'GET /api/docs': '*',
  'GET /statistics': '*',
  'GET /statistics/undecided': '*',
  'GET /statistics/possibly-newer': '*',
  'GET /coverage': '*',
  'GET /thematic-inspections': '*',
  'GET /claims': '*',
  'POST /claims': '*',
  'GET /workspace/import': 'A',
  'POST /workspace/import': 'A',
  'GET /workspace/services/:slug/plan': 'SBILA',
  'POST /workspace/services/:slug/plan/actions': 'S',
  'GET /workspace/services/:slug/plan/actions/:actionId': 'SBILA',
  'POST /workspace/services/:slug/plan/actions/:actionId': 'S',
  'POST /workspace/services/:slug/plan/actions/:actionId/edit': 'S',
  'GET /workspace/services/:slug/plan/files/:fileId': 'SBILA',
  'GET /workspace/services/:slug/plan/history': 'SBILA',
  'POST /workspace/services/:slug/plan/recommendations/:recommendationId/sign-off': 'B',
  'GET /workspace/services/:slug/board': 'SBILA',
  'GET /workspace/services/:slug/board.csv': 'SBILA',
  'GET /workspace/outbox': 'A',
  'POST /workspace/outbox/:messageId/retry': 'A',
  'GET /services/:slug/subscribe': '*',
  'POST /services/:slug/subscribe': '*',
  'GET /subscriptions/:token/confirm': '*',
  'POST /subscriptions/:token/confirm': '*',
  'GET /subscriptions/:token/unsubscribe': '*',
  'POST /subscriptions/:token/unsubscribe': '*',
};
const LETTER: Record<Role, string> = {
  inspector: 'I',
  lead_inspector: 'L',
  publisher: 'P',
  service_user: 'S',
  board_member: 'B',
  admin: 'A',
};

type Outcome = 'allowed' | 'forbidden' | 'sign-in' | 'error';
function expected(who: string, route: string): Outcome {
  if (who === '*') return 'allowed';
  if (route === 'anonymous') return 'sign-in';
  if (who === '+') return 'allowed';
  return who.includes(LETTER[route as Role]) ? 'allowed' : 'forbidden';
}
/**
 * A 500 is never an allowed answer. A 404 counts as allowed only where the address names, on
 * purpose, something that does not exist (an account or an item the matrix must not change).
 */
function observed(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  missingOnPurpose: boolean,
): Outcome {
  if (res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in')) return 'sign-in';
  if (res.statusCode === 403) return 'forbidden';
  if (res.statusCode >= 500 || (res.statusCode === 404 && !missingOnPurpose)) return 'error';
  return 'allowed';
}
const MISSING_ON_PURPOSE = /:userId|:itemId|:linkId|:actionId|:token|:messageId|:fileId|:recommendationId/;

describe('authorisation: every route × every role matches the declared policy', () => {
  it('declares a policy for every route (the app refuses to start otherwise)', async () => {
    const bare = Fastify();
    onTestFinished(() => bare.close());
    bare.decorate('deps', {} as never);
    await bare.register(authPlugin, { cookieSecret: 'x'.repeat(32), secureCookies: false });
    expect(() => bare.get('/undeclared', async () => 'oops')).toThrow(/GET \/undeclared has no authorisation policy/);
  });

  it('every route is in the hand-written matrix, and the matrix has no route the app lacks', () => {
    const declared = new Set(app.routePolicies.filter((r) => !r.url.includes('*')).map((r) => `${r.method} ${r.url}`));
    expect(
      [...declared].filter((k) => !(k in MATRIX)),
      'routes missing from the matrix',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((k) => !declared.has(k)),
      'matrix rows with no route',
    ).toEqual([]);
  });

  // Every route × seven principals, one request each: it grows with every route, so it has more
  // time than a single integration test (it took 70 s on a loaded two-core machine).
  it('checks each route for anonymous and each role against the matrix', { timeout: 150_000 }, async () => {
    const keys = Object.keys(MATRIX);
    // Signing out last, so the other requests still have their sessions.
    const order = [...keys.filter((k) => k !== 'POST /sign-out'), 'POST /sign-out'];
    const mismatches: string[] = [];
    let checked = 0;
    for (const key of order) {
      const [method, url] = key.split(' ') as [string, string];
      for (const who of PRINCIPALS) {
        const agent = agents.get(who)!;
        const res = method === 'GET' ? await agent.get(concrete(url)) : await agent.post(concrete(url), {});
        const want = expected(MATRIX[key]!, who);
        const got = observed(res, MISSING_ON_PURPOSE.test(url));
        checked++;
        if (want !== got) mismatches.push(`${key} as ${who}: expected ${want}, got ${got} (${res.statusCode})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(keys.length * PRINCIPALS.length);
  });

  it('scopes service users to their own service: Bexley cannot see Bromley’s draft', async () => {
    const bexley = new Agent(app);
    await bexley.signIn('bexley@example.test');
    const res = await bexley.get(`/workspace/inspections/${fixture.inspectionId}/factual-accuracy`);
    expect(res.statusCode).toBe(403);
    const own = new Agent(app);
    await own.signIn('bromley@example.test');
    expect((await own.get(`/workspace/inspections/${fixture.inspectionId}/factual-accuracy`)).statusCode).toBe(200);
  });

  it('keeps an inspection to its lead and team: another inspector or lead gets 404 on every read and write, and does not see it listed', async () => {
    const outsiders = [
      await createUser(t.db, {
        email: 'other-inspector@example.test',
        name: 'Olive Outsider',
        password: 'inspectorate-demo',
        role: 'inspector',
      }),
      await createUser(t.db, {
        email: 'other-lead@example.test',
        name: 'Otto Otherlead',
        password: 'inspectorate-demo',
        role: 'lead_inspector',
      }),
    ];
    const url = `/workspace/inspections/${fixture.inspectionId}`;
    for (const who of outsiders) {
      const a = new Agent(app);
      await a.signIn(who.email);
      for (const path of ['', '/cases', `/cases/${fixture.caseId}`, '/panel', '/findings', '/audit', '/checks'])
        expect((await a.get(`${url}${path}`)).statusCode, `GET ${path} as ${who.role}`).toBe(404);
      const before = await t.db
        .select()
        .from(caseAssessments)
        .where(eq(caseAssessments.inspectionId, fixture.inspectionId));
      const writes: [string, Record<string, string>][] = [
        ['/cases', { ref: 'OUT-1', caseType: 'court', disposal: 'Referral order' }],
        ['/findings', { kind: 'strength', text: 'Not mine to write', standardId: '1.1' }],
        ['/transition', { to: 'rating_panel', version: '4' }],
        [`/factual-accuracy/comments/${commentId}`, { response: 'accepted', responseText: 'Not mine', version: '1' }],
        ['/factual-accuracy/close', { version: '1' }],
      ];
      // An inspector may never change the state or answer the service (the route's role policy
      // answers 403 first, as for any inspection); another lead is told the inspection is not there.
      const leadOnly = (path: string) => path === '/transition' || path.startsWith('/factual-accuracy');
      for (const [path, body] of writes)
        expect((await a.post(`${url}${path}`, body)).statusCode, `POST ${path} as ${who.role}`).toBe(
          leadOnly(path) && who.role === 'inspector' ? 403 : 404,
        );
      expect((await a.get(`${url}/factual-accuracy/comments/${commentId}`)).statusCode).toBe(
        who.role === 'inspector' ? 403 : 404,
      );
      const after = await t.db
        .select()
        .from(caseAssessments)
        .where(eq(caseAssessments.inspectionId, fixture.inspectionId));
      expect(after).toHaveLength(before.length);
      const dashboard = await a.get('/workspace');
      expect(dashboard.statusCode).toBe(200);
      expect(dashboard.body).not.toContain(fixture.inspectionId);
    }
    // The same pages answer the team: the inspector on it reads them and sees it listed.
    // (A fresh session: the matrix signs its agents out at the end.)
    const member = new Agent(app);
    await member.signIn('inspector@example.test');
    expect((await member.get(`${url}/cases`)).statusCode).toBe(200);
    expect((await member.get('/workspace')).body).toContain(fixture.inspectionId);
  });

  it('refuses a state-changing request without a valid CSRF token', async () => {
    const a = new Agent(app);
    await a.signIn('inspector@example.test');
    const res = await a.post(`/workspace/inspections/${fixture.inspectionId}/findings`, {
      _csrf: 'forged',
      kind: 'strength',
      text: 'x',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/csrf/i);
  });
});
