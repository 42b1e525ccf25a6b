import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncFrameworks } from '../../src/bootstrap.ts';
import { frameworkRegistry } from '../../src/frameworks.ts';
import { generateCsv } from '../../src/import/generate.ts';
import { applyImport, planImport } from '../../src/import/importer.ts';
import { countRows } from '../../src/store/db.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncFrameworks(t.db);
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => new Date('2026-11-22T12:00:00Z') });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe('a synthetic register through the bulk import path', () => {
  it('generates a consistent register, bulk-imports it, and exports exactly what was generated', async () => {
    const csv = generateCsv(frameworkRegistry(), 40, 8, '2026-01-01');
    const plan = await planImport(t.db, csv, new Date());
    expect(plan.rows).toHaveLength(320);
    expect(plan.rows.every((r) => r.action === 'import')).toBe(true);
    const saved = await applyImport(t.db, plan);
    expect(saved).toMatchObject({ inspectionsCreated: 320, servicesCreated: 40 });
    expect(await countRows(t.db, 'inspections')).toBe(320);
    const exported = (await app.inject({ url: '/downloads/inspections.csv?asAt=2026-01-01' })).body;
    expect(exported).toBe(csv);
    // Every generated record is internally consistent: its checks find nothing.
    const again = await planImport(t.db, csv, new Date());
    expect(again.rows.every((r) => r.action === 'unchanged')).toBe(true);
  }, 120_000);
});
