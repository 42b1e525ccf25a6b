import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { londonInstant } from '../../src/domain/embargo.ts';
import { startPublicationJob } from '../../src/jobs/publication.ts';
import { listPublicRefs } from '../../src/store/register-repo.ts';
import { auditEvents, inspections, reportPdfs } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { chromiumRenderer, PRINT_NICE, type PdfRenderer } from '../../src/web/inspection/pdf.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

/**
 * A renderer that prints instantly and counts its prints. Each print differs (as Chromium's do: the
 * creation date), so serving a second print instead of the stored one would change the ETag.
 */
function fakeRenderer(opts: { available?: boolean; gate?: () => Promise<void> } = {}) {
  const htmls: string[] = [];
  const r: PdfRenderer & { htmls: string[] } = {
    htmls,
    available: () => opts.available ?? true,
    async render(html) {
      htmls.push(html);
      await opts.gate?.();
      return Buffer.from(
        `%PDF-1.7\n% print ${htmls.length} of ${createHash('sha256').update(html).digest('hex')}\n%%EOF\n`,
      );
    },
    close: async () => {},
  };
  return r;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PUB_DATE = '2027-01-12';
const EMBARGO = londonInstant(PUB_DATE, '00:01');

let t: TestDatabase;
let app: FastifyInstance;
let clock = new Date('2026-11-22T12:00:00Z');
const renderer = fakeRenderer();
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;
let ref = '';
let imported = '';
/** Other public records with no PDF yet, one per test that needs a fresh one. */
let others: string[] = [];
const pdfUrl = (r: string) => `/inspections/${r}/report.pdf`;
const stored = (inspectionId: string) =>
  t.db.select().from(reportPdfs).where(eq(reportPdfs.inspectionId, inspectionId)).orderBy(reportPdfs.recordVersion);
const versionOf = async (id: string) =>
  (await t.db.select().from(inspections).where(eq(inspections.id, id)))[0]!.version;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  fixture = await bromleyAtFactualAccuracy(t);
  // Approved and scheduled (the schedule page's effect, written directly: that journey has its own tests).
  await t.db
    .update(inspections)
    .set({
      status: 'scheduled',
      publishedAt: EMBARGO,
      publicationEarliest: PUB_DATE,
      publicationLatest: PUB_DATE,
      publicationPrecision: 'day',
    })
    .where(eq(inspections.id, fixture.inspectionId));
  ref = (await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId)))[0]!.ref;
  const publicRefs = (await listPublicRefs(t.db, clock)).map((r) => r.ref).filter((r) => r !== ref);
  imported = publicRefs[0]!;
  others = publicRefs.slice(1);
  app = await buildApp({
    database: t,
    config: { env: 'test', logLevel: 'silent' },
    now: () => clock,
    pdf: { renderer },
  });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe('the report PDF and the embargo', () => {
  it('one second before: answered exactly as for an inspection that does not exist, and nothing is printed', async () => {
    clock = new Date(EMBARGO.getTime() - 1000);
    const res = await app.inject({ method: 'GET', url: pdfUrl(ref) });
    const unknown = await app.inject({ method: 'GET', url: pdfUrl('bromley-1999') });
    expect(res.statusCode).toBe(404);
    expect(res.body.replaceAll(ref, 'bromley-1999')).toBe(unknown.body);
    expect(res.headers.etag).toBeUndefined();
    expect(renderer.htmls).toHaveLength(0);
    expect(await stored(fixture.inspectionId)).toEqual([]);
  });

  it('one second after, before the publication job has run: printed on demand, stored, served with its ETag', async () => {
    clock = new Date(EMBARGO.getTime() + 1000);
    const res = await app.inject({ method: 'GET', url: pdfUrl(ref) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${ref}-report.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.headers.etag).toBe(`"${sha(res.rawPayload)}"`);
    expect(renderer.htmls).toHaveLength(1);
    const rows = await stored(fixture.inspectionId);
    expect(rows.map((r) => [r.recordVersion, r.sha256])).toEqual([
      [await versionOf(fixture.inspectionId), sha(res.rawPayload)],
    ]);
    expect(Buffer.compare(rows[0]!.bytes, res.rawPayload)).toBe(0);
  });
});

describe('printed once, served from the store', () => {
  it('the publication job prints the PDF of the version it publishes, and requests then get the stored bytes', async () => {
    clock = new Date(EMBARGO.getTime() + 2000);
    const printsBefore = renderer.htmls.length;
    // Publishing makes a new version of the record (scheduled -> published).
    const published = (await versionOf(fixture.inspectionId)) + 1;
    const stop = startPublicationJob(
      t.db,
      () => clock,
      {
        info: () => {},
        error: (e) => {
          throw e;
        },
      },
      {
        everyMs: 60_000,
        afterPublish: (done, at) => app.reportPdfs.published(done, at),
      },
    );
    try {
      await vi.waitFor(
        async () => expect((await stored(fixture.inspectionId)).map((r) => r.recordVersion)).toContain(published),
        { timeout: 10_000 },
      );
      const [row] = await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId));
      expect(row).toMatchObject({ status: 'published', version: published });
    } finally {
      await stop();
    }
    expect(renderer.htmls).toHaveLength(printsBefore + 1);
    const row = (await stored(fixture.inspectionId)).at(-1)!;
    for (let n = 0; n < 3; n++) {
      const res = await app.inject({ method: 'GET', url: pdfUrl(ref) });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe(`"${row.sha256}"`);
    }
    expect(renderer.htmls).toHaveLength(printsBefore + 1);
    // Each stored print is in the audit trail, as a system action.
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, fixture.inspectionId), eq(auditEvents.entityType, 'report_pdf')));
    expect(events.map((e) => (e.after as { recordVersion: number }).recordVersion)).toEqual(
      (await stored(fixture.inspectionId)).map((r) => r.recordVersion),
    );
  });

  it('answers 304 to a matching If-None-Match, and the whole PDF to any other', async () => {
    const first = await app.inject({ method: 'GET', url: pdfUrl(ref) });
    const again = await app.inject({
      method: 'GET',
      url: pdfUrl(ref),
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    const weak = await app.inject({
      method: 'GET',
      url: pdfUrl(ref),
      headers: { 'if-none-match': `"x", W/${first.headers.etag as string}` },
    });
    expect(weak.statusCode).toBe(304);
    const other = await app.inject({ method: 'GET', url: pdfUrl(ref), headers: { 'if-none-match': '"not-it"' } });
    expect(other.statusCode).toBe(200);
    expect(other.rawPayload.length).toBeGreaterThan(0);
  });

  it('a record imported from the register (no PDF yet): concurrent requests share one print; later ones read the store', async () => {
    const printsBefore = renderer.htmls.length;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => app.inject({ method: 'GET', url: pdfUrl(imported) })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((r) => r.headers.etag)).size).toBe(1);
    expect(renderer.htmls).toHaveLength(printsBefore + 1);
    const later = await app.inject({ method: 'GET', url: pdfUrl(imported) });
    expect(later.headers.etag).toBe(answers[0]!.headers.etag);
    expect(renderer.htmls).toHaveLength(printsBefore + 1);
  });

  it('a correction prints a new PDF with a new ETag; the old ETag no longer gets a 304', async () => {
    clock = new Date(EMBARGO.getTime() + 3600_000);
    const before = await app.inject({ method: 'GET', url: pdfUrl(ref) });
    const printsBefore = renderer.htmls.length;
    const comms = new Agent(app);
    await comms.signIn('publisher@example.test');
    const url = `/workspace/inspections/${fixture.inspectionId}/corrections`;
    await comms.get(url);
    const version = await versionOf(fixture.inspectionId);
    const res = await comms.post(url, {
      version: String(version),
      note: 'The fieldwork dates were given wrongly.',
      fieldworkText: '1 to 5 September 2026',
    });
    expect(res.statusCode).toBe(303);
    const after = await app.inject({
      method: 'GET',
      url: pdfUrl(ref),
      headers: { 'if-none-match': before.headers.etag as string },
    });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(renderer.htmls).toHaveLength(printsBefore + 1);
    expect(renderer.htmls.at(-1)).toContain('The fieldwork dates were given wrongly.');
    expect(renderer.htmls.at(-1)).toContain('1 to 5 September 2026');
    expect((await stored(fixture.inspectionId)).at(-1)).toMatchObject({
      recordVersion: version + 1,
      sha256: sha(after.rawPayload),
    });
  });
});

describe('with the page cache on (what a live instance runs with)', () => {
  it('reuses what it learnt for the TTL, but never at a time before it learnt it: the embargo still holds', async () => {
    const config = { env: 'test' as const, logLevel: 'silent' as const, pageCacheTtlMs: 60_000 };
    const cached = await buildApp({ database: t, config, now: () => clock, pdf: { renderer } });
    try {
      clock = new Date(EMBARGO.getTime() + 7200_000);
      const printsBefore = renderer.htmls.length;
      const first = await cached.inject({ method: 'GET', url: pdfUrl(ref) });
      expect(first.statusCode).toBe(200);
      // Reused: the database is not asked again within the TTL (so a change made by another instance
      // shows after it, as on pages). Here the record moves on behind the app's back.
      const version = await versionOf(fixture.inspectionId);
      await t.db
        .update(inspections)
        .set({ version: version + 100 })
        .where(eq(inspections.id, fixture.inspectionId));
      const reused = await cached.inject({ method: 'GET', url: pdfUrl(ref) });
      expect(reused.headers.etag).toBe(first.headers.etag);
      expect(renderer.htmls.length).toBe(printsBefore);
      await t.db.update(inspections).set({ version }).where(eq(inspections.id, fixture.inspectionId));
      // A clock that moves back before the embargo gets the 404 of an unknown inspection.
      clock = new Date(EMBARGO.getTime() - 1000);
      const early = await cached.inject({ method: 'GET', url: pdfUrl(ref) });
      expect(early.statusCode).toBe(404);
    } finally {
      clock = new Date(EMBARGO.getTime() + 7200_000);
      await cached.close();
    }
  });
});

describe('saturation and a server without Chromium', () => {
  it('with every slot busy and the queue full: a 503 page with Retry-After at once, not another print', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const slow = fakeRenderer({ gate: () => held });
    const busy = await buildApp({
      database: t,
      config: { env: 'test', logLevel: 'silent' },
      now: () => clock,
      pdf: { renderer: slow, concurrency: 1, queue: 0, retryAfterSeconds: 7 },
    });
    try {
      const refs = others.slice(0, 2);
      const first = busy.inject({ method: 'GET', url: pdfUrl(refs[0]!) });
      await vi.waitFor(() => expect(slow.htmls).toHaveLength(1));
      const refused = await busy.inject({ method: 'GET', url: pdfUrl(refs[1]!) });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('7');
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toContain('govuk-heading-l');
      expect(refused.body).toContain('Sorry, the PDF cannot be made right now');
      expect(refused.body).toContain(`/inspections/${refs[1]}/report`);
      expect(slow.htmls).toHaveLength(1);
      release();
      expect((await first).statusCode).toBe(200);
      // The slot is free again.
      expect((await busy.inject({ method: 'GET', url: pdfUrl(refs[1]!) })).statusCode).toBe(200);
    } finally {
      release();
      await busy.close();
    }
  });

  it('without Chromium: a PDF not yet stored is a 503 saying so (as before); a stored one is still served', async () => {
    const none = fakeRenderer({ available: false });
    const bare = await buildApp({
      database: t,
      config: { env: 'test', logLevel: 'silent' },
      now: () => clock,
      pdf: { renderer: none },
    });
    try {
      const missing = await bare.inject({ method: 'GET', url: pdfUrl(others[2]!) });
      expect(missing.statusCode).toBe(503);
      expect(missing.body).toContain('no Chromium');
      const have = await bare.inject({ method: 'GET', url: pdfUrl(ref) });
      expect(have.statusCode).toBe(200);
      expect(none.htmls).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });
});

describe('many reports published at one instant', () => {
  it('the job run does not wait for their prints: they are made one at a time after it, and a shutdown leaves the rest for requests', async () => {
    let release: () => void = () => {};
    let held = new Promise<void>((r) => (release = r));
    const slow = fakeRenderer({ gate: () => held });
    const instance = await buildApp({
      database: t,
      config: { env: 'test', logLevel: 'silent' },
      now: () => clock,
      pdf: { renderer: slow },
    });
    const refs = others.slice(6, 9);
    const rows = await Promise.all(
      refs.map(async (r) => (await t.db.select().from(inspections).where(eq(inspections.ref, r)))[0]!),
    );
    try {
      // Resolves while the first print is still held: the publication run is free to finish.
      await instance.reportPdfs.published(
        rows.map((r) => ({ id: r.id, ref: r.ref, version: r.version })),
        clock,
      );
      await vi.waitFor(() => expect(slow.htmls).toHaveLength(1));
      // One at a time: the second has not started while the first is held.
      await new Promise((r) => setTimeout(r, 50));
      expect(slow.htmls).toHaveLength(1);
      expect(instance.reportPdfs.owed()).toBe(2);
      release();
      held = new Promise<void>((r) => (release = r));
      await vi.waitFor(() => expect(slow.htmls).toHaveLength(2));
      // Shutting down while the second print is held: it finishes, the third is left for a request.
      // (The printer's own close, as the app's close calls it; synchronous up to its first wait.)
      const closing = instance.reportPdfs.close();
      release();
      await closing;
      expect(slow.htmls).toHaveLength(2);
      expect((await stored(rows[0]!.id)).length).toBe(1);
      expect((await stored(rows[1]!.id)).length).toBe(1);
      expect(await stored(rows[2]!.id)).toEqual([]);
    } finally {
      release();
      await instance.close();
    }
  });
});

describe('prints owed to a publication run wait a moment (serve: PUBLISHED_PRINT_DELAY_MS)', () => {
  it('begin only after publishedDelayMs, and a shutdown does not wait the delay out', async () => {
    const counting = fakeRenderer();
    const instance = await buildApp({
      database: t,
      config: { env: 'test', logLevel: 'silent' },
      now: () => clock,
      pdf: { renderer: counting, publishedDelayMs: 400 },
    });
    const refs = others.slice(9, 11);
    const rows = await Promise.all(
      refs.map(async (r) => (await t.db.select().from(inspections).where(eq(inspections.ref, r)))[0]!),
    );
    const owed = rows.map((r) => ({ id: r.id, ref: r.ref, version: r.version }));
    try {
      const t0 = Date.now();
      await instance.reportPdfs.published(owed.slice(0, 1), clock);
      await new Promise((r) => setTimeout(r, 150));
      expect(counting.htmls).toHaveLength(0);
      await instance.reportPdfs.settled();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
      expect(counting.htmls).toHaveLength(1);
      // Owed again, then shut down within the delay: nothing more is printed, and no wait.
      await instance.reportPdfs.published(owed.slice(1), clock);
      const t1 = Date.now();
      await instance.reportPdfs.close();
      expect(Date.now() - t1).toBeLessThan(300);
      expect(counting.htmls).toHaveLength(1);
      expect(await stored(rows[1]!.id)).toEqual([]);
    } finally {
      await instance.close();
    }
  });
});

describe.skipIf(!browserAvailable)('printing with Chromium', () => {
  it('runs Chromium at a lower CPU priority (nice 10) than the server, every process and thread of it', async () => {
    const chromium = chromiumRenderer();
    try {
      const pdf = await chromium.render('<!DOCTYPE html><title>t</title><p>Hello</p>');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(chromium.launcher()).toMatch(/inspectorate-chromium-/);
      // The browser and everything under it, read from /proc (field 19 of stat is the nice value).
      const stat = (path: string) => {
        const text = readFileSync(path, 'utf8');
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        return {
          comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')),
          ppid: Number(fields[1]),
          nice: Number(fields[16]),
        };
      };
      const all = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .flatMap((pid) => {
          try {
            return [{ pid: Number(pid), ...stat(`/proc/${pid}/stat`) }];
          } catch {
            return []; // gone meanwhile
          }
        });
      const under = new Set([process.pid]);
      for (let grew = true; grew;) {
        grew = false;
        for (const p of all)
          if (under.has(p.ppid) && !under.has(p.pid)) {
            under.add(p.pid);
            grew = true;
          }
      }
      const browser = all.filter((p) => under.has(p.pid) && /chrom/i.test(p.comm));
      expect(browser.length).toBeGreaterThan(1);
      // Chromium sets some threads' priorities itself (-8 for its main thread when it may): none is
      // above the launcher's.
      const threads = browser.flatMap((p) => {
        try {
          return readdirSync(`/proc/${p.pid}/task`).map((tid) => stat(`/proc/${p.pid}/task/${tid}/stat`).nice);
        } catch {
          return [];
        }
      });
      expect(Math.min(...browser.map((p) => p.nice), ...threads)).toBe(PRINT_NICE);
    } finally {
      await chromium.close();
    }
    expect(existsSync(chromium.launcher()!)).toBe(false);
  }, 120_000);

  it('prints a tagged PDF with an outline through one shared browser, and relaunches it after a crash', async () => {
    const chromium = chromiumRenderer();
    const real = await buildApp({
      database: t,
      config: { env: 'test', logLevel: 'silent' },
      now: () => clock,
      pdf: { renderer: chromium },
    });
    try {
      const refs = others.slice(3, 6);
      const a = await real.inject({ method: 'GET', url: pdfUrl(refs[0]!) });
      expect(a.statusCode).toBe(200);
      const text = a.rawPayload.toString('latin1');
      expect(text.startsWith('%PDF-')).toBe(true);
      // Tagged (a structure tree, marked content) for screen readers, and bookmarks from the headings.
      expect(text).toContain('/StructTreeRoot');
      expect(text).toMatch(/\/MarkInfo\s*<<[^>]*\/Marked true/);
      expect(text).toContain('/Outlines');
      expect(text).toMatch(/\/Lang \(en/);
      expect((await real.inject({ method: 'GET', url: pdfUrl(refs[1]!) })).statusCode).toBe(200);
      expect(chromium.launches()).toBe(1);
      expect(real.reportPdfs.renders()).toBe(2);
      // The browser dies (killed by its process id: a child of this process that this test started).
      const children = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
      const browserPids = children
        .split('\n')
        .filter((l) => /chrom/i.test(l))
        .map((l) => Number(l.trim().split(/\s+/)[0]));
      expect(browserPids.length).toBeGreaterThan(0);
      for (const pid of browserPids) process.kill(pid, 'SIGKILL');
      // The next print finds it dead and launches another, without failing the request.
      expect((await real.inject({ method: 'GET', url: pdfUrl(refs[2]!) })).statusCode).toBe(200);
      expect(chromium.launches()).toBe(2);
    } finally {
      await real.close();
    }
  }, 120_000);
});
