// What signed-in users wait for: the ratings panel (120 cases), the case list and the board view
// (20 recommendations), on PostgreSQL, under 10 concurrent signed-in clients, each page against a
// bare node:http server measured just before it; and the SQL statements each page request sends.
import pg from 'pg';
import { load, startChild } from './http.ts';
import type { WorkspaceFixtures } from './workspace-fixtures.ts';

/** A fresh PostgreSQL database for the bench, dropped afterwards. */
export async function benchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await admin.connect();
  const name = `${prefix}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

/**
 * Signs in as a browser does (the form, its CSRF token and cookie); the cookies a browser then
 * sends with every page: the session and the CSRF secret (so pages with forms reuse the secret).
 */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const jar = cookiesOf(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = cookiesOf(res).find((c) => c.startsWith('insp_session='));
  if (res.status !== 303 || !session) throw new Error(`sign-in as ${email} answered ${res.status}`);
  const names = new Set(cookiesOf(res).map((c) => c.split('=')[0]));
  return [...jar.filter((c) => !names.has(c.split('=')[0])), ...cookiesOf(res)].join('; ');
}

export const CLIENTS = 10;

export async function signedIn(): Promise<void> {
  let database;
  try {
    database = await benchDatabase('insp_bench_ws');
  } catch (e) {
    console.log(`signed-in pages: not measured (no PostgreSQL: ${(e as Error).message})`);
    return;
  }
  const bare = await startChild('bare');
  let app: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    app = await startChild('workspace', { BENCH_DATABASE_URL: database.url });
    const fx = JSON.parse(/fixtures (.*)/.exec(app.out)![1]!) as WorkspaceFixtures & { statsPort: number };
    const base = `http://127.0.0.1:${app.port}`;
    const statements = async (log = false) =>
      (await (await fetch(`http://127.0.0.1:${fx.statsPort}/${log ? '?log=1' : ''}`)).json()) as {
        count: number;
        log?: string[];
      };
    // Ten clients, each signed in once (one session each); a page's requests go round the sessions.
    const sessions = async (email: string) => {
      const s: string[] = [];
      for (let i = 0; i < CLIENTS; i++) s.push(await signIn(base, email, fx.password));
      return s;
    };
    const lead = await sessions(fx.lead);
    const board = await sessions(fx.board);
    const pages: [string, string, string[]][] = [
      [`ratings panel (${fx.caseCount} cases), lead inspector`, fx.panel, lead],
      [`case list (${fx.caseCount} cases), lead inspector`, fx.cases, lead],
      [`board view (${fx.recommendationCount} recommendations), board member`, fx.boardView, board],
    ];
    for (const [label, path, cookies] of pages) {
      // Statements per request: the fewest over a few requests one after another (nothing else
      // runs on this app, so the difference between two counts is this request's alone).
      let perRequest = Infinity;
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const before = (await statements()).count;
        const res = await fetch(`${base}${path}`, { headers: { cookie: cookies[0]! }, redirect: 'manual' });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        bytes = Buffer.byteLength(body);
        const after = await statements(Boolean(process.env.BENCH_SQL_LOG) && i === 2);
        perRequest = Math.min(perRequest, after.count - before);
        if (after.log) console.log(after.log.map((q) => `    ${q.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n'));
      }
      const b = await load(`http://127.0.0.1:${bare.port}/`, { connections: CLIENTS });
      const r = await load(`${base}${path}`, { connections: CLIENTS, cookies });
      console.log(
        `${label} (${(bytes / 1024).toFixed(0)} KB): ${perRequest} SQL statements a request; ${CLIENTS} signed-in clients: ` +
          `${Math.round(r.rps).toLocaleString('en-GB')} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms (target p99 < 50 ms); ` +
          `bare node:http just before ${Math.round(b.rps).toLocaleString('en-GB')} req/s: ${((r.rps / b.rps) * 100).toFixed(1)}% of bare` +
          `${r.errors || r.non2xx ? `; ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`,
      );
    }
  } finally {
    bare.child.kill();
    app?.child.kill();
    await new Promise((r) => setTimeout(r, 500));
    await database.drop();
  }
}
