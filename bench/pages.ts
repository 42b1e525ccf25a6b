import { loadavg } from 'node:os';
import { seedIfEmpty, syncFrameworks } from '../src/setup/bootstrap.ts';
import { frameworkRegistry } from '../src/store/frameworks.ts';
import { generateCsv } from '../src/import/generate.ts';
import { applyImport, planImport } from '../src/import/importer.ts';
import { registerFiguresService } from '../src/services/register-figures.ts';
import { buildApp } from '../src/web/app.ts';
import { startChild } from './http.ts';
import { scratchDatabase } from './scale.ts';

/** The public pages whose size and time must not grow with the register. */
const PAGES = [
  '/',
  '/statistics',
  '/api/v1/statistics',
  '/api/v1/services',
  '/services',
  '/services?page=20',
  '/services?rating=good&sort=-published&page=3',
  '/services?sort=-rating&region=London',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * One register of `services` synthetic services (8 inspections each) imported as the command line
 * does (which computes today's figures as it finishes), and a server on it with the page cache off.
 */
async function serve(services: number) {
  const { db, kind, url, drop } = await scratchDatabase();
  try {
    await syncFrameworks(db.db);
    const csv = generateCsv(frameworkRegistry(), services, 8);
    const plan = await planImport(db.db, csv, new Date());
    await applyImport(db.db, plan, { file: 'generated.csv', actor: 'cli', at: new Date() });
    let port: number;
    let stop: () => Promise<void>;
    if (url) {
      const child = await startChild('app', { BENCH_DATABASE_URL: url, PAGE_CACHE_TTL_MS: '0' });
      port = child.port;
      stop = async () => void child.child.kill();
    } else {
      await seedIfEmpty(db);
      const app = await buildApp({
        database: db,
        config: { env: 'production', logLevel: 'silent', pageCacheTtlMs: 0, cookieSecret: 'x'.repeat(40) },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as { port: number }).port;
      stop = () => app.close();
    }
    // Computed after the server has started, as a change does (an import from the command line):
    // its start-up seeds the directory into a register made without it, which is a change too.
    const t = performance.now();
    await registerFiguresService({ database: db, now: () => new Date(), frameworks: frameworkRegistry }).refresh();
    const figuresMs = performance.now() - t;
    return {
      kind,
      port,
      figuresMs,
      close: async () => {
        await stop();
        await drop();
      },
    };
  } catch (e) {
    await drop();
    throw e;
  }
}

async function request(port: number, path: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return { ms, bytes: body.length };
}

/**
 * BENCH_PAGES_SIZES=1000,10000 (default): the sizes compared; flat is a ratio near 1. Both registers
 * are served at once and each page is asked of the two servers in turn (the first request of each,
 * then ROUNDS more, alternating), so a change in the machine's load reaches both sizes alike and
 * the ratio is of two figures taken in the same seconds.
 */
const ROUNDS = 7;
export async function pagesAtScale() {
  const [small, large] = (process.env.BENCH_PAGES_SIZES ?? '1000,10000').split(',').map(Number) as [number, number];
  const a = await serve(small);
  try {
    const b = await serve(large);
    try {
      const n = (x: number) => x.toLocaleString('en-GB');
      console.log(
        `public pages on ${a.kind}, page cache off: ${n(small)} and ${n(large)} services (8 inspections each), ` +
          `asked in turn; today's figures computed once after the change in ${(a.figuresMs / 1000).toFixed(1)} s and ` +
          `${(b.figuresMs / 1000).toFixed(1)} s; load average ${loadavg()
            .map((x) => x.toFixed(1))
            .join(' ')}`,
      );
      for (const path of PAGES) {
        const [fa, fb] = [await request(a.port, path), await request(b.port, path)];
        const ta: number[] = [];
        const tb: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          // Alternate which size goes first, so neither is always the warmer.
          const order = i % 2 ? [b, a] : [a, b];
          for (const s of order) (s === a ? ta : tb).push((await request(s.port, path)).ms);
        }
        const [p, q] = [median(ta), median(tb)];
        console.log(
          `  ${path.padEnd(46)} ${n(small)}: ${p.toFixed(0)} ms (first ${fa.ms.toFixed(0)} ms), ${(fa.bytes / 1024).toFixed(0)} KB; ` +
            `${n(large)}: ${q.toFixed(0)} ms (first ${fb.ms.toFixed(0)} ms), ${(fb.bytes / 1024).toFixed(0)} KB; ` +
            `ratio time ${(q / Math.max(p, 0.1)).toFixed(2)}×, size ${(fb.bytes / fa.bytes).toFixed(2)}× (flat ≈ 1)`,
        );
      }
      console.log(
        `  load average at the end ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
      );
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
}
