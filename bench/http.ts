import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export async function startChild(
  kind: 'bare' | 'app',
  env: Record<string, string> = {},
): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/servers.ts', kind], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolveP, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolveP(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    setTimeout(() => reject(new Error(`${kind} server did not start`)), 120_000).unref();
  });
  return { port, child };
}

/** What every browser sends; the bare server ignores it, the app may answer with gzip. */
const BROWSER_HEADERS = {
  'accept-encoding': 'gzip, deflate, br, zstd',
  accept: 'text/html,application/json;q=0.9,*/*;q=0.8',
};

export async function load(
  url: string,
  opts: { gzip?: boolean; seconds?: number; connections?: number } = {},
): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  const { seconds = 5, connections = 50 } = opts;
  const headers = opts.gzip === false ? { accept: BROWSER_HEADERS.accept } : BROWSER_HEADERS;
  await autocannon({ url, connections, duration: 1, headers }); // warm-up
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}
