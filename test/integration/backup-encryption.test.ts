import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore, RestoreError, TABLES } from '../../src/store/backup.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let source: TestDatabase;
let target: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'backup-enc-'));
const passphrase = { passphrase: 'correct horse battery staple' };
const keyFile = { key: Buffer.alloc(32, 7) };
let sealed: string;
let plain: string;

beforeAll(async () => {
  source = await createTestDatabase({ seed: true });
  await bromleyAtFactualAccuracy(source);
  target = await createTestDatabase();
  sealed = join(dir, 'sealed.bak');
  plain = join(dir, 'plain.jsonl');
  await backup(source.db, sealed, { encrypt: passphrase });
  await backup(source.db, plain);
});
afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

/** Rows in every backed-up table of the target: a refused restore must leave every one at zero. */
async function rowsIn(t: TestDatabase): Promise<number> {
  let n = 0;
  for (const table of TABLES) {
    const r = (await t.db.execute(sql.raw(`select count(*)::int as n from "${getTableName(table)}"`))) as unknown as {
      rows: { n: number }[];
    };
    n += Number(r.rows[0]!.n);
  }
  return n;
}
const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1).join('\n');

describe('encrypted backups', () => {
  it('hold no readable personal data', () => {
    const bytes = readFileSync(sealed);
    expect(readFileSync(plain, 'utf8')).toContain('lead@example.test');
    expect(bytes.includes('lead@example.test')).toBe(false);
    expect(bytes.includes('"t":"users"')).toBe(false);
    expect(bytes.subarray(0, bytes.indexOf(0x0a)).toString()).toMatch(/^\{"format":"inspectorate-backup-encrypted\/1"/);
  });

  it('cannot be restored without the key, and nothing changes', async () => {
    await expect(restore(target.db, sealed)).rejects.toThrow(/is encrypted: restoring it needs a passphrase/);
    await expect(restore(target.db, sealed, { key: keyFile })).rejects.toThrow(/encrypted with a passphrase/);
    expect(await rowsIn(target)).toBe(0);
  });

  it('refuses a wrong passphrase, and nothing changes', async () => {
    await expect(restore(target.db, sealed, { key: { passphrase: 'correct horse battery stapLe' } })).rejects.toThrow(
      RestoreError,
    );
    await expect(restore(target.db, sealed, { key: { passphrase: 'correct horse battery stapLe' } })).rejects.toThrow(
      /authentication failed/,
    );
    expect(await rowsIn(target)).toBe(0);
  });

  it('refuses one altered byte in the body, in the tag, in the header, or a cut-short file; nothing changes', async () => {
    const bytes = readFileSync(sealed);
    const nl = bytes.indexOf(0x0a);
    const variants: [string, Buffer][] = [];
    for (const [what, at] of [
      ['body start', nl + 1],
      ['body middle', Math.floor((nl + bytes.length) / 2)],
      ['tag', bytes.length - 1],
    ] as const) {
      const b = Buffer.from(bytes);
      b[at] = b[at]! ^ 0x01;
      variants.push([what, b]);
    }
    // The header is the GCM additional data: an altered nonce digit fails the tag like the body does.
    const header = bytes.subarray(0, nl).toString();
    const nonce = (JSON.parse(header) as { nonce: string }).nonce;
    const altered = nonce[0] === 'A' ? `B${nonce.slice(1)}` : `A${nonce.slice(1)}`;
    variants.push(['header', Buffer.concat([Buffer.from(header.replace(nonce, altered)), bytes.subarray(nl)])]);
    variants.push(['cut short', bytes.subarray(0, bytes.length - 40)]);
    for (const [what, b] of variants) {
      const f = join(dir, `tampered-${what.replace(' ', '-')}.bak`);
      writeFileSync(f, b);
      await expect(restore(target.db, f, { key: passphrase }), what).rejects.toThrow(/authentication failed/);
    }
    expect(await rowsIn(target)).toBe(0);
  });

  it('round-trips with the right passphrase: the restored database backs up identically', async () => {
    const restored = await restore(target.db, sealed, { key: passphrase });
    expect(restored.users).toBe(7);
    expect(restored.inspections).toBeGreaterThan(169);
    const again = join(dir, 'again.jsonl');
    await backup(target.db, again);
    expect(body(again)).toBe(body(plain));
  });
});

describe('encrypted backups with a key file', () => {
  it('round-trips with the key, refuses another key and a passphrase', async () => {
    const f = join(dir, 'keyed.bak');
    const counts = await backup(source.db, f, { encrypt: keyFile });
    const other = await createTestDatabase();
    try {
      await expect(restore(other.db, f, { key: { key: Buffer.alloc(32, 8) } })).rejects.toThrow(
        /authentication failed/,
      );
      await expect(restore(other.db, f, { key: passphrase })).rejects.toThrow(/encrypted with a key file/);
      await expect(restore(other.db, f)).rejects.toThrow(/needs its key file/);
      expect(await rowsIn(other)).toBe(0);
      const restored = await restore(other.db, f, { key: keyFile });
      expect(restored).toEqual(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)));
    } finally {
      await other.drop();
    }
  });

  it('two backups of the same data differ (fresh nonce and salt each time)', async () => {
    const f = join(dir, 'sealed2.bak');
    await backup(source.db, f, { encrypt: passphrase });
    const a = readFileSync(sealed);
    const b = readFileSync(f);
    expect(a.subarray(0, a.indexOf(0x0a)).equals(b.subarray(0, b.indexOf(0x0a)))).toBe(false);
  });

  it('refuses a short passphrase when making a backup', async () => {
    await expect(backup(source.db, join(dir, 'short.bak'), { encrypt: { passphrase: 'short' } })).rejects.toThrow(
      /at least 12/,
    );
  });
});
