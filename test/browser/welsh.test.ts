import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { eventually, PublicPage } from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;

describe.runIf(browserAvailable)('the register in Welsh, in a browser', () => {
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

  it('the toggle turns the home page Welsh, accessible at 1280 and 320 px', async () => {
    const home = new PublicPage(page, base);
    expect(await home.open('/')).toBe(200);
    expect(await home.language()).toBe('en-GB');
    await home.chooseLanguage('Cymraeg');
    await eventually(home.heading).toBe('Graddau gwasanaethau cyfiawnder ieuenctid');
    expect(await home.language()).toBe('cy');
    // The inline script still runs (CSP hash unchanged by the language).
    await eventually(home.bodyClass).toContain('js-enabled');
    await home.expectAccessibleAtBothWidths();
  });

  it('the choice is kept: a Welsh service page has its Welsh name, accessible at 1280 and 320 px', async () => {
    const service = new PublicPage(page, base);
    expect(await service.open('/services/cardiff')).toBe(200);
    await eventually(service.heading).toBe('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
    expect(await service.language()).toBe('cy');
    await service.expectAccessibleAtBothWidths();
    // A reload is answered from the page cache, still in Welsh.
    await page.reload();
    await eventually(service.heading).toBe('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
  });

  it('the statistics in Welsh, charts and tables, accessible at 1280 and 320 px', async () => {
    const stats = new PublicPage(page, base);
    expect(await stats.open('/statistics?lng=cy')).toBe(200);
    await eventually(stats.heading).toBe('Ystadegau');
    expect(await stats.language()).toBe('cy');
    await stats.expectAccessibleAtBothWidths();
    const list = new PublicPage(page, base);
    expect(await list.open('/statistics/possibly-newer?asAt=2025-01-07')).toBe(200);
    await eventually(list.heading).toBe('Gwasanaethau a allai fod ag arolygiad mwy diweddar');
    await list.expectAccessibleAtBothWidths();
  });

  it('the downloads page in Welsh, its dictionary tables too, accessible at 1280 and 320 px', async () => {
    const downloads = new PublicPage(page, base);
    expect(await downloads.open('/downloads')).toBe(200);
    await eventually(downloads.heading).toBe('Lawrlwytho’r data');
    await downloads.expectAccessibleAtBothWidths();
  });

  it('an inspection in Welsh, accessible at 1280 and 320 px', async () => {
    const inspection = new PublicPage(page, base);
    expect(await inspection.open('/inspections/cardiff-2022')).toBe(200);
    await eventually(inspection.heading).toBe('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
    await inspection.expectAccessibleAtBothWidths();
  });

  it('and back to English', async () => {
    const service = new PublicPage(page, base);
    await service.open('/services/cardiff');
    await service.chooseLanguage('English');
    await eventually(service.heading).toBe('Cardiff YJS');
    expect(await service.language()).toBe('en-GB');
  });
});
