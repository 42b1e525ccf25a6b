import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { seedDemo } from '../../src/import/demo.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { eventually, InspectionPage, SignInPage, UsersPage, WorkspacePage } from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: { context: BrowserContext; close: () => Promise<void> };

const f = frameworkRegistry().get('hmip-youth-2021')!;
const kqs = (type: string) =>
  f.domains
    .flatMap((d) => d.standards)
    .filter((s) => s.caseType === type && s.method === 'case_lowest_key_question')
    .flatMap((s) => s.keyQuestions.map((k) => k.id));
/** The sample the inspector records through the pages, and hands to the CLI afterwards. */
const SAMPLE = [
  { ref: 'CRT-1', type: 'court', answers: Object.fromEntries(kqs('court').map((k) => [k, 'yes'])) },
  {
    ref: 'CRT-2',
    type: 'court',
    answers: Object.fromEntries(
      kqs('court').map((k) => [k, k === '2.2.3' ? 'no' : k.startsWith('2.4') ? 'na' : 'yes']),
    ),
  },
  {
    ref: 'OOC-1',
    type: 'out_of_court',
    answers: Object.fromEntries(kqs('out_of_court').map((k) => [k, k === '3.3.2' ? 'no' : 'yes'])),
  },
] as const;
const JUDGEMENTS: Record<string, string> = {
  '1.1': 'good',
  '1.2': 'outstanding',
  '1.3': 'good',
  '1.4': 'requires_improvement',
  '3.4': 'good',
};

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

  // The whole journey in one browser, about fifty pages: on a busy two-core machine it has taken
  // most of a minute, so it gets room beyond the project's default (a limit, not a speed target).
  it(
    'inspector records a sample; the lead reaches the same overall rating as ./bin/inspectorate rate',
    { timeout: 180_000 },
    async () => {
      // Lead plans the inspection and starts fieldwork.
      const lead = await browser.context.newPage();
      const workspace = await new SignInPage(lead, base).signIn('lead@example.test');
      await workspace.expectAccessible();
      await workspace.expectNoSideScroll();
      const plan = await workspace.startPlanning();
      await plan.expectAccessible();
      // Planned without dates, so the sample's framework is chosen by hand; the inspector who
      // records the sample must be on the team to open the inspection at all.
      const inspection = await plan.create({
        service: 'Bexley YJS',
        title: 'Browser test inspection',
        framework: f.name,
        team: ['Ines Inspector'],
      });
      await inspection.expectAccessible();
      // The planning pages the lead has until fieldwork starts.
      for (const path of ['/plan', '/team', '/withdraw', '/audit']) {
        await inspection.open(path);
        await inspection.expectAccessible();
        await inspection.expectNoSideScroll();
      }
      await inspection.open('');
      await inspection.transition('Start fieldwork');
      await eventually(inspection.status).toBe('Fieldwork');
      await new WorkspacePage(lead, base).signOut();

      // Inspector records the sample.
      const ctx2 = await launch();
      onTestFinished(() => ctx2.close());
      const inspectorPage = await ctx2.context.newPage();
      await new SignInPage(inspectorPage, base).signIn('inspector@example.test');
      let cases = await new InspectionPage(inspectorPage, base, inspection.address).cases();
      await cases.expectAccessible();
      for (const c of SAMPLE) {
        const one = await cases.add(c);
        await one.answer(c.answers);
        if (c.ref === 'CRT-2') await one.expectAccessible();
        cases = await one.save();
      }
      await eventually(cases.rowCount).toBe(3);
      await cases.expectAccessible();
      await cases.expectNoSideScroll();

      // Lead sends it to the panel and records the judgements.
      await new SignInPage(lead, base).signIn('lead@example.test');
      await inspection.open();
      await inspection.transition('Send to the rating panel');
      await eventually(inspection.status).toBe('Rating panel');
      const panel = await inspection.panel();
      await panel.expectAccessible();
      for (const [sid, rating] of Object.entries(JUDGEMENTS)) await panel.judge(sid, rating, `Panel view on ${sid}`);
      await eventually(panel.score).toBe('26/36');
      await eventually(panel.overall).toBe('Good');
      const score = await panel.score();
      await panel.expectAccessible();
      await panel.open('/panel');
      await panel.expectNoSideScroll();
      // The cases that answered "no", opened: still accessible, still no sideways scroll at 320 px.
      expect(await panel.openCasesAnsweredNo()).toBeGreaterThan(0);
      await panel.expectAccessible();
      await panel.expectNoSideScroll();

      // The same answers through the command line give the same result.
      const file = join(mkdtempSync(join(tmpdir(), 'wf-')), 'sample.json');
      writeFileSync(
        file,
        JSON.stringify({
          framework: f.id,
          cases: SAMPLE,
          judgements: Object.fromEntries(Object.entries(JUDGEMENTS).map(([k, r]) => [k, { rating: r }])),
        }),
      );
      const cli = await runCli(['rate', file]);
      expect(cli.code).toBe(0);
      const json = JSON.parse(cli.out);
      expect(score).toBe(`${json.score.total}/${json.score.max}`);
      expect(json.overall.rating).toBe('good');

      // The other workspace pages are accessible too.
      for (const path of ['/findings', '/recommendations', '/audit', '/factual-accuracy', '']) {
        await inspection.open(path);
        await inspection.expectAccessible();
        await inspection.expectNoSideScroll();
      }
    },
  );

  it('the sign-in page and the admin pages have no axe violations; errors sit by their fields', async () => {
    const fresh = await launch();
    onTestFinished(() => fresh.close());
    const page = await fresh.context.newPage();
    const signIn = await new SignInPage(page, base).open();
    await signIn.submitEmpty();
    await eventually(signIn.errorSummary).toContain('Enter your email address');
    await signIn.expectAccessible();
    await signIn.signIn('admin@example.test');
    const users = await new UsersPage(page, base).open();
    await users.expectAccessible();
    await users.expectNoSideScroll();
    await users.submitEmptyAccount();
    await eventually(users.errorSummary).toContain('Enter the person’s name');
    await users.expectAccessible();
    // One account's page and the deactivation confirmation (left without deactivating).
    const account = await users.openAccount('Ines Inspector');
    await eventually(account.status).toBe('Active');
    await account.expectAccessible();
    await account.startDeactivating();
    await eventually(account.heading).toContain('Are you sure you want to deactivate');
    await account.expectAccessible();
    await account.goBack();
    await eventually(account.status).toBe('Active');
  });
});
