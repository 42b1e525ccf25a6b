import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ClaimsPage, eventually } from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;

const TEXT =
  'Bromley Youth Justice Service has received an overall rating of ‘Good’. Bromley YJS scored 33/36. ' +
  'Cardiff Youth Justice Service was rated ‘Good’.';

/** The claims checker in Welsh: its form and button by their Welsh names. */
class WelshClaimsPage extends ClaimsPage {
  readonly verdicts = async () => this.page.locator('#claims-table .govuk-tag').allInnerTexts();
  readonly table = async () => this.page.locator('#claims-table').innerText();
  async checkInWelsh(text: string): Promise<void> {
    await this.page.getByLabel('Testun i’w wirio').fill(text);
    await this.page.getByRole('button', { name: 'Gwirio honiadau' }).click();
  }
}

describe.runIf(browserAvailable)('the claims checker in Welsh, in a browser', () => {
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

  it('the toggle turns the checker Welsh', async () => {
    const claims = new WelshClaimsPage(page, base);
    expect(await claims.open('/claims')).toBe(200);
    expect(await claims.language()).toBe('en-GB');
    await claims.chooseLanguage('Cymraeg');
    await eventually(claims.heading).toBe('Gwirio honiadau am arolygiad');
    expect(await claims.language()).toBe('cy');
  });

  for (const width of [1280, 320])
    it(`a text checked in Welsh gives Welsh verdicts and reasons, accessible at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 800 });
      const claims = new WelshClaimsPage(page, base);
      expect(await claims.open('/claims')).toBe(200);
      await eventually(claims.heading).toBe('Gwirio honiadau am arolygiad');
      await claims.expectAccessible();
      if (width === 320) await claims.expectNoSideScroll();
      await claims.checkInWelsh(TEXT);
      await eventually(claims.summary).toMatch(
        /^Gwiriwyd yn erbyn y gofrestr fel yr oedd ar .*1 yn groes i’r gofrestr/,
      );
      expect(await claims.language()).toBe('cy');
      const verdicts = await claims.verdicts();
      expect(verdicts).toContain('Yn groes');
      expect(verdicts).toContain('Wedi’i gadarnhau');
      const table = await claims.table();
      expect(table).toContain('Yn ôl y gofrestr: Rhagorol.');
      expect(table).toContain('Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
      await claims.expectAccessible();
      if (width === 320) {
        await claims.expectNoSideScroll();
        await page.screenshot({ path: `${process.env.SCREENSHOTS ?? '/tmp'}/welsh-claims-320.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    });

  it('and back to English', async () => {
    const claims = new WelshClaimsPage(page, base);
    await claims.open('/claims');
    await claims.chooseLanguage('English');
    await eventually(claims.heading).toBe('Check claims about an inspection');
    expect(await claims.language()).toBe('en-GB');
    await claims.check(TEXT);
    await eventually(claims.summary).toMatch(/^Checked against the register as at .*1 contradicted/);
    expect(await claims.table()).toContain('The register has Outstanding.');
  });
});
