import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo.ts';
import { buildApp } from '../../src/web/app.ts';
import { axeViolations, browserAvailable, launch, signIn as signInAt } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
// A fixed "today" so that due dates are overdue or not by the calendar, not by when the test runs.
const clock = new Date('2025-03-01T12:00:00Z');

const signIn = (page: Page, email: string) => signInAt(page, base, email);

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
    const service = await b1.context.newPage();
    await signIn(service, 'bromley@example.test');
    await service.getByRole('link', { name: 'Action plan for Bromley YJS' }).click();
    await service.waitForURL(/\/workspace\/services\/bromley\/plan$/);
    expect(await axeViolations(service)).toEqual([]);
    const sections = service.locator('#recommendations section');
    expect(await sections.count()).toBe(3);
    const plan = [
      { description: 'Survey volunteers on what they can offer the partnership', owner: 'Volunteer coordinator', due: '2025-06-30' },
      { description: 'Agree a seconded probation officer with the Probation Service', owner: 'Head of service', due: '2025-02-14' },
      { description: 'Run MAPPA training for all case managers', owner: 'Training lead', due: '2025-09-30' },
    ];
    for (const [i, a] of plan.entries()) {
      const section = sections.nth(i);
      await section.locator('summary').click();
      await section.getByLabel('Action', { exact: true }).fill(a.description);
      await section.getByLabel('Owner').fill(a.owner);
      await section.getByLabel('Due date').fill(a.due);
      await section.getByRole('button', { name: 'Add action' }).click();
      await service.waitForURL(/\/plan#rec-/);
    }
    expect(await service.locator('#recommendations tbody tr').count()).toBe(3);
    // Progress on the third action.
    await service.getByRole('link', { name: 'Run MAPPA training for all case managers' }).click();
    await service.getByLabel('In progress').check();
    await service.getByLabel('What has been done').fill('First cohort trained in February.');
    await service.getByLabel('Evidence (optional)').fill('Training register, 20 Feb 2025');
    await service.getByRole('button', { name: 'Save progress' }).click();
    await expect(service.locator('#action-status').textContent()).resolves.toBe('In progress');
    expect(await axeViolations(service)).toEqual([]);
    await b1.close();

    // The board member, on 1 March 2025: the action due 14 February is overdue, and first.
    const b2 = await launch();
    const board = await b2.context.newPage();
    await signIn(board, 'board@example.test');
    await board.goto(`${base}/workspace/services/bromley/board`);
    const first = board.locator('#board-table tbody tr').first();
    await expect(first.textContent()).resolves.toContain('Agree a seconded probation officer');
    await expect(first.locator('.govuk-tag').textContent()).resolves.toBe('Red');
    expect(await axeViolations(board)).toEqual([]);
    const csv = await board.request.get(`${base}/workspace/services/bromley/board.csv`);
    expect(await csv.text()).toMatch(/^recommendation,addressee,recommendation_text,action,owner,due_date,status,rag\n2,/);
    await b2.close();

    // Another service's user is refused.
    const b3 = await launch();
    const other = await b3.context.newPage();
    await signIn(other, 'bexley@example.test');
    for (const path of ['/workspace/services/bromley/plan', '/workspace/services/bromley/board', '/workspace/services/bromley/board.csv']) {
      const res = await other.goto(`${base}${path}`);
      expect(res!.status(), path).toBe(403);
    }
    await b3.close();
  });
});
