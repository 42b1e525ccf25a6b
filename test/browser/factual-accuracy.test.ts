import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch, signIn } from '../helpers/browser.ts';
import { builders, PASSWORD, type BuiltAccount, type BuiltInspection } from '../helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { eventually, FactualAccuracyPage, InspectionPage } from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
const people: { context: BrowserContext; close: () => Promise<void> }[] = [];
let insp: BuiltInspection;
let serviceUser: BuiltAccount;

describe.runIf(browserAvailable)('the factual-accuracy check in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const build = builders(t);
    const service = await build.service();
    serviceUser = await build.account('service_user', { service });
    insp = await build.inspection({ status: 'factual_accuracy', service });
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await app?.close();
    await t?.drop();
  });

  async function person(email: string) {
    const b = await launch();
    people.push(b);
    const page = await b.context.newPage();
    await signIn(page, base, email, PASSWORD);
    return page;
  }

  it(
    'the service comments on a standard, the lead answers with and without a reason, the service reads the answers',
    { timeout: 120_000 },
    async () => {
      const standard = insp.framework.domains[0]!.standards[0]!;
      const svc = await new FactualAccuracyPage(await person(serviceUser.email), base).open(insp.id);
      await eventually(svc.state).toBe('Sent to the service');
      await svc.expectAccessible();
      await svc.expectNoSideScroll();
      await svc.comment(`${standard.id} ${standard.name}`, 'The board has met monthly since April.');
      await svc.comment('Recommendations', 'Recommendation 1 is already in our plan.');
      await eventually(svc.commentCount).toBe(2);
      await eventually(svc.state).toBe('Comments received');
      await svc.expectAccessible();

      const leadPage = await person(insp.lead.email);
      const lead = await new FactualAccuracyPage(leadPage, base).open(insp.id);
      await lead.answer(1, 'Accepted', 'Paragraph 3 now says monthly.');
      await eventually(lead.answerOf(1)).toContain('Accepted');
      // A reason is required to not accept: the form comes back with the error beside the field.
      await lead.answer(2, 'Not accepted', '');
      await eventually(lead.errorSummary).toContain('Give the reason the comment is not accepted');
      await lead.expectAccessible();
      await lead.expectNoSideScroll();
      await lead.saveAnswer('Not accepted', 'The recommendation stays: the plan has no date.');
      await eventually(lead.answerOf(2)).toContain('Not accepted');
      await lead.expectAccessible();
      await lead.expectNoSideScroll();

      // The service reads the answers; the lead's overview now offers approval.
      await svc.open(insp.id);
      await eventually(svc.answerOf(2)).toContain('The recommendation stays');
      await eventually(svc.state).toBe('Every comment answered');
      await svc.expectAccessible();
      await svc.expectNoSideScroll();
      const overview = await new InspectionPage(leadPage, base, `${base}/workspace/inspections/${insp.id}`).open();
      await overview.transition('Approve the ratings and report');
      await eventually(overview.status).toBe('Approved');
      await eventually(overview.approval).toContain(insp.lead.name);
      await overview.expectAccessible();
      await overview.expectNoSideScroll();
    },
  );
});
