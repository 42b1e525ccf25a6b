// Child processes for the HTTP benchmarks, so the load generator never shares their event loop.
// Usage: node --import tsx bench/servers.ts bare|app|workspace  (prints "listening <port>")
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const kind = process.argv[2];
if (kind === 'bare') {
  // BENCH_BARE_FILE: serve that file's bytes instead (the PDF bench compares like with like).
  const file = process.env.BENCH_BARE_FILE;
  const body = file ? readFileSync(file) : '<!DOCTYPE html><html><body><h1>Hello</h1></body></html>';
  const type = process.env.BENCH_BARE_TYPE ?? 'text/html; charset=utf-8';
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`));
} else if (kind === 'workspace') {
  // The signed-in pages on the database BENCH_DATABASE_URL names (PostgreSQL), with every statement
  // the driver sends counted: pg's Client.query is wrapped here, in the bench's own process, so the
  // app carries no counting code. A second server on another port answers the count (and, with
  // ?log=1, the statements since the last ask) so the bench can read it between requests.
  const { default: pg } = await import('pg');
  let count = 0;
  const log: string[] = [];
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    count++;
    const q = args[0] as string | { text?: string };
    log.push(typeof q === 'string' ? q : (q?.text ?? '?'));
    if (log.length > 5000) log.splice(0, log.length - 5000);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const { openAndMigrate, seedIfEmpty } = await import('../src/setup/bootstrap.ts');
  const { buildApp } = await import('../src/web/app.ts');
  const { workspaceFixtures } = await import('./workspace-fixtures.ts');
  const database = await openAndMigrate({ databaseUrl: process.env.BENCH_DATABASE_URL, dataDir: 'memory://' });
  await seedIfEmpty(database);
  const fixtures = await workspaceFixtures(database);
  const app = await buildApp({
    database,
    config: { env: 'production', logLevel: 'silent', pageCacheTtlMs: 5000, cookieSecret: 'x'.repeat(40) },
  });
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  // /profile/start and /profile/stop?to=<file>: a CPU profile of the requests alone, without start-up.
  const { Session } = await import('node:inspector/promises');
  const inspector = new Session();
  inspector.connect();
  const stats = createServer(async (req, res) => {
    if (req.url?.startsWith('/profile/')) {
      const to = new URL(req.url, 'http://x').searchParams.get('to');
      if (req.url.startsWith('/profile/start')) {
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      } else if (to) {
        const { profile } = await inspector.post('Profiler.stop');
        writeFileSync(to, JSON.stringify(profile));
      }
      res.end('{}');
      return;
    }
    const body = JSON.stringify({ count, log: req.url?.includes('log=1') ? log : undefined });
    log.length = 0;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => stats.listen(0, '127.0.0.1', r));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`fixtures ${JSON.stringify({ ...fixtures, statsPort: (stats.address() as { port: number }).port })}`);
  console.log(`listening ${(app.server.address() as { port: number }).port}`);
} else {
  const { openAndMigrate, seedIfEmpty } = await import('../src/setup/bootstrap.ts');
  const { buildApp } = await import('../src/web/app.ts');
  const database = await openAndMigrate({ databaseUrl: process.env.BENCH_DATABASE_URL, dataDir: 'memory://' });
  await seedIfEmpty(database);
  const app = await buildApp({
    database,
    config: {
      env: 'production',
      logLevel: 'silent',
      pageCacheTtlMs: Number(process.env.PAGE_CACHE_TTL_MS ?? 5000),
      cookieSecret: 'x'.repeat(40),
    },
  });
  // Closing the app closes the report printer's Chromium too: killed without this, the browser
  // outlived the server and held the bench's pipe open, so the bench never exited.
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`listening ${(app.server.address() as { port: number }).port}`);
}
