import { and, asc, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleError } from '../../src/domain/errors.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { caseAssessments, inspectionApprovals, inspections, standardRatings } from '../../src/store/schema.ts';
import { createServices } from '../../src/services/index.ts';
import { rateStored } from '../../src/store/workflow-repo.ts';
import { builders } from '../helpers/builders.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

const f = frameworkRegistry().get('hmip-youth-2021')!;
const ctx = { blockingProblems: [], publicationSet: false, embargoPassed: false };
let t: TestDatabase;
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;

let services: ReturnType<typeof createServices>;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  services = createServices({ database: t, now: () => new Date(), frameworks: frameworkRegistry });
  fixture = await bromleyAtFactualAccuracy(t);
});
afterAll(async () => {
  await t?.drop();
});

const versionOf = async (id: string) =>
  (await t.db.select({ v: inspections.version }).from(inspections).where(eq(inspections.id, id)))[0]!.v;
const snapshot = async (id: string) =>
  (
    await t.db
      .select()
      .from(standardRatings)
      .where(eq(standardRatings.inspectionId, id))
      .orderBy(asc(standardRatings.standardId))
  ).map((r) => ({
    standardId: r.standardId,
    keyQuestions: r.keyQuestions,
  }));

describe('the rules of the workflow hold inside the write, whoever calls the service', () => {
  it('refuses case answers and findings once the inspection has left the states that allow them', async () => {
    const [c] = await t.db.select().from(caseAssessments).where(eq(caseAssessments.id, fixture.caseId));
    // At the factual-accuracy check: answers are closed, findings still open.
    const { evidence, workflow } = services;
    const answers = c!.answers as Record<string, 'yes' | 'no' | 'na'>;
    const save = () =>
      evidence.saveAnswers(fixture.inspector, fixture.inspectionId, fixture.caseId, c!.version, answers, {});
    await expect(save()).rejects.toThrow(RuleError);
    await expect(save()).rejects.toThrow(/fieldwork or the rating panel/);
    const [after] = await t.db.select().from(caseAssessments).where(eq(caseAssessments.id, fixture.caseId));
    expect(after!.version).toBe(c!.version);
    await workflow.transition(
      fixture.lead,
      fixture.inspectionId,
      await versionOf(fixture.inspectionId),
      'approved',
      ctx,
    );
    const work = await workflow.open(fixture.inspector, fixture.inspectionId, true);
    await expect(
      evidence.addFinding(fixture.inspector, work, {
        standardId: null,
        kind: 'strength',
        text: 'Too late',
      }),
    ).rejects.toThrow(/before approval/);
  });
});

describe.runIf(onPostgres)('a change of state and evidence written at the same moment (PostgreSQL)', () => {
  it('rates the answers committed before the change, never a stale read of them', async () => {
    const other = await bromleyAtFactualAccuracy(t, 'bexley');
    const id = other.inspectionId;
    await services.workflow.transition(other.lead, id, await versionOf(id), 'rating_panel', ctx);
    const [c] = await t.db
      .select()
      .from(caseAssessments)
      .where(and(eq(caseAssessments.inspectionId, id), eq(caseAssessments.id, other.caseId)));
    const answers = { ...(c!.answers as Record<string, string>) };
    const flipped = Object.keys(answers).find((k) => answers[k] === 'yes')!;
    answers[flipped] = 'no';

    // An evidence write in flight: it holds the inspection as every evidence write does, and has
    // changed an answer it has not yet committed.
    const writer = new pg.Client({ connectionString: t.url });
    await writer.connect();
    try {
      await writer.query('begin');
      await writer.query('select 1 from inspections where id = $1 for share', [id]);
      await writer.query('update case_assessments set answers = $2, version = version + 1 where id = $1', [
        c!.id,
        JSON.stringify(answers),
      ]);
      let settled = false;
      const moving = services.workflow
        .transition(other.lead, id, await versionOf(id), 'factual_accuracy', ctx)
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled, 'the change of state waits for the evidence being written').toBe(false);
      await writer.query('commit');
      await moving;
    } finally {
      await writer.end();
    }
    const { result } = await rateStored(t.db, f, id);
    const fresh = result.standards
      .filter((s) => s.status !== 'awaiting_judgement')
      .map((s) => ({
        standardId: s.standardId,
        keyQuestions: s.keyQuestions.length
          ? s.keyQuestions.map((k) => ({ id: k.id, percent: k.percent, yes: k.yes, applicable: k.applicable }))
          : null,
      }))
      .sort((a, b) => a.standardId.localeCompare(b.standardId, 'en', { numeric: true }));
    expect(await snapshot(id)).toEqual(fresh);
  });
});

describe.runIf(onPostgres)('approval and a factual-accuracy comment at the same moment (PostgreSQL)', () => {
  it('approval waits for the comment being written, then counts it and refuses (422)', async () => {
    const insp = await builders(t).inspection({ status: 'factual_accuracy' });
    // A comment in flight: it holds the inspection as every comment does and has not committed yet.
    const writer = new pg.Client({ connectionString: t.url });
    await writer.connect();
    let outcome: unknown;
    try {
      await writer.query('begin');
      await writer.query('select 1 from inspections where id = $1 for share', [insp.id]);
      await writer.query(`insert into service_comments (inspection_id, user_id, text) values ($1, $2, 'Late news')`, [
        insp.id,
        insp.lead.id,
      ]);
      let settled = false;
      const approving = services.workflow
        .transition(insp.lead, insp.id, insp.version, 'approved', ctx)
        .then(
          () => 'approved',
          (e: unknown) => e,
        )
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled, 'the approval waits for the comment being written').toBe(false);
      await writer.query('commit');
      outcome = await approving;
    } finally {
      await writer.end();
    }
    expect(outcome).toBeInstanceOf(RuleError);
    expect((outcome as RuleError).status).toBe(422);
    expect((outcome as RuleError).message).toMatch(/1 factual-accuracy comment has not been answered/);
    const [row] = await t.db.select().from(inspections).where(eq(inspections.id, insp.id));
    expect(row!.status).toBe('factual_accuracy');
    expect(await t.db.select().from(inspectionApprovals).where(eq(inspectionApprovals.inspectionId, insp.id))).toEqual(
      [],
    );
  });
});
