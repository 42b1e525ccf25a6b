import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { eventually, PublicPage } from './pages/index.ts';

/**
 * The public pages that came to Welsh last (an inspection's report and press release, /coverage,
 * /frameworks and a framework, /status), in a browser: the toggle, axe at 1280 and 320 px, and no
 * sideways scroll on a phone. Set WELSH_SCREENSHOTS to a folder to keep each page at 320 px.
 */
let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
const shots = process.env.WELSH_SCREENSHOTS;

describe.runIf(browserAvailable)('the report, press release, coverage, frameworks and status in Welsh', () => {
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  /** axe at 1280 px, then at 320 px after a reload (the layout a phone gets), and no sideways scroll. */
  async function expectAccessibleAtBothWidths(p: PublicPage, name: string) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await p.expectAccessible();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.reload();
    await p.expectAccessible();
    await p.expectNoSideScroll();
    if (shots) await page.screenshot({ path: `${shots}/${name}-320.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  it('the toggle turns an inspection’s report Welsh, accessible at 1280 and 320 px', async () => {
    const report = new PublicPage(page, base);
    expect(await report.open('/inspections/bromley-2025/report')).toBe(200);
    expect(await report.language()).toBe('en-GB');
    await eventually(report.heading).toBe('Bromley YJS: the register’s summary of a published inspection');
    await report.chooseLanguage('Cymraeg');
    await eventually(report.heading).toBe('Bromley YJS: crynodeb y gofrestr o arolygiad a gyhoeddwyd');
    expect(await report.language()).toBe('cy');
    await expectAccessibleAtBothWidths(report, 'report');
    const welshService = new PublicPage(page, base);
    expect(await welshService.open('/inspections/cardiff-2022/report')).toBe(200);
    await eventually(welshService.heading).toBe(
      'Gwasanaeth Cyfiawnder Ieuenctid Caerdydd: crynodeb y gofrestr o arolygiad a gyhoeddwyd',
    );
    await expectAccessibleAtBothWidths(welshService, 'report-cardiff');
  });

  it('the press release in Welsh, accessible at 1280 and 320 px', async () => {
    const release = new PublicPage(page, base);
    expect(await release.open('/inspections/bromley-2025/press-release')).toBe(200);
    expect(await release.language()).toBe('cy');
    await eventually(textOfCaption).toBe('Bromley YJS · Datganiad i’r wasg');
    await expectAccessibleAtBothWidths(release, 'press-release');
  });

  it('/coverage in Welsh, accessible at 1280 and 320 px', async () => {
    const coverage = new PublicPage(page, base);
    expect(await coverage.open('/coverage')).toBe(200);
    await eventually(coverage.heading).toBe('Cwmpas y gofrestr');
    await expectAccessibleAtBothWidths(coverage, 'coverage');
  });

  it('/frameworks and a framework in Welsh, accessible at 1280 and 320 px', async () => {
    const list = new PublicPage(page, base);
    expect(await list.open('/frameworks')).toBe(200);
    await eventually(list.heading).toBe('Fframweithiau arolygu');
    await expectAccessibleAtBothWidths(list, 'frameworks');
    const one = new PublicPage(page, base);
    expect(await one.open('/frameworks/hmip-youth-2021')).toBe(200);
    await eventually(one.heading).toBe('Safonau arolygu cyfiawnder ieuenctid (diweddariad 2021)');
    await expectAccessibleAtBothWidths(one, 'framework');
  });

  it('/status in Welsh, accessible at 1280 and 320 px, and back to English', async () => {
    const status = new PublicPage(page, base);
    expect(await status.open('/status')).toBe(200);
    await eventually(status.heading).toBe('Statws y gwasanaeth');
    await expectAccessibleAtBothWidths(status, 'status');
    await status.chooseLanguage('English');
    await eventually(status.heading).toBe('Service status');
    expect(await status.language()).toBe('en-GB');
    // The choice is kept on the next page.
    const frameworks = new PublicPage(page, base);
    await frameworks.open('/frameworks');
    await eventually(frameworks.heading).toBe('Inspection frameworks');
  });
});

/** The caption above the press release's headline: the service and "Press release" in the page's language. */
const textOfCaption = async () => (await page.locator('.govuk-caption-l').textContent())?.trim() ?? '';
