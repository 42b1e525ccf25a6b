import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, it, onTestFinished } from 'vitest';
import { inspections } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch, signIn } from '../helpers/browser.ts';
import { builders, PASSWORD, type BuiltInspection } from '../helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { eventually, InspectionReportPage, ReportTextPage } from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
let insp: BuiltInspection;

describe.runIf(browserAvailable)('writing the report in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const build = builders(t);
    insp = await build.inspection({ status: 'factual_accuracy', findings: 2, recommendations: 1 });
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it(
    'the lead writes two versions, compares them, and a save on a stale version is refused',
    { timeout: 120_000 },
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, base, insp.lead.email, PASSWORD);
      const editor = await new ReportTextPage(page, base, `${base}/workspace/inspections/${insp.id}`).open();
      await eventually(editor.version).toContain('Nothing has been saved yet');
      await editor.expectAccessible();
      await editor.expectNoSideScroll();
      await editor.write({
        foreword: 'A strong service.',
        overview: 'The overview.',
        narratives: { '2.1': 'Assessment was good.' },
      });
      let versions = await editor.save();
      await eventually(versions.banner).toContain('Saved as version 1');
      await versions.expectAccessible();

      await editor.open();
      await editor.write({ foreword: 'A strong and improving service.' });
      versions = await editor.save();
      await eventually(versions.count).toBe(2);
      await versions.expectAccessible();
      await versions.expectNoSideScroll();

      const compare = await versions.compare(1, 2);
      await eventually(compare.status('foreword')).toBe('Changed');
      await eventually(compare.status('overview')).toBe('Unchanged');
      await eventually(compare.status('standard:2.1')).toBe('Unchanged');
      await compare.expectAccessible();
      await compare.expectNoSideScroll();

      // Two tabs open on version 2: the second save is refused, showing both texts, so nothing is lost silently.
      const tab = await browser.context.newPage();
      const other = await new ReportTextPage(tab, base, `${base}/workspace/inspections/${insp.id}`).open();
      await editor.open();
      await eventually(editor.version).toContain('Version 2');
      await other.write({ overview: 'Saved first.' });
      await other.save();
      await editor.write({ overview: 'Saved second, on a stale version.' });
      await editor.save();
      await eventually(() => page.locator('main').innerText()).toContain('Version 3 of the report was saved by');
      await eventually(() => page.title()).toMatch(/Someone else has changed this/);
      await editor.expectAccessible();
      await editor.expectNoSideScroll();
    },
  );

  it(
    'the published report: contents, narrative with the key questions’ figures, the methodology annex',
    { timeout: 120_000 },
    async () => {
      const build = builders(t);
      const published = await build.inspection({ status: 'factual_accuracy', findings: 1, recommendations: 1 });
      // Another person: a browser context of their own.
      const person = await launch();
      onTestFinished(() => person.close());
      const leadPage = await person.context.newPage();
      await signIn(leadPage, base, published.lead.email, PASSWORD);
      const editor = await new ReportTextPage(leadPage, base, `${base}/workspace/inspections/${published.id}`).open();
      await editor.write({
        foreword: 'Foreword words.',
        overview: 'Overview words.',
        narratives: { '2.1': 'Narrative words.' },
      });
      await editor.save();
      // Approved and scheduled (written directly: that journey has its own tests), its embargo past.
      await t.db
        .update(inspections)
        .set({
          status: 'scheduled',
          publishedAt: new Date(Date.now() - 60_000),
          publicationEarliest: '2026-11-22',
          publicationLatest: '2026-11-22',
          publicationPrecision: 'day',
        })
        .where(eq(inspections.id, published.id));
      const page = await browser.context.newPage();
      await page.goto(`${base}/inspections/${published.ref}/report`);
      const report = new InspectionReportPage(page, base);
      await eventually(() => page.locator('#standard-2\\.1').innerText()).toContain('Narrative words.');
      await eventually(() => page.locator('#key-questions-2\\.1 td').first().innerText()).toMatch(
        /^\d+ of \d+, [\d.]+%$/,
      );
      await eventually(() => page.locator('#methodology-ratings').isVisible()).toBe(true);
      await report.expectAccessible();
      await report.expectNoSideScroll();
    },
  );
});
