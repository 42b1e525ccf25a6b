// Loaded into a `serve` process by the publication bench (node --import ./bench/probe.ts), so the
// app carries no measuring code. It records, in the server's own process:
// - every HTTP request: when it arrived (wall clock), its URL, and how long until its response
//   was finished (the server's share of the latency the load generator sees);
// - the event loop's delay, as the largest and 99th percentile delay in each 100 ms window
//   (perf_hooks.monitorEventLoopDelay, reset every window);
// - on SIGUSR2, a CPU profile of the next BENCH_PROBE_PROFILE_MS (default 4,000 ms).
// Everything is written as JSON to BENCH_PROBE_OUT when the process exits.
import { writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const out = process.env.BENCH_PROBE_OUT;
if (out) {
  const requests: [at: number, ms: number, url: string][] = [];
  const loop: [at: number, maxMs: number, p99Ms: number][] = [];

  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as { url?: string };
      const res = args[1] as { once(e: string, f: () => void): void };
      const at = Date.now();
      const t0 = performance.now();
      res.once('finish', () => requests.push([at, performance.now() - t0, req.url ?? '?']));
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof Server.prototype.emit;

  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  setInterval(() => {
    loop.push([Date.now(), h.max / 1e6, h.percentile(99) / 1e6]);
    h.reset();
  }, 100).unref();

  let profile: unknown = null;
  process.on('SIGUSR2', () => {
    const session = new Session();
    session.connect();
    void (async () => {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
      const startedAt = Date.now();
      setTimeout(
        () => {
          void session.post('Profiler.stop').then((r) => {
            profile = { startedAt, profile: r.profile };
          });
        },
        Number(process.env.BENCH_PROBE_PROFILE_MS ?? 4000),
      ).unref();
    })();
  });

  process.on('exit', () => writeFileSync(out, JSON.stringify({ requests, loop, profile })));
}
