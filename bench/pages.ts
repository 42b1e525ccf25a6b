import { seedIfEmpty, syncFrameworks } from '../src/setup/bootstrap.ts';
import { frameworkRegistry } from '../src/store/frameworks.ts';
import { generateCsv } from '../src/import/generate.ts';
import { applyImport, planImport } from '../src/import/importer.ts';
import { registerFiguresService } from '../src/services/register-figures.ts';
import { buildApp } from '../src/web/app.ts';
import { startChild } from './http.ts';
import { scratchDatabase } from './scale.ts';

/** The public pages whose size and time must not grow with the register. */
const PAGES = ['/', '/statistics', '/api/v1/statistics', '/services', '/services?page=20'];

interface PageFigures {
  path: string;
  /** The first request after the server started and the figures were computed (nothing else warm). */
  firstMs: number;
  /** The median of the next requests: the page cache is off, so each is rendered. */
  medianMs: number;
  bytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * One register of `services` synthetic services (8 inspections each) imported as the command line
 * does (which computes today's figures as it finishes), then each public page requested from a
 * server with the page cache off: the first request, then the median of five more.
 */
async function measure(services: number): Promise<{ kind: string; figuresMs: number; pages: PageFigures[] }> {
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
    let t = performance.now();
    await registerFiguresService({ database: db, now: () => new Date(), frameworks: frameworkRegistry }).refresh();
    const figuresMs = performance.now() - t;
    try {
      const pages: PageFigures[] = [];
      for (const path of PAGES) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < 6; i++) {
          t = performance.now();
          const res = await fetch(`http://127.0.0.1:${port}${path}`);
          const body = Buffer.from(await res.arrayBuffer());
          times.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
          bytes = body.length;
        }
        pages.push({ path, firstMs: times[0]!, medianMs: median(times.slice(1)), bytes });
      }
      return { kind, figuresMs, pages };
    } finally {
      await stop();
    }
  } finally {
    await drop();
  }
}

/** BENCH_PAGES_SIZES=1000,10000 (default): the sizes compared; flat is a ratio near 1. */
export async function pagesAtScale() {
  const [small, large] = (process.env.BENCH_PAGES_SIZES ?? '1000,10000').split(',').map(Number) as [number, number];
  const a = await measure(small);
  const b = await measure(large);
  const n = (x: number) => x.toLocaleString('en-GB');
  console.log(
    `public pages on ${a.kind}, page cache off: ${n(small)} and ${n(large)} services (8 inspections each); ` +
      `today's figures computed once after the change in ${(a.figuresMs / 1000).toFixed(1)} s and ` +
      `${(b.figuresMs / 1000).toFixed(1)} s`,
  );
  for (const [i, p] of a.pages.entries()) {
    const q = b.pages[i]!;
    console.log(
      `  ${p.path.padEnd(20)} ${n(small)}: ${p.medianMs.toFixed(0)} ms (first ${p.firstMs.toFixed(0)} ms), ${(p.bytes / 1024).toFixed(0)} KB; ` +
        `${n(large)}: ${q.medianMs.toFixed(0)} ms (first ${q.firstMs.toFixed(0)} ms), ${(q.bytes / 1024).toFixed(0)} KB; ` +
        `ratio time ${(q.medianMs / Math.max(p.medianMs, 0.1)).toFixed(2)}×, size ${(q.bytes / p.bytes).toFixed(2)}× (flat ≈ 1)`,
    );
  }
}
