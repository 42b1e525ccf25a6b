import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/passwords.ts';
import { backupCommand, checkInspectionCommand, createAdminCommand, type Io } from '../../src/cli/main.ts';
import { loadConfig, type Config } from '../../src/setup/config.ts';
import { findUserByEmail } from '../../src/store/auth-repo.ts';
import { openDatabase } from '../../src/store/db.ts';
import { createTestDatabase, createTestDataDir, onPostgres, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase | undefined;
const dataDir = join(mkdtempSync(join(tmpdir(), 'admin-')), 'pglite');
/** The commands' configuration: a throwaway database (a fresh PostgreSQL database, or a PGlite folder). */
let config: Config;

beforeAll(async () => {
  // Seeded from the run's template: the commands find a register to check and import against.
  if (onPostgres) t = await createTestDatabase({ seed: true });
  else await createTestDataDir(dataDir, { seed: true });
  config = loadConfig(onPostgres ? { DATABASE_URL: t!.url } : { DATA_DIR: dataDir });
});
afterAll(async () => {
  await t?.drop();
});

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s) };
  return { io, out, err };
};

describe('inspectorate create-admin', () => {
  it('creates the first administrator with an argon2 hash, and refuses a second with the same email', async () => {
    const c = capture();
    expect(
      await createAdminCommand(
        ['--email', 'Chief@Example.org', '--name', 'Chief Admin'],
        c.io,
        config,
        async () => 'a sufficiently long passphrase',
      ),
    ).toBe(0);
    expect(c.out.join()).toContain('created administrator chief@example.org');
    const database = onPostgres ? await openDatabase({ databaseUrl: t!.url }) : await openDatabase({ dataDir });
    const u = (await findUserByEmail(database.db, 'chief@example.org'))!;
    await database.close();
    expect(u.role).toBe('admin');
    expect(u.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(u.passwordHash, 'a sufficiently long passphrase')).toBe(true);
    const again = capture();
    expect(
      await createAdminCommand(
        ['--email', 'chief@example.org', '--name', 'Again'],
        again.io,
        config,
        async () => 'another long passphrase',
      ),
    ).toBe(1);
    expect(again.err.join()).toContain('already exists');
  });
  it('refuses a short password or a bad email, saying which', async () => {
    const c = capture();
    expect(await createAdminCommand(['--email', 'not-an-email', '--name', ''], c.io, config, async () => 'short')).toBe(
      1,
    );
    const text = c.err.join('\n');
    expect(text).toContain('email: Enter an email address in the correct format');
    expect(text).toContain('password: Password must be at least 12 characters');
    expect(text).toContain('name: Enter the person’s name');
  });
});

describe('inspectorate check-inspection', () => {
  it('flags the seed release that dates publication before its own fieldwork, and exits 1', async () => {
    const c = capture();
    expect(await checkInspectionCommand(['bromley-2025'], c.io, config)).toBe(1);
    const text = c.out.join('\n');
    expect(text).toContain('The text dates publication 2024-01-07, before its own fieldwork (2024-09).');
    expect(text).toContain('The text says publication on 2024-01-07; the record says 2025-01-07.');
    expect(text).toMatch(/bromley-2025: 2 errors/);
    const clean = capture();
    expect(await checkInspectionCommand(['bexley-2024'], clean.io, config)).toBe(0);
    expect(clean.out.join('\n')).toContain('bexley-2024: 0 errors');
    const missing = capture();
    expect(await checkInspectionCommand(['atlantis-2020'], missing.io, config)).toBe(1);
    expect(missing.err.join()).toContain('no inspection "atlantis-2020"');
  });
});

describe('inspectorate import', () => {
  it('reports each row and, with --dry-run, changes nothing; a rerun of the seed file imports nothing twice', async () => {
    const { importCommand } = await import('../../src/cli/main.ts');
    const dry = capture();
    expect(await importCommand(['test/fixtures/hmip-scrape-messy.csv', '--dry-run'], dry.io, config)).toBe(0);
    const text = dry.out.join('\n');
    expect(text).toMatch(
      /9 rows \(hmip-scrape-csv\): 0 to import, 0 imported with a flag, 1 merged with existing inspections, 3 already present and unchanged, 5 rejected/,
    );
    expect(text).toMatch(
      /line 5 \(West Sussex 22\/06\/22\): reject: overall rating Requires improvement does not match score 26\/36/,
    );
    expect(text).toContain('dry run: nothing was changed');
    const again = capture();
    expect(await importCommand(['test/fixtures/hmip-scrape-messy.csv', '--dry-run'], again.io, config)).toBe(0);
    expect(again.out.join('\n')).toContain('1 merged');
    const seedRun = capture();
    expect(await importCommand(['data/seed/yjs-inspections.csv'], seedRun.io, config)).toBe(0);
    expect(seedRun.out.join('\n')).toMatch(
      /181 rows \(sourced-csv\): 0 to import, 0 imported with a flag, 0 merged with existing inspections, 181 already present and unchanged, 0 rejected/,
    );
    const bad = capture();
    expect(await importCommand(['README.md'], bad.io, config)).toBe(1);
    expect(bad.err.join()).toContain('not a format the register reads');
  });
});

describe('inspectorate check-claims', () => {
  it('prints a verdict per claim with offsets, or JSON; refuses a binary file', async () => {
    const { checkClaimsCommand } = await import('../../src/cli/main.ts');
    const c = capture();
    expect(
      await checkClaimsCommand(['data/seed/releases/000_8ef67c381b74f421.txt', '--as-at', '2026-11-22'], c.io, config),
    ).toBe(0);
    const text = c.out.join('\n');
    expect(text).toMatch(
      /CONTRADICTED publication \[2748-2829\] The text dates publication 2024-01-07, before the fieldwork it gives \(2024-09\)\. Correct: 2025-01-07\. \(bromley-2025\)/,
    );
    expect(text).toMatch(/SUPPORTED overall .*\(bromley-2025\)/);
    const j = capture();
    expect(await checkClaimsCommand(['data/seed/releases/004_56c4076c569a1570.txt', '--json'], j.io, config)).toBe(0);
    expect(JSON.parse(j.out.join('\n'))).toMatchObject({ asAt: '2024-07-12', asAtSource: 'text' });
    const bin = capture();
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'bin-'));
    writeFileSync(join(dir, 'x.bin'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]));
    expect(await checkClaimsCommand([join(dir, 'x.bin')], bin.io, config)).toBe(1);
    expect(bin.err.join()).toContain('binary or unreadable characters');
  });
});

describe('inspectorate check-claims on a register it made itself', () => {
  it('loads the seed register first, so the counts in a text are not checked against nothing', async () => {
    const { checkClaimsCommand } = await import('../../src/cli/main.ts');
    const fresh = onPostgres ? await createTestDatabase() : undefined;
    const freshDir = join(mkdtempSync(join(tmpdir(), 'cli-claims-')), 'pglite');
    if (!onPostgres) await createTestDataDir(freshDir);
    const target = loadConfig(onPostgres ? { DATABASE_URL: fresh!.url } : { DATA_DIR: freshDir });
    try {
      const c = capture();
      expect(await checkClaimsCommand(['data/seed/releases/002_ccc35e7df72504ed.txt'], c.io, target)).toBe(0);
      expect(c.err.join('\n')).toMatch(/the register was empty; loaded the seed register \(\d+ inspections\)/);
      const text = c.out.join('\n');
      expect(text).toMatch(/CONSISTENT aggregate .* services rated Outstanding nationally as at 2025-01-07/);
      expect(text).not.toContain('CONTRADICTED');
    } finally {
      await fresh?.drop();
    }
  });
});

describe('inspectorate backup --encrypt and restore', () => {
  it('encrypts with BACKUP_PASSPHRASE, refuses a restore without it or with a non-key file, restores with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-backup-'));
    const file = join(dir, 'sealed.bak');
    const phrase = { BACKUP_PASSPHRASE: 'a passphrase long enough' };
    let c = capture();
    expect(await backupCommand('backup', [file, '--encrypt'], c.io, config, {})).toBe(1);
    expect(c.err.join('\n')).toMatch(/--encrypt needs a passphrase in BACKUP_PASSPHRASE or --key-file/);
    c = capture();
    expect(await backupCommand('backup', [file, '--encrypt'], c.io, config, phrase)).toBe(0);
    expect(c.out.join('\n')).toMatch(/^backed up \d+ rows \(\w+, encrypted\)/);
    expect(readFileSync(file, 'latin1').split('\n')[0]).toMatch(/^\{"format":"inspectorate-backup-encrypted\/1"/);

    // A fresh, empty database to restore into.
    const fresh = onPostgres ? await createTestDatabase() : undefined;
    const freshDir = join(mkdtempSync(join(tmpdir(), 'cli-restore-')), 'pglite');
    if (!onPostgres) await createTestDataDir(freshDir);
    const target = loadConfig(onPostgres ? { DATABASE_URL: fresh!.url } : { DATA_DIR: freshDir });
    try {
      c = capture();
      expect(await backupCommand('restore', [file], c.io, target, {})).toBe(1);
      expect(c.err.join('\n')).toMatch(/is encrypted: restoring it needs a passphrase \(BACKUP_PASSPHRASE\)/);
      const notKey = join(dir, 'notes.txt');
      writeFileSync(notKey, 'not a key\n');
      c = capture();
      expect(await backupCommand('restore', [file, '--key-file', notKey], c.io, target, {})).toBe(1);
      expect(c.err.join('\n')).toMatch(/is not a key file/);
      c = capture();
      expect(await backupCommand('restore', [file], c.io, target, { BACKUP_PASSPHRASE: 'the wrong passphrase' })).toBe(
        1,
      );
      expect(c.err.join('\n')).toMatch(/authentication failed/);
      c = capture();
      expect(await backupCommand('restore', [file], c.io, target, phrase)).toBe(0);
      expect(c.out.join('\n')).toMatch(/^restored \d+ rows/);
    } finally {
      await fresh?.drop();
    }
  });
});
