import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { axeViolations, browserAvailable, expectNoSideScroll, launch, signIn } from '../helpers/browser.ts';
import { builders, PASSWORD, type BuiltAccount, type BuiltInspection } from '../helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };
const people: { context: BrowserContext; close: () => Promise<void> }[] = [];
let insp: BuiltInspection;
let serviceUser: BuiltAccount;

/** 30 court and 15 out-of-court cases, as a service's case management system would export them. */
const CASE_LIST = `case_id,disposal_type,start_date,end_date\n${Array.from(
  { length: 45 },
  (_, i) => `YJ-${String(i + 1).padStart(3, '0')},${i < 30 ? 'court' : 'out_of_court'},2026-0${(i % 9) + 1}-01,`,
).join('\n')}\n`;

async function checked(page: Page) {
  expect(await axeViolations(page), page.url()).toEqual([]);
  await expectNoSideScroll(page);
}

describe.runIf(browserAvailable)('the case sample in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const build = builders(t);
    insp = await build.inspection({ frameworkId: 'hmip-youth-2025', fieldworkStart: '2026-11-30' });
    serviceUser = await build.account('service_user', { service: insp.service });
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launch();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it('the service sends its list, the lead draws the sample, the team sees it', { timeout: 120_000 }, async () => {
    // The service: a refused column first, then the list as asked.
    const svc = await browser.context.newPage();
    await signIn(svc, base, serviceUser.email, PASSWORD);
    await svc.getByRole('link', { name: /Case list for/ }).click();
    await checked(svc);
    await svc.getByLabel(/Case list/).setInputFiles({
      name: 'cases.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CASE_LIST.replace('end_date', 'end_date,Date of birth').replace(/,\n/g, ',x\n')),
    });
    await svc.getByRole('button', { name: 'Send the case list' }).click();
    expect(await svc.locator('.govuk-error-summary').innerText()).toContain('Column “Date of birth” looks like');
    expect(await svc.title()).toMatch(/^Error: /);
    await checked(svc);
    await svc.getByLabel(/Case list/).setInputFiles({
      name: 'cases.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CASE_LIST),
    });
    await svc.getByRole('button', { name: 'Send the case list' }).click();
    expect(await svc.locator('#case-list-summary').innerText()).toContain('45 cases');
    await checked(svc);

    // The lead draws the sample (another person, another browser context).
    const leadCtx = await launch();
    people.push(leadCtx);
    const lead = await leadCtx.context.newPage();
    await signIn(lead, base, insp.lead.email, PASSWORD);
    await lead.goto(`${base}/workspace/inspections/${insp.id}`);
    await lead.getByRole('link', { name: 'Case list and sample' }).click();
    await checked(lead);
    await lead.getByRole('button', { name: 'Draw the sample' }).click();
    // The click posts the form; the rows are counted on the page it leads to, once it has them
    // (counting at once could read the page before the answer arrived).
    await lead.locator('#sample-table tbody tr').first().waitFor();
    const drawn = await lead.locator('#sample-table tbody tr').count();
    expect(drawn).toBeGreaterThan(0);
    expect(await lead.locator('#sample-rule').innerText()).toContain(`${drawn} of 45 cases`);
    await checked(lead);

    // An inspector on the team sees the same sample.
    const inspCtx = await launch();
    people.push(inspCtx);
    const inspector = await inspCtx.context.newPage();
    await signIn(inspector, base, insp.inspector.email, PASSWORD);
    await inspector.goto(`${base}/workspace/inspections/${insp.id}/sample`);
    expect(await inspector.locator('#sample-table tbody tr').count()).toBe(drawn);
    expect(await inspector.locator('#sample-seed').innerText()).toBe(await lead.locator('#sample-seed').innerText());
    await checked(inspector);
  });
});
