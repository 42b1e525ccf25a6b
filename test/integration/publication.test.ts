import { and, count, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonInstant } from '../../src/domain/embargo.ts';
import { publishDue } from '../../src/jobs/publication.ts';
import { openDatabase } from '../../src/store/db.ts';
import { auditEvents, inspections, previewLinks } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { pdfAvailable } from '../../src/web/inspection/pdf.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

let t: TestDatabase;
let app: FastifyInstance;
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;
let clock = new Date('2026-11-22T12:00:00Z');
const PUB_DATE = '2027-01-12';
const EMBARGO = londonInstant(PUB_DATE, '00:01');
let ref = '';
let url = '';

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  fixture = await bromleyAtFactualAccuracy(t);
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' }, now: () => clock });
  url = `/workspace/inspections/${fixture.inspectionId}`;
  ref = (await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId)))[0]!.ref;
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe('from approval to a scheduled publication', () => {
  it('approves, drafts and fact-checks the release, refuses to schedule while an error stands, then schedules', async () => {
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    await lead.get(url);
    expect((await lead.post(`${url}/transition`, { to: 'approved', version: '4' })).statusCode).toBe(303);

    const comms = new Agent(app);
    await comms.signIn('publisher@example.test');
    const draft = await comms.get(`${url}/press-release`);
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toContain('‘Outstanding’ rating for Bromley YJS');
    // A slip: the wrong score. Saved, then flagged.
    const body = (b: string) =>
      b
        .replace('[Quote to be agreed with the Chief Inspector]', 'A service to be proud of.')
        .replace('[name of the Chief Inspector]', 'Martin Jones');
    const draftBody = body(
      /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/
        .exec(draft.body)![1]!
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
    const wrong = draftBody.replace('scored 33/36', 'scored 34/36').replace('[publication date]', '12 January 2027');
    const saved = await comms.post(`${url}/press-release`, {
      version: '0',
      headline: '‘Outstanding’ rating for Bromley YJS',
      body: wrong,
    });
    expect(saved.statusCode).toBe(303);
    const checked = await comms.get(`${url}/press-release`);
    expect(checked.body).toContain('The text gives a score of 34/36; the record has 33/36.');
    await comms.get(`${url}/schedule`);
    const blocked = await comms.post(`${url}/schedule`, {
      version: '5',
      'date-day': '12',
      'date-month': '1',
      'date-year': '2027',
      time: '00:01',
    });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.body).toContain('Publication is blocked');
    expect(blocked.body).toContain('34/36');
    // Fixed.
    await comms.get(`${url}/press-release`);
    expect(
      (
        await comms.post(`${url}/press-release`, {
          version: '1',
          headline: '‘Outstanding’ rating for Bromley YJS',
          body: wrong.replace('34/36', '33/36'),
        })
      ).statusCode,
    ).toBe(303);
    const clean = await comms.get(`${url}/press-release`);
    expect(clean.body).toContain('No problems: every checkable fact agrees with the record.');
    await comms.get(`${url}/schedule`);
    const past = await comms.post(`${url}/schedule`, {
      version: '5',
      'date-day': '1',
      'date-month': '1',
      'date-year': '2020',
      time: '00:01',
    });
    expect(past.body).toContain('must be in the future');
    const ok = await comms.post(`${url}/schedule`, {
      version: '5',
      'date-day': '12',
      'date-month': '1',
      'date-year': '2027',
      time: '00:01',
    });
    expect(ok.statusCode).toBe(303);
    const [row] = await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId));
    expect(row).toMatchObject({ status: 'scheduled', publicationEarliest: PUB_DATE, publicationPrecision: 'day' });
    expect(row!.publishedAt!.toISOString()).toBe(EMBARGO.toISOString());
  });
});

describe('the embargo on every public surface', () => {
  const surfaces = () => [
    '/',
    `/?asAt=${PUB_DATE}`,
    '/services',
    '/services?q=bromley',
    // Where the home page's counts as at the day lead: the services and the inspections they rest on.
    `/services?q=bromley&asAt=${PUB_DATE}`,
    '/services?rating=outstanding&region=London',
    '/services/bromley',
    '/services/bromley/feed.atom',
    `/inspections/${ref}`,
    `/inspections/${ref}/report`,
    `/inspections/${ref}/report.pdf`,
    '/feed.atom',
    '/sitemap.xml',
  ];
  const dataSurfaces = () => [
    '/statistics',
    '/api/v1/inspections',
    `/api/v1/inspections?service=bromley`,
    `/api/v1/inspections/${ref}`,
    '/api/v1/services/bromley',
    '/api/v1/statistics',
    '/downloads/inspections.csv',
    '/downloads/standard-ratings.json',
  ];
  const validators = async (at: Date) => {
    clock = at;
    const out: Record<string, string> = {};
    for (const path of [...surfaces(), ...dataSurfaces()]) {
      const res = await app.inject({ method: 'GET', url: path });
      out[path] =
        `${res.statusCode} etag=${res.headers.etag ?? '-'} last-modified=${res.headers['last-modified'] ?? '-'}`;
    }
    return out;
  };
  let unscheduled: Record<string, string> = {};

  it('one second before: nothing of it anywhere; an embargoed page is indistinguishable from one that does not exist', async () => {
    // Validators (ETag, Last-Modified) are the subtle leak: a cache or a curious client could see a
    // page change before the embargo. So every surface must answer exactly as it would if the
    // inspection had never been scheduled at all.
    await t.db.update(inspections).set({ status: 'approved' }).where(eq(inspections.id, fixture.inspectionId));
    unscheduled = await validators(new Date(EMBARGO.getTime() - 1000));
    await t.db.update(inspections).set({ status: 'scheduled' }).where(eq(inspections.id, fixture.inspectionId));
    expect(await validators(new Date(EMBARGO.getTime() - 1000))).toEqual(unscheduled);
    for (const path of [...surfaces(), ...dataSurfaces()]) {
      const res = await app.inject({ method: 'GET', url: path });
      if (path.includes(ref)) {
        // Answered exactly as for an inspection that does not exist (a 404 may echo the address asked for).
        const unknown = await app.inject({ method: 'GET', url: path.replace(ref, 'bromley-1999') });
        expect(res.statusCode, path).toBe(404);
        expect(res.body.replaceAll(ref, 'bromley-1999'), path).toBe(unknown.body);
      } else expect(res.body, path).not.toContain(ref);
      expect(res.body, path).not.toContain('Matrix fixture');
      expect(res.headers['last-modified'], path).toBeUndefined();
    }
  });

  it('one second after: the validators of every surface that shows it have changed', async () => {
    const after = await validators(new Date(EMBARGO.getTime() + 1000));
    for (const path of [
      '/services/bromley',
      '/services/bromley/feed.atom',
      `/inspections/${ref}`,
      '/feed.atom',
      '/sitemap.xml',
      '/statistics',
      '/api/v1/inspections?service=bromley',
      `/api/v1/inspections/${ref}`,
      '/api/v1/services/bromley',
    ]) {
      expect(after[path], path).toMatch(/^200 etag="/);
      expect(after[path], path).not.toBe(unscheduled[path]);
    }
  });

  it('at the embargo time: everywhere at once, before the publication job has even run', async () => {
    clock = EMBARGO;
    for (const path of surfaces().filter(
      (p) =>
        !['/', `/?asAt=${PUB_DATE}`, '/services', '/services?rating=outstanding&region=London'].includes(p) &&
        !p.endsWith('.pdf'),
    )) {
      const res = await app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).toContain(path.endsWith('/report') ? 'Published 12 January 2027 at 00:01' : ref);
    }
    // The home page as at the day counts it: the services behind its count are a link, to a list that names it.
    const [{ rating } = { rating: null }] = await t.db
      .select({ rating: inspections.overallRating })
      .from(inspections)
      .where(eq(inspections.id, fixture.inspectionId));
    const home = (await app.inject({ method: 'GET', url: `/?asAt=${PUB_DATE}` })).body;
    const link = new RegExp(`id="basis-${rating ?? 'none'}">[^<]*<a class="govuk-link" href="([^"]+)"`).exec(home)?.[1];
    // The day is today by the clock, so the link carries no date.
    expect(link).toBe(`/services?rating=${rating ?? 'none'}`);
    const listed = await app.inject({ method: 'GET', url: link!.replaceAll('&amp;', '&') });
    expect(listed.body).toContain(ref);
    const pdf = await app.inject({ method: 'GET', url: `/inspections/${ref}/report.pdf` });
    if (pdfAvailable()) {
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      expect(pdf.statusCode).toBe(503);
      expect(pdf.body).toContain('no Chromium');
    }
    const [row] = await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId));
    expect(row!.status).toBe('scheduled');
  }, 60_000);

  it('the publication job marks it published exactly once, whoever runs it and however often', async () => {
    const runs = onPostgres
      ? await (async () => {
          // Two app instances' worth of connections on one PostgreSQL, racing.
          const a = await openDatabase({ databaseUrl: t.url });
          const b = await openDatabase({ databaseUrl: t.url });
          try {
            return await Promise.all([
              publishDue(a.db, EMBARGO),
              publishDue(b.db, EMBARGO),
              publishDue(a.db, EMBARGO),
              publishDue(b.db, EMBARGO),
            ]);
          } finally {
            await a.close();
            await b.close();
          }
        })()
      : [await publishDue(t.db, EMBARGO), await publishDue(t.db, EMBARGO)];
    expect(runs.flat().map((x) => x.ref)).toEqual([ref]);
    expect(await publishDue(t.db, new Date(EMBARGO.getTime() + 86_400_000))).toEqual([]);
    const events = await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.inspectionId, fixture.inspectionId), sql`${auditEvents.after}->>'status' = 'published'`),
      );
    expect(Number(events[0]!.n)).toBe(1);
  });
});

describe('after publication', () => {
  it('is immutable except through a public correction, which shows on the page and in the feed', async () => {
    clock = new Date(EMBARGO.getTime() + 3600_000);
    const inspector = new Agent(app);
    await inspector.signIn('inspector@example.test');
    await inspector.get(`${url}/findings`);
    expect((await inspector.post(`${url}/findings`, { kind: 'strength', text: 'Late addition' })).statusCode).toBe(409);
    const comms = new Agent(app);
    await comms.signIn('publisher@example.test');
    const [before] = await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId));
    await comms.get(`${url}/corrections`);
    const res = await comms.post(`${url}/corrections`, {
      version: String(before!.version),
      note: 'The fieldwork dates were given wrongly.',
      fieldworkText: '1 to 5 September 2026',
    });
    expect(res.statusCode).toBe(303);
    const [after] = await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId));
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.fieldworkText).toBe('1 to 5 September 2026');
    const page = await app.inject({ method: 'GET', url: `/inspections/${ref}` });
    expect(page.body).toContain('The fieldwork dates were given wrongly.');
    const feed = await app.inject({ method: 'GET', url: '/feed.atom' });
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain(`Correction: Bromley YJS`);
    expect(feed.body).toContain(`/inspections/${ref}`);
  });
});

describe('embargoed preview links', () => {
  it('shows a watermarked report to the named recipient, audits each view, and stops when revoked or expired', async () => {
    clock = new Date('2026-12-01T12:00:00Z');
    const second = await bromleyAtFactualAccuracy(t, 'bexley');
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    const surl = `/workspace/inspections/${second.inspectionId}`;
    const comms = new Agent(app);
    await comms.signIn('publisher@example.test');
    // Before approval there is nothing to preview: the form is not offered.
    const early = await comms.get(`${surl}/previews`);
    expect(early.body).toContain('Previews can be shared once the inspection is approved');
    expect(early.body).not.toContain(`action="${surl}/previews"`);
    await lead.get(surl);
    expect((await lead.post(`${surl}/transition`, { to: 'approved', version: '4' })).statusCode).toBe(303);
    expect((await comms.get(`${surl}/previews`)).body).toContain(`action="${surl}/previews"`);
    const bad = await comms.post(`${surl}/previews`, { recipient: '', recipientKind: 'press', days: '30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter who the preview is for');
    expect(bad.body).toContain('at most 14 days');
    const made = await comms.post(`${surl}/previews`, {
      recipient: 'Jo Reporter, Local News',
      recipientKind: 'press',
      days: '7',
    });
    expect(made.statusCode).toBe(201);
    const link = /<code id="new-link">[^<]*?(\/preview\/[A-Za-z0-9_-]+)<\/code>/.exec(made.body)![1]!;
    const view = await app.inject({ method: 'GET', url: link });
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('EMBARGOED UNTIL');
    // The watermark names the recipient and the link, so a leaked screenshot can be traced.
    const [linkRow] = await t.db.select().from(previewLinks).where(eq(previewLinks.inspectionId, second.inspectionId));
    const short = linkRow!.id.slice(0, 8).toUpperCase();
    const mark = /<div class="app-watermark" data-text="([^"]+)"/.exec(view.body)![1]!;
    expect(mark).toContain('Jo Reporter, Local News');
    expect(mark).toContain(`Link ${short}`);
    expect(/<p class="app-embargo-banner" id="watermark">([^<]+)</.exec(view.body)![1]).toBe(mark);
    expect((await comms.get(`${surl}/previews`)).body).toContain(`<code>${short}</code>`);
    expect(view.headers['cache-control']).toBe('no-store');
    expect(view.headers['x-robots-tag']).toContain('noindex');
    // Not public: the register does not show it.
    const secondRef = (await t.db.select().from(inspections).where(eq(inspections.id, second.inspectionId)))[0]!.ref;
    expect((await app.inject({ method: 'GET', url: `/inspections/${secondRef}` })).statusCode).toBe(404);
    const views = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, second.inspectionId), eq(auditEvents.action, 'view')));
    expect(views).toHaveLength(1);
    expect(views[0]!.after).toMatchObject({ recipient: 'Jo Reporter, Local News' });
    // Expired after 7 days.
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    expect((await app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    clock = new Date('2026-12-01T12:00:00Z');
    // Revoked.
    const list = await comms.get(`${surl}/previews`);
    const revoke = /action="([^"]+\/revoke)"/.exec(list.body)![1]!;
    expect((await comms.post(revoke)).statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/preview/not-a-real-token-at-all-000000' })).statusCode).toBe(404);
  });
});
