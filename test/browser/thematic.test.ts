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

describe.runIf(browserAvailable)('the thematic inspections page, in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launch();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it('is reached from the footer, lists the inspections with their sources, and is accessible at 1280 and 320 px', async () => {
    const home = new PublicPage(page, base);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await home.open('/')).toBe(200);
    await page.locator('footer').getByRole('link', { name: 'Thematic inspections' }).click();
    await page.waitForLoadState();
    const thematic = new PublicPage(page, base);
    await eventually(thematic.heading).toBe('Thematic inspections');
    expect(await page.locator('#thematic-list > li').count()).toBe(6);
    const bmh = page.locator('#black-mixed-heritage-boys-2021');
    await expect(
      bmh
        .getByRole('link', {
          name: 'Black and mixed heritage boys receiving poor support from youth offending services',
        })
        .count(),
    ).resolves.toBe(1);
    await thematic.expectAccessibleAtBothWidths();
  });

  it('in Welsh too, accessible at 1280 and 320 px', async () => {
    const thematic = new PublicPage(page, base);
    expect(await thematic.open('/thematic-inspections?lng=cy')).toBe(200);
    await eventually(thematic.heading).toBe('Arolygiadau thematig');
    expect(await thematic.language()).toBe('cy');
    await thematic.expectAccessibleAtBothWidths();
  });

  it('a visited service’s page links to it, accessible at 320 px', async () => {
    const leeds = new PublicPage(page, base);
    expect(await leeds.open('/services/leeds?lng=en')).toBe(200);
    await page.locator('#thematic-visits a').click();
    await page.waitForLoadState();
    expect(new URL(page.url()).hash).toBe('#serious-youth-violence-2024');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await leeds.open('/services/leeds')).toBe(200);
    await leeds.expectAccessible();
    await leeds.expectNoSideScroll();
  });
});
