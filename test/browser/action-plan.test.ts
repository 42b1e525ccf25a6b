import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { seedDemo } from '../../src/import/demo.ts';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { ActionPlanPage, BoardPage, eventually, SignInPage } from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
// A fixed "today" so that due dates are overdue or not by the calendar, not by when the test runs.
const clock = new Date('2025-03-01T12:00:00Z');

describe.runIf(browserAvailable)('action plans in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true, now: new Date('2025-01-01T00:00:00Z') });
    await seedDemo(t, 'test');
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('a service user plans against Bromley’s three recommendations; the board sees the overdue action first; Bexley cannot see it', async () => {
    const b1 = await launch();
    onTestFinished(() => b1.close());
    const service = await b1.context.newPage();
    await new SignInPage(service, base).signIn('bromley@example.test');
    await service.getByRole('link', { name: 'Action plan for Bromley YJS' }).click();
    await service.waitForURL(/\/workspace\/services\/bromley\/plan$/);
    const plan = new ActionPlanPage(service, base);
    await plan.expectAccessible();
    await plan.expectNoSideScroll();
    await eventually(plan.recommendationCount).toBe(3);
    const actions = [
      {
        description: 'Survey volunteers on what they can offer the partnership',
        owner: 'Volunteer coordinator',
        due: '2025-06-30',
      },
      {
        description: 'Agree a seconded probation officer with the Probation Service',
        owner: 'Head of service',
        due: '2025-02-14',
      },
      { description: 'Run MAPPA training for all case managers', owner: 'Training lead', due: '2025-09-30' },
    ];
    for (const [i, a] of actions.entries()) await plan.addAction(i, a);
    await eventually(plan.actionCount).toBe(3);
    // Progress on the third action.
    const action = await plan.openAction('Run MAPPA training for all case managers');
    await action.recordProgress({
      state: 'In progress',
      note: 'First cohort trained in February.',
      evidence: 'Training register, 20 Feb 2025',
    });
    await eventually(action.status).toBe('In progress');
    await action.expectAccessible();

    // The board member, on 1 March 2025: the action due 14 February is overdue, and first.
    const b2 = await launch();
    onTestFinished(() => b2.close());
    const boardPage = await b2.context.newPage();
    await new SignInPage(boardPage, base).signIn('board@example.test');
    const board = await new BoardPage(boardPage, base).open('bromley');
    await eventually(board.firstRowText).toContain('Agree a seconded probation officer');
    await eventually(board.firstRowRag).toBe('Red');
    await board.expectAccessible();
    await board.expectNoSideScroll();
    const csv = await boardPage.request.get(`${base}/workspace/services/bromley/board.csv`);
    expect(await csv.text()).toMatch(
      /^recommendation,addressee,recommendation_text,action,owner,due_date,status,rag\n2,/,
    );

    // Another service's user is refused.
    const b3 = await launch();
    onTestFinished(() => b3.close());
    const other = await b3.context.newPage();
    await new SignInPage(other, base).signIn('bexley@example.test');
    for (const path of [
      '/workspace/services/bromley/plan',
      '/workspace/services/bromley/board',
      '/workspace/services/bromley/board.csv',
    ]) {
      const res = await other.goto(`${base}${path}`);
      expect(res!.status(), path).toBe(403);
    }
  });
});
