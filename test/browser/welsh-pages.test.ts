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

  it('the toggle turns an inspection’s report Welsh, accessible at 1280 and 320 px', async () => {
    const report = new PublicPage(page, base);
    expect(await report.open('/inspections/bromley-2025/report')).toBe(200);
    expect(await report.language()).toBe('en-GB');
    await eventually(report.heading).toBe('Bromley YJS: the register’s summary of a published inspection');
    await report.chooseLanguage('Cymraeg');
    await eventually(report.heading).toBe('Bromley YJS: crynodeb y gofrestr o arolygiad a gyhoeddwyd');
    expect(await report.language()).toBe('cy');
    await report.expectAccessibleAtBothWidths(shots && `${shots}/report-320.png`);
    const welshService = new PublicPage(page, base);
    expect(await welshService.open('/inspections/cardiff-2022/report')).toBe(200);
    await eventually(welshService.heading).toBe(
      'Gwasanaeth Cyfiawnder Ieuenctid Caerdydd: crynodeb y gofrestr o arolygiad a gyhoeddwyd',
    );
    await welshService.expectAccessibleAtBothWidths(shots && `${shots}/report-cardiff-320.png`);
  });

  it('the press release in Welsh, accessible at 1280 and 320 px', async () => {
    const release = new PublicPage(page, base);
    expect(await release.open('/inspections/bromley-2025/press-release')).toBe(200);
    expect(await release.language()).toBe('cy');
    await eventually(textOfCaption).toBe('Bromley YJS · Datganiad i’r wasg');
    await release.expectAccessibleAtBothWidths(shots && `${shots}/press-release-320.png`);
  });

  it('/coverage in Welsh, accessible at 1280 and 320 px', async () => {
    const coverage = new PublicPage(page, base);
    expect(await coverage.open('/coverage')).toBe(200);
    await eventually(coverage.heading).toBe('Cwmpas y gofrestr');
    await coverage.expectAccessibleAtBothWidths(shots && `${shots}/coverage-320.png`);
  });

  it('/frameworks and a framework in Welsh, accessible at 1280 and 320 px', async () => {
    const list = new PublicPage(page, base);
    expect(await list.open('/frameworks')).toBe(200);
    await eventually(list.heading).toBe('Fframweithiau arolygu');
    await list.expectAccessibleAtBothWidths(shots && `${shots}/frameworks-320.png`);
    const one = new PublicPage(page, base);
    expect(await one.open('/frameworks/hmip-youth-2021')).toBe(200);
    await eventually(one.heading).toBe('Safonau arolygu cyfiawnder ieuenctid (diweddariad 2021)');
    await one.expectAccessibleAtBothWidths(shots && `${shots}/framework-320.png`);
  });

  it('/status in Welsh, accessible at 1280 and 320 px, and back to English', async () => {
    const status = new PublicPage(page, base);
    expect(await status.open('/status')).toBe(200);
    await eventually(status.heading).toBe('Statws y gwasanaeth');
    await status.expectAccessibleAtBothWidths(shots && `${shots}/status-320.png`);
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
