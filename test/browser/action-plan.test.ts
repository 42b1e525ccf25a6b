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
// Bromley's inspection was published on 7 January 2025.
const clock = new Date('2025-03-01T12:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

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

  it('a service plans two actions with a PDF and a moved date; the board signs off, prints its papers and downloads the CSV; Bexley cannot see it', async () => {
    const browser = await launch();
    onTestFinished(() => browser.close());
    const page = await browser.context.newPage();
    await new SignInPage(page, base).signIn('bromley@example.test');
    await page.getByRole('link', { name: 'Action plan for Bromley YJS' }).click();
    await page.waitForURL(/\/workspace\/services\/bromley\/plan$/);
    const plan = new ActionPlanPage(page, base);
    await eventually(plan.recommendationCount).toBe(3);
    // Nothing planned yet: "Not started", not red.
    await eventually(plan.recommendationStatus(0)).toBe('Not started');
    await plan.expectAccessible();
    await plan.expectNoSideScroll();

    await plan.addAction(0, {
      description: 'Agree a seconded probation officer with the Probation Service',
      owner: 'Head of service',
      due: '2025-02-14',
    });
    await plan.addAction(0, {
      description: 'Publish the volunteer offer',
      owner: 'Volunteer coordinator',
      due: '2025-03-20',
    });
    await eventually(plan.actionCount).toBe(2);
    await eventually(plan.recommendationStatus(0)).toBe('Red');

    // Progress with a PDF on the first action.
    let action = await plan.openAction('Agree a seconded probation officer with the Probation Service');
    await eventually(action.status).toBe('Overdue');
    await action.recordProgress({
      state: 'Done',
      note: 'Officer seconded from 1 March.',
      evidence: 'Secondment agreement',
      file: { name: 'secondment agreement.pdf', mimeType: 'application/pdf', buffer: PDF },
    });
    await eventually(action.status).toBe('Done');
    await eventually(action.fileLinks).toBe(1);
    await action.expectAccessible();
    await action.expectNoSideScroll();

    // The second action's date moves, with its reason; then it is done.
    await plan.open('bromley');
    action = await plan.openAction('Publish the volunteer offer');
    await action.moveDueDate('2025-04-30', 'Printing delayed by the council’s procurement');
    await eventually(action.due).toContain('First agreed for 20 March 2025');
    await action.recordProgress({ state: 'Done', note: 'Offer published on the website.' });
    await eventually(action.status).toBe('Done');

    // The board member signs off recommendation 1.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await new SignInPage(page, base).signIn('board@example.test');
    const board = await new BoardPage(page, base).open('bromley');
    await eventually(board.summary).toContain('Recommendations awaiting board sign-off');
    await board.expectAccessible();
    await board.expectNoSideScroll();
    await board.signOff(1, 'Board meeting 28 February 2025, minute 6');
    const first = board.recommendations.filter({ hasText: 'Recommendation 1 ' });
    await expect.poll(() => first.locator('h2 .govuk-tag').textContent()).toBe('Met');
    expect(await first.textContent()).toContain('Moved from 20 March 2025: Printing delayed');
    expect(await first.textContent()).toContain('Officer seconded from 1 March.');
    expect(await first.getByRole('link', { name: 'secondment agreement.pdf' }).count()).toBe(1);
    await eventually(board.summary).toMatch(/Recommendations met\s*1 of 3/);

    // Board papers: printed links carry no address, each recommendation starts a page, the date shows.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const links = [...document.querySelectorAll('.app-board__rec a[href]')];
      return {
        linkAfters: [...new Set(links.map((a) => getComputedStyle(a, '::after').content))],
        breaks: [...document.querySelectorAll('.app-board__rec')].map((s) => getComputedStyle(s).breakBefore),
        date: getComputedStyle(document.querySelector('#printed-on')!).display,
        csvLink: getComputedStyle(document.querySelector('.app-no-print')!).display,
      };
    });
    expect(printed.linkAfters.every((c) => c === 'none' || c === '""' || c === 'normal')).toBe(true);
    expect(printed.breaks).toEqual(['auto', 'page', 'page']);
    expect(printed.date).toBe('block');
    expect(printed.csvLink).toBe('none');
    expect(await page.locator('#printed-on').textContent()).toContain('1 March 2025');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    // The CSV carries progress and evidence.
    const csv = await (await page.request.get(`${base}/workspace/services/bromley/board.csv`)).text();
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toContain('original_due_date,due_date_change_reason');
    expect(header).toContain('latest_progress_date,latest_progress,evidence,evidence_files');
    expect(rows.find((r) => r.includes('Agree a seconded'))).toContain(
      '2025-03-01,Officer seconded from 1 March.,Secondment agreement,secondment agreement.pdf',
    );
    const file = await page.request.get(
      `${base}${await first.getByRole('link', { name: 'secondment agreement.pdf' }).getAttribute('href')}`,
    );
    expect(file.headers()['content-type']).toBe('application/pdf');

    // Another service's user is refused, file included.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await new SignInPage(page, base).signIn('bexley@example.test');
    for (const path of [
      '/workspace/services/bromley/plan',
      '/workspace/services/bromley/board',
      '/workspace/services/bromley/board.csv',
      new URL(file.url()).pathname,
    ]) {
      const res = await page.request.get(`${base}${path}`);
      expect(res.status(), path).toBe(403);
    }
    // Three people's journeys in one browser, with axe on each kind of page: longer than the default.
  }, 180_000);
});
