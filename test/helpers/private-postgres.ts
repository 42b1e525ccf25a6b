import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  /** postgres://…/postgres on the private server. */
  url: string;
  /** Resolves once the server has stopped (pg_ctl -w); the event loop keeps running meanwhile. */
  stop: () => Promise<void>;
  /** Resolves once the server accepts connections again. */
  start: () => Promise<void>;
  destroy: () => void;
}

/**
 * A PostgreSQL server of our own, from the machine's binaries, so it can really be stopped and
 * started without touching the shared one. Null where that is impossible (no binaries); then the
 * caller skips, or simulates the outage some other way.
 */
export async function privatePostgres(): Promise<PrivatePostgres | null> {
  let bin: string;
  try {
    bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
  if (!existsSync(join(bin, 'initdb'))) return null;
  const dir = mkdtempSync(join(tmpdir(), 'insp-pg-'));
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: run the server as the postgres user, which owns the folder.
  const run = (cmd: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, cmd),
      asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args,
      { stdio: 'pipe', timeout: 60_000 },
    );
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  } catch (e) {
    console.log(`(no private PostgreSQL: ${(e as Error).message.split('\n')[0]})`);
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  // Stop and start run pg_ctl without blocking: a caller measuring an outage keeps answering and
  // timing its own requests while the server goes down and comes back, instead of seeing every
  // answer that arrived meanwhile stamped with the time the wait ended.
  const runAsync = async (cmd: string, args: string[]) => {
    await promisify(execFile)(
      asRoot ? 'runuser' : join(bin, cmd),
      asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args,
      { timeout: 60_000 },
    );
  };
  const port = await new Promise<number>((r) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => r(p));
    });
  });
  const startArgs = () => [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ];
  const start = () => runAsync('pg_ctl', startArgs());
  const stop = () => runAsync('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
  run('pg_ctl', startArgs());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: () => {
      try {
        run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
