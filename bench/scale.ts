import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { syncFrameworks } from '../src/setup/bootstrap.ts';
import { frameworkRegistry } from '../src/store/frameworks.ts';
import { generateCsv } from '../src/import/generate.ts';
import { applyImport, planImport } from '../src/import/importer.ts';
import { migrate, openDatabase, type Database } from '../src/store/db.ts';
import { buildApp } from '../src/web/app.ts';
import { startChild } from './http.ts';

/** A throwaway database: a fresh PostgreSQL database when one is reachable, else in-memory PGlite. */
export async function scratchDatabase(): Promise<{
  db: Database;
  kind: string;
  url?: string;
  drop: () => Promise<void>;
}> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await admin.connect();
    const name = `insp_bench_${randomBytes(5).toString('hex')}`;
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: u.toString() });
    await migrate(db);
    return {
      db,
      kind: 'PostgreSQL',
      url: u.toString(),
      drop: async () => {
        await db.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  } catch {
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
    return { db, kind: 'PGlite', drop: () => db.close() };
  }
}

export async function importExport(services: number) {
  const { db, kind, url, drop } = await scratchDatabase();
  try {
    await syncFrameworks(db.db);
    let t = performance.now();
    const csv = generateCsv(frameworkRegistry(), services, 8);
    const genMs = performance.now() - t;
    t = performance.now();
    const plan = await planImport(db.db, csv, new Date());
    const planMs = performance.now() - t;
    t = performance.now();
    const saved = await applyImport(db.db, plan, { file: 'generated.csv', actor: 'cli', at: new Date() });
    const saveMs = performance.now() - t;
    const ratings = plan.records.reduce((n, r) => n + r.standardRatings.length, 0);
    const rows = saved.inspectionsCreated;
    // Export: stream the whole CSV from an app in its own process, with its heap capped, sampling
    // that process's resident memory: an export that held the rows in memory would grow with the
    // register (compare BENCH_SERVICES=2000 with the default) or die at the cap.
    const ex = await exportMemory(url, db);
    return {
      kind,
      services,
      inspections: rows,
      ratings,
      csvMB: csv.length / 1e6,
      genMs,
      planMs,
      saveMs,
      importRowsPerSec: (rows + ratings) / ((planMs + saveMs) / 1000),
      ...ex,
      exportRowsPerSec: rows / (ex.exportMs / 1000),
    };
  } finally {
    await drop();
  }
}

/** The app's own heap (frameworks, templates, Vega, Drizzle) is about 100 MB; the full export file is 51 MB. */
export const EXPORT_HEAP_CAP_MB = 256;

const rssOf = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0; // the process has gone (the export failed; the status says so)
  }
};

async function exportMemory(url: string | undefined, db: Database) {
  let port: number;
  let stop: () => Promise<void>;
  let rss: () => number;
  let where: string;
  if (url) {
    const child = await startChild('app', {
      BENCH_DATABASE_URL: url,
      NODE_OPTIONS: `--max-old-space-size=${EXPORT_HEAP_CAP_MB}`,
    });
    port = child.port;
    rss = () => rssOf(child.child.pid!);
    stop = async () => void child.child.kill();
    where = `a separate app process, heap capped at ${EXPORT_HEAP_CAP_MB} MB`;
  } else {
    // PGlite in memory cannot be shared with another process: measure this one.
    const app = await buildApp({
      database: db,
      config: { env: 'production', logLevel: 'silent', cookieSecret: 'x'.repeat(40) },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
    rss = () => process.memoryUsage().rss;
    stop = () => app.close();
    where = 'this process (PGlite in memory)';
  }
  try {
    const rssBefore = rss();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
    const t = performance.now();
    let bytes = 0;
    const res = await fetch(`http://127.0.0.1:${port}/downloads/inspections.csv`);
    await pipeline(
      res.body as unknown as NodeJS.ReadableStream,
      new Writable({
        write(chunk: Buffer, _e, cb) {
          bytes += chunk.length;
          cb();
        },
      }),
    );
    const exportMs = performance.now() - t;
    clearInterval(sampler);
    return {
      exportStatus: res.status,
      exportMs,
      exportMB: bytes / 1e6,
      exportRssBeforeMB: rssBefore / 1e6,
      exportPeakMB: peak / 1e6,
      exportWhere: where,
    };
  } finally {
    await stop();
  }
}
