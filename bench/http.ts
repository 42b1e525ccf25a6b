import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export async function startChild(
  kind: 'bare' | 'app' | 'workspace',
  env: Record<string, string> = {},
): Promise<{ port: number; child: ChildProcess; out: string }> {
  // BENCH_CHILD_NODE_ARGS: flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'bench/servers.ts', kind], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((resolveP, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolveP(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    setTimeout(() => reject(new Error(`${kind} server did not start`)), 300_000).unref();
  });
  return { port, child, out };
}

/** What every browser sends; the bare server ignores it, the app may answer with gzip. */
const BROWSER_HEADERS = {
  'accept-encoding': 'gzip, deflate, br, zstd',
  accept: 'text/html,application/json;q=0.9,*/*;q=0.8',
};

export async function load(
  url: string,
  opts: { gzip?: boolean; seconds?: number; connections?: number; cookies?: string[] } = {},
): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }> {
  const { seconds = 5, connections = 50 } = opts;
  const headers = opts.gzip === false ? { accept: BROWSER_HEADERS.accept } : BROWSER_HEADERS;
  // Signed-in clients: one request per session cookie, so each connection goes round the sessions
  // in turn (autocannon keeps no state per connection between requests).
  const requests = opts.cookies?.map((cookie) => ({ method: 'GET' as const, headers: { ...headers, cookie } }));
  await autocannon({ url, connections, duration: 1, headers, requests }); // warm-up
  const r = await autocannon({ url, connections, duration: seconds, headers, requests });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}
