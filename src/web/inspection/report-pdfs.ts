import type { Db } from '../../store/db.ts';
import { getInspectionByRef } from '../../store/register-repo.ts';
import { getPublicReportPdfHead, getReportPdf, saveReportPdf, type StoredPdf } from '../../store/report-pdf-repo.ts';
import { chromiumRenderer, createGate, type PdfRenderer } from './pdf.ts';
import type { PdfInfo } from './pdf-info.ts';

export type InspectionData = NonNullable<Awaited<ReturnType<typeof getInspectionByRef>>>;

export interface ReportPdfOptions {
  /** Prints HTML to PDF; by default one shared headless Chromium for the process. */
  renderer?: PdfRenderer;
  /** Prints at once (each is a Chromium page, tens of megabytes). */
  concurrency?: number;
  /** Requests that may wait for a slot; one more is answered 503 at once. */
  queue?: number;
  /** What a 503 tells the client to wait before asking again. */
  retryAfterSeconds?: number;
  /** Stored PDFs kept in memory, in bytes in all (least recently served dropped first). */
  memoryBytes?: number;
  /**
   * How long a public inspection's current PDF (its version and hash) is reused without asking the
   * database: the page cache's TTL, so a correction made on another instance shows as soon as pages do.
   */
  headTtlMs?: number;
  /**
   * How long after a publication run its prints begin. At the instant every instance renders its
   * pages and figures afresh, and the run computes today's figures: the first seconds are the
   * public's, and a print made then only competes with them. None by default; `serve` sets it.
   */
  publishedDelayMs?: number;
}

export interface PdfHead {
  id: string;
  ref: string;
  version: number;
  sha256: string | null;
}

interface Deps {
  db: () => Db;
  now: () => Date;
  /** The report as self-contained HTML (styles inline), from the record as the public sees it. */
  html: (d: InspectionData) => string;
  /** The PDF's title and author (the configured inspectorate). */
  info: (d: InspectionData) => PdfInfo;
  log: { error: (e: unknown) => void };
}

/**
 * The public report PDF: printed once per version of the record and stored (report_pdfs), so every
 * later request, on any instance, is a database read. Prints happen after publication (the
 * publication job), after a correction (in the background) and, as a fallback, on the first request
 * for a version not yet stored (records imported from the register, or a request between the embargo
 * and the job's next run). Concurrent requests for one inspection share one print (single flight),
 * and prints pass through a gate with a bounded queue, so load can only produce 503s, not more
 * browsers or pages.
 */
export function createReportPdfs(deps: Deps, opts: ReportPdfOptions = {}) {
  const renderer = opts.renderer ?? chromiumRenderer();
  const gate = createGate(opts.concurrency ?? 2, opts.queue ?? 8);
  const flights = new Map<string, Promise<StoredPdf | null>>();
  const background = new Set<Promise<unknown>>();
  let renders = 0;
  // Keyed by SHA-256, so an entry can never be stale: which PDF to serve is decided by `head`;
  // memory only saves fetching the bytes again.
  const memory = new Map<string, Buffer>();
  const memoryMax = opts.memoryBytes ?? 64 * 1024 * 1024;
  let memoryUsed = 0;
  const remember = (pdf: StoredPdf | null) => {
    if (!pdf || memory.has(pdf.sha256) || pdf.bytes.length > memoryMax) return pdf;
    for (const [sha, b] of memory) {
      if (memoryUsed + pdf.bytes.length <= memoryMax) break;
      memory.delete(sha);
      memoryUsed -= b.length;
    }
    memory.set(pdf.sha256, pdf.bytes);
    memoryUsed += pdf.bytes.length;
    return pdf;
  };
  // Only inspections already public with a PDF stored are kept, so the embargo is still decided by
  // the database: an entry can only say "public since `at`", and is ignored at any earlier time.
  const heads = new Map<string, { head: PdfHead; at: number; until: number }>();
  const headTtl = opts.headTtlMs ?? 0;

  /** Prints and stores the current version of a public inspection; null if it is not public at `now`. */
  const print = async (ref: string, now: Date): Promise<StoredPdf | null> => {
    // InspectionWork through the public read, so nothing is printed before the embargo, whoever asks.
    const d = await getInspectionByRef(deps.db(), ref, now);
    if (!d) return null;
    // Another instance (or an earlier flight) may have stored it while this one waited for a slot.
    const stored = await getReportPdf(deps.db(), d.inspection.id, d.inspection.version);
    if (stored) return stored;
    const bytes = await renderer.render(deps.html(d), deps.info(d));
    renders++;
    return saveReportPdf(deps.db(), d.inspection.id, d.inspection.version, bytes);
  };

  /**
   * The stored PDF of this inspection at `version` or later, printing it if need be. One flight per
   * inspection in this instance: a request that arrives while it is being printed waits for that
   * print instead of starting another. Throws RenderBusyError when the gate's queue is full.
   */
  const ensure = async (target: { id: string; ref: string; version: number }, now: Date, wait = false) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      let flight = flights.get(target.id);
      if (!flight) {
        flight = gate
          .run(() => print(target.ref, now), { wait })
          .then(remember)
          .finally(() => flights.delete(target.id));
        flights.set(target.id, flight);
      }
      const pdf = await flight;
      // A flight started before a correction carries the old version: start one for the new.
      if (!pdf || pdf.recordVersion >= target.version) return pdf;
    }
    return null;
  };

  // Prints owed for what this instance's publication runs published, made one at a time off the
  // job's run: two hundred reports published at one instant would otherwise hold the run (and a
  // shutdown waiting for it) for minutes. A print still owed at shutdown is made on the first
  // request for that report instead.
  const owed: { id: string; ref: string; version: number; now: Date }[] = [];
  let draining: Promise<void> | null = null;
  let closing = false;
  let wake: (() => void) | null = null;
  const drain = async () => {
    const delay = opts.publishedDelayMs ?? 0;
    if (delay > 0)
      await new Promise<void>((r) => {
        const timer = setTimeout(r, delay);
        timer.unref();
        // A shutdown does not wait out the delay.
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    wake = null;
    while (!closing && owed.length) {
      const next = owed.shift()!;
      try {
        await ensure(next, next.now, true);
      } catch (e) {
        deps.log.error(e);
      }
    }
    draining = null;
  };

  /** Runs a print off the request, logging failures; close() waits for it. */
  const inBackground = (p: Promise<unknown>) => {
    const tracked = p.catch(deps.log.error).finally(() => background.delete(tracked));
    background.add(tracked);
  };

  return {
    /** The inspection with this ref if it is public at `now`, with its current PDF's hash if stored. */
    async head(ref: string, now: Date): Promise<PdfHead | null> {
      const t = now.getTime();
      const kept = heads.get(ref);
      if (kept && kept.at <= t && t < kept.until) return kept.head;
      const head = await getPublicReportPdfHead(deps.db(), ref, now);
      if (head?.sha256 && headTtl > 0) {
        if (heads.size >= 10_000) heads.delete(heads.keys().next().value!);
        heads.set(ref, { head, at: t, until: t + headTtl });
      }
      return head;
    },
    available: () => renderer.available(),
    retryAfterSeconds: opts.retryAfterSeconds ?? 5,
    ensure,
    /** The bytes of a stored PDF, from memory or else the database. */
    async bytes(inspectionId: string, recordVersion: number, sha256: string): Promise<Buffer | null> {
      const kept = memory.get(sha256);
      if (kept) {
        // Most recently served last, so the oldest are dropped first.
        memory.delete(sha256);
        memory.set(sha256, kept);
        return kept;
      }
      const pdf = await getReportPdf(deps.db(), inspectionId, recordVersion);
      return pdf?.sha256 === sha256 ? remember(pdf)!.bytes : null;
    },
    /**
     * For the publication job: owes a print of each report it has just published (after its
     * transaction), printed one at a time in the background; resolves at once.
     */
    async published(done: { id: string; ref: string; version: number }[], now: Date) {
      if (!renderer.available() || closing) return;
      owed.push(...done.map((d) => ({ id: d.id, ref: d.ref, version: d.version, now })));
      draining ??= drain();
    },
    /** Prints still owed to publication runs (the bench and tests read it). */
    owed: () => owed.length,
    /** Resolves when every print owed to publication runs has been made (tests). */
    async settled() {
      while (draining) await draining;
    },
    /** After a correction: prints the new version without holding up the person who issued it. */
    corrected(inspection: { id: string; ref: string; version: number }) {
      heads.delete(inspection.ref);
      if (renderer.available()) inBackground(ensure(inspection, deps.now(), true));
    },
    /**
     * A draft for the factual-accuracy check: printed on request through the same gate (so drafts
     * and public PDFs share the bound on browsers and pages) and never stored, since the draft
     * changes until approval. Throws RenderBusyError when the gate's queue is full.
     */
    async draft(html: string, info: PdfInfo): Promise<Buffer> {
      return gate.run(async () => {
        const bytes = await renderer.render(html, info);
        renders++;
        return bytes;
      });
    },
    /** How many prints this instance has made (tests and the bench count them). */
    renders: () => renders,
    async close() {
      // The print in progress finishes; the rest are made on request by whichever instance is asked.
      closing = true;
      wake?.();
      await draining;
      await Promise.allSettled([...background]);
      await Promise.allSettled([...flights.values()]);
      await renderer.close();
    },
  };
}

export type ReportPdfs = ReturnType<typeof createReportPdfs>;
