// The public report PDF: the one-off print, the stored PDF served against bare node:http serving the
// same bytes, and a burst of requests for reports not yet printed (what an attacker would send).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, startChild } from './http.ts';

/** Proportional set size in kB (shared pages split between their users), else resident size. */
function pssKB(pid: number, rssKB: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? rssKB);
  } catch {
    return rssKB;
  }
}

/** Memory (MB, PSS) and count of a process's descendants whose name matches (its Chromium). */
function descendants(rootPid: number, name: RegExp): { n: number; rssMB: number } {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, rss, ...comm]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      rss: Number(rss),
      comm: comm.join(' '),
    }));
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) {
      if (tree.has(r.ppid) && !tree.has(r.pid)) {
        tree.add(r.pid);
        grew = true;
      }
    }
  }
  const mine = rows.filter((r) => tree.has(r.pid) && r.pid !== rootPid && name.test(r.comm));
  return { n: mine.length, rssMB: mine.reduce((a, r) => a + pssKB(r.pid, r.rss), 0) / 1024 };
}

export async function pdf(): Promise<void> {
  const app = await startChild('app');
  const base = `http://127.0.0.1:${app.port}`;
  const dir = mkdtempSync(join(tmpdir(), 'insp-bench-pdf-'));
  let bare: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    const refs = (
      (await (await fetch(`${base}/api/v1/inspections?limit=40`)).json()) as { data: { ref: string }[] }
    ).data.map((d) => d.ref);
    const timed = async (ref: string) => {
      const t0 = performance.now();
      const res = await fetch(`${base}/inspections/${ref}/report.pdf`);
      const body = Buffer.from(await res.arrayBuffer());
      return { ms: performance.now() - t0, status: res.status, body };
    };
    const cold = await timed(refs[0]!);
    const warm = await timed(refs[1]!);
    const stored = await timed(refs[0]!);
    if (cold.status !== 200) throw new Error(`the PDF answered ${cold.status} (is Chromium installed?)`);
    console.log(
      `report PDF, one-off print (${(cold.body.length / 1024).toFixed(0)} KB): ${cold.ms.toFixed(0)} ms with the browser's launch, ` +
        `${warm.ms.toFixed(0)} ms on the running browser; then served from the store in ${stored.ms.toFixed(1)} ms`,
    );
    const file = join(dir, 'report.pdf');
    writeFileSync(file, cold.body);
    bare = await startChild('bare', { BENCH_BARE_FILE: file, BENCH_BARE_TYPE: 'application/pdf' });
    const b = await load(`http://127.0.0.1:${bare.port}/`);
    const r = await load(`${base}/inspections/${refs[0]}/report.pdf`);
    console.log(
      `report PDF from the store: ${Math.round(r.rps).toLocaleString('en-GB')} req/s, p99 ${r.p99} ms; bare node:http serving the same bytes ` +
        `${Math.round(b.rps).toLocaleString('en-GB')} req/s, p99 ${b.p99} ms; ${((r.rps / b.rps) * 100).toFixed(1)}% of bare` +
        `${r.errors || r.non2xx ? `; ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`,
    );
    // A burst of requests for reports not printed yet: the gate prints two at a time, queues a few
    // and refuses the rest with 503 + Retry-After, so Chromium's memory stays bounded.
    const burst = refs.slice(2, 32);
    let peak = descendants(app.child.pid!, /chrom/i);
    const sampler = setInterval(() => {
      const now = descendants(app.child.pid!, /chrom/i);
      if (now.rssMB > peak.rssMB) peak = now;
    }, 100);
    const t0 = performance.now();
    const answers = await Promise.all(
      burst.map((ref) =>
        fetch(`${base}/inspections/${ref}/report.pdf`).then((res) => ({
          status: res.status,
          retry: res.headers.get('retry-after'),
        })),
      ),
    );
    const ms = performance.now() - t0;
    clearInterval(sampler);
    const ok = answers.filter((a) => a.status === 200).length;
    const busy = answers.filter((a) => a.status === 503 && a.retry).length;
    console.log(
      `report PDF, ${burst.length} simultaneous requests for unprinted reports: ${ok} printed, ${busy} answered 503 with Retry-After, ` +
        `${burst.length - ok - busy} other, in ${(ms / 1000).toFixed(1)} s; Chromium at most ${peak.n} processes, ${peak.rssMB.toFixed(0)} MB (summed PSS)`,
    );
  } finally {
    bare?.child.kill();
    app.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
