import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { axeViolations, browserAvailable, launch } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;

describe.runIf(browserAvailable)('public register in a browser', () => {
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

  const pages: [string, number, string][] = [
    ['/', 200, 'Youth justice service ratings'],
    ['/?asAt=2025-01-07', 200, 'Youth justice service ratings'],
    ['/?asAt=2025-02-30', 400, 'Youth justice service ratings'],
    ['/services', 200, 'Youth justice services'],
    ['/services?rating=outstanding&region=London&sort=-published', 200, 'Youth justice services'],
    ['/services?q=zzzz', 200, 'Youth justice services'],
    ['/services/bromley', 200, 'Bromley YJS'],
    ['/inspections/bromley-2025', 200, 'Bromley YJS'],
    ['/inspections/bromley-2017', 200, 'Bromley YJS'],
    ['/inspections/bexley-2024', 200, 'Bexley YJS'],
    ['/frameworks', 200, 'Inspection frameworks'],
    ['/frameworks/hmip-youth-2021', 200, 'Youth justice inspection standards (2021 refresh)'],
    ['/frameworks/hmip-youth-fji', 200, 'Full Joint Inspection of youth offending work (legacy)'],
    ['/services?rating=nope', 400, 'There is a problem with your request'],
    ['/no-such-page', 404, 'Page not found'],
    ['/statistics?asAt=2025-01-07', 200, 'Statistics'],
    ['/downloads', 200, 'Download the data'],
    ['/api/docs', 200, 'Open data API'],
    ['/inspections/bromley-2025/report', 200, 'An inspection of youth justice services in Bromley YJS'],
  ];

  it.each(pages)('%s has no axe violations (status %i)', async (path, status, heading) => {
    const res = await page.goto(base + path);
    expect(res!.status()).toBe(status);
    await expect(page.locator('h1').first().textContent()).resolves.toContain(heading);
    // The inline js-enabled script ran, so the CSP hash is right.
    await expect(page.locator('body').getAttribute('class')).resolves.toContain('js-enabled');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('filters services with the form, without JavaScript-only behaviour, and the URL can be shared', async () => {
    await page.goto(`${base}/services`);
    await page.getByLabel('Outstanding').check();
    await page.getByLabel('London').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/rating=outstanding/);
    expect(page.url()).toMatch(/region=London/);
    const rows = page.locator('#services-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toMatch(/London[\s\S]*Outstanding/);
    await page.getByRole('link', { name: /Remove this filter\s+London/ }).click();
    await page.waitForURL((u) => !u.search.includes('region='));
    expect(await axeViolations(page)).toEqual([]);
  });

  it('sorts by clicking a column heading and pages through results', async () => {
    await page.goto(`${base}/services`);
    await page.getByRole('link', { name: 'Latest overall rating' }).click();
    await page.waitForURL(/sort=rating/);
    await expect(page.locator('#services-table tbody tr').first().textContent()).resolves.toContain('Outstanding');
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    await expect(page.locator('#result-summary').textContent()).resolves.toMatch(/Showing 26 to 50/);
  });

  it('goes from the home page counts to the inspection they rest on', async () => {
    await page.goto(`${base}/?asAt=2025-01-07`);
    await page.locator('#basis-outstanding summary').click();
    await page.locator('#basis-outstanding').getByRole('link', { name: 'Bromley YJS' }).click();
    await page.waitForURL(/\/inspections\/bromley-2025$/);
    await expect(page.locator('#score').textContent()).resolves.toBe('33/36');
  });

  it('checks pasted text on the claims page, with results that pass axe', async () => {
    await page.goto(`${base}/claims`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Text to check').fill('Bromley Youth Justice Service has received an overall rating of ‘Good’. Bromley YJS scored 33/36.');
    await page.getByRole('button', { name: 'Check claims' }).click();
    await expect(page.locator('#claims-summary').textContent()).resolves.toMatch(/2 supported, 1 contradicted/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the as-at error beside the field and keeps what was typed', async () => {
    await page.goto(base);
    await page.getByLabel('Show the register as at a date').fill('2025-02-30');
    await page.getByRole('button', { name: 'Show ratings' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter a real date');
    await expect(page.getByLabel('Show the register as at a date').inputValue()).resolves.toBe('2025-02-30');
  });
});
