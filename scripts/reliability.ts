// npm run test:reliability: faults and load, with figures printed. Called by .ci/run after npm test.
// Needs PostgreSQL (RELIABILITY_DATABASE_URL or the local test database). Every check prints PASS or
// FAIL with its step's name; the script exits 1 on any failure and can never hang: every wait has a
// timeout, and a watchdog ends the run with a FAIL line if a step overruns.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, Socket as NetSocket, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { and, count, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { seedIfEmpty, syncFrameworks } from '../src/setup/bootstrap.ts';
import { seedDemo } from '../src/import/demo.ts';
import { frameworkRegistry } from '../src/store/frameworks.ts';
import { generateCsv } from '../src/import/generate.ts';
import { migrate, openDatabase, type Database } from '../src/store/db.ts';
import { auditEvents, findings, inspections } from '../src/store/schema.ts';
import { buildApp } from '../src/web/app.ts';
import { Agent } from '../test/helpers/http.ts';
import { privatePostgres } from '../test/helpers/private-postgres.ts';
import { bromleyAtFactualAccuracy } from '../test/helpers/workflow.ts';

const ADMIN_URL = process.env.RELIABILITY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LOAD_SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 300);
const MEMORY_BOUND_MB = Number(process.env.RELIABILITY_MEMORY_BOUND_MB ?? 1000);
let failures = 0;
let currentStep = 'start-up';
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${currentStep}: ${what}`);
  if (!ok) failures++;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rejects with a message naming what was awaited if `p` has not settled within `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `insp_rel_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: ADMIN_URL });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

/**
 * A child process whose exit is observed from the moment it is spawned, so a child that finishes
 * before anyone waits for it is still seen to have finished (a listener attached later would wait
 * for ever: that race once made this script end with Node's "unsettled top-level await").
 */
interface Child {
  process: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  finished: () => boolean;
}
function spawnChild(args: string[], env: Record<string, string>): Child {
  const p = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let done = false;
  let stderr = '';
  p.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    p.on('exit', (code, signal) => {
      done = true;
      if (code && code !== 0)
        console.log(
          `  (child ${args.join(' ').slice(0, 60)} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')})`,
        );
      resolve({ code, signal });
    });
    p.on('error', (e) => {
      done = true;
      console.log(`  (child could not start: ${e.message})`);
      resolve({ code: -1, signal: null });
    });
  });
  return { process: p, exit, finished: () => done };
}
const cli = (args: string[], env: Record<string, string>) => spawnChild(['src/cli/main.ts', ...args], env);

/**
 * Waits until the child, connected as `appName`, is inside an open transaction that has written
 * rows (PostgreSQL gave it a transaction id) and holds a write lock on `table`: proof that a kill
 * now lands in the middle of the work. Answers 'finished' if the child exits first.
 */
async function waitUntilWriting(
  child: Child,
  url: string,
  appName: string,
  table: string,
  timeoutMs: number,
): Promise<'writing' | 'finished'> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.finished()) return 'finished';
      const r = await c.query(
        `select 1 from pg_stat_activity a
          where a.application_name = $1 and a.backend_xid is not null
            and exists (select 1 from pg_locks l join pg_class t on t.oid = l.relation
                         where l.pid = a.pid and l.granted and t.relname = $2 and l.mode = 'RowExclusiveLock')`,
        [appName, table],
      );
      if (r.rowCount) return 'writing';
      await sleep(10);
    }
    throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for the child to write to ${table}`);
  } finally {
    await c.end();
  }
}

/** Waits until PostgreSQL has ended the killed child's backend (and so rolled back its transaction). */
async function waitForBackendGone(url: string, appName: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) {
      if (!(await c.query('select 1 from pg_stat_activity where application_name = $1', [appName])).rowCount) return;
    }
    throw new Error(`the killed child's database session (${appName}) was still there after 30 s`);
  } finally {
    await c.end();
  }
}

/**
 * Runs `attempt(size)` with growing amounts of work until the kill lands inside the transaction.
 * An attempt answers 'landed', or 'too-fast' when the work finished before the kill could land, in
 * which case it is said and retried with twice the work: never counted as a pass.
 */
async function killMidTransaction(
  what: string,
  sizes: number[],
  attempt: (size: number) => Promise<'landed' | 'too-fast'>,
) {
  for (const size of sizes) {
    const outcome = await attempt(size);
    if (outcome === 'landed') return;
    console.log(
      `  ${what}: the work (${size.toLocaleString('en-GB')}) finished before the kill could land; retrying with more`,
    );
  }
  check(false, `${what}: the kill never landed mid-transaction, even with ${sizes.at(-1)!.toLocaleString('en-GB')}`);
}

async function killDuringImport() {
  await killMidTransaction('import', [2000, 4000, 8000], async (servicesCount) => {
    const { url, drop } = await freshDatabase();
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'rel-')), 'big.csv');
      writeFileSync(file, generateCsv(frameworkRegistry(), servicesCount, 8));
      const expected = servicesCount * 8;
      const appName = `rel-import-${randomBytes(3).toString('hex')}`;
      const p = cli(['import', file], { DATABASE_URL: url, PGAPPNAME: appName });
      // Standard ratings are written last, after the services and inspections of the same transaction.
      const state = await waitUntilWriting(p, url, appName, 'standard_ratings', 120_000);
      if (state === 'writing') p.process.kill('SIGKILL');
      const { code, signal } = await within(p.exit, 30_000, 'the import to exit');
      if (state === 'finished' || signal !== 'SIGKILL') {
        check(code === 0, `the import that finished before the kill succeeded (exit ${code})`);
        return 'too-fast';
      }
      await waitForBackendGone(url, appName);
      const db = await openDatabase({ databaseUrl: url });
      try {
        await migrate(db);
        const n = async () => Number((await db.db.select({ n: count() }).from(inspections))[0]!.n);
        const afterKill = await n();
        // The kill landed while the transaction was open: nothing it wrote may remain.
        if (afterKill === expected) return 'too-fast'; // committed in the instant between seeing it write and the kill
        check(
          afterKill === 0,
          `import killed by SIGKILL while writing left nothing (${afterKill} of ${expected} inspections)`,
        );
        const rerun = cli(['import', file], { DATABASE_URL: url });
        check((await within(rerun.exit, 300_000, 'the re-run import')).code === 0, 'the import re-runs after the kill');
        check(
          (await n()) === expected,
          `after the re-run: exactly ${expected.toLocaleString('en-GB')} inspections, no duplicates`,
        );
        const third = cli(['import', file], { DATABASE_URL: url });
        await within(third.exit, 300_000, 'the third import');
        check((await n()) === expected, 'a third run imports nothing twice');
      } finally {
        await db.close();
      }
      return 'landed';
    } finally {
      await drop();
    }
  });
}

async function killDuringPublication() {
  await killMidTransaction('publication', [300, 1200, 4800], async (servicesCount) => {
    const { url, drop } = await freshDatabase();
    const db = await openDatabase({ databaseUrl: url });
    try {
      await migrate(db);
      await syncFrameworks(db.db);
      const file = join(mkdtempSync(join(tmpdir(), 'rel-')), 'pub.csv');
      writeFileSync(file, generateCsv(frameworkRegistry(), servicesCount, 8));
      const imported = await within(
        cli(['import', file], { DATABASE_URL: url }).exit,
        300_000,
        'the import before publication',
      );
      check(imported.code === 0, 'the register to publish was imported');
      const expected = servicesCount * 8;
      // All scheduled and all due: one run of the job publishes every one of them, in one transaction.
      await db.db.update(inspections).set({ status: 'scheduled' });
      const appName = `rel-publish-${randomBytes(3).toString('hex')}`;
      const job = `import('./src/jobs/publication.ts').then(async (m) => {
        const { openDatabase } = await import('./src/store/db.ts');
        const d = await openDatabase({ databaseUrl: ${JSON.stringify(url)} });
        await m.publishDue(d.db, new Date());
        await d.close();
      })`;
      const p = spawnChild(['-e', job], { PGAPPNAME: appName });
      // The job flips the rows, then writes an audit event per publication in the same transaction.
      const state = await waitUntilWriting(p, url, appName, 'audit_events', 120_000);
      if (state === 'writing') p.process.kill('SIGKILL');
      const { signal } = await within(p.exit, 30_000, 'the publication job to exit');
      if (state === 'finished' || signal !== 'SIGKILL') return 'too-fast';
      await waitForBackendGone(url, appName);
      const states = await db.db
        .select({ status: inspections.status, n: count() })
        .from(inspections)
        .groupBy(inspections.status);
      const shown = states.map((s) => `${s.status} ${s.n}`).join(', ');
      if (states.length === 1 && states[0]!.status === 'published') return 'too-fast';
      check(
        states.length === 1 && states[0]!.status === 'scheduled',
        `publication killed by SIGKILL mid-transaction left every inspection scheduled (${shown})`,
      );
      const { publishDue } = await import('../src/jobs/publication.ts');
      await within(
        Promise.all([publishDue(db.db, new Date()), publishDue(db.db, new Date())]),
        300_000,
        'two publication jobs at once',
      );
      const published = Number(
        (await db.db.select({ n: count() }).from(inspections).where(eq(inspections.status, 'published')))[0]!.n,
      );
      const events = Number(
        (
          await db.db
            .select({ n: count() })
            .from(auditEvents)
            .where(sql`${auditEvents.after}->>'status' = 'published'`)
        )[0]!.n,
      );
      check(
        published === expected && events === expected,
        `after re-running the job twice at once: ${published} published, ${events} publication audit events (each exactly once, of ${expected})`,
      );
      return 'landed';
    } finally {
      await db.close();
      await drop();
    }
  });
}

/** A TCP proxy between the app and PostgreSQL that can cut every connection, to simulate an outage. */
async function outage() {
  const { url, drop } = await freshDatabase();
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let up = true;
  const proxy = createServer((client) => {
    if (!up) return client.destroy();
    const server = new NetSocket();
    server.connect(Number(target.port || 5432), target.hostname);
    client.pipe(server).pipe(client);
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const via = new URL(url);
  via.port = String((proxy.address() as { port: number }).port);
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: via.toString() });
    await migrate(database);
    await seedIfEmpty(database);
    const app = await buildApp({
      database,
      config: { env: 'production', logLevel: 'silent', cookieSecret: 'x'.repeat(40) },
    });
    const ready = async () => (await app.inject({ url: '/health/ready' })).statusCode;
    check((await ready()) === 200, '/health/ready is 200 while the database is up');
    up = false;
    for (const s of sockets) s.destroy();
    check((await ready()) === 503, '/health/ready is 503 during the outage');
    const page = await app.inject({ url: '/services' });
    check(
      page.statusCode === 500 && page.body.includes('Sorry, there is a problem'),
      'pages fail with a clear error page during the outage, and the process stays up',
    );
    up = true;
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      back = (await ready()) === 200;
      if (!back) await new Promise((r) => setTimeout(r, 100));
    }
    check(back, 'after the outage the app reconnects and /health/ready is 200 again');
    check((await app.inject({ url: '/services' })).statusCode === 200, 'pages work again');
    await app.close();
  } finally {
    await database?.close().catch(() => {});
    proxy.close();
    await drop();
  }
}

/** PostgreSQL really stopped and started while public reads and a writer keep coming. */
async function restartUnderLoad() {
  const server = await privatePostgres();
  if (!server) {
    console.log(
      'SKIP PostgreSQL restart under load: no PostgreSQL binaries to run a private server (the proxy outage above still ran)',
    );
    return;
  }
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: server.url });
    await migrate(database);
    await seedIfEmpty(database);
    // No page cache: every read must reach the database, so the outage is seen.
    const app = await buildApp({
      database,
      config: { env: 'production', logLevel: 'silent', cookieSecret: 'x'.repeat(40) },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const seconds = 20;
    const t0 = Date.now();
    const reads = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 10,
      duration: seconds,
      requests: [
        { path: '/services' },
        { path: '/api/v1/inspections?limit=20' },
        { path: '/inspections/bromley-2025' },
      ],
    });
    // When each failed read happened, to show that failures fall inside the outage and nowhere else.
    const failedAt: number[] = [];
    // The promise autocannon returns is also its event emitter (its types only declare the promise).
    (reads as unknown as import('node:events').EventEmitter).on('response', (_client: unknown, status: number) => {
      if (status >= 400) failedAt.push(Date.now() - t0);
    });
    // Poll readiness throughout, with timestamps, to see the outage reported and then cleared.
    // Each probe keeps when it was sent and when it was answered: only one sent after the server had
    // stopped and answered before it was started again must report the outage.
    const probes: { sent: number; t: number; status: number }[] = [];
    const polling = (async () => {
      while (Date.now() - t0 < seconds * 1000) {
        const sent = Date.now() - t0;
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(10_000) }).catch(
          () => null,
        );
        probes.push({ sent, t: Date.now() - t0, status: res?.status ?? 0 });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await new Promise((r) => setTimeout(r, 5000));
    // pg_ctl runs without blocking the event loop, so answers keep their own times meanwhile.
    const stopping = Date.now() - t0;
    await server.stop();
    const down = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 3000));
    const starting = Date.now() - t0;
    await server.start();
    const up = Date.now() - t0;
    const result = await reads;
    await polling;
    const during = probes.filter((p) => p.sent > down && p.t < starting);
    const recovered = probes.find((p) => p.sent > up && p.status === 200);
    const lateFailures = recovered ? probes.filter((p) => p.sent > recovered.t && p.status !== 200).length : -1;
    const outside = failedAt.filter((t) => t < stopping || t > (recovered?.t ?? up) + 500).length;
    console.log(
      `restart: PostgreSQL stopped at ${(down / 1000).toFixed(1)} s and started at ${(up / 1000).toFixed(1)} s of ${seconds} s of load; ${result.requests.total.toLocaleString('en-GB')} reads, ${failedAt.length} answered with an error page, ${outside} of them outside the outage; ` +
        `ready again ${recovered ? `${((recovered.t - up) / 1000).toFixed(1)} s after the start` : 'never'}`,
    );
    check(outside === 0, 'reads fail only while PostgreSQL is down (stopped to ready again, plus 0.5 s)');
    check(
      during.length > 0 && during.every((p) => p.status === 503),
      `/health/ready reports the outage: ${during.length} probes while PostgreSQL was down, all 503`,
    );
    check(!!recovered && recovered.t - up < 5000, 'the app reconnects by itself within 5 s of PostgreSQL starting');
    check(lateFailures === 0, 'once ready again, it stays ready');
    const after = await Promise.all([
      fetch(`http://127.0.0.1:${port}/services`),
      fetch(`http://127.0.0.1:${port}/api/v1/inspections?limit=5`),
    ]);
    check(
      after.every((r) => r.status === 200),
      'pages and API answer normally after the restart, without restarting the app',
    );
    check(
      result.errors + result.timeouts === 0,
      `no dropped or hung connections: failures during the outage are answered with an error page (${result.errors} errors, ${result.timeouts} timeouts)`,
    );
    // Shutting down after an outage must not hang (SIGTERM does the same): bounded, so a hang is
    // named here instead of using up the step's whole budget.
    await within(app.close(), 30_000, 'the app to close after the restart');
  } finally {
    await within(database?.close() ?? Promise.resolve(), 30_000, 'the pool to end after the restart').catch((e) =>
      check(false, (e as Error).message),
    );
    server.destroy();
  }
}

async function load() {
  const { url, drop } = await freshDatabase();
  const dbs: Database[] = [];
  try {
    const apps = [];
    for (let i = 0; i < 2; i++) {
      const d = await openDatabase({ databaseUrl: url });
      dbs.push(d);
      await migrate(d);
      await seedIfEmpty(d);
      // env 'test': the demo accounts used for the writes are refused in production, by design.
      const app = await buildApp({
        database: d,
        config: { env: 'test', logLevel: 'silent', cookieSecret: 'x'.repeat(40), pageCacheTtlMs: 5000 },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
    }
    const fixture = await bromleyAtFactualAccuracy(dbs[0]!);
    await seedDemo(dbs[0]!, 'test');
    const ports = apps.map((a) => (a.server.address() as { port: number }).port);
    const writer = new Agent(apps[1]!);
    await writer.signIn('inspector@example.test');
    const findingsBefore = Number(
      (
        await dbs[0]!.db.select({ n: count() }).from(findings).where(eq(findings.inspectionId, fixture.inspectionId))
      )[0]!.n,
    );
    const auditBefore = Number(
      (
        await dbs[0]!.db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.inspectionId, fixture.inspectionId), eq(auditEvents.entityType, 'finding')))
      )[0]!.n,
    );
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1000);
    let writes = 0;
    let writeErrors = 0;
    const deadline = Date.now() + LOAD_SECONDS * 1000;
    const writing = (async () => {
      while (Date.now() < deadline) {
        await writer.get(`/workspace/inspections/${fixture.inspectionId}/findings`);
        const r = await writer.post(`/workspace/inspections/${fixture.inspectionId}/findings`, {
          kind: 'strength',
          text: `Load test finding ${writes}`,
        });
        if (r.statusCode === 303) writes++;
        else writeErrors++;
      }
    })();
    const paths = [
      '/',
      '/services',
      '/services/bromley',
      '/inspections/bromley-2025',
      '/api/v1/inspections?limit=20',
      '/statistics',
    ];
    const reads = await Promise.all(
      ports.map((port) =>
        autocannon({
          url: `http://127.0.0.1:${port}`,
          connections: 10,
          duration: LOAD_SECONDS,
          requests: paths.map((path) => ({ path })),
        }),
      ),
    );
    await writing;
    clearInterval(sampler);
    const total = reads.reduce((n, r) => n + r.requests.total, 0);
    const errors = reads.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
    console.log(
      `load: ${LOAD_SECONDS} s, 2 instances on one PostgreSQL, ${total.toLocaleString('en-GB')} reads (${Math.round(total / LOAD_SECONDS)} /s), ${writes} writes; memory ${Math.round(rss0 / 1e6)} → peak ${Math.round(peak / 1e6)} MB`,
    );
    check(
      errors === 0 && writeErrors === 0,
      `zero errors under load (${errors} read errors, ${writeErrors} write errors)`,
    );
    // The bound covers this whole process: two app instances, their pools and caches, and the load generator.
    check(
      peak - rss0 < MEMORY_BOUND_MB * 1e6,
      `memory growth under the stated bound of ${MEMORY_BOUND_MB} MB for the test process (${Math.round((peak - rss0) / 1e6)} MB)`,
    );
    const findingsAfter = Number(
      (
        await dbs[0]!.db.select({ n: count() }).from(findings).where(eq(findings.inspectionId, fixture.inspectionId))
      )[0]!.n,
    );
    const auditAfter = Number(
      (
        await dbs[0]!.db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.inspectionId, fixture.inspectionId), eq(auditEvents.entityType, 'finding')))
      )[0]!.n,
    );
    check(
      findingsAfter - findingsBefore === writes && auditAfter - auditBefore === writes,
      `audit log complete: ${writes} writes, ${findingsAfter - findingsBefore} findings, ${auditAfter - auditBefore} audit events`,
    );
    for (const a of apps) await a.close();
  } finally {
    for (const d of dbs) await d.close().catch(() => {});
    await drop();
  }
}

/**
 * The rolling restart of the production shape: the compiled build behind nginx, each of two instances
 * drained, stopped with SIGTERM and started again under steady load. It lives in the deployment script
 * (which owns the nginx stack); run here as a child so its figures (requests, writes, failures, lost
 * writes) print in this run too. Without nginx it cannot run: a FAIL on CI, a plain note elsewhere.
 */
async function rolling() {
  if (!existsSync(process.env.NGINX_PATH ?? '/usr/sbin/nginx')) {
    const why = 'nginx is not installed (apt-get install -y nginx), so the rolling restart was not run';
    if (process.env.CI) check(false, why);
    else console.log(`SKIP ${currentStep}: ${why}`);
    return;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deployment.ts'], {
    env: { ...process.env, DEPLOY_DATABASE_URL: ADMIN_URL, DEPLOY_ONLY: 'build,rolling' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const relay = (chunk: Buffer) => {
    out += chunk.toString();
    process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '  | '));
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const failed = out.split('\n').filter((l) => l.startsWith('FAIL')).length;
  check(code === 0 && failed === 0, `the rolling restart through nginx (exit ${code}, ${failed} FAIL lines above)`);
}

const STEPS: [name: string, run: () => Promise<void>, minutes: number][] = [
  ['import', killDuringImport, 15],
  ['publication', killDuringPublication, 15],
  ['outage', outage, 5],
  ['restart', restartUnderLoad, 5],
  ['load', load, LOAD_SECONDS / 60 + 5],
  ['rolling', rolling, 10],
];

async function main(): Promise<number> {
  const t0 = Date.now();
  // RELIABILITY_ONLY=outage,restart runs a subset of the steps above; default all.
  const only = new Set((process.env.RELIABILITY_ONLY ?? STEPS.map(([n]) => n).join(',')).split(','));
  for (const [name, run, minutes] of STEPS) {
    if (!only.has(name)) continue;
    currentStep = name;
    try {
      // A step that overruns its budget fails with its name instead of holding up the rest.
      await within(run(), minutes * 60_000, `the ${name} step to finish`);
    } catch (e) {
      check(false, `stopped with an error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(
    `reliability: ${failures ? `${failures} FAILED` : 'all passed'} in ${Math.round((Date.now() - t0) / 1000)} s`,
  );
  return failures ? 1 : 0;
}

// A promise that never settles can no longer end the run silently with Node's exit code 13: the
// watchdog keeps the process alive, then names the step that was running and exits 1.
const budgetMinutes = STEPS.reduce((n, [, , m]) => n + m, 5);
const watchdog = setTimeout(() => {
  console.log(
    `FAIL ${currentStep}: the reliability run was still going after ${Math.round(budgetMinutes)} minutes (watchdog)`,
  );
  process.exit(1);
}, budgetMinutes * 60_000);
process.on('unhandledRejection', (e) => {
  console.log(`FAIL ${currentStep}: unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exit(code);
  },
  (e: unknown) => {
    console.log(`FAIL ${currentStep}: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
