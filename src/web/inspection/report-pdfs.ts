import type { Db } from '../../store/db.ts';
import { getInspectionByRef } from '../../store/register-repo.ts';
import { getReportPdf, saveReportPdf, type StoredPdf } from '../../store/report-pdf-repo.ts';
import { chromiumRenderer, createGate, type PdfRenderer } from './pdf.ts';

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
}

interface Deps {
  db: () => Db;
  now: () => Date;
  /** The report as self-contained HTML (styles inline), from the record as the public sees it. */
  html: (d: InspectionData) => string;
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

  /** Prints and stores the current version of a public inspection; null if it is not public at `now`. */
  const print = async (ref: string, now: Date): Promise<StoredPdf | null> => {
    // Loaded through the public read, so nothing is printed before the embargo, whoever asks.
    const d = await getInspectionByRef(deps.db(), ref, now);
    if (!d) return null;
    // Another instance (or an earlier flight) may have stored it while this one waited for a slot.
    const stored = await getReportPdf(deps.db(), d.inspection.id, d.inspection.version);
    if (stored) return stored;
    const bytes = await renderer.render(deps.html(d));
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
        flight = gate.run(() => print(target.ref, now), { wait }).finally(() => flights.delete(target.id));
        flights.set(target.id, flight);
      }
      const pdf = await flight;
      // A flight started before a correction carries the old version: start one for the new.
      if (!pdf || pdf.recordVersion >= target.version) return pdf;
    }
    return null;
  };

  /** Runs a print off the request, logging failures; close() waits for it. */
  const inBackground = (p: Promise<unknown>) => {
    const tracked = p.catch(deps.log.error).finally(() => background.delete(tracked));
    background.add(tracked);
  };

  return {
    available: () => renderer.available(),
    retryAfterSeconds: opts.retryAfterSeconds ?? 5,
    ensure,
    /** For the publication job: prints what it has just published, one at a time, outside its transaction. */
    async published(done: { id: string; ref: string; version: number }[], now: Date) {
      if (!renderer.available()) return;
      for (const d of done) {
        try {
          await ensure(d, now, true);
        } catch (e) {
          // The request path prints it on demand instead.
          deps.log.error(e);
        }
      }
    },
    /** After a correction: prints the new version without holding up the person who issued it. */
    corrected(inspection: { id: string; ref: string; version: number }) {
      if (renderer.available()) inBackground(ensure(inspection, deps.now(), true));
    },
    /** How many prints this instance has made (tests and the bench count them). */
    renders: () => renders,
    async close() {
      await Promise.allSettled([...background]);
      await Promise.allSettled([...flights.values()]);
      await renderer.close();
    },
  };
}

export type ReportPdfs = ReturnType<typeof createReportPdfs>;
