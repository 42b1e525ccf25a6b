import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch } from '../helpers/browser.ts';
import { builders } from '../helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { eq } from 'drizzle-orm';
import { savePressRelease } from '../../src/store/publication-repo.ts';
import { inspections } from '../../src/store/schema.ts';
import {
  eventually,
  InspectionReportPage,
  PressReleasePage,
  PreviewPage,
  PreviewsPage,
  PublicPage,
  SignInPage,
} from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
let inspectionUrl: string;
let publishedRef: string;

describe.runIf(browserAvailable)('publication pages in a browser', () => {
  beforeAll(async () => {
    // Only what these pages need: an approved inspection, a publisher, and one published report.
    t = await createTestDatabase();
    const build = builders(t);
    const fx = await build.inspection({ status: 'approved', findings: 2, recommendations: 2 });
    const publisher = await build.account('publisher');
    publishedRef = fx.service.firstInspectionRef;
    // A release for each: the approved one's goes into its previews, the published one's is public.
    // A long unbroken word tests that the release wraps at 320 px.
    const [published] = await t.db.select().from(inspections).where(eq(inspections.ref, publishedRef));
    for (const id of [fx.id, published!.id])
      await savePressRelease(
        t.db,
        publisher,
        id,
        0,
        {
          headline: 'A service to be proud of',
          body: `Chief Inspector of Probation, Martin Jones, said: “Good work.”\n\nInspectors found:\n  • ${'x'.repeat(90)}\n\nENDS`,
        },
        new Date(),
      );
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    inspectionUrl = `${base}/workspace/inspections/${fx.id}`;
    browser = await launch();
    page = await browser.context.newPage();
    await new SignInPage(page, base).signIn(publisher.email, publisher.password);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it.each(['', '/press-release', '/checks', '/previews', '/schedule', '/audit'])(
    'the publisher’s page %s has no axe violations',
    async (path) => {
      const p = new PublicPage(page, base);
      expect(await p.open(`${new URL(inspectionUrl).pathname}${path}`)).toBe(200);
      await p.expectAccessible();
    },
  );

  it('creates a preview link and the watermarked preview is accessible', async () => {
    const previews = await new PreviewsPage(page, base).open(inspectionUrl);
    await previews.create('Jo Reporter', 'Press');
    await eventually(previews.newLink).toMatch(/\/preview\//);
    const link = await previews.newLink();
    await previews.expectAccessible();
    const preview = new PreviewPage(await browser.context.newPage(), base);
    // Links name the configured origin (PUBLIC_BASE_URL), not this test server's port.
    await preview.page.goto(`${base}${new URL(link).pathname}`);
    await eventually(preview.watermark).toContain('EMBARGOED UNTIL');
    await eventually(preview.releaseHeadline).toBe('A service to be proud of');
    await preview.expectAccessible();
  });

  it('the public press release is accessible, and does not scroll sideways at 320 px', async () => {
    const release = new PressReleasePage(page, base);
    expect(await release.open(publishedRef)).toBe(200);
    await eventually(release.headline).toBe('A service to be proud of');
    await release.expectAccessible();
    await release.expectNoSideScroll();
  });

  it('the public report page is accessible', async () => {
    const report = new InspectionReportPage(page, base);
    expect(await report.open(`/inspections/${publishedRef}/report`)).toBe(200);
    await report.expectAccessible();
    await eventually(report.forewordVisible).toBe(true);
  });
});
