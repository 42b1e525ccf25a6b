import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect } from 'vitest';
import { caseStandards } from '../../src/services/evidence.ts';
import { addAction, planFor, updateAction } from '../../src/store/plans-repo.ts';
import { appTest } from '../helpers/app.ts';
import type { Agent } from '../helpers/http.ts';

// After the builders' embargo instant (1 December 2026), so the board's inspection is public.
const test = appTest({ start: new Date('2026-12-10T12:00:00Z') });
const it = test;

/**
 * The statements the app sends while `fn` runs. Every statement Drizzle sends, on either driver, is
 * made by the dialect's sqlToQuery (selects, writes, relational queries and raw `execute`), so
 * counting its calls counts them without any code in the app.
 */
async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
  const original = PgDialect.prototype.sqlToQuery;
  let n = 0;
  PgDialect.prototype.sqlToQuery = function (this: PgDialect, ...args: Parameters<PgDialect['sqlToQuery']>) {
    n++;
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    PgDialect.prototype.sqlToQuery = original;
  }
  return n;
}

/** A page's statements for one request, after a first request (templates, frameworks) has warmed it. */
async function statementsFor(agent: Agent, url: string): Promise<{ n: number; body: string }> {
  expect((await agent.get(url)).statusCode).toBe(200);
  let body = '';
  const n = await statementsDuring(async () => {
    const res = await agent.get(url);
    expect(res.statusCode).toBe(200);
    body = res.body;
  });
  return { n, body };
}

const ANSWERS = ['yes', 'no', 'yes', 'na'] as const;

describe('statements a signed-in page sends do not grow with its records', () => {
  it('the ratings panel and the case list: the same count at 10 and at 120 cases', async ({ build, signIn }) => {
    const lead = await build.account('lead_inspector');
    const counts: Record<string, number> = {};
    const linked: Record<number, number> = {};
    for (const size of [10, 120]) {
      // No worked example (its 32 cases would be more than 10): one unanswered case, the rest added here.
      const insp = await build.inspection({ status: 'rating_panel', ratings: 'none', lead });
      const types = insp.framework.caseTypes.map((t) => t.id);
      for (let i = insp.caseIds.length; i < size; i++) {
        const type = types[i % types.length]!;
        const kqs = caseStandards(insp.framework, type).flatMap((s) => s.keyQuestions.map((k) => k.id));
        await build.case(insp, insp.inspector, {
          ref: `QC${size}-${String(i).padStart(3, '0')}`,
          caseType: type,
          answers: Object.fromEntries(kqs.map((k, j) => [k, ANSWERS[(i + j) % ANSWERS.length]!])),
        });
      }
      const agent = await signIn(lead);
      const base = `/workspace/inspections/${insp.id}`;
      const panel = await statementsFor(agent, `${base}/panel`);
      const cases = await statementsFor(agent, `${base}/cases`);
      // The pages did read the cases: the list has the last one added, and the panel links the
      // cases answered "no" (one key question in four): several times as many at 120 cases as at 10.
      expect(cases.body).toContain(`QC${size}-${String(size - 1).padStart(3, '0')}`);
      linked[size] = new Set(panel.body.match(new RegExp(`QC${size}-\\d{3}`, 'g')) ?? []).size;
      counts[`panel ${size}`] = panel.n;
      counts[`cases ${size}`] = cases.n;
    }
    expect(linked[10]).toBeGreaterThan(0);
    expect(linked[120]).toBeGreaterThan(linked[10]! * 5);
    expect(counts['panel 10']).toBeGreaterThan(0);
    expect(counts['cases 10']).toBeGreaterThan(0);
    expect(counts['panel 120']).toBe(counts['panel 10']);
    expect(counts['cases 120']).toBe(counts['cases 10']);
  });

  it('the board view: the same count at 3 and at 20 recommendations, each with actions and progress', async ({
    build,
    database,
    signIn,
  }) => {
    const db = database.db;
    const counts: number[] = [];
    for (const size of [3, 20]) {
      const insp = await build.inspection({ status: 'published', recommendations: size });
      const serviceUser = await build.account('service_user', { service: insp.service });
      const board = await build.account('board_member', { service: insp.service });
      const now = new Date('2026-12-05T10:00:00Z');
      for (const { recommendation: r } of await planFor(db, [insp.id]))
        for (let j = 0; j < 2; j++) {
          const a = await db.transaction((tx) =>
            addAction(
              tx,
              serviceUser,
              r,
              { description: `Action ${j + 1} for ${r.position}`, owner: 'Head of service', dueDate: '2027-03-01' },
              now,
            ),
          );
          await updateAction(
            db,
            serviceUser,
            a.id,
            a.version,
            { state: 'in_progress', note: 'Begun', evidence: null },
            [],
            now,
          );
        }
      const page = await statementsFor(await signIn(board), `/workspace/services/${insp.service.slug}/board`);
      expect(page.body).toContain(`Action 2 for ${size}`);
      counts.push(page.n);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });
});
