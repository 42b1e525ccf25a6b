/**
 * Writes the OpenAPI document the app serves to build/openapi.json, for `npm run lint:openapi`.
 * The app is built in-process on a throwaway database and asked for the document over its own
 * router, so what is linted is what /api/v1/openapi.json answers, not a second rendering of it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { migrate, openDatabase } from '../src/store/db.ts';
import { buildApp } from '../src/web/app.ts';

const out = process.argv[2] ?? 'build/openapi.json';
const database = await openDatabase({ dataDir: 'memory://' });
await migrate(database);
const app = await buildApp({ database, config: { env: 'test', logLevel: 'silent' } });
try {
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.statusCode}: ${res.body}`);
  mkdirSync('build', { recursive: true });
  writeFileSync(out, `${JSON.stringify(res.json(), null, 2)}\n`);
  console.log(`wrote ${out}`);
} finally {
  await app.close();
  await database.close();
}
