import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { shareShown } from '../../src/domain/engine.ts';
import { standardsOf } from '../../src/domain/framework.ts';
import {
  auditEvents,
  caseAssessments,
  inspections,
  recommendations,
  reportTexts,
  standardRatings,
} from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { chromiumRenderer, type PdfRenderer } from '../../src/web/inspection/pdf.ts';
import { appTest } from '../helpers/app.ts';
import { browserAvailable } from '../helpers/browser.ts';

const test = appTest();
const it = test;

/** A renderer that keeps the HTML it is asked to print, so the draft's content can be read. */
function capturing(): PdfRenderer & { htmls: string[] } {
  const htmls: string[] = [];
  return {
    htmls,
    available: () => true,
    async render(html) {
      htmls.push(html);
      return Buffer.from('%PDF-1.4\n%%EOF\n');
    },
    close: async () => {},
  };
}

const reportUrl = (id: string) => `/workspace/inspections/${id}/report`;
const has = (cmd: string) => {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('report text: versions, comparison, concurrent edits', () => {
  it('each save is a new version with who and when; two versions compare section by section', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const lead = await signIn(insp.lead);
    const inspector = await signIn(insp.inspector);
    await inspector.get(reportUrl(insp.id));
    const first = await inspector.post(reportUrl(insp.id), {
      version: '0',
      foreword: 'First foreword.',
      overview: 'The overview.',
      'narrative-2.1': 'Assessment was thorough.',
    });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${reportUrl(insp.id)}/versions?saved=1`);
    await lead.get(reportUrl(insp.id));
    const second = await lead.post(reportUrl(insp.id), {
      version: '1',
      foreword: 'Second foreword,\r\nrevised.',
      overview: 'The overview.',
      'narrative-2.1': 'Assessment was thorough.',
    });
    expect(second.statusCode).toBe(303);

    const rows = await database.db.select().from(reportTexts).where(eq(reportTexts.inspectionId, insp.id));
    expect(rows.map((r) => [r.version, r.savedByName])).toEqual([
      [1, insp.inspector.name],
      [2, insp.lead.name],
    ]);
    expect(rows[1]!.foreword).toBe('Second foreword,\nrevised.');
    expect(rows[0]!.narratives).toEqual({ '2.1': 'Assessment was thorough.' });
    const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'report_text'));
    expect(audits.filter((a) => a.inspectionId === insp.id)).toHaveLength(2);

    const versions = cheerio.load((await lead.get(`${reportUrl(insp.id)}/versions`)).body);
    const listed = versions('#versions-table tbody tr')
      .map((_i, tr) => versions(tr).find('th').text().trim())
      .get();
    expect(listed).toEqual(['Version 2', 'Version 1']);
    expect(versions('#versions-table').text()).toContain(insp.inspector.name);

    const compare = await lead.get(`${reportUrl(insp.id)}/compare?from=1&to=2`);
    expect(compare.statusCode).toBe(200);
    const $ = cheerio.load(compare.body);
    expect($('#compare-foreword .app-compare-status').text().trim()).toBe('Changed');
    expect($('#compare-foreword .app-compare-before').text().trim()).toBe('First foreword.');
    expect($('#compare-foreword .app-compare-after').text().trim()).toBe('Second foreword,\nrevised.');
    expect($('#compare-overview .app-compare-status').text().trim()).toBe('Unchanged');
    expect($('#compare-standard-2\\.1 .app-compare-status').text().trim()).toBe('Unchanged');
    expect($('#changed-count').text()).toContain('1 of');
    // A version that does not exist is not found, not an empty comparison.
    expect((await lead.get(`${reportUrl(insp.id)}/compare?from=1&to=9`)).statusCode).toBe(404);
  });

  it('a save on an older version is a 409 naming who saved the newer one, and nothing is saved', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const lead = await signIn(insp.lead);
    const inspector = await signIn(insp.inspector);
    await lead.get(reportUrl(insp.id));
    await inspector.get(reportUrl(insp.id));
    expect((await lead.post(reportUrl(insp.id), { version: '0', foreword: 'The lead’s words.' })).statusCode).toBe(303);
    // The inspector opened the page before the lead saved: their form still says version 0.
    const stale = await inspector.post(reportUrl(insp.id), { version: '0', foreword: 'The inspector’s words.' });
    expect(stale.statusCode).toBe(409);
    const $ = cheerio.load(stale.body);
    expect($('main').text()).toContain(`Version 1 of the report was saved by ${insp.lead.name}`);
    expect($('main').text()).toContain('Your changes have not been saved');
    expect($('main').text()).toContain('The inspector’s words.');
    const rows = await database.db.select().from(reportTexts).where(eq(reportTexts.inspectionId, insp.id));
    expect(rows.map((r) => r.foreword)).toEqual(['The lead’s words.']);
  });

  it('two saves on the same version at once: one is saved, the other is a 409', async ({ build, signIn, database }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const lead = await signIn(insp.lead);
    const inspector = await signIn(insp.inspector);
    await lead.get(reportUrl(insp.id));
    await inspector.get(reportUrl(insp.id));
    const [a, b] = await Promise.all([
      lead.post(reportUrl(insp.id), { version: '0', overview: 'A' }),
      inspector.post(reportUrl(insp.id), { version: '0', overview: 'B' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([303, 409]);
    const rows = await database.db.select().from(reportTexts).where(eq(reportTexts.inspectionId, insp.id));
    expect(rows).toHaveLength(1);
  });

  it('only the team and the lead write; a publisher or the service cannot, and an outsider gets 404', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'factual_accuracy' });
    const publisher = await signIn(await build.account('publisher'));
    const serviceUser = await signIn(await build.account('service_user', { service: insp.service }));
    const outsider = await signIn(await build.account('inspector'));
    const admin = await signIn(await build.account('admin'));
    for (const who of [publisher, serviceUser, admin]) {
      await who.get('/workspace');
      expect((await who.post(reportUrl(insp.id), { version: '0', foreword: 'Not mine' })).statusCode).toBe(403);
    }
    await outsider.get('/workspace');
    expect((await outsider.post(reportUrl(insp.id), { version: '0', foreword: 'Not mine' })).statusCode).toBe(404);
    expect((await outsider.get(reportUrl(insp.id))).statusCode).toBe(404);
    // The administrator reads (as with the findings) but is shown no form.
    const page = cheerio.load((await admin.get(reportUrl(insp.id))).body);
    expect(page('textarea')).toHaveLength(0);
    expect(await database.db.select().from(reportTexts).where(eq(reportTexts.inspectionId, insp.id))).toEqual([]);
  });

  it('after approval the text can no longer change', async ({ build, signIn, database }) => {
    const insp = await build.inspection({ status: 'approved' });
    const lead = await signIn(insp.lead);
    await lead.get(reportUrl(insp.id));
    const res = await lead.post(reportUrl(insp.id), { version: '0', foreword: 'Too late' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('The report can only change before approval');
    expect(await database.db.select().from(reportTexts).where(eq(reportTexts.inspectionId, insp.id))).toEqual([]);
  });

  it('a section longer than allowed is shown again with its error, and nothing is saved', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const lead = await signIn(insp.lead);
    await lead.get(reportUrl(insp.id));
    const res = await lead.post(reportUrl(insp.id), { version: '0', foreword: 'Kept', overview: 'x'.repeat(20_001) });
    expect(res.statusCode).toBe(400);
    const $ = cheerio.load(res.body);
    expect($('title').text()).toMatch(/^Error: /);
    expect($('.govuk-error-summary__list a').attr('href')).toBe('#overview');
    expect($('#foreword').text()).toBe('Kept');
    // A child's personal data in a narrative is refused as in case notes: the report is published.
    const named = await lead.post(reportUrl(insp.id), {
      version: '0',
      'narrative-2.1': 'Child Jane Smith (born 04/05/2011) was well supported.',
    });
    expect(named.statusCode).toBe(400);
    const $n = cheerio.load(named.body);
    expect($n('.govuk-error-summary__list a').attr('href')).toBe('#narrative-2-1');
    expect($n('.govuk-error-summary__list').text()).toContain('looks like it holds personal data');
    expect($n('#narrative-2-1').text()).toContain('Jane Smith');
    expect(await database.db.select().from(reportTexts).where(eq(reportTexts.inspectionId, insp.id))).toEqual([]);
  });
});

describe('the draft report: data placed from the record, downloaded during the factual-accuracy check', () => {
  it('places each key question’s share of cases, the sample size and the ratings from the record', async ({
    build,
    signIn,
    database,
    clock,
  }) => {
    const renderer = capturing();
    const app = await buildApp({
      database,
      config: { env: 'test', logLevel: 'silent' },
      now: clock.now,
      pdf: { renderer },
    });
    try {
      const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33', recommendations: 1 });
      const lead = await signIn(insp.lead, app);
      await lead.get(reportUrl(insp.id));
      await lead.post(reportUrl(insp.id), {
        version: '0',
        foreword: 'This inspection found a strong service.\n\nChildren were well supported.',
        overview: 'An overview of the work.',
        'narrative-2.1': 'Practitioners assessed children thoroughly.',
      });
      // Too early: the draft goes to the service only at the factual-accuracy check.
      expect((await lead.get(`${reportUrl(insp.id)}/draft.pdf`)).statusCode).toBe(409);
      const w = await app.services.workflow.open(insp.lead, insp.id, true);
      await app.services.workflow.transition(insp.lead, insp.id, w.inspection.version, 'factual_accuracy');

      const res = await lead.get(`${reportUrl(insp.id)}/draft.pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain('attachment');
      const $ = cheerio.load(renderer.htmls.at(-1)!);
      expect($('#watermark').text()).toContain('Draft for the factual-accuracy check');
      expect(
        $('#foreword-text p')
          .map((_i, p) => $(p).text())
          .get(),
      ).toEqual(['This inspection found a strong service.', 'Children were well supported.']);
      expect($('#overview-text').text()).toContain('An overview of the work.');
      expect($('#standard-2\\.1').text()).toContain('Practitioners assessed children thoroughly.');

      // Every key question's figure is the record's, in the framework's form ("11 of 17, 64.7%").
      const stored = await database.db.select().from(standardRatings).where(eq(standardRatings.inspectionId, insp.id));
      let compared = 0;
      for (const s of standardsOf(insp.framework).filter((x) => x.method === 'case_lowest_key_question')) {
        const r = stored.find((x) => x.standardId === s.id)!;
        const shown = $(`#key-questions-${s.id.replace('.', '\\.')} tbody tr`)
          .map((_i, tr) => [[$(tr).find('th').text().trim().split(' ')[0], $(tr).find('td').text().trim()]])
          .get();
        const want = r.keyQuestions!.map((k) => [k.id, shareShown(insp.framework.scoring, k.yes!, k.applicable!)]);
        expect(shown).toEqual(want);
        compared += want.length;
      }
      expect(compared).toBeGreaterThan(5);
      expect($('#key-questions-2\\.1 td').first().text()).toMatch(/^\d+ of \d+, \d+(\.\d)?%$/);
      const cases = await database.db.select().from(caseAssessments).where(eq(caseAssessments.inspectionId, insp.id));
      expect($('#sample-size').text()).toMatch(new RegExp(`^${cases.length} \\(`));
      expect($('#methodology').nextAll().text()).toContain(`Inspectors assessed ${cases.length} cases`);
      // The rules from the framework file: the case bands and the panel's part.
      const annex = $('#methodology-ratings').nextAll('p').text();
      expect(annex).toContain('65% to under 80%: Good');
      expect(annex).toContain('by at most 1 step');
      expect(annex).toContain('31–36: Outstanding');
      // The recommendation's body by its real name.
      expect($('#recommendations').nextAll('h3').first().text()).toBe(`For ${insp.service.name} management board`);
      // Contents list of the sections, linking to them.
      const contents = $('#contents a')
        .map((_i, a) => $(a).attr('href'))
        .get();
      expect(contents).toEqual(expect.arrayContaining(['#foreword', '#overview', '#domain-2', '#methodology']));

      // The service's own users download it; its board and other services' users do not.
      const svcUser = await signIn(await build.account('service_user', { service: insp.service }), app);
      const dashboard = cheerio.load((await svcUser.get('/workspace')).body);
      expect(dashboard('#draft-reports a').attr('href')).toBe(`${reportUrl(insp.id)}/draft.pdf`);
      expect((await svcUser.get(`${reportUrl(insp.id)}/draft.pdf`)).statusCode).toBe(200);
      const board = await signIn(await build.account('board_member', { service: insp.service }), app);
      expect((await board.get(`${reportUrl(insp.id)}/draft.pdf`)).statusCode).toBe(403);
      const other = await signIn(await build.account('service_user', { service: await build.service() }), app);
      expect((await other.get(`${reportUrl(insp.id)}/draft.pdf`)).statusCode).toBe(403);
      // Drafts are never stored.
      expect(app.reportPdfs.renders()).toBe(2);
    } finally {
      await app.close();
    }
  });
});

describe('recommendations name the body', () => {
  it('requires the name where the code names no one body, and shows the real name on the page and in the API', async ({
    build,
    signIn,
    database,
    clock,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const lead = await signIn(insp.lead);
    const url = `/workspace/inspections/${insp.id}/recommendations`;
    await lead.get(url);
    const refused = await lead.post(url, { addressee: 'police', addresseeName: '', text: 'Share information sooner.' });
    expect(refused.statusCode).toBe(400);
    const $r = cheerio.load(refused.body);
    expect($r('.govuk-error-summary__list a').attr('href')).toBe('#addresseeName');
    expect($r('.govuk-error-summary__list').text()).toContain('Enter the name of the body');
    expect(await database.db.select().from(recommendations).where(eq(recommendations.inspectionId, insp.id))).toEqual(
      [],
    );
    expect(
      (await lead.post(url, { addressee: 'police', addresseeName: 'the Metropolitan Police', text: 'Share sooner.' }))
        .statusCode,
    ).toBe(303);
    // The service itself is one body: its name is the service's.
    expect((await lead.post(url, { addressee: 'yjs', addresseeName: '', text: 'Train staff.' })).statusCode).toBe(303);
    const page = cheerio.load((await lead.get(url)).body);
    const labels = page('#recommendations-list li p:first-child')
      .map((_i, p) => page(p).text().trim())
      .get();
    expect(labels).toEqual(['For the Metropolitan Police', `For ${insp.service.name}`]);

    // Published: the API gives the name too.
    await database.db
      .update(inspections)
      .set({
        status: 'scheduled',
        publishedAt: new Date(clock.now().getTime() - 60_000),
        publicationEarliest: '2026-11-22',
        publicationLatest: '2026-11-22',
        publicationPrecision: 'day',
      })
      .where(eq(inspections.id, insp.id));
    const api = await lead.get(`/api/v1/inspections/${insp.ref}`);
    expect(api.statusCode).toBe(200);
    const body = JSON.parse(api.body) as { data: { recommendations: { addressee: string; addressedTo: string }[] } };
    expect(body.data.recommendations.map((r) => r.addressedTo)).toEqual(['the Metropolitan Police', insp.service.name]);
  });
});

describe.skipIf(!browserAvailable || !has('pdfinfo') || !has('pdftotext'))(
  'the published PDF, printed by Chromium',
  () => {
    it('is tagged, has the inspectorate as author, numbered pages, the contents and the methodology annex', async ({
      build,
      signIn,
      database,
      clock,
    }) => {
      const app = await buildApp({
        database,
        config: { env: 'test', logLevel: 'silent', inspectorateName: 'HM Inspectorate of Probation (test)' },
        now: clock.now,
        pdf: { renderer: chromiumRenderer() },
      });
      const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
      try {
        const insp = await build.inspection({ status: 'factual_accuracy', recommendations: 1 });
        const lead = await signIn(insp.lead, app);
        await lead.get(reportUrl(insp.id));
        await lead.post(reportUrl(insp.id), {
          version: '0',
          foreword: 'The Chief Inspector’s foreword.',
          overview: 'Overview text.',
          'narrative-2.1': 'Narrative for assessment.',
        });
        await database.db
          .update(inspections)
          .set({
            status: 'scheduled',
            publishedAt: new Date(clock.now().getTime() - 60_000),
            publicationEarliest: '2026-11-22',
            publicationLatest: '2026-11-22',
            publicationPrecision: 'day',
          })
          .where(eq(inspections.id, insp.id));
        const res = await app.inject({ method: 'GET', url: `/inspections/${insp.ref}/report.pdf` });
        expect(res.statusCode).toBe(200);
        const file = join(dir, 'report.pdf');
        writeFileSync(file, res.rawPayload);
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(info).toMatch(/^Tagged:\s+yes$/m);
        expect(info).toMatch(/^Author:\s+HM Inspectorate of Probation \(test\)$/m);
        expect(info).toMatch(/^Title:\s+An inspection of youth justice services in Service \w+ YJS$/m);
        const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)![1]);
        expect(pages).toBeGreaterThan(1);
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        expect(text).toContain(`Page 1 of ${pages}`);
        expect(text).toContain('Contents');
        expect(text).toContain('Annexe 1: Methodology');
        expect(text).toContain('How the ratings were reached');
        expect(text).toContain('Narrative for assessment.');
        expect(text.replace(/\s+/g, ' ')).toContain('65% to under 80%: Good');
        // The outline (bookmarks) is made from the report's headings.
        expect(res.rawPayload.toString('latin1')).toContain('/Outlines');
        // Stored once: a second request is the same bytes.
        const again = await app.inject({ method: 'GET', url: `/inspections/${insp.ref}/report.pdf` });
        expect(again.headers.etag).toBe(res.headers.etag);
        expect(app.reportPdfs.renders()).toBe(1);
      } finally {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  },
);
