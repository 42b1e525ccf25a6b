import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupCommand, retentionCommand, type Io } from '../../src/cli/main.ts';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../../src/domain/retention.ts';
import { runDailyRetention, runRetentionNow, startRetentionJob } from '../../src/jobs/retention.ts';
import { loadConfig, type Config } from '../../src/setup/config.ts';
import { openDatabase, type Database, type Db } from '../../src/store/db.ts';
import { replaceCaseList } from '../../src/store/sample-repo.ts';
import { createPreviewLink, openPreview } from '../../src/store/publication-repo.ts';
import {
  auditEvents,
  caseAssessments,
  caseListEntries,
  jobRuns,
  loginAttempts,
  previewLinks,
  publishedSamples,
  serviceComments,
  sessions,
} from '../../src/store/schema.ts';
import { addComment } from '../../src/store/factual-accuracy-repo.ts';
import { buildApp } from '../../src/web/app.ts';
import { builders, PASSWORD, type BuiltInspection } from '../helpers/builders.ts';
import { Agent } from '../helpers/http.ts';
import { createTestDatabase, createTestDataDir, onPostgres, type TestDatabase } from '../helpers/db.ts';

const MONTH6: RetentionPolicy = {
  ...DEFAULT_RETENTION,
  // Every kind after publication at one period here, so one instant is every kind's boundary.
  serviceComments: { n: 6, unit: 'months' },
  previewLinks: { n: 6, unit: 'months' },
  auditEvents: null,
};
/** Published at midnight UTC, so the boundary six months on is the first instant of a new (UTC) day. */
const PUBLISHED = new Date('2026-12-01T00:00:00.000Z');
const BOUNDARY = new Date('2027-06-01T00:00:00.000Z');
const before = (d: Date, ms = 1) => new Date(d.getTime() - ms);

const rows = async (db: Db, table: PgTable, where?: SQL) =>
  Number((await db.select({ n: count() }).from(table).where(where))[0]!.n);

/** A published inspection with everything retention applies to: cases, a case list, comments, a viewed preview link. */
async function fullInspection(database: Database, publishAt: Date): Promise<BuiltInspection> {
  const b = builders(database);
  const insp = await b.inspection({ status: 'published', publishAt, fieldworkStart: '2026-09-07' });
  const db = database.db;
  // Notes on one case, so their removal from the audit trail can be seen.
  await db.transaction(async (tx) => {
    await replaceCaseList(
      tx,
      insp.lead,
      insp.id,
      null,
      0,
      [
        { caseId: 'SVC-1', strata: {}, startDate: '2026-01-05', endDate: null },
        { caseId: 'SVC-2', strata: {}, startDate: '2026-02-05', endDate: '2026-05-01' },
      ],
      ['case_id', 'start_date', 'end_date'],
      new Date('2026-08-01T09:00:00Z'),
    );
  });
  const su = await b.account('service_user', { service: insp.service });
  await db.transaction((tx) =>
    addComment(
      tx,
      su,
      insp.id,
      { text: 'Paragraph 3 names the wrong manager.', section: 'other', standardId: null, sectionLabel: 'Other' },
      new Date('2026-10-01T09:00:00Z'),
    ),
  );
  const token = await createPreviewLink(db, insp.lead, insp.id, {
    recipient: 'press@example.test',
    recipientKind: 'press',
    expiresAt: new Date(publishAt.getTime() + 86_400_000),
  });
  await openPreview(db, token, before(publishAt, 60_000), { ip: '203.0.113.9', userAgent: 'Reader/1.0' });
  return insp;
}

describe('the retention job (in process)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let insp: BuiltInspection;
  let clock = BOUNDARY;

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    insp = await fullInspection(t, PUBLISHED);
    // Notes recorded on a case, as an inspector would: the audit event carries them.
    const [c] = await t.db.select().from(caseAssessments).where(eq(caseAssessments.inspectionId, insp.id)).limit(1);
    const { saveCaseAnswers } = await import('../../src/store/workflow-repo.ts');
    await saveCaseAnswers(t.db, insp.inspector, insp.id, c!.id, c!.version, c!.answers, {
      '1.1': 'Seen at home with a parent.',
    });
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  /** What the public sees of the inspection's figures: each key question's share, the sample description, the API's record. */
  async function publicFigures() {
    const page = await app.inject({ url: `/inspections/${insp.ref}` });
    const report = await app.inject({ url: `/inspections/${insp.ref}/report` });
    const api = await app.inject({ url: `/api/v1/inspections/${insp.ref}` });
    expect([page.statusCode, report.statusCode, api.statusCode]).toEqual([200, 200, 200]);
    const $ = load(page.body);
    const r = load(report.body);
    return {
      shares: $('main li')
        .toArray()
        .map((li) => $(li).text().trim())
        .filter((s) => /^\d+\.\d+/.test(s)),
      reportShares: r('main td')
        .toArray()
        .map((td) => r(td).text().trim())
        .filter((s) => /^\d+\.\d+\.\d+: /.test(s)),
      sample: r('#sample-size').text().trim(),
      api: api.json() as unknown,
    };
  }

  it('keeps everything one millisecond before the boundary, deletes it at the boundary, and the public figures do not change', async () => {
    clock = before(BOUNDARY);
    const figures = await publicFigures();
    // Not vacuous: the figures are there, from the cases.
    expect(figures.sample).toMatch(/^\d+ \(/);
    expect(figures.shares.length).toBeGreaterThan(3);
    const cases = await rows(t.db, caseAssessments, eq(caseAssessments.inspectionId, insp.id));
    expect(cases).toBe(insp.caseIds.length);
    await t.db.insert(sessions).values({
      tokenHash: 'retention-expiring-at-boundary',
      userId: insp.lead.id,
      createdAt: before(BOUNDARY, 3_600_000),
      expiresAt: BOUNDARY,
    });
    await t.db.insert(sessions).values({
      tokenHash: 'retention-expiring-after-boundary',
      userId: insp.lead.id,
      createdAt: before(BOUNDARY, 3_600_000),
      expiresAt: new Date(BOUNDARY.getTime() + 1),
    });
    await t.db.insert(loginAttempts).values({
      email: 'someone@example.test',
      ip: '198.51.100.7',
      success: false,
      at: new Date('2027-03-03T00:00:00.000Z'), // + 90 days = the boundary
    });

    const early = await runDailyRetention(t.db, MONTH6, before(BOUNDARY));
    expect(early).not.toBeNull();
    expect(early!.inspections.map((i) => i.ref)).not.toContain(insp.ref);
    expect(await rows(t.db, caseAssessments, eq(caseAssessments.inspectionId, insp.id))).toBe(cases);
    expect(await rows(t.db, caseListEntries, eq(caseListEntries.inspectionId, insp.id))).toBe(2);
    expect(await rows(t.db, serviceComments, eq(serviceComments.inspectionId, insp.id))).toBe(1);
    expect(await rows(t.db, previewLinks, eq(previewLinks.inspectionId, insp.id))).toBe(1);
    expect(await rows(t.db, sessions, eq(sessions.tokenHash, 'retention-expiring-at-boundary'))).toBe(1);
    expect(await rows(t.db, loginAttempts, eq(loginAttempts.email, 'someone@example.test'))).toBe(1);

    clock = BOUNDARY;
    const run = await runDailyRetention(t.db, MONTH6, BOUNDARY);
    expect(run).not.toBeNull();
    const mine = run!.inspections.find((i) => i.ref === insp.ref);
    expect(mine?.counts).toEqual({
      caseAssessments: cases,
      caseListEntries: 2,
      serviceComments: 1,
      previewLinks: 1,
    });
    expect(await rows(t.db, caseAssessments, eq(caseAssessments.inspectionId, insp.id))).toBe(0);
    expect(await rows(t.db, caseListEntries, eq(caseListEntries.inspectionId, insp.id))).toBe(0);
    expect(await rows(t.db, serviceComments, eq(serviceComments.inspectionId, insp.id))).toBe(0);
    expect(await rows(t.db, previewLinks, eq(previewLinks.inspectionId, insp.id))).toBe(0);
    expect(await rows(t.db, sessions, eq(sessions.tokenHash, 'retention-expiring-at-boundary'))).toBe(0);
    expect(await rows(t.db, sessions, eq(sessions.tokenHash, 'retention-expiring-after-boundary'))).toBe(1);
    expect(await rows(t.db, loginAttempts, eq(loginAttempts.email, 'someone@example.test'))).toBe(0);
    expect(await rows(t.db, publishedSamples, eq(publishedSamples.inspectionId, insp.id))).toBeGreaterThan(0);

    // The public figures are exactly as published.
    expect(await publicFigures()).toEqual(figures);
    // The team's pages of the published inspection still open, and its trail tells what went.
    const lead = new Agent(app);
    await lead.signIn(insp.lead.email, PASSWORD);
    for (const page of ['', '/cases', '/panel', '/audit'])
      expect((await lead.get(`/workspace/inspections/${insp.id}${page}`)).statusCode).toBe(200);
    expect(load((await lead.get(`/workspace/inspections/${insp.id}/audit`)).body)('main').text()).toContain(
      `The retention policy's run deleted case answers and notes (${cases}), uploaded case list entries (2), ` +
        'factual-accuracy comments (1), embargoed preview links (1).',
    );

    // The trail keeps who did what, without the notes, the comment's text or the viewer's address.
    const trail = await t.db.select().from(auditEvents).where(eq(auditEvents.inspectionId, insp.id));
    const text = JSON.stringify(trail);
    expect(text).not.toContain('Seen at home');
    expect(text).not.toContain('wrong manager');
    expect(text).not.toContain('203.0.113.9');
    expect(trail.some((e) => e.action === 'update' && e.entityType === 'case')).toBe(true);
    expect(trail.some((e) => e.action === 'view' && e.entityType === 'preview_link')).toBe(true);
    expect(trail.filter((e) => e.action === 'retention' && e.entityType === 'inspection')).toHaveLength(1);
    const [runEvent] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'retention'), eq(auditEvents.entityType, 'retention')))
      .orderBy(sql`${auditEvents.id} desc`)
      .limit(1);
    expect((runEvent!.after as { counts: Record<string, number> }).counts).toMatchObject({
      caseAssessments: cases,
      sessions: 1,
      signInAttempts: 1,
    });
    // Outside the retention run, the trail is still append-only.
    await expect(t.db.delete(auditEvents).where(eq(auditEvents.inspectionId, insp.id))).rejects.toThrow();
    await expect(
      t.db.update(auditEvents).set({ after: null }).where(eq(auditEvents.inspectionId, insp.id)),
    ).rejects.toThrow();
  });

  it('runs once a day however many runners ask, and again the next day', async () => {
    const day = new Date('2027-06-02T10:00:00.000Z');
    const runEvents = () =>
      rows(t.db, auditEvents, and(eq(auditEvents.action, 'retention'), eq(auditEvents.entityType, 'retention')));
    const n0 = await runEvents();
    // Two runners, each with its own connection on PostgreSQL (PGlite has one connection per database).
    const other = onPostgres ? await openDatabase({ databaseUrl: t.url }) : null;
    try {
      const results = await Promise.all([
        runDailyRetention(t.db, MONTH6, day),
        runDailyRetention((other ?? t).db, MONTH6, new Date(day.getTime() + 5)),
        runDailyRetention((other ?? t).db, MONTH6, new Date(day.getTime() + 3_600_000)),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    } finally {
      await other?.close();
    }
    expect(await runEvents()).toBe(n0 + 1);
    expect(await runDailyRetention(t.db, MONTH6, new Date('2027-06-03T00:00:00.000Z'))).not.toBeNull();
    expect(await runEvents()).toBe(n0 + 2);

    // The job loop as serve starts it, on two instances: each runs at once; one of them does the day's work.
    const second = onPostgres ? await openDatabase({ databaseUrl: t.url }) : null;
    const logged: object[] = [];
    const log = { info: (fields: object) => logged.push(fields), error: (e: unknown) => logged.push({ e }) };
    const clock4 = () => new Date('2027-06-04T06:00:00.000Z');
    try {
      const stops = [
        startRetentionJob(t.db, clock4, MONTH6, log, { everyMs: 3_600_000 }),
        startRetentionJob((second ?? t).db, clock4, MONTH6, log, { everyMs: 3_600_000 }),
      ];
      await Promise.all(stops.map((stop) => stop()));
    } finally {
      await second?.close();
    }
    expect(logged).toHaveLength(1);
    expect(logged[0]).toHaveProperty('counts');
    expect(await runEvents()).toBe(n0 + 3);
  });

  it('deletes an audit event only once it is past its period, and only in the retention run', async () => {
    // An event from long ago, at a whole millisecond (PostgreSQL keeps microseconds; a Date does not).
    await t.db.insert(auditEvents).values({
      at: new Date('2020-01-01T00:00:00.000Z'),
      actorName: 'system',
      actorRole: 'system',
      action: 'test',
      entityType: 'nothing',
    });
    const years = { ...MONTH6, auditEvents: { n: 6, unit: 'years' as const } };
    const boundary = new Date('2026-01-01T00:00:00.000Z');
    const dry = await runRetentionNow(t.db, years, before(boundary), { dryRun: true, trigger: 'command' });
    expect(dry.counts.auditEvents).toBe(0);
    const atBoundary = await runRetentionNow(t.db, years, boundary, { dryRun: true, trigger: 'command' });
    expect(atBoundary.counts.auditEvents).toBe(1);
    const total = await rows(t.db, auditEvents);
    const run = await runRetentionNow(t.db, years, boundary, { dryRun: false, trigger: 'command' });
    expect(run.counts.auditEvents).toBe(atBoundary.counts.auditEvents);
    // Even with the retention setting, who, when and what an event records cannot change.
    const asRetention = (change: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<unknown>) =>
      t.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('inspectorate.retention', 'on', true)`);
        await change(tx);
      });
    const [some] = await t.db.select().from(auditEvents).limit(1);
    await expect(
      asRetention((tx) =>
        tx.update(auditEvents).set({ actorName: 'someone else' }).where(eq(auditEvents.id, some!.id)),
      ),
    ).rejects.toThrow();
    await expect(
      asRetention((tx) => tx.update(auditEvents).set({ action: 'other' }).where(eq(auditEvents.id, some!.id))),
    ).rejects.toThrow();
    // The deleted events are gone; the run's own two kinds of event are added.
    expect(await rows(t.db, auditEvents)).toBe(total - run.counts.auditEvents + 1 + run.inspections.length);
  });
});

describe('inspectorate retention and restore (commands)', () => {
  let source: TestDatabase | undefined;
  let target: TestDatabase | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'retention-'));
  const sourceDir = join(dir, 'source');
  const targetDir = join(dir, 'target');
  let config: Config;
  let targetConfig: Config;
  let insp: BuiltInspection;
  /** Seven months after publication: case data is past its default period of six months. */
  const now = () => new Date('2027-07-01T09:00:00.000Z');
  const open = (c: Config) =>
    c.databaseUrl ? openDatabase({ databaseUrl: c.databaseUrl }) : openDatabase({ dataDir: c.dataDir });

  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s) };
    return { io, out, err };
  };

  beforeAll(async () => {
    if (onPostgres) {
      source = await createTestDatabase({ seed: true });
      target = await createTestDatabase();
    } else {
      await createTestDataDir(sourceDir, { seed: true });
      await createTestDataDir(targetDir);
    }
    config = loadConfig(onPostgres ? { DATABASE_URL: source!.url } : { DATA_DIR: sourceDir });
    targetConfig = loadConfig(onPostgres ? { DATABASE_URL: target!.url } : { DATA_DIR: targetDir });
    const database = await open(config);
    try {
      insp = await fullInspection(database, PUBLISHED);
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  /** Row counts of every table retention touches, the audit trail and the job's claim. */
  async function snapshot(c: Config) {
    const database = await open(c);
    try {
      const db = database.db;
      return {
        cases: await rows(db, caseAssessments),
        entries: await rows(db, caseListEntries),
        comments: await rows(db, serviceComments),
        links: await rows(db, previewLinks),
        samples: await rows(db, publishedSamples),
        audit: await rows(db, auditEvents),
        trail: JSON.stringify(await db.select().from(auditEvents).orderBy(auditEvents.id)),
        claim: JSON.stringify(await db.select().from(jobRuns)),
      };
    } finally {
      await database.close();
    }
  }

  it('a dry run lists what would go and changes nothing; the run deletes it; a restore of an older backup deletes it again', async () => {
    const file = join(dir, 'before-retention.jsonl');
    const b = capture();
    expect(await backupCommand('backup', [file], b.io, config, {}, now)).toBe(0);

    const start = await snapshot(config);
    expect(start.cases).toBe(insp.caseIds.length);
    const dry = capture();
    expect(await retentionCommand(['--dry-run'], dry.io, config, now)).toBe(0);
    const listed = dry.out.join('\n');
    expect(listed).toContain('dry run: nothing changed');
    expect(listed).toContain(`case answers and notes: would delete ${insp.caseIds.length}`);
    expect(listed).toContain(
      `${insp.ref}: case answers and notes (${insp.caseIds.length}), uploaded case list entries (2)`,
    );
    expect(await snapshot(config)).toEqual(start);

    const real = capture();
    expect(await retentionCommand([], real.io, config, now)).toBe(0);
    expect(real.out.join('\n')).toContain(`case answers and notes: deleted ${insp.caseIds.length}`);
    const after = await snapshot(config);
    // Comments and preview links are kept twelve months by default: not yet past their time.
    expect([after.cases, after.entries, after.comments, after.links]).toEqual([0, 0, 1, 1]);
    expect(after.samples).toBeGreaterThan(0);

    // The backup was made before the run; restoring it must not bring the deleted data back.
    const r = capture();
    expect(await backupCommand('restore', [file], r.io, targetConfig, {}, now)).toBe(0);
    expect(r.out.join('\n')).toContain(`case answers and notes: deleted ${insp.caseIds.length}`);
    const restored = await snapshot(targetConfig);
    expect([restored.cases, restored.entries, restored.comments, restored.links]).toEqual([0, 0, 1, 1]);
    expect(restored.samples).toBe(after.samples);
    const database = await open(targetConfig);
    try {
      const events = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'retention'), eq(auditEvents.entityType, 'retention')));
      expect(events.map((e) => (e.after as { trigger: string }).trigger)).toContain('restore');
    } finally {
      await database.close();
    }
  });
});
