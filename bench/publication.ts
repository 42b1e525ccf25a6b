// BENCH_ONLY=publication: many inspections published at the same instant on two instances of the
// service (real `serve` processes, as an operator runs them) sharing one PostgreSQL database.
// Measured: when each instance first shows all of them (the embargo must hold until the instant,
// so nothing may show before it), how long the report PDFs take to be printed and stored and how
// many Chromium processes that needs at most (the printer's queue is bounded), and the latency of
// public requests to both instances meanwhile.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { londonToday } from '../src/domain/embargo.ts';
import { seedIfEmpty } from '../src/setup/bootstrap.ts';
import { migrate, openDatabase } from '../src/store/db.ts';
import { builders } from '../test/helpers/builders.ts';

const ROOT = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

function startServe(port: number, databaseUrl: string, probeOut: string): ChildProcess {
  // The probe (bench/probe.ts) times each request and the event loop inside the server itself.
  return spawn(process.execPath, ['--import', 'tsx', '--import', './bench/probe.ts', 'src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      BENCH_PROBE_OUT: probeOut,
      ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function ready(port: number, child: ChildProcess, timeoutMs = 120_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`instance on ${port} was not ready after ${timeoutMs} ms`);
}

/** Chromium processes started by these processes (the report printers' browsers and their helpers). */
function chromiumUnder(roots: readonly number[]): number {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  const rows = ps.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((r) => r.length >= 3)
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm! }));
  const inside = new Set(roots);
  // Parents come before children often but not always: repeat until nothing is added.
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (inside.has(r.ppid) && !inside.has(r.pid)) {
        inside.add(r.pid);
        grew = true;
      }
  }
  return rows.filter((r) => inside.has(r.pid) && /chrom/i.test(r.comm)).length;
}

export async function publicationAtScale(adminUrl: string, count = Number(process.env.BENCH_PUBLISH_COUNT ?? 200)) {
  const name = `insp_bench_pub_${randomBytes(4).toString('hex')}`;
  // BENCH_PUB_TEMPLATE=<database>: the scheduled inspections are made once and kept in that
  // database; later runs copy it (PostgreSQL's CREATE DATABASE ... TEMPLATE) instead of making them
  // again, which takes minutes on this machine. Only for runs of code with the same migrations.
  const template = process.env.BENCH_PUB_TEMPLATE;
  const templateExists =
    !!template && (await admin(adminUrl, `select 1 from pg_database where datname = '${template}'`)).rows.length > 0;
  await admin(adminUrl, templateExists ? `create database ${name} template ${template}` : `create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const children: ChildProcess[] = [];
  try {
    const ids: string[] = [];
    if (templateExists) {
      const r = await admin(
        url,
        `select id from inspections where status = 'scheduled' and published_at = '2030-01-01T00:01:00Z' order by id`,
      );
      ids.push(...r.rows.map((row: { id: string }) => row.id));
      if (ids.length !== count) throw new Error(`${template} holds ${ids.length} scheduled inspections, not ${count}`);
      console.log(`publication at scale: ${count} scheduled inspections copied from ${template}`);
    } else {
      const database = await openDatabase({ databaseUrl: url });
      await migrate(database);
      await seedIfEmpty(database);
      const build = builders(database);
      const lead = await build.account('lead_inspector');
      const inspector = await build.account('inspector');
      const t0 = Date.now();
      // Scheduled far ahead while they are made (four at a time); the instant is set for all of them
      // at once below.
      for (let i = 0; i < count; i += 4) {
        const made = await Promise.all(
          Array.from({ length: Math.min(4, count - i) }, () =>
            build.inspection({ status: 'scheduled', lead, inspector, publishAt: new Date('2030-01-01T00:01:00Z') }),
          ),
        );
        ids.push(...made.map((m) => m.id));
      }
      console.log(
        `publication at scale: ${count} scheduled inspections made in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      await database.close();
      if (template) await admin(adminUrl, `create database ${template} template ${name}`);
    }

    const ports = [4203, 4204];
    const probeOuts = ports.map((p) => join(tmpdir(), `${name}-${p}.json`));
    for (const [i, p] of ports.entries()) children.push(startServe(p, url, probeOuts[i]!));
    await Promise.all(ports.map((p, i) => ready(p, children[i]!)));
    const roots = children.map((c) => c.pid!);
    const paths = ['/', '/services', '/statistics', '/api/v1/inspections?limit=50', '/feed.atom'];
    // Each page asked for a few times on each instance first, as an instance in service would have
    // been: a fresh process compiles its templates and loads the chart and map modules on the first
    // requests, seconds of work that would otherwise be measured as if the publication caused it.
    // (The report printer's browser is still started by the first print, as it is in service.)
    for (const p of ports)
      for (let round = 0; round < 3; round++)
        for (const path of paths) await (await fetch(`http://127.0.0.1:${p}${path}`)).arrayBuffer();

    // The instant: a few seconds from now, so both instances are serving and under load before it.
    const at = new Date(Math.ceil((Date.now() + 6000) / 1000) * 1000);
    const day = londonToday(at);
    const idList = ids.map((id) => `'${id}'`).join(',');
    await admin(
      url,
      `update inspections set published_at = '${at.toISOString()}', publication_earliest = '${day}',
       publication_latest = '${day}', publication_precision = 'day' where id in (${idList})`,
    );

    // Public reads on both instances from 2 s before the instant to 10 s after it.
    const loadStart = at.getTime() - 2000 - Date.now();
    await sleep(Math.max(0, loadStart));
    // Every response as the load generator saw it: when it was sent (relative to the instant), the
    // path, and its latency; autocannon's client still holds the request just answered.
    const seen: [sentAt: number, ms: number, path: string][][] = ports.map(() => []);
    const loads = ports.map(
      (p, i) =>
        new Promise<autocannon.Result>((done, fail) => {
          const instance = autocannon(
            {
              url: `http://127.0.0.1:${p}`,
              connections: 5,
              duration: 12,
              requests: paths.map((path) => ({ method: 'GET' as const, path })),
            },
            (e: unknown, r: autocannon.Result) => (e ? fail(e instanceof Error ? e : new Error(String(e))) : done(r)),
          );
          instance.on('response', (client, _status, _bytes, ms) => {
            const req = (client as unknown as { requestIterator?: { currentRequest?: { path?: string } } })
              .requestIterator?.currentRequest;
            seen[i]!.push([Math.round(Date.now() - ms - at.getTime()), ms, req?.path ?? '?']);
          });
        }),
    );
    // A CPU profile of each server from 1 s before the instant to 3 s after it.
    setTimeout(
      () => {
        for (const c of children) c.kill('SIGUSR2');
      },
      at.getTime() - 1000 - Date.now(),
    );

    // Visibility: each instance's API list of what was published on the day, polled every 50 ms.
    const visibleAfter: (number | null)[] = ports.map(() => null);
    let earlyLeaks = 0;
    let polls = 0;
    const pollUntil = at.getTime() + 10_000;
    while (Date.now() < pollUntil && visibleAfter.some((v) => v === null)) {
      await Promise.all(
        ports.map(async (p, i) => {
          if (visibleAfter[i] !== null) return;
          const res = await fetch(`http://127.0.0.1:${p}/api/v1/inspections?publishedFrom=${day}&limit=500`);
          const body = (await res.json()) as { data: unknown[] };
          const received = Date.now();
          polls++;
          const shown = body.data.length;
          // An answer received before the instant was made before it, so must hold none of them.
          if (received < at.getTime() && shown > 0) earlyLeaks++;
          if (shown >= count) visibleAfter[i] = received - at.getTime();
        }),
      );
      await sleep(50);
    }

    // The report PDFs, printed after publication by the instance that published (one at a time).
    let peakChromium = 0;
    let pdfs = 0;
    // BENCH_PUB_PDFS=0: stop after the reads (a quicker run, for tracing the reads alone).
    const pdfDeadline = process.env.BENCH_PUB_PDFS === '0' ? at.getTime() + 11_000 : at.getTime() + 10 * 60_000;
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    let allPrintedAfter: number | null = null;
    while (Date.now() < pdfDeadline) {
      peakChromium = Math.max(peakChromium, chromiumUnder(roots));
      const r = await check.query(
        `select count(distinct inspection_id)::int as n from report_pdfs where inspection_id in (${idList})`,
      );
      pdfs = r.rows[0].n as number;
      if (pdfs >= count) {
        allPrintedAfter = Date.now() - at.getTime();
        break;
      }
      await sleep(500);
    }
    await check.end();
    const results = await Promise.all(loads);

    console.log(
      `publication at scale: ${count} inspections at one instant, two instances on one PostgreSQL (tsx, NODE_ENV=production)`,
    );
    console.log(
      `  visible on all of them: ${visibleAfter.map((v, i) => `instance ${i + 1} ${v === null ? 'NOT within 10 s' : `${v} ms after the instant`}`).join(', ')} (${polls} polls; answers received before the instant that showed any: ${earlyLeaks}, must be 0)`,
    );
    console.log(
      `  report PDFs stored: ${pdfs} of ${count}${allPrintedAfter === null ? ' within 10 minutes' : `, the last ${(allPrintedAfter / 1000).toFixed(1)} s after the instant`}; at most ${peakChromium} Chromium processes under the two instances (polled every 0.5 s)`,
    );
    for (const [i, r] of results.entries()) {
      const slow = r.latency.max;
      console.log(
        `  public reads on instance ${i + 1} (5 connections, ${paths.length} pages, 2 s before to 10 s after): ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${slow} ms; ${r.errors + r.timeouts} errors, ${r.non2xx} non-2xx`,
      );
      const over = seen[i]!.filter(([, ms]) => ms > 200).sort((a, b) => a[0] - b[0]);
      const byPath = new Map<string, number>();
      for (const [, , path] of over) byPath.set(path, (byPath.get(path) ?? 0) + 1);
      console.log(
        `    over 200 ms: ${over.length} of ${seen[i]!.length} (${[...byPath].map(([p, n]) => `${p} ${n}`).join(', ') || 'none'})`,
      );
      const slowest = [...seen[i]!].sort((a, b) => b[1] - a[1]).slice(0, 12);
      console.log(
        `    slowest (sent at, relative to the instant): ${slowest.map(([t, ms, path]) => `${path} ${Math.round(ms)} ms at ${t >= 0 ? '+' : ''}${t}`).join('; ')}`,
      );
    }
    await traced(children, probeOuts, at.getTime());
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
    await admin(adminUrl, `drop database if exists ${name} with (force)`).catch(() => {});
  }
}

interface Probe {
  requests: [number, number, string][];
  loop: [number, number, number][];
  profile: { startedAt: number; profile: CpuProfile } | null;
}
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/** What the servers' probes saw (bench/probe.ts), read once they have exited. */
async function traced(children: ChildProcess[], outs: string[], at: number) {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
  for (const [i, file] of outs.entries()) {
    if (!existsSync(file)) continue;
    const p = JSON.parse(readFileSync(file, 'utf8')) as Probe;
    if (process.env.BENCH_PUB_KEEP_TRACE) console.log(`    trace kept: ${file}`);
    else rmSync(file);
    const rel = (t: number) => `${t - at >= 0 ? '+' : ''}${t - at}`;
    const window = p.loop.filter(([t]) => t >= at - 2000 && t <= at + 10_000);
    const stalls = window.filter(([, max]) => max > 50);
    console.log(
      `  instance ${i + 1}, inside the server: event loop delay max ${Math.round(Math.max(0, ...window.map((w) => w[1])))} ms from 2 s before to 10 s after; 100 ms windows with a delay over 50 ms: ${stalls.map(([t, max]) => `${rel(t)} ${Math.round(max)} ms`).join(', ') || 'none'}`,
    );
    const reqs = p.requests.filter(([t]) => t >= at - 2000 && t <= at + 10_000);
    const slow = [...reqs].sort((a, b) => b[1] - a[1]).slice(0, 10);
    console.log(
      `    slowest in the server (arrived at): ${slow.map(([t, ms, url]) => `${url} ${Math.round(ms)} ms at ${rel(t)}`).join('; ')}`,
    );
    if (p.profile) console.log(`    CPU from ${rel(p.profile.startedAt)}: ${profileSummary(p.profile.profile)}`);
  }
}

/** The functions that took most CPU in a profile (self time), with the share of samples idle. */
function profileSummary(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (const [k, id] of profile.samples.entries()) {
    const dt = profile.timeDeltas[k] ?? 0;
    total += dt;
    const f = byId.get(id)!.callFrame;
    const where = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + dt);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return `${Math.round(total / 1000)} ms sampled; ${top.map(([w, us]) => `${w} ${Math.round(us / 1000)} ms`).join('; ')}`;
}
