import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkRegistry } from '../../src/frameworks.ts';
import { transition } from '../../src/store/workflow-repo.ts';
import { buildApp } from '../../src/web/app.ts';
import { axeViolations, browserAvailable, launch, signIn } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
let inspectionUrl: string;

describe.runIf(browserAvailable)('publication pages in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    const fx = await bromleyAtFactualAccuracy(t);
    await transition(t.db, fx.lead, frameworkRegistry().get('hmip-youth-2021')!, fx.inspectionId, 4, 'approved', { blockingProblems: [], publicationSet: false, embargoPassed: false });
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    inspectionUrl = `${base}/workspace/inspections/${fx.inspectionId}`;
    browser = await launch();
    page = await browser.context.newPage();
    await signIn(page, base, 'publisher@example.test');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it.each(['', '/press-release', '/checks', '/previews', '/schedule'])('the publisher’s page %s has no axe violations', async (path) => {
    const res = await page.goto(`${inspectionUrl}${path}`);
    expect(res!.status()).toBe(200);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('creates a preview link and the watermarked preview is accessible', async () => {
    await page.goto(`${inspectionUrl}/previews`);
    await page.getByLabel('Recipient', { exact: true }).fill('Jo Reporter');
    await page.getByLabel('Press', { exact: true }).check();
    await page.getByRole('button', { name: 'Create link' }).click();
    const link = (await page.locator('#new-link').textContent())!;
    expect(await axeViolations(page)).toEqual([]);
    const preview = await browser.context.newPage();
    // Links name the configured origin (PUBLIC_BASE_URL), not this test server's port.
    await preview.goto(`${base}${new URL(link).pathname}`);
    await expect(preview.locator('#watermark').textContent()).resolves.toContain('EMBARGOED UNTIL');
    expect(await axeViolations(preview)).toEqual([]);
  });

  it('the public report page is accessible', async () => {
    await page.goto(`${base}/inspections/bromley-2025/report`);
    expect(await axeViolations(page)).toEqual([]);
    await expect(page.locator('#foreword').isVisible()).resolves.toBe(true);
  });
});
