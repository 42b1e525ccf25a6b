import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Resident memory of a process (VmRSS), in MB. */
export function rssMB(pid: number): number {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return rss ? Number(rss[1]) / 1024 : NaN;
}

/**
 * Time from spawning `serve` to /health/ready, and the process's memory then (VmRSS); with idleMs,
 * also its memory after that long idle, and (inspect) what it is made of, before it is stopped.
 */
export async function startup(
  env: Record<string, string>,
  opts: { idleMs?: number; inspect?: (pid: number, port: number) => Promise<void> } = {},
): Promise<{ ms: number; rssMB: number; idleRssMB: number }> {
  const port = 40000 + Math.floor(Math.random() * 20000);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - started > 180_000) throw new Error('serve did not become ready within 3 minutes');
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (r.status === 200) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - started;
    const ready = rssMB(child.pid!);
    if (!opts.idleMs) return { ms, rssMB: ready, idleRssMB: NaN };
    await new Promise((r) => setTimeout(r, opts.idleMs));
    const idle = rssMB(child.pid!);
    await opts.inspect?.(child.pid!, port);
    return { ms, rssMB: ready, idleRssMB: idle };
  } finally {
    child.kill('SIGTERM');
  }
}

export function freshDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'insp-bench-'));
  return { dir: join(dir, 'pglite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
