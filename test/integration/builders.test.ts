import { and, count, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { auditEvents, inspections, services, users } from '../../src/store/schema.ts';
import { appTest, TEST_START } from '../helpers/app.ts';

const test = appTest();

/** The builders are test code the other tests lean on: they must make what they say, audited, through the app's rules. */
describe('test-data builders', () => {
  test('an account can sign in with the built password, and service accounts belong to their service', async ({
    build,
    signIn,
  }) => {
    const svc = await build.service({ name: 'Testshire YJS' });
    const user = await build.account('service_user', { service: svc });
    expect(user.serviceId).toBe(svc.id);
    const a = await signIn(user);
    expect((await a.get('/workspace')).statusCode).toBe(200);
    await expect(build.account('board_member')).rejects.toThrow(/needs \{ service \}/);
  });

  test('a service enters the public register with one published inspection', async ({ build, database, app }) => {
    const svc = await build.service({ name: 'Ynys Môn YJS', nation: 'Wales' });
    const [row] = await database.db.select().from(services).where(eq(services.id, svc.id));
    expect(row).toMatchObject({ name: 'Ynys Môn YJS', nation: 'Wales', region: 'Wales' });
    expect((await app.inject(`/services/${svc.slug}`)).statusCode).toBe(200);
    expect((await app.inject(`/inspections/${svc.firstInspectionRef}`)).statusCode).toBe(200);
  });

  test.for(['planned', 'fieldwork', 'rating_panel'] as const)(
    'an inspection built at %s is there, at the version its transitions give',
    async (status, { build, database }) => {
      const insp = await build.inspection({ status });
      const [row] = await database.db.select().from(inspections).where(eq(inspections.id, insp.id));
      expect(row).toMatchObject({
        status,
        version: insp.version,
        serviceId: insp.service.id,
        leadInspectorId: insp.lead.id,
        origin: 'workflow',
      });
      const transitions = await database.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.action, 'transition')));
      expect(transitions[0]!.n).toBe(insp.version - 1);
    },
  );

  test('an inspection carried to publication is rated, audited at each step and public once its embargo passes', async ({
    build,
    database,
    app,
    clock,
  }) => {
    const insp = await build.inspection({
      status: 'published',
      ratings: 'requires-improvement-16',
      recommendations: 2,
    });
    const [row] = await database.db.select().from(inspections).where(eq(inspections.id, insp.id));
    expect(row).toMatchObject({
      status: 'published',
      overallRating: 'requires_improvement',
      score: 16,
      frameworkId: 'hmip-youth-2018',
      version: insp.version,
    });
    expect(insp.caseIds).toHaveLength(32);
    const trail = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.action, 'transition')));
    expect(trail.map((e) => (e.after as { status: string }).status)).toEqual([
      'fieldwork',
      'rating_panel',
      'factual_accuracy',
      'approved',
      'scheduled',
      'published',
    ]);
    // The default embargo is 1 December 2026; the test clock starts before it.
    expect(clock.now()).toEqual(TEST_START);
    expect((await app.inject(`/inspections/${insp.ref}`)).statusCode).toBe(404);
    clock.set(new Date('2026-12-01T00:02:00Z'));
    expect((await app.inject(`/inspections/${insp.ref}`)).statusCode).toBe(200);
  });

  test('names never collide, so tests sharing a database do not see each other’s records as theirs', async ({
    build,
    database,
  }) => {
    const [a, b] = await Promise.all([build.account('inspector'), build.account('inspector')]);
    expect(a.email).not.toBe(b.email);
    const all = await database.db.select({ email: users.email }).from(users);
    expect(new Set(all.map((u) => u.email)).size).toBe(all.length);
  });
});

describe('the app fixture', () => {
  test('each test starts with a fresh clock at the file’s start time, whatever an earlier test did with its own', async ({
    clock,
  }) => {
    expect(clock.now()).toEqual(TEST_START);
    clock.advance(60_000);
  });
  test('(the clock again)', async ({ clock }) => {
    expect(clock.now()).toEqual(TEST_START);
  });
});
