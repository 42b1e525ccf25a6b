import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin } from '../../src/web/auth/plugin.ts';
import { buildApp } from '../../src/web/app.ts';
import type { Role } from '../../src/domain/roles.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let t: TestDatabase;
let app: FastifyInstance;
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;
const agents = new Map<string, Agent>();
const PRINCIPALS: (Role | 'anonymous')[] = ['anonymous', 'inspector', 'lead_inspector', 'publisher', 'service_user', 'board_member', 'admin'];
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
  return url
    .replace(':id', fixture.inspectionId)
    .replace(':caseId', fixture.caseId)
    .replace(':standardId', '1.1')
    .replace(':itemId', url.includes('/findings/') ? fixture.findingId : '00000000-0000-4000-8000-000000000000')
    // An account that does not exist: the matrix must not deactivate the people it signs in as.
    .replace(':userId', '00000000-0000-4000-8000-000000000000')
    .replace(':slug', 'bromley')
    .replace(':ref', 'bromley-2025');
}

type Outcome = 'allowed' | 'forbidden' | 'sign-in';
function expected(auth: 'public' | 'signed-in' | readonly Role[], who: Role | 'anonymous'): Outcome {
  if (auth === 'public') return 'allowed';
  if (who === 'anonymous') return 'sign-in';
  if (auth === 'signed-in') return 'allowed';
  return auth.includes(who) ? 'allowed' : 'forbidden';
}
function observed(res: { statusCode: number; headers: Record<string, unknown>; body: string }): Outcome {
  if (res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in')) return 'sign-in';
  if (res.statusCode === 403) return 'forbidden';
  return 'allowed';
}

describe('authorisation: every route × every role matches the declared policy', () => {
  it('declares a policy for every route (the app refuses to start otherwise)', async () => {
    const bare = Fastify();
    bare.decorate('deps', {} as never);
    await bare.register(authPlugin, { cookieSecret: 'x'.repeat(32), secureCookies: false });
    expect(() => bare.get('/undeclared', async () => 'oops')).toThrow(/GET \/undeclared has no authorisation policy/);
    await bare.close();
  });

  it('checks each route for anonymous and each role', async () => {
    const routes = app.routePolicies.filter((r) => !r.url.includes('*') && r.url !== '/sign-out');
    expect(routes.length).toBeGreaterThan(25);
    const mismatches: string[] = [];
    let checked = 0;
    for (const r of [...routes, ...app.routePolicies.filter((x) => x.url === '/sign-out')]) {
      for (const who of PRINCIPALS) {
        const agent = agents.get(who)!;
        const url = concrete(r.url);
        const res = r.method === 'GET' ? await agent.get(url) : await agent.post(url, {});
        const want = expected(r.auth, who);
        const got = observed(res);
        checked++;
        if (want !== got) mismatches.push(`${r.method} ${r.url} as ${who}: expected ${want}, got ${got} (${res.statusCode})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe((routes.length + 1) * PRINCIPALS.length);
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

  it('refuses a state-changing request without a valid CSRF token', async () => {
    const a = new Agent(app);
    await a.signIn('inspector@example.test');
    const res = await a.post(`/workspace/inspections/${fixture.inspectionId}/findings`, { _csrf: 'forged', kind: 'strength', text: 'x' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/csrf/i);
  });
});
