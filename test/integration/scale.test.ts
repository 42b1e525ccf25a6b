import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncFrameworks } from '../../src/setup/bootstrap.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { generateCsv } from '../../src/import/generate.ts';
import { applyImport, planImport } from '../../src/import/importer.ts';
import { countRows } from '../../src/store/db.ts';
import { END_OF_TIME, exportRecords } from '../../src/store/export-repo.ts';
import { bulkInsertRecords, saveRecords } from '../../src/store/records-repo.ts';
import { loadSeedRecords } from '../../src/import/seed.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncFrameworks(t.db);
  app = await buildApp({
    database: t,
    config: { env: 'test', logLevel: 'silent' },
    now: () => new Date('2026-11-22T12:00:00Z'),
  });
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
    const saved = await applyImport(t.db, plan, { file: 'generated.csv', actor: 'cli', at: new Date() });
    expect(saved).toMatchObject({ inspectionsCreated: 320, servicesCreated: 40 });
    expect(await countRows(t.db, 'inspections')).toBe(320);
    const exported = (await app.inject({ url: '/downloads/inspections.csv?asAt=2026-01-01' })).body;
    expect(exported).toBe(csv);
    // Every generated record is internally consistent: its checks find nothing.
    const again = await planImport(t.db, csv, new Date());
    expect(again.rows.every((r) => r.action === 'unchanged')).toBe(true);
  }, 120_000);

  it('the set-based bulk insert stores exactly what the record-by-record path stores, awkward text included', async () => {
    const { records } = loadSeedRecords(frameworkRegistry(), new Date('2026-11-22T09:00:00Z'));
    const awkward = [
      'say "hello", {world}',
      'back\\slash \\N NULL',
      'line\nbreak\ttab',
      'Ynys Môn – “quoted” ’',
      '{"json":[1,2]}',
      '',
    ];
    const tricky = records.map((r, i) => ({
      ...r,
      notes: i % 7 === 0 ? null : awkward[i % awkward.length]!,
      title: awkward[(i + 1) % awkward.length]!,
      otherSourceUrls: i % 3 ? [] : ['https://example.test/a,b', 'https://example.test/{c}'],
      standardRatings: r.standardRatings.map((s, j) => ({
        ...s,
        rationale: j % 2 ? null : awkward[j % awkward.length]!,
        keyQuestions: j % 2 ? null : [{ id: `${s.standardId}.1`, percent: 12.5, yes: 1, applicable: 8 }],
      })),
    }));
    const bulk = await createTestDatabase();
    const single = await createTestDatabase();
    try {
      await bulkInsertRecords(bulk.db, tricky);
      await saveRecords(single.db, new Date(), tricky);
      const dump = async (db: typeof bulk.db) => {
        const out = [];
        for await (const batch of exportRecords(db, END_OF_TIME))
          out.push(...batch.map(({ serviceSlug: _s, ...r }) => r));
        return out;
      };
      const a = await dump(bulk.db);
      expect(a).toHaveLength(tricky.length);
      expect(a).toEqual(await dump(single.db));
      expect(a.find((r) => r.notes === awkward[1])).toBeDefined();
    } finally {
      await bulk.drop();
      await single.drop();
    }
  }, 120_000);
});
