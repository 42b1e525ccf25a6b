import * as cheerio from 'cheerio';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonInstant } from '../../src/domain/embargo.ts';
import { auditEvents, inspections, pressReleases } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { bromleyAtFactualAccuracy } from '../helpers/workflow.ts';

/**
 * The press release is part of the publication: public at the report's instant on every public
 * surface (its page, the inspection page's link, the API, the service's feed), in embargoed
 * previews before it, and checked against the schedule's time. The clock is injected, so "one
 * millisecond before" is exact.
 */
let t: TestDatabase;
let app: FastifyInstance;
let fixture: Awaited<ReturnType<typeof bromleyAtFactualAccuracy>>;
let clock = new Date('2026-11-22T12:00:00Z');
const PUB_DATE = '2027-01-12';
const EMBARGO = londonInstant(PUB_DATE, '04:31');
const HEADLINE = '‘Outstanding’ rating for Bromley YJS';
let ref = '';
let url = '';
let comms: Agent;
let previewLink = '';
let releaseText = '';

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  fixture = await bromleyAtFactualAccuracy(t);
  // With the page cache on, as in production: a stored page must not outlive the embargo.
  app = await buildApp({
    database: t,
    config: { env: 'test', logLevel: 'silent', pageCacheTtlMs: 60_000 },
    now: () => clock,
  });
  url = `/workspace/inspections/${fixture.inspectionId}`;
  ref = (await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId)))[0]!.ref;
  comms = new Agent(app);
  await comms.signIn('publisher@example.test');
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const row = async () => (await t.db.select().from(inspections).where(eq(inspections.id, fixture.inspectionId)))[0]!;
const get = (path: string) => app.inject({ method: 'GET', url: path });
const schedule = (time: string, version: string) =>
  comms.post(`${url}/schedule`, {
    version,
    'date-day': '12',
    'date-month': '1',
    'date-year': '2027',
    time,
  });

describe('preparing the release', () => {
  it('names the quoted Chief Inspector on the record, and flags a release whose time is not the schedule’s', async () => {
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    await lead.get(url);
    expect((await lead.post(`${url}/transition`, { to: 'approved', version: '4' })).statusCode).toBe(303);
    expect((await row()).chiefInspector).toBeNull();

    const draft = cheerio.load((await comms.get(`${url}/press-release`)).body);
    releaseText = draft('textarea[name="body"]')
      .text()
      .replace('[Quote to be agreed with the Chief Inspector]', 'A service to be proud of.')
      .replace('[name of the Chief Inspector]', 'Justin Russell')
      .replace('[publication date]', '12 January 2027');
    expect(releaseText).toContain('on 12 January 2027 at 00.01.');
    const saved = await comms.post(`${url}/press-release`, { version: '0', headline: HEADLINE, body: releaseText });
    expect(saved.statusCode).toBe(303);
    // Filled from the quote's attribution, in the save's transaction, and audited.
    expect((await row()).chiefInspector).toBe('Justin Russell');
    const named = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, fixture.inspectionId), eq(auditEvents.action, 'set-chief-inspector')));
    expect(named.map((e) => e.after)).toEqual([{ chiefInspector: 'Justin Russell' }]);

    // "at 00.01" for a publication scheduled at 04:31 blocks it, naming the time.
    await comms.get(`${url}/schedule`);
    const version = String((await row()).version);
    const blocked = await schedule('04:31', version);
    expect(blocked.statusCode).toBe(422);
    expect(cheerio.load(blocked.body)('.govuk-error-summary').text()).toContain(
      'The text says the report is published at 00:01; it is scheduled for 04:31 (UK time).',
    );
    expect((await row()).status).toBe('approved');

    releaseText = releaseText.replace('at 00.01.', 'at 04.31.');
    await comms.get(`${url}/press-release`);
    expect(
      (await comms.post(`${url}/press-release`, { version: '1', headline: HEADLINE, body: releaseText })).statusCode,
    ).toBe(303);
    await comms.get(`${url}/schedule`);
    expect((await schedule('04:31', version)).statusCode).toBe(303);
    expect((await row()).publishedAt!.toISOString()).toBe(EMBARGO.toISOString());
    // The checks page now reads the release against the schedule and finds nothing.
    const checks = cheerio.load((await comms.get(`${url}/press-release`)).body);
    expect(checks('#release-checks').text()).toBe('No problems: every checkable fact agrees with the record.');
  });
});

describe('embargoed previews carry the release, and count their views', () => {
  it('shows the release in the preview, counts each view on the previews page, and lets the publisher read the preview audit', async () => {
    // A week before publication, so the link (at most 14 days) still works at the embargo.
    clock = new Date('2027-01-05T12:00:00Z');
    await comms.signIn('publisher@example.test');
    const made = await comms.post(`${url}/previews`, {
      recipient: 'Jo Reporter, Local News',
      recipientKind: 'press',
      days: '14',
    });
    expect(made.statusCode).toBe(201);
    previewLink = new URL(cheerio.load(made.body)('#new-link').text()).pathname;
    const before = cheerio.load((await comms.get(`${url}/previews`)).body);
    const reference = before('#previews-table tbody tr').attr('id')!;
    expect(before(`#${reference} .app-preview-views`).text()).toBe('0');
    expect(before(`#${reference} .app-preview-state`).text()).toBe('Live');

    for (let n = 1; n <= 2; n++) {
      const view = await get(previewLink);
      expect(view.statusCode).toBe(200);
      const $ = cheerio.load(view.body);
      expect($('#watermark').text()).toContain('EMBARGOED UNTIL');
      expect($('#preview-press-release').text()).toBe('Press release');
      expect($('#press-release-headline').text()).toBe(HEADLINE);
      expect($('#press-release-text').text()).toContain('Chief Inspector of Probation, Justin Russell, said');
      // Each view is counted by the request that served it.
      const list = cheerio.load((await comms.get(`${url}/previews`)).body);
      expect(list(`#${reference} .app-preview-views`).text()).toBe(String(n));
    }

    // The overview's audit link works for the publisher, and shows the previews' part of the trail only.
    const overview = cheerio.load((await comms.get(url)).body);
    const auditHref = overview('a')
      .filter((_, a) => overview(a).text().trim() === 'Preview audit')
      .attr('href');
    expect(auditHref).toBe(`${url}/audit`);
    const audit = await comms.get(auditHref!);
    expect(audit.statusCode).toBe(200);
    const $ = cheerio.load(audit.body);
    expect($('h1').text()).toBe('Preview audit');
    const titles = $('.moj-timeline__title')
      .map((_, e) => $(e).text())
      .get();
    expect(titles).toEqual([
      'The preview link shared with Jo Reporter, Local News was opened from 127.0.0.1.',
      'The preview link shared with Jo Reporter, Local News was opened from 127.0.0.1.',
      expect.stringMatching(/shared an embargoed preview link with Jo Reporter, Local News\.$/),
    ]);
    // The rest of the trail (approval, the release, the schedule) is the inspection team's, not comms'.
    const lead = new Agent(app);
    await lead.signIn('lead@example.test');
    const full = cheerio.load((await lead.get(`${url}/audit`)).body);
    expect(full('.moj-timeline__title').length).toBeGreaterThan(titles.length);
    expect(full('h1').text()).toBe('Audit trail');
  });
});

describe('the release on every public surface, at the report’s instant', () => {
  const releasePage = () => `/inspections/${ref}/press-release`;

  it('one millisecond before: invisible everywhere, each answer as for an inspection that does not exist', async () => {
    clock = new Date(EMBARGO.getTime() - 1);
    await comms.signIn('publisher@example.test');
    for (const path of [releasePage(), `/inspections/${ref}`, `/api/v1/inspections/${ref}`]) {
      const res = await get(path);
      const unknown = await get(path.replace(ref, 'bromley-1999'));
      expect(res.statusCode, path).toBe(404);
      expect(res.body.replaceAll(ref, 'bromley-1999'), path).toBe(unknown.body);
    }
    // Asked twice, so a page cache that held it would answer the second time.
    for (let i = 0; i < 2; i++) expect((await get(releasePage())).statusCode).toBe(404);
    await get('/services/bromley/feed.atom');
    // Served from the page cache: the entry it holds must not outlive the embargo (next test).
    const feed = await get('/services/bromley/feed.atom');
    expect(feed.headers['x-page-cache']).toBe('hit');
    expect(feed.statusCode).toBe(200);
    expect(feed.body).not.toContain(releasePage());
    expect(feed.body).not.toContain(HEADLINE);
    expect((await get('/sitemap.xml')).body).not.toContain(releasePage());
    // The preview still works, and the publisher's page still reads "Live".
    expect((await get(previewLink)).statusCode).toBe(200);
    expect(
      cheerio
        .load((await comms.get(`${url}/previews`)).body)('.app-preview-state')
        .text(),
    ).toBe('Live');
  });

  it('at the instant (before the job has run): its page, the inspection page’s link, the API and the service’s feed', async () => {
    clock = EMBARGO;
    expect((await row()).status).toBe('scheduled');
    const page = await get(releasePage());
    expect(page.statusCode).toBe(200);
    const $ = cheerio.load(page.body);
    expect($('h1#press-release-headline').text()).toBe(HEADLINE);
    expect($('#press-release-text').text()).toContain('Chief Inspector of Probation, Justin Russell, said');
    expect($('#press-release-text').text()).toContain('at 04.31.');

    const inspection = cheerio.load((await get(`/inspections/${ref}`)).body);
    expect(inspection('#press-release-link a').attr('href')).toBe(releasePage());
    expect(inspection('.govuk-summary-list').text()).toContain('Justin Russell');

    const api = await get(`/api/v1/inspections/${ref}`);
    expect(api.statusCode).toBe(200);
    const data = api.json().data;
    expect(data.pressRelease).toEqual({
      headline: HEADLINE,
      body: releaseText,
      url: `${app.publicBaseUrl}${releasePage()}`,
    });
    expect(data.chiefInspector).toBe('Justin Russell');

    const atom = await get('/services/bromley/feed.atom');
    expect(atom.headers['x-page-cache']).toBe('miss');
    const feed = cheerio.load(atom.body, { xml: true });
    const entry = feed('entry').filter((_, e) => feed(e).find('id').text().endsWith(releasePage()));
    expect(entry.length).toBe(1);
    expect(entry.find('link').attr('href')).toBe(`${app.publicBaseUrl}${releasePage()}`);
    expect(entry.find('summary').text()).toBe(HEADLINE);
    expect(entry.find('published').text()).toBe(EMBARGO.toISOString());
    expect((await get('/sitemap.xml')).body).toContain(`<loc>${app.publicBaseUrl}${releasePage()}</loc>`);
  });

  it('an inspection with no release has no release page and a null in the API', async () => {
    const held = new Set((await t.db.select().from(pressReleases)).map((r) => r.inspectionId));
    const other = (
      await t.db
        .select()
        .from(inspections)
        .where(and(eq(inspections.origin, 'seed-csv'), eq(inspections.status, 'published')))
    ).find((i) => !held.has(i.id))!;
    expect((await get(`/inspections/${other.ref}`)).statusCode).toBe(200);
    expect((await get(`/inspections/${other.ref}/press-release`)).statusCode).toBe(404);
    expect(cheerio.load((await get(`/inspections/${other.ref}`)).body)('#press-release-link').length).toBe(0);
    const api = await get(`/api/v1/inspections/${other.ref}`);
    expect(api.json().data.pressRelease).toBeNull();
  });
});

describe('after publication', () => {
  it('the previews page says so, the link leads to the public page (the view still recorded), and the release is not edited', async () => {
    clock = new Date(EMBARGO.getTime() + 60_000);
    await comms.signIn('publisher@example.test');
    const res = await comms.get(`${url}/previews`);
    expect(res.statusCode, res.body).toBe(200);
    const list = cheerio.load(res.body);
    expect(list('.app-preview-state').text()).toBe('Published — this link now opens the public report');
    expect(list('#previews-table form').length).toBe(0);

    const open = await get(previewLink);
    expect(open.statusCode).toBe(303);
    expect(open.headers.location).toBe(`/inspections/${ref}`);
    expect(open.headers['cache-control']).toBe('no-store');
    expect(
      cheerio
        .load((await comms.get(`${url}/previews`)).body)('.app-preview-views')
        .text(),
    ).toBe('4');

    await comms.get(`${url}/press-release`);
    const edit = await comms.post(`${url}/press-release`, { version: '2', headline: 'Changed', body: releaseText });
    expect(edit.statusCode).not.toBe(303);
    expect(edit.body).toContain('A published release is not edited');
    expect(
      (await t.db.select().from(pressReleases).where(eq(pressReleases.inspectionId, fixture.inspectionId)))[0]!
        .headline,
    ).toBe(HEADLINE);
  });
});
