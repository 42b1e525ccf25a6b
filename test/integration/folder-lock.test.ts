import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { DataFolderInUseError, LOCK_FILE } from '../../src/store/folder-lock.ts';
import { createTestDataDir } from '../helpers/db.ts';

/**
 * A PGlite data folder is opened by one process at a time: a second process beside a running
 * server once corrupted the system catalogue of a folder here. Another process that has it open is
 * named in the refusal; a lock left by a process that was killed is taken over.
 */
describe('a PGlite data folder is open in one process at a time', () => {
  it('refuses a second opener while the holder lives, takes over once it is killed, and frees it on close', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'folder-lock-')), 'pglite');
    // A folder that already holds a database (copied from this run's template), as a server's
    // does: the holder then only opens it, instead of running initdb in a process of its own.
    await createTestDataDir(dir);
    // Another process opens the folder and keeps it open until it is killed.
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openDatabase } = await import(${JSON.stringify(new URL('../../src/store/db.ts', import.meta.url).href)});
         await openDatabase({ dataDir: ${JSON.stringify(dir)} });
         console.log('open');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
        holder.on('exit', (code) => reject(new Error(`the holder exited (${code})`)));
      });
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(holder.pid));
      const refused = await openDatabase({ dataDir: dir }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(DataFolderInUseError);
      expect((refused as Error).message).toContain(`in use by process ${holder.pid}`);
      expect((refused as Error).message).toContain('DATABASE_URL');
    } finally {
      // Killed outright: no chance to remove its lock.
      holder.kill('SIGKILL');
      await new Promise((r) => (holder.exitCode !== null || holder.signalCode ? r(null) : holder.on('exit', r)));
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const mine = await openDatabase({ dataDir: dir });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await mine.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);
});
