import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore, RestoreError } from '../../src/store/backup.ts';
import { auditEvents } from '../../src/store/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { actor, bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let source: TestDatabase;
let target: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'backup-'));
beforeAll(async () => {
  source = await createTestDatabase({ seed: true });
  await bromleyAtFactualAccuracy(source);
  target = await createTestDatabase();
});
afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1).join('\n');

describe('backup and restore', () => {
  it('round-trips every table, audit trail included, and the restored database keeps working', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const counts = await backup(source.db, a);
    expect(counts.inspections).toBeGreaterThan(169);
    expect(counts.audit_events).toBeGreaterThan(70);
    expect(counts.users).toBe(7);
    const restored = await restore(target.db, a);
    expect(restored).toEqual(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)));
    await backup(target.db, b);
    expect(body(b)).toBe(body(a));
    // New audit events continue after the restored ids, and the trail is still append-only.
    const lead = await actor(target.db, 'lead@example.test');
    const { audit } = await import('../../src/store/audit.ts');
    await audit(target.db, lead, 'test', 'nothing', null, null, null, null);
    const [max] = (
      (await target.db.execute(sql`select max(id)::int as m from audit_events`)) as unknown as { rows: { m: number }[] }
    ).rows;
    // Ids need not be contiguous (PostgreSQL logs sequence values ahead, so a copied database skips some).
    const [sourceMax] = (
      (await source.db.execute(sql`select max(id)::int as m from audit_events`)) as unknown as { rows: { m: number }[] }
    ).rows;
    expect(max!.m).toBe(sourceMax!.m + 1);
    await expect(target.db.delete(auditEvents)).rejects.toThrow();
  });

  it('refuses to restore over data, or from a file that is not a backup, changing nothing', async () => {
    await expect(restore(target.db, join(dir, 'a.jsonl'))).rejects.toThrow(RestoreError);
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello\n');
    await expect(restore(target.db, junk)).rejects.toThrow(/not an Inspectorate backup/);
  });
});

describe('what a backup holds', () => {
  it('has every table of the schema, except those left out on purpose with a reason', async () => {
    const { TABLES, NOT_BACKED_UP } = await import('../../src/store/backup.ts');
    const schema = await import('../../src/store/schema.ts');
    const { getTableName, is } = await import('drizzle-orm');
    const { PgTable } = await import('drizzle-orm/pg-core');
    const all = Object.values(schema)
      .filter((x) => is(x, PgTable))
      .map((x) => getTableName(x as never));
    const backedUp = new Set(TABLES.map((t) => getTableName(t)));
    expect(
      all.filter((n) => !backedUp.has(n) && !(n in NOT_BACKED_UP)),
      'tables no backup holds',
    ).toEqual([]);
    expect(all.length).toBeGreaterThan(20);
  });
});
