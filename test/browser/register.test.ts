import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { axeViolations, browserAvailable, expectNoSideScroll, launch } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ClaimsPage, eventually, HomePage, PublicPage, ServicesPage } from './pages/index.ts';

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
    ['/services/cardiff', 200, 'Cardiff YJS'],
    ['/services/bromley/subscribe', 200, 'Bromley YJS'],
    ['/services?q=Bromly', 200, 'Youth justice services'],
    ['/inspections/bromley-2025', 200, 'Bromley YJS'],
    ['/inspections/bromley-2017', 200, 'Bromley YJS'],
    ['/inspections/bexley-2024', 200, 'Bexley YJS'],
    ['/frameworks', 200, 'Inspection frameworks'],
    ['/frameworks/hmip-youth-2021', 200, 'Youth justice inspection standards (2021 refresh)'],
    ['/frameworks/hmip-youth-fji', 200, 'Full Joint Inspection of youth offending work (legacy)'],
    ['/services?rating=nope', 400, 'There is a problem with your request'],
    ['/no-such-page', 404, 'Page not found'],
    ['/statistics?asAt=2025-01-07', 200, 'Statistics'],
    ['/statistics', 200, 'Statistics'],
    ['/statistics/undecided?asAt=2025-01-07', 200, 'Services the register cannot place'],
    ['/statistics/possibly-newer?asAt=2025-01-07', 200, 'Services that may have a newer inspection'],
    ['/services?rating=outstanding&asAt=2025-01-07', 200, 'Youth justice services'],
    ['/claims', 200, 'Check claims'],
    ['/status', 200, 'Service status'],
    ['/coverage', 200, 'Coverage of the register'],
    ['/downloads', 200, 'Download the data'],
    ['/api/docs', 200, 'Open data API'],
    ['/inspections/bromley-2025/report', 200, 'Bromley YJS: the register’s summary of a published inspection'],
  ];

  it.each(pages)('%s has no axe violations and reflows at 320px (status %i)', async (path, status, heading) => {
    const p = new PublicPage(page, base);
    expect(await p.open(path)).toBe(status);
    await eventually(p.heading).toContain(heading);
    // The inline js-enabled script ran, so the CSP hash is right.
    await eventually(p.bodyClass).toContain('js-enabled');
    await p.expectAccessible();
    await p.expectNoSideScroll();
  });

  it('filters services with the form, without JavaScript-only behaviour, and the URL can be shared', async () => {
    const services = new ServicesPage(page, base);
    await services.open('/services');
    await services.filter(['Outstanding', 'London']);
    await page.waitForURL(/rating=outstanding/);
    expect(page.url()).toMatch(/region=London/);
    await eventually(services.rowCount).toBeGreaterThan(0);
    for (const text of await services.rows.allTextContents()) expect(text).toMatch(/London[\s\S]*Outstanding/);
    await services.removeFilter('London');
    await page.waitForURL((u) => !u.search.includes('region='));
    await services.expectAccessible();
  });

  it.each(['Bromley Youth Justice Service', 'Bromley YOS', 'London Borough of Bromley', 'E09000006', 'Bromly'])(
    'finds Bromley by the name %s',
    async (name) => {
      const services = new ServicesPage(page, base);
      await services.open('/services');
      await services.search(name);
      await page.waitForURL(/q=/);
      await eventually(services.rowCount).toBe(1);
      await eventually(services.firstRow).toContain('Bromley YJS');
    },
  );

  it('on a phone, shows the results first and the filters after them, collapsed until opened', async () => {
    const phone = await browser.context.newPage();
    try {
      await phone.setViewportSize({ width: 320, height: 800 });
      const services = new ServicesPage(phone, base);
      await services.open('/services');
      await eventually(services.filterPanelOpen).toBe(false);
      const table = await phone.locator('#services-table').boundingBox();
      const panel = await phone.locator('#filter-panel').boundingBox();
      expect(panel!.y).toBeGreaterThan(table!.y + table!.height - 1);
      expect(await phone.getByLabel('Service or area name').isVisible()).toBe(false);
      await services.openFilterPanel();
      await eventually(() => phone.getByLabel('Service or area name').isVisible()).toBe(true);
      await services.expectAccessible();
      await services.expectNoSideScroll();
    } finally {
      await phone.close();
    }
  });

  it('sorts by clicking a column heading and pages through results', async () => {
    const services = new ServicesPage(page, base);
    await services.open('/services');
    await services.sortBy('Latest overall rating');
    await page.waitForURL(/sort=rating/);
    await eventually(services.firstRow).toContain('Outstanding');
    await services.nextPage();
    await page.waitForURL(/page=2/);
    await eventually(services.resultSummary).toMatch(/Showing 26 to 50/);
  });

  it('goes from the home page counts to the inspection they rest on', async () => {
    const home = new HomePage(page, base);
    await home.open('/?asAt=2025-01-07');
    const inspection = await home.openBasis('outstanding', 'Bromley YJS');
    await page.waitForURL(/\/inspections\/bromley-2025$/);
    await eventually(inspection.score).toBe('33/36');
  });

  it("colours each area on the map by its service as at the page's date, with the table agreeing", async () => {
    const home = new HomePage(page, base);
    // Bromley's 2025 inspection (Outstanding) was published in January 2025; before it, its latest
    // was a legacy inspection with no overall rating.
    await home.open('/?asAt=2024-12-31');
    await eventually(home.map.label('E09000006')).toMatch(/^Bromley: Bromley Y/);
    await eventually(home.map.label('E09000006')).toContain('No overall rating');
    const before = await home.map.fill('E09000006')();
    await eventually(home.map.row('E09000006')).toContain('No overall rating');
    const outstandingBefore = Number(await home.map.keyAreas('outstanding')());
    await home.expectAccessible();
    await home.expectNoSideScroll();

    await home.showAsAt('2025-02-01');
    await page.waitForURL(/asAt=2025-02-01/);
    await eventually(home.map.label('E09000006')).toContain('Outstanding');
    await eventually(home.map.fill('E09000006')).not.toBe(before);
    await eventually(home.map.fill('E09000006')).toBe('rgb(0, 112, 60)');
    await eventually(home.map.row('E09000006')).toContain('Outstanding');
    expect(Number(await home.map.keyAreas('outstanding')())).toBeGreaterThan(outstandingBefore);
    // A service covering several areas colours each: West Mercia covers Herefordshire and Worcestershire.
    await eventually(home.map.label('E06000019')).toContain('West Mercia');
    await eventually(home.map.label('E10000034')).toContain('West Mercia');
    await home.expectAccessible();

    await home.map.openArea('E09000006');
    await page.waitForURL(/\/services\/bromley$/);
  });

  it('shows the same map on the statistics page, as at its date', async () => {
    const stats = new PublicPage(page, base);
    await stats.open('/statistics?asAt=2024-12-31');
    await eventually(stats.map.label('E09000006')).toContain('No overall rating');
    await stats.open('/statistics?asAt=2025-02-01');
    await eventually(stats.map.label('E09000006')).toContain('Outstanding');
  });

  it('checks pasted text on the claims page, with results that pass axe', async () => {
    const claims = new ClaimsPage(page, base);
    await claims.open('/claims');
    await claims.expectAccessible();
    await claims.check(
      'Bromley Youth Justice Service has received an overall rating of ‘Good’. Bromley YJS scored 33/36.',
    );
    await eventually(claims.summary).toMatch(/2 supported, 0 consistent but not confirmed, 1 contradicted/);
    await claims.expectAccessible();
  });

  // The accessibility check runs axe in a faster mode (test/helpers/browser.ts); this shows it
  // still finds what it should on a page made to fail.
  it('the accessibility and reflow checks fail pages made to fail them', async () => {
    // A blank page first: content set on one of the service's pages would keep its CSP, which
    // refuses the inline style below.
    await page.goto('about:blank');
    await page.setContent('<html><head><title>Broken</title></head><body><main><img src="x.png"></main></body></html>');
    const found = await axeViolations(page);
    expect(found.some((v) => v.startsWith('html-has-lang:'))).toBe(true);
    expect(found.some((v) => v.startsWith('image-alt:'))).toBe(true);
    // And the reflow check fails a page with a fixed-width box wider than 320 px.
    await page.setContent('<html lang="en"><body><div style="width:400px">Wide</div></body></html>');
    await expect(expectNoSideScroll(page)).rejects.toThrow(/wider than 320px/);
  });

  it('shows the as-at error beside the field and keeps what was typed', async () => {
    const home = new HomePage(page, base);
    await home.open('/');
    await home.showAsAt('2025-02-30');
    await eventually(home.errorSummary).toContain('Enter a real date');
    await eventually(home.asAtValue).toBe('2025-02-30');
  });
});
