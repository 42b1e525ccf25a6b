// Child processes for the HTTP benchmarks, so the load generator never shares their event loop.
// Usage: node --import tsx bench/servers.ts bare|app  (prints "listening <port>")
import { readFileSync } from 'node:fs';
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
