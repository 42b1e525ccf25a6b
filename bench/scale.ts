import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { syncFrameworks } from '../src/bootstrap.ts';
import { frameworkRegistry } from '../src/frameworks.ts';
import { generateCsv } from '../src/import/generate.ts';
import { applyImport, planImport } from '../src/import/importer.ts';
import { migrate, openDatabase, type Database } from '../src/store/db.ts';
import { buildApp } from '../src/web/app.ts';

/** A throwaway database: a fresh PostgreSQL database when one is reachable, else in-memory PGlite. */
export async function scratchDatabase(): Promise<{ db: Database; kind: string; drop: () => Promise<void> }> {
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
  const { db, kind, drop } = await scratchDatabase();
  try {
    await syncFrameworks(db.db);
    let t = performance.now();
    const csv = generateCsv(frameworkRegistry(), services, 8);
    const genMs = performance.now() - t;
    t = performance.now();
    const plan = await planImport(db.db, csv, new Date());
    const planMs = performance.now() - t;
    t = performance.now();
    const saved = await applyImport(db.db, plan);
    const saveMs = performance.now() - t;
    const ratings = plan.records.reduce((n, r) => n + r.standardRatings.length, 0);
    const rows = saved.inspectionsCreated;
    // Export: stream the whole CSV through the app, sampling memory as it goes.
    const app = await buildApp({ database: db, config: { env: 'production', logLevel: 'silent', cookieSecret: 'x'.repeat(40) } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    t = performance.now();
    let bytes = 0;
    const res = await fetch(`http://127.0.0.1:${port}/downloads/inspections.csv`);
    await pipeline(res.body as unknown as NodeJS.ReadableStream, new Writable({ write(chunk: Buffer, _e, cb) { bytes += chunk.length; cb(); } }));
    const exportMs = performance.now() - t;
    clearInterval(sampler);
    await app.close();
    return { kind, services, inspections: rows, ratings, csvMB: csv.length / 1e6, genMs, planMs, saveMs, importRowsPerSec: (rows + ratings) / ((planMs + saveMs) / 1000), exportRowsPerSec: rows / (exportMs / 1000), exportMB: bytes / 1e6, exportPeakExtraMB: (peak - rssBefore) / 1e6 };
  } finally {
    await drop();
  }
}
