// npm run test:deploy: the production shape, run as an operator would and measured. A CI step of
// its own (after npm test), so `npm test` stays quick. Needs PostgreSQL (DEPLOY_DATABASE_URL or the
// local test database), Debian's nginx, openssl and Chromium. Steps, each printing PASS/FAIL lines:
//   build     npm run build, then dist/ runs on plain Node
//   startup   start-up time and idle memory, compiled against tsx, on PGlite and on PostgreSQL
//   nginx     deploy/nginx.conf with a self-signed certificate in front of two compiled instances
//             on one PostgreSQL database; in Chromium over HTTPS: sign in, inspector work spread
//             over both instances, a publication appearing at its instant on both, the report PDF
//   rolling   steady load through nginx while each instance in turn is drained in nginx, gets
//             SIGTERM and is started again: no failed request, no lost write
// Ports: DEPLOY_PORT_BASE (default 4103) and the four after it. Every wait has a timeout.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { and, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { openDatabase, type Database } from '../src/store/db.ts';
import { caseAssessments as cases, loginAttempts } from '../src/store/schema.ts';
import { LAUNCH_ARGS } from '../src/web/inspection/pdf.ts';
import { axeViolations, CHROMIUM } from '../test/helpers/browser.ts';
import { builders, PASSWORD } from '../test/helpers/builders.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_URL = process.env.DEPLOY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PORT_BASE = Number(process.env.DEPLOY_PORT_BASE ?? 4103);
const PORTS = { app1: PORT_BASE, app2: PORT_BASE + 1, https: PORT_BASE + 2, http: PORT_BASE + 3, probe: PORT_BASE + 4 };
const STARTUP_RUNS = Number(process.env.DEPLOY_STARTUP_RUNS ?? 3);
/** Load before the first restart and after the last (the restarts themselves take what they take). */
const LOAD_LEAD_SECONDS = Number(process.env.DEPLOY_LOAD_LEAD_SECONDS ?? 8);
/** Take each instance out of nginx's rotation before stopping it (DEPLOY_DRAIN=0: SIGTERM alone, to compare). */
const DRAIN = process.env.DEPLOY_DRAIN !== '0';
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const COOKIE_SECRET = randomBytes(32).toString('hex');
const ORIGIN = `https://localhost:${PORTS.https}`;
/** What a client sends to pretend to be someone else; nginx must throw it away. */
const FORGED_ADDRESS = '203.0.113.77';

let failures = 0;
let currentStep = 'start-up';
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${currentStep}: ${what}`);
  if (!ok) failures++;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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

async function adminQuery(text: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** A database of this run's own, dropped afterwards, so the test never meets another's data. */
async function privateDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `insp_deploy_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

// ---- app instances ---------------------------------------------------------------------------

type Mode = 'compiled' | 'tsx';
const COMMAND: Record<Mode, string[]> = {
  compiled: ['dist/cli/main.js', 'serve'],
  tsx: ['--import', 'tsx', 'src/cli/main.ts', 'serve'],
};

interface Instance {
  name: string;
  port: number;
  process: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log: string;
}

/** Every process this script started, ended if the script itself has to stop early (watchdog, error). */
const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

/** Starts `serve` as an operator would (NODE_ENV=production), its JSON log lines in `log`. */
function startInstance(name: string, mode: Mode, port: number, env: Record<string, string>, log: string): Instance {
  const fd = openSync(log, 'a');
  const p = spawn(process.execPath, COMMAND[mode], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      COOKIE_SECRET,
      PUBLIC_BASE_URL: ORIGIN,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', fd, fd],
  });
  started.add(p);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    p.on('exit', (code, signal) => r({ code, signal })),
  );
  return { name, port, process: p, exit, log };
}

/** Milliseconds from `t0` until /health/ready answers 200 (polled every 20 ms). */
async function untilReady(port: number, t0: number, inst?: Instance, timeoutMs = 120_000): Promise<number> {
  let exited = false;
  void inst?.exit.then(() => (exited = true));
  while (Date.now() - t0 < timeoutMs) {
    if (exited) throw new Error(`${inst!.name} exited before it was ready (log: ${inst!.log})`);
    const r = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
    await r?.arrayBuffer().catch(() => null);
    if (r?.status === 200) return Date.now() - t0;
    await sleep(20);
  }
  throw new Error(`port ${port} not ready within ${timeoutMs / 1000} s`);
}

/** Resident memory of a process and every process under it (tsx's esbuild helper counts too). */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  let kb = 0;
  const visit = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return kb;
}

/** SIGTERM, then the exit code and how long the graceful shutdown took. */
async function stop(inst: Instance): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  inst.process.kill('SIGTERM');
  const { code } = await within(inst.exit, 40_000, `${inst.name} to exit after SIGTERM`);
  return { code, ms: Date.now() - t0 };
}

// ---- steps -----------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'insp-deploy-'));

async function build() {
  if (process.env.DEPLOY_SKIP_BUILD === '1' && existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.log('  build skipped (DEPLOY_SKIP_BUILD=1): using the dist/ there');
  } else {
    const t0 = Date.now();
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    check(r.status === 0, `npm run build exited ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const imports = spawnSync('grep', ['-rlE', `from '[^']*\\.ts'|import\\('[^']*\\.ts'\\)`, join(ROOT, 'dist')], {
    encoding: 'utf8',
  });
  check(imports.stdout.trim() === '', 'dist/ imports no .ts file, so plain Node runs it');
}

/**
 * SIGTERM while a request is in progress on a keep-alive connection (a report PDF printed on
 * demand, which takes a second or more): the response must arrive whole, and the process must
 * then exit 0 promptly, not hold on to the connection until the 30 s limit.
 */
async function shutdownWithRequestInFlight(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const ref = (
    await c.query<{ ref: string }>(
      `select i.ref from inspections i where i.status = 'published'
        and not exists (select 1 from report_pdfs r where r.inspection_id = i.id) limit 1`,
    )
  ).rows[0]?.ref;
  await c.end();
  if (!ref) return check(false, 'an unprinted published inspection to print during shutdown');
  const inst = startInstance('in-flight', 'compiled', PORTS.probe, { DATABASE_URL: url }, join(tmp, 'startup.log'));
  await untilReady(PORTS.probe, Date.now(), inst);
  const agent = new http.Agent({ keepAlive: true });
  const response = new Promise<{ status: number; body: Buffer }>((resolveResponse, reject) => {
    http
      .get({ host: '127.0.0.1', port: PORTS.probe, path: `/inspections/${ref}/report.pdf`, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
  await sleep(150);
  const stopping = stop(inst);
  const res = await within(response, 40_000, 'the report PDF requested before SIGTERM');
  const { code, ms } = await stopping;
  agent.destroy();
  check(
    res.status === 200 && res.body.subarray(0, 5).toString() === '%PDF-',
    `a report PDF being printed when SIGTERM came was still sent whole (${res.status}, ${Math.round(res.body.length / 1024)} KB)`,
  );
  check(
    code === 0 && ms < 25_000,
    `then the instance exited ${code}, ${ms} ms after SIGTERM (kept-alive connection closed)`,
  );
}

/** Start-up (process start to /health/ready 200) and idle memory, compiled and tsx, on both databases. */
async function startup() {
  const { url, drop } = await privateDatabase();
  const dataDir = join(tmp, 'pglite');
  const rows: string[] = [];
  try {
    for (const [db, env] of [
      ['PGlite', { DATA_DIR: dataDir }],
      ['PostgreSQL', { DATABASE_URL: url }],
    ] as const) {
      // The first start migrates and seeds; the measured ones find an existing database, as a restart does.
      const first = startInstance('first start', 'compiled', PORTS.probe, env, join(tmp, 'startup.log'));
      await untilReady(PORTS.probe, Date.now(), first);
      await stop(first);
      const figures: Record<Mode, { ms: number[]; rss: number[] }> = {
        compiled: { ms: [], rss: [] },
        tsx: { ms: [], rss: [] },
      };
      for (let i = 0; i < STARTUP_RUNS; i++) {
        for (const mode of ['tsx', 'compiled'] as const) {
          const t0 = Date.now();
          const inst = startInstance(`${mode} ${db}`, mode, PORTS.probe, env, join(tmp, 'startup.log'));
          figures[mode].ms.push(await untilReady(PORTS.probe, t0, inst));
          // Idle: a few seconds after start, with the background jobs' first runs done.
          await sleep(3000);
          figures[mode].rss.push(treeRssKb(inst.process.pid!) / 1024);
          const { code } = await stop(inst);
          check(code === 0, `${mode} on ${db}: SIGTERM when idle exits 0`);
        }
      }
      for (const mode of ['tsx', 'compiled'] as const) {
        const f = figures[mode];
        rows.push(
          `  ${db.padEnd(10)} ${mode.padEnd(8)} start-up ${String(median(f.ms)).padStart(5)} ms (${f.ms.join(', ')}); idle RSS ${median(f.rss).toFixed(0).padStart(4)} MB (${f.rss.map((x) => x.toFixed(0)).join(', ')})`,
        );
      }
      if (db === 'PostgreSQL') await shutdownWithRequestInFlight(url);
      // Reported, not asserted: start-up on a shared machine varies too much for a threshold.
      const ratio = median(figures.compiled.ms) / median(figures.tsx.ms);
      rows.push(
        `  ${db.padEnd(10)} compiled/tsx: start-up ×${ratio.toFixed(2)}, idle RSS ×${(median(figures.compiled.rss) / median(figures.tsx.rss)).toFixed(2)}`,
      );
    }
    console.log(
      `startup: median of ${STARTUP_RUNS} starts each, process start to /health/ready 200\n${rows.join('\n')}`,
    );
  } finally {
    await drop();
  }
}

// ---- nginx ------------------------------------------------------------------------------------

interface Stack {
  url: string;
  drop: () => Promise<void>;
  database: Database;
  instances: [Instance, Instance];
  nginx: ChildProcess;
  accessLog: string;
  ca: Buffer;
  tls: { cert: string; key: string };
}
let stack: Stack | undefined;

function certificate(): { cert: string; key: string } {
  const cert = join(tmp, 'cert.pem');
  const key = join(tmp, 'key.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { cert, key };
}

/**
 * deploy/nginx.conf with this run's values, written where the main configuration includes it.
 * An instance in `drained` is marked `down`: nginx sends it nothing new after a reload.
 */
function writeSite(tls: { cert: string; key: string }, accessLog: string, drained: ReadonlySet<number> = new Set()) {
  const app = (port: number) => `127.0.0.1:${port}${drained.has(port) ? ' down' : ''}`;
  const values: Record<string, string> = {
    APP_1: app(PORTS.app1),
    APP_2: app(PORTS.app2),
    HTTP_LISTEN: `127.0.0.1:${PORTS.http}`,
    HTTPS_LISTEN: `127.0.0.1:${PORTS.https}`,
    HTTPS_PORT_SUFFIX: `:${PORTS.https}`,
    SERVER_NAME: 'localhost',
    TLS_CERT: tls.cert,
    TLS_KEY: tls.key,
    ACCESS_LOG: accessLog,
  };
  const site = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    if (!(k in values)) throw new Error(`deploy/nginx.conf: no value for {{${k}}}`);
    return values[k]!;
  });
  writeFileSync(join(tmp, 'inspectorate.conf'), site);
}

/** A minimal main configuration of the test's own around the site file. */
function nginxConfig(tls: { cert: string; key: string }, accessLog: string): string {
  writeSite(tls, accessLog);
  const main = join(tmp, 'nginx-main.conf');
  const t = (d: string) => join(tmp, d);
  writeFileSync(
    main,
    `# The test's own nginx: in the foreground, everything under ${tmp}.
${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${t('nginx.pid')};
error_log ${t('nginx-error.log')} warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path ${t('nginx-body')};
  proxy_temp_path ${t('nginx-proxy')};
  fastcgi_temp_path ${t('nginx-fastcgi')};
  uwsgi_temp_path ${t('nginx-uwsgi')};
  scgi_temp_path ${t('nginx-scgi')};
  include ${t('inspectorate.conf')};
}
`,
  );
  return main;
}

async function startStack(): Promise<Stack> {
  const { url, drop } = await privateDatabase();
  // Until the stack is complete nothing else would clean up after a failure: do it here.
  try {
    const tls = certificate();
    const accessLog = join(tmp, 'nginx-access.log');
    const conf = nginxConfig(tls, accessLog);
    const tested = spawnSync(NGINX, ['-t', '-e', join(tmp, 'nginx-error.log'), '-c', conf], { encoding: 'utf8' });
    check(tested.status === 0, `nginx -t accepts deploy/nginx.conf (${tested.stderr.trim().split('\n').at(-1)})`);
    if (tested.status !== 0) throw new Error(`nginx -t: ${tested.stderr.trim()}`);
    const nginx = spawn(NGINX, ['-e', join(tmp, 'nginx-error.log'), '-c', conf], { stdio: 'ignore' });
    started.add(nginx);
    const env = { DATABASE_URL: url, TRUST_PROXY: '127.0.0.1' };
    // Both at once on an empty database: one migrates and seeds, the other waits on the advisory lock.
    const t0 = Date.now();
    const instances: [Instance, Instance] = [
      startInstance('instance 1', 'compiled', PORTS.app1, env, join(tmp, 'app1.log')),
      startInstance('instance 2', 'compiled', PORTS.app2, env, join(tmp, 'app2.log')),
    ];
    const ready = await Promise.all(instances.map((i) => untilReady(i.port, t0, i)));
    console.log(`  two compiled instances started together on an empty database: ready in ${ready.join(' and ')} ms`);
    const database = await openDatabase({ databaseUrl: url });
    const ca = readFileSync(tls.cert);
    for (let i = 0; i < 50; i++) {
      if ((await httpsGet(ca, '/health')).status === 200) break;
      await sleep(100);
    }
    check(
      (await httpsGet(ca, '/health')).status === 200,
      'the compiled build answers /health through nginx over HTTPS',
    );
    stack = { url, drop, database, instances, nginx, accessLog, ca, tls };
    return stack;
  } catch (e) {
    for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await drop().catch(() => {});
    throw e;
  }
}

async function stopStack() {
  if (!stack) return;
  const s = stack;
  stack = undefined;
  for (const i of s.instances) if (i.process.exitCode === null) i.process.kill('SIGTERM');
  await Promise.all(s.instances.map((i) => within(i.exit, 40_000, `${i.name} to exit`).catch(() => null)));
  s.nginx.kill('SIGQUIT');
  await s.database.close().catch(() => {});
  await s.drop();
}

/** One HTTPS request through nginx, trusting the test's own certificate (no verification turned off). */
function httpsRequest(
  ca: Buffer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: import('node:http').IncomingHttpHeaders; body: string }> {
  return new Promise((resolveRequest, reject) => {
    const req = https.request(
      // A connection per request (agent: false). On a kept-alive connection that nginx closes as
      // it reloads, a browser sends the request again on a new one; Node's client does not, and
      // would count nginx's reload as a failed write. autocannon's reads keep their connections.
      {
        host: '127.0.0.1',
        port: PORTS.https,
        servername: 'localhost',
        method,
        path,
        ca,
        headers,
        timeout: 30_000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveRequest({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
const httpsGet = (ca: Buffer, path: string) => httpsRequest(ca, 'GET', path).catch(() => ({ status: 0, body: '' }));

/** A signed-in person over HTTPS, as the writer of the rolling restart: cookies and the form's CSRF token. */
class HttpsAgent {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly ca: Buffer) {}
  private async send(method: string, path: string, form?: Record<string, string>) {
    const body = form ? new URLSearchParams({ _csrf: this.csrf, ...form }).toString() : undefined;
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await httpsRequest(this.ca, method, path, headers, body);
    for (const c of res.headers['set-cookie'] ?? []) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }
  get = (path: string) => this.send('GET', path);
  post = (path: string, form: Record<string, string>) => this.send('POST', path, form);
}

/** `nginx -s reload`: a graceful reload, after which new requests follow the new configuration. */
async function reloadNginx() {
  const pid = Number(readFileSync(join(tmp, 'nginx.pid'), 'utf8'));
  process.kill(pid, 'SIGHUP');
  // The new workers start within milliseconds; the old ones finish their requests and exit.
  await sleep(1000);
}

/** When nginx's log first shows `upstream` answering 2xx at or after `since` (polled every 100 ms). */
async function backInRotation(accessLog: string, upstream: string, since: number): Promise<number> {
  for (const end = Date.now() + 30_000; Date.now() < end;) {
    for (const line of readFileSync(accessLog, 'utf8').split('\n').reverse()) {
      const m = /"[^"]*" (\d+) \d+ upstream=(\S+) .* t=(\d+\.\d+)$/.exec(line);
      if (!m) continue;
      const at = Math.round(Number(m[3]) * 1000);
      if (at < since - 1000) break;
      if (m[2] === upstream && m[1]!.startsWith('2')) return at;
    }
    await sleep(100);
  }
  throw new Error(`nginx sent no request to ${upstream} within 30 s of its start`);
}

/** Which upstream answered each logged request whose path starts with `prefix`. */
function upstreamsFor(accessLog: string, prefix: string, from = 0): Map<string, number> {
  const counts = new Map<string, number>();
  const lines = readFileSync(accessLog, 'utf8').split('\n').slice(from);
  for (const line of lines) {
    const m = /"(?:GET|POST) (\S+) [^"]*" \d+ \d+ upstream=(\S+)/.exec(line);
    if (m && m[1]!.startsWith(prefix)) counts.set(m[2]!, (counts.get(m[2]!) ?? 0) + 1);
  }
  return counts;
}
const shown = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

async function throughNginx() {
  const s = await startStack();
  const build = builders(s.database);
  // Accounts outside the demo domain, which production refuses.
  const suffix = randomBytes(3).toString('hex');
  const lead = await build.account('lead_inspector', { email: `lead-${suffix}@deploy.invalid` });
  const inspector = await build.account('inspector', { email: `inspector-${suffix}@deploy.invalid` });
  const work = await build.inspection({ status: 'fieldwork', lead, inspector, ratings: 'none' });
  let watching = true;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  try {
    // The certificate is the test's own, so the browser is told to accept it; every request also
    // carries a forged X-Forwarded-For, which nginx must replace with the address it saw.
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { 'X-Forwarded-For': FORGED_ADDRESS },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const r = await page.goto(`${ORIGIN}/sign-in`);
    check(r?.status() === 200, 'the sign-in page loads through nginx over HTTPS');
    await page.getByLabel('Email address').fill(inspector.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/workspace$/);
    const cookies = await context.cookies(ORIGIN);
    const session = cookies.find((c) => c.name === 'insp_session');
    check(
      !!session && cookies.every((c) => c.secure),
      `signed in; every cookie is Secure (${cookies.map((c) => `${c.name}${c.secure ? ' Secure' : ''}`).join(', ')})`,
    );
    const attempts = await s.database.db
      .select({ ip: loginAttempts.ip })
      .from(loginAttempts)
      .where(eq(loginAttempts.email, inspector.email));
    check(
      attempts.length > 0 && attempts.every((a) => a.ip === '127.0.0.1'),
      `the sign-in is recorded from the address nginx saw, not the forged header's (${attempts.map((a) => a.ip).join(', ')})`,
    );

    // Inspector work: a sample of cases added and answered, page by page.
    const logFrom = readFileSync(s.accessLog, 'utf8').split('\n').length - 1;
    const address = `${ORIGIN}/workspace/inspections/${work.id}`;
    const refs = ['DEP-1', 'DEP-2', 'DEP-3', 'DEP-4'];
    for (const ref of refs) {
      await page.goto(`${address}/cases`);
      await page.getByLabel('Case reference').fill(ref);
      await page.getByLabel('Court disposal', { exact: true }).check();
      await page.getByRole('button', { name: 'Add case' }).click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      for (const radio of await page.locator('input[type=radio][value="yes"]').all()) await radio.check();
      await page.getByRole('button', { name: 'Save answers' }).click();
      await page.waitForURL(/\/cases$/);
    }
    const rows = await page.locator('#cases-table tbody tr').count();
    const saved = await s.database.db
      .select({ ref: cases.ref })
      .from(cases)
      .where(and(eq(cases.inspectionId, work.id), inArray(cases.ref, refs)));
    check(
      rows === refs.length && saved.length === refs.length,
      `the inspector added and answered ${refs.length} cases (${rows} rows on the page, ${saved.length} in the database)`,
    );
    check((await axeViolations(page)).length === 0, 'the sample page has no axe violations when served through nginx');
    const spread = upstreamsFor(s.accessLog, `/workspace/inspections/${work.id}`, logFrom);
    check(
      spread.size === 2 && [...spread.values()].every((n) => n >= 3),
      `the inspector's requests alternated between the instances (nginx log: ${shown(spread)})`,
    );

    // Published at an instant a little ahead, by the instances' own publication jobs.
    const instant = new Date(Math.ceil((Date.now() + 15_000) / 1000) * 1000);
    const due = await build.inspection({ status: 'scheduled', publishAt: instant });
    const publicPath = `/inspections/${due.ref}`;

    // Watch both instances directly from now on: when does each first show the published page?
    const firstSeen: Record<string, number | null> = { 'instance 1': null, 'instance 2': null };
    const earlyOnes: string[] = [];
    const watchers = s.instances.map(async (inst) => {
      while (watching && firstSeen[inst.name] === null) {
        const t = Date.now();
        const r = await fetch(`http://127.0.0.1:${inst.port}${publicPath}`).catch(() => null);
        // Read to the end: a response left unread keeps its connection busy, and holds up shutdown.
        await r?.arrayBuffer().catch(() => null);
        if (r?.status === 200) {
          firstSeen[inst.name] = t;
          if (t < instant.getTime()) earlyOnes.push(inst.name);
        }
        await sleep(100);
      }
    });
    // The publication: absent through nginx before its instant, then there on both instances.
    const before = await page.goto(`${ORIGIN}${publicPath}`);
    if (Date.now() < instant.getTime())
      check(before?.status() === 404, `before its instant the inspection is not public (${before?.status()})`);
    else console.log('  (building the fixture took until the instant: the page before it was not looked at)');
    await within(
      Promise.all(watchers),
      Math.max(0, instant.getTime() - Date.now()) + 30_000,
      'the publication on both instances',
    );
    const lag = Object.entries(firstSeen).map(
      ([k, t]) => `${k} ${t === null ? 'never' : `+${t - instant.getTime()} ms`}`,
    );
    check(
      earlyOnes.length === 0 && Object.values(firstSeen).every((t) => t !== null && t - instant.getTime() <= 8000),
      `the publication appeared at its instant on both instances, never before (${lag.join(', ')})`,
    );
    const after = await page.goto(`${ORIGIN}${publicPath}`);
    check(after?.status() === 200, `through nginx the published inspection is public (${after?.status()})`);
    check(
      (await axeViolations(page)).length === 0,
      'the published inspection page has no axe violations through nginx',
    );
    // Chromium would show a PDF in its viewer: the link is marked as a download, as a person's
    // "Save link as" would, so the file arrives through the browser's own network stack.
    const link = page.getByRole('link', { name: /Download the (report|summary) as PDF/ });
    await link.evaluate((a) => a.setAttribute('download', ''));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), link.click()]);
    const pdf = readFileSync(await download.path());
    check(
      pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 10_000,
      `the report PDF downloads through nginx (${download.suggestedFilename()}, ${Math.round(pdf.length / 1024)} KB)`,
    );
    await context.close();
  } finally {
    watching = false;
    await browser.close();
  }
  // The forged header reached neither instance: their request logs name only nginx's address.
  for (const inst of s.instances) {
    const log = readFileSync(inst.log, 'utf8');
    check(
      !log.includes(FORGED_ADDRESS) && log.includes('"remoteAddress":"127.0.0.1"'),
      `${inst.name}'s log shows clients at 127.0.0.1 and never the forged ${FORGED_ADDRESS}`,
    );
  }
}

async function rollingRestart() {
  const s = stack ?? (await startStack());
  const build = builders(s.database);
  const suffix = randomBytes(3).toString('hex');
  const inspector = await build.account('inspector', { email: `writer-${suffix}@deploy.invalid` });
  const work = await build.inspection({ status: 'fieldwork', inspector, ratings: 'none' });
  const published = await build.publishedInspection();
  const writer = new HttpsAgent(s.ca);
  await writer.get('/sign-in');
  const signedIn = await writer.post('/sign-in', { email: inspector.email, password: PASSWORD, returnTo: '' });
  check(signedIn.status === 303, `the writer signed in over HTTPS (${signedIn.status})`);
  const casesPath = `/workspace/inspections/${work.id}/cases`;
  await writer.get(casesPath);

  const logFrom = readFileSync(s.accessLog, 'utf8').split('\n').length - 1;
  const t0 = Date.now();
  let loading = true;
  // Reads: steady load on public pages, the API and readiness, through nginx over HTTPS.
  const reads = autocannon({
    url: ORIGIN,
    connections: 6,
    // Stopped once both restarts are done and the load has run on for a while after them.
    duration: 600,
    tlsOptions: { ca: s.ca, servername: 'localhost' },
    requests: [
      { path: '/' },
      { path: '/services' },
      { path: `/inspections/${published.ref}` },
      { path: '/api/v1/inspections?limit=20' },
      { path: '/health/ready' },
    ],
  });
  // Writes: one after another, each a new case with its own reference; every acknowledged one must be kept.
  const acknowledged: string[] = [];
  const writeFailures: string[] = [];
  const writing = (async () => {
    for (let n = 0; loading; n++) {
      const ref = `ROLL-${n}`;
      try {
        const r = await writer.post(casesPath, { ref, caseType: 'court', disposal: '' });
        if (r.status === 303) acknowledged.push(ref);
        else writeFailures.push(`${ref}: ${r.status}`);
        await writer.get(casesPath);
      } catch (e) {
        writeFailures.push(`${ref}: ${(e as Error).message}`);
      }
    }
  })();

  // The rolling restart: each instance in turn gets SIGTERM, exits, and is started again.
  const restarts: string[] = [];
  await sleep(LOAD_LEAD_SECONDS * 1000);
  for (const [i, inst] of s.instances.entries()) {
    // Drained first: marked down and nginx reloaded (its old workers finish what they were sending),
    // so no new connection is waiting in the instance's accept queue when it stops listening; such
    // a connection is reset, and nginx cannot resend a POST it has already written.
    if (DRAIN) {
      writeSite(s.tls, s.accessLog, new Set([inst.port]));
      await reloadNginx();
    }
    const { code, ms } = await stop(inst);
    check(code === 0, `${inst.name} exited ${code} after SIGTERM under load (${ms} ms to shut down)`);
    const started = Date.now();
    const again = startInstance(
      inst.name,
      'compiled',
      inst.port,
      { DATABASE_URL: s.url, TRUST_PROXY: '127.0.0.1' },
      inst.log,
    );
    const readyMs = await untilReady(inst.port, started, again);
    s.instances[i] = again;
    if (DRAIN) {
      writeSite(s.tls, s.accessLog);
      await reloadNginx();
    }
    // As an operator's rolling restart does: the next instance is stopped only once nginx is
    // sending requests to this one again, or both would be out of its rotation at once.
    const back = await backInRotation(s.accessLog, `127.0.0.1:${inst.port}`, started);
    restarts.push(
      `${inst.name}: SIGTERM at ${((started - ms - t0) / 1000).toFixed(1)} s, shut down in ${ms} ms, ready ${readyMs} ms after its start, back in nginx's rotation ${back - started} ms after its start`,
    );
    await sleep(2000);
  }
  await sleep(LOAD_LEAD_SECONDS * 1000);
  loading = false;
  (reads as unknown as { stop: () => void }).stop();
  const result = await reads;
  await writing;
  const seconds = (Date.now() - t0) / 1000;

  const failedReads = result.errors + result.timeouts + result.non2xx;
  const stored = await s.database.db.select({ ref: cases.ref }).from(cases).where(eq(cases.inspectionId, work.id));
  const have = new Set(stored.map((r) => r.ref));
  const lost = acknowledged.filter((r) => !have.has(r));
  const spread = upstreamsFor(s.accessLog, '/', logFrom);
  console.log(
    `rolling restart${DRAIN ? ' (each instance drained in nginx first)' : ' (SIGTERM alone, no draining)'}: ${seconds.toFixed(0)} s of load through nginx, ${result.requests.total.toLocaleString('en-GB')} reads (${Math.round(result.requests.total / seconds)}/s, p99 ${result.latency.p99} ms), ${acknowledged.length} writes\n` +
      restarts.map((r) => `  ${r}`).join('\n') +
      `\n  answered by: ${shown(spread)}`,
  );
  check(
    failedReads === 0,
    `no failed read during the rolling restart (${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx)`,
  );
  check(
    writeFailures.length === 0,
    `no failed write (${writeFailures.length}${writeFailures.length ? `: ${writeFailures.slice(0, 3).join('; ')}` : ''})`,
  );
  check(
    acknowledged.length > 0 && lost.length === 0 && stored.length === acknowledged.length,
    `no lost or doubled write: ${acknowledged.length} acknowledged, ${stored.length} stored, ${lost.length} missing`,
  );
  const after = await Promise.all(s.instances.map((i) => fetch(`http://127.0.0.1:${i.port}/health/ready`)));
  check(
    after.every((r) => r.status === 200),
    'both restarted instances are ready and serving',
  );
  for (const inst of s.instances) {
    const log = readFileSync(inst.log, 'utf8');
    check(log.includes('"msg":"shut down cleanly"'), `${inst.name}'s log records its clean shutdown`);
  }
}

const STEPS: [name: string, run: () => Promise<void>, minutes: number][] = [
  ['build', build, 4],
  ['startup', startup, 10],
  ['nginx', throughNginx, 5],
  ['rolling', rollingRestart, 6],
];

async function main(): Promise<number> {
  const t0 = Date.now();
  // DEPLOY_ONLY=nginx,rolling runs a subset of the steps.
  const only = new Set((process.env.DEPLOY_ONLY ?? STEPS.map(([n]) => n).join(',')).split(','));
  try {
    for (const [name, run, minutes] of STEPS) {
      if (!only.has(name)) continue;
      currentStep = name;
      const s0 = Date.now();
      try {
        await within(run(), minutes * 60_000, `the ${name} step to finish`);
      } catch (e) {
        check(false, `stopped with an error: ${e instanceof Error ? e.message : String(e)}`);
      }
      console.log(`  (${name}: ${Math.round((Date.now() - s0) / 1000)} s)`);
    }
  } finally {
    currentStep = 'teardown';
    await stopStack().catch((e: unknown) => check(false, `teardown: ${String(e)}`));
    if (failures) console.log(`  logs kept in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  console.log(
    `deployment: ${failures ? `${failures} FAILED` : 'all passed'} in ${Math.round((Date.now() - t0) / 1000)} s`,
  );
  return failures ? 1 : 0;
}

const watchdog = setTimeout(
  () => {
    console.log(`FAIL ${currentStep}: the deployment run was still going after the watchdog's limit`);
    process.exit(1);
  },
  STEPS.reduce((n, [, , m]) => n + m, 3) * 60_000,
);
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
