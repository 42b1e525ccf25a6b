import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo.ts';
import { frameworkRegistry } from '../../src/frameworks.ts';
import { buildApp } from '../../src/web/app.ts';
import { axeViolations, browserAvailable, launch, signIn as signInAt } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };

const f = frameworkRegistry().get('hmip-youth-2021')!;
const kqs = (type: string) => f.domains.flatMap((d) => d.standards).filter((s) => s.caseType === type && s.method === 'case_lowest_key_question').flatMap((s) => s.keyQuestions.map((k) => k.id));
/** The sample the inspector records through the pages, and hands to the CLI afterwards. */
const SAMPLE = [
  { ref: 'CRT-1', type: 'court', answers: Object.fromEntries(kqs('court').map((k) => [k, 'yes'])) },
  { ref: 'CRT-2', type: 'court', answers: Object.fromEntries(kqs('court').map((k) => [k, k === '2.2.3' ? 'no' : k.startsWith('2.4') ? 'na' : 'yes'])) },
  { ref: 'OOC-1', type: 'out_of_court', answers: Object.fromEntries(kqs('out_of_court').map((k) => [k, k === '3.3.2' ? 'no' : 'yes'])) },
] as const;
const JUDGEMENTS: Record<string, string> = { '1.1': 'good', '1.2': 'outstanding', '1.3': 'good', '1.4': 'requires_improvement', '3.4': 'good' };

async function noViolations(page: Page) {
  expect(await axeViolations(page), page.url()).toEqual([]);
}
const signIn = (page: Page, email: string) => signInAt(page, base, email);

describe.runIf(browserAvailable)('inspector workflow in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    await seedDemo(t, 'test');
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

  it('inspector records a sample; the lead reaches the same overall rating as ./bin/inspectorate rate', async () => {
    // Lead plans the inspection and starts fieldwork.
    const lead = await browser.context.newPage();
    await signIn(lead, 'lead@example.test');
    await noViolations(lead);
    await lead.getByRole('button', { name: 'Plan an inspection' }).click();
    await noViolations(lead);
    await lead.getByLabel('Service to inspect').selectOption({ label: 'Bexley YJS' });
    await lead.getByLabel('Title').fill('Browser test inspection');
    await lead.getByRole('button', { name: 'Create inspection' }).click();
    await lead.waitForURL(/\/workspace\/inspections\/[0-9a-f-]{36}$/);
    const inspectionUrl = lead.url();
    await noViolations(lead);
    await lead.getByRole('button', { name: 'Start fieldwork' }).click();
    await expect(lead.locator('#status').textContent()).resolves.toBe('Fieldwork');
    await lead.getByRole('button', { name: 'Sign out' }).click();

    // Inspector records the sample.
    const ctx2 = await launch();
    const insp = await ctx2.context.newPage();
    await signIn(insp, 'inspector@example.test');
    await insp.goto(`${inspectionUrl}/cases`);
    await noViolations(insp);
    for (const c of SAMPLE) {
      await insp.getByLabel('Case reference').fill(c.ref);
      await insp.getByLabel(c.type === 'court' ? 'Court disposal' : 'Out-of-court disposal', { exact: true }).check();
      await insp.getByRole('button', { name: 'Add case' }).click();
      await insp.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      for (const [kq, a] of Object.entries(c.answers)) await insp.locator(`input[name="answer-${kq.replace(/\./g, '-')}"][value="${a}"]`).check();
      if (c.ref === 'CRT-2') await noViolations(insp);
      await insp.getByRole('button', { name: 'Save answers' }).click();
      await insp.waitForURL(/\/cases$/);
    }
    expect(await insp.locator('#cases-table tbody tr').count()).toBe(3);
    await noViolations(insp);
    await ctx2.close();

    // Lead sends it to the panel and records the judgements.
    await signIn(lead, 'lead@example.test');
    await lead.goto(inspectionUrl);
    await lead.getByRole('button', { name: 'Send to the rating panel' }).click();
    await expect(lead.locator('#status').textContent()).resolves.toBe('Rating panel');
    await lead.goto(`${inspectionUrl}/panel`);
    await noViolations(lead);
    for (const [sid, rating] of Object.entries(JUDGEMENTS)) {
      const field = `#std-${sid.replace(/\./g, '-')}`;
      await lead.locator(`${field}-rating`).selectOption(rating);
      await lead.locator(`${field}-rationale`).fill(`Panel view on ${sid}`);
      await lead.getByRole('button', { name: `Save ${sid}` }).click();
      await lead.waitForURL(/\/panel/);
    }
    const score = (await lead.locator('#panel-score').textContent())!.trim();
    const overall = (await lead.locator('#overall-result .govuk-tag').textContent())!.trim();
    await noViolations(lead);

    // The same answers through the command line give the same result.
    const file = join(mkdtempSync(join(tmpdir(), 'wf-')), 'sample.json');
    writeFileSync(file, JSON.stringify({ framework: f.id, cases: SAMPLE, judgements: Object.fromEntries(Object.entries(JUDGEMENTS).map(([k, r]) => [k, { rating: r }])) }));
    const cli = await runCli(['rate', file]);
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.out);
    expect(score).toBe(`${json.score.total}/${json.score.max}`);
    expect(score).toBe('26/36');
    expect(overall).toBe('Good');
    expect(json.overall.rating).toBe('good');

    // The other workspace pages are accessible too.
    for (const path of ['/findings', '/recommendations', '/audit', '/factual-accuracy', '']) {
      await lead.goto(`${inspectionUrl}${path}`);
      await noViolations(lead);
    }
  });

  it('the sign-in page and the admin pages have no axe violations; errors sit by their fields', async () => {
    const fresh = await launch();
    const page = await fresh.context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter your email address');
    await noViolations(page);
    await signIn(page, 'admin@example.test');
    await page.goto(`${base}/workspace/users`);
    await noViolations(page);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the person’s name');
    await noViolations(page);
    // One account's page and the deactivation confirmation (left without deactivating).
    await page.getByRole('link', { name: 'Ines Inspector' }).click();
    await noViolations(page);
    await page.getByRole('button', { name: 'Deactivate account' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('Are you sure you want to deactivate');
    await noViolations(page);
    await page.getByRole('link', { name: 'No, go back' }).click();
    await expect(page.locator('#account-status').textContent()).resolves.toBe('Active');
    await fresh.close();
  });
});
