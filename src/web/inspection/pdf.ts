import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { withPdfInfo, type PdfInfo } from './pdf-info.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const pdfAvailable = () => existsSync(CHROMIUM_PATH);

/** Prints self-contained HTML to PDF. The app has one per process; tests inject their own. */
export interface PdfRenderer {
  /** False when this server cannot print (no Chromium): the route says so instead of trying. */
  available(): boolean;
  /** With `info`, the PDF's title and author are set to it (Chromium sets no author of its own). */
  render(html: string, info?: PdfInfo): Promise<Buffer>;
  close(): Promise<void>;
}

/** Chromium's flags on a server with no network beyond loopback (background services would only fail). */
export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * Every page's footer: its number of the total. Chromium fills the pageNumber and totalPages
 * spans; the template has no access to the page's styles, so it carries its own.
 */
export const FOOTER_TEMPLATE =
  '<div style="width:100%;font-family:Arial,sans-serif;font-size:9px;color:#505a5f;text-align:center">' +
  'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/**
 * Chromium's CPU priority (a nice value; 0 is the server's own): printing is background work that
 * can wait, public requests cannot. Two hundred reports published at one instant kept Chromium busy
 * for minutes on the same cores as the server, and requests queued behind it.
 */
export const PRINT_NICE = 10;

/**
 * A launcher that starts Chromium through `nice`, for Playwright's executablePath (which takes one
 * file, no arguments): a shell script that execs `nice -n <nice> <chromium> "$@"`, so the browser
 * keeps its process id and Playwright's pipe, and every process it starts (zygote, renderers,
 * utilities) inherits the lower priority. Chromium sets some of its threads' priorities itself
 * (-8 for the browser's main thread, 0 for others); a process without CAP_SYS_NICE cannot go below
 * the nice value it inherited, so that sticks, but a server run as root has the capability: there
 * the launcher drops it from what Chromium may hold (setpriv's bounding set) first. Null when
 * there is no `nice` to run.
 */
export function niceLauncher(executablePath: string, nice: number): { path: string; remove: () => void } | null {
  const find = (name: string) => [`/usr/bin/${name}`, `/bin/${name}`].find((p) => existsSync(p));
  const niceBin = find('nice');
  if (!niceBin || !existsSync('/bin/sh')) return null;
  const setpriv = process.getuid?.() === 0 ? find('setpriv') : undefined;
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const command = [
    ...(setpriv ? [quote(setpriv), '--bounding-set=-sys_nice'] : []),
    quote(niceBin),
    '-n',
    String(nice),
    quote(executablePath),
  ].join(' ');
  const dir = mkdtempSync(join(tmpdir(), 'inspectorate-chromium-'));
  const path = join(dir, 'chromium');
  writeFileSync(path, `#!/bin/sh\nexec ${command} "$@"\n`);
  chmodSync(path, 0o700);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A print that takes longer is abandoned (its context closed), so a stuck page cannot hold a slot forever. */
const RENDER_TIMEOUT_MS = 30_000;

/**
 * One headless Chromium per process, launched when first needed and shared by every print (each in
 * its own context, closed afterwards). A browser costs hundreds of megabytes and most of a second to
 * start, so launching one per request let a handful of anonymous requests exhaust the machine. If
 * the browser dies, the next print launches another; a print caught by the crash is tried once more.
 */
export function chromiumRenderer(
  executablePath = CHROMIUM_PATH,
  opts: { nice?: number } = {},
): PdfRenderer & { launches(): number; launcher(): string | null } {
  let browser: Promise<Browser> | null = null;
  let launches = 0;
  let closed = false;
  const nice = opts.nice ?? PRINT_NICE;
  let launcher: ReturnType<typeof niceLauncher> | undefined;

  const getBrowser = (): Promise<Browser> => {
    if (closed) return Promise.reject(new Error('The PDF renderer is closed.'));
    if (!browser) {
      launches++;
      // Playwright is loaded with the first print, not at start: tens of megabytes that a process
      // which never prints a report need not hold.
      const launching: Promise<Browser> = import('playwright-core')
        .then(({ chromium }) => {
          launcher ??= nice > 0 ? niceLauncher(executablePath, nice) : null;
          return chromium.launch({
            executablePath: launcher?.path ?? executablePath,
            headless: true,
            args: LAUNCH_ARGS,
          });
        })
        .then(
          (b) => {
            b.on('disconnected', () => {
              if (browser === launching) browser = null;
            });
            return b;
          },
          (e: unknown) => {
            if (browser === launching) browser = null;
            throw e;
          },
        );
      browser = launching;
    }
    return browser;
  };

  const printOnce = async (b: Browser, html: string): Promise<Buffer> => {
    const context = await b.newContext();
    let timer: NodeJS.Timeout | undefined;
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(RENDER_TIMEOUT_MS);
      // No network: the HTML carries its own styles; anything it links to is not fetched.
      await page.route('**/*', (route) => route.abort());
      const print = (async () => {
        await page.setContent(html, { waitUntil: 'load' });
        // Tagged (structure tree for screen readers) with an outline from the headings: the PDF is
        // as accessible as the HTML report it is printed from.
        return page.pdf({
          format: 'A4',
          printBackground: true,
          tagged: true,
          outline: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: FOOTER_TEMPLATE,
          margin: { top: '15mm', bottom: '20mm', left: '12mm', right: '12mm' },
        });
      })();
      const timeout = new Promise<never>((_, reject) => {
        const late = () => reject(new Error(`The PDF took longer than ${RENDER_TIMEOUT_MS / 1000} s to print.`));
        timer = setTimeout(late, RENDER_TIMEOUT_MS);
      });
      return await Promise.race([print, timeout]);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
  };

  return {
    available: () => existsSync(executablePath),
    launches: () => launches,
    /** The file Chromium was last launched through (the `nice` launcher), or null if directly. */
    launcher: () => launcher?.path ?? null,
    async render(html, info) {
      const launched = getBrowser();
      const b = await launched;
      let pdf: Buffer;
      try {
        pdf = await printOnce(b, html);
      } catch (e) {
        if (b.isConnected() || closed) throw e;
        // Dead, perhaps before its 'disconnected' event has arrived: forget it and print on a new one.
        if (browser === launched) browser = null;
        pdf = await printOnce(await getBrowser(), html);
      }
      return info ? withPdfInfo(pdf, info) : pdf;
    },
    async close() {
      closed = true;
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close().catch(() => {});
      launcher?.remove();
    },
  };
}

/** Rendering is saturated: every slot is busy and the queue is full. Answered as a 503 with Retry-After. */
export class RenderBusyError extends Error {
  constructor() {
    super('Too many PDFs are being printed at once.');
  }
}

/**
 * At most `limit` tasks at once, and at most `maxQueue` more waiting; a task beyond that is refused
 * at once (RenderBusyError) rather than queued without bound. `wait` tasks (publication-time prints,
 * which the job runs one at a time) wait whatever the queue's length.
 */
export function createGate(limit: number, maxQueue: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(fn: () => Promise<T>, opts: { wait?: boolean } = {}): Promise<T> {
      if (active >= limit) {
        if (!opts.wait && waiting.length >= maxQueue) throw new RenderBusyError();
        // The finishing task hands its slot straight to this one, so `active` is unchanged.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else active++;
      try {
        return await fn();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
    stats: () => ({ active, waiting: waiting.length }),
  };
}
