import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { drawSample, sampleSize, stratumKey } from '../../src/domain/case-sample.ts';
import type { InspectionSampleRule } from '../../src/services/sample.ts';
import { sampleService } from '../../src/services/sample.ts';
import { workflowService } from '../../src/services/workflow.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { auditEvents, caseAssessments, caseListEntries, caseLists } from '../../src/store/schema.ts';
import { saveCaseAnswers } from '../../src/store/workflow-repo.ts';
import { appTest } from '../helpers/app.ts';
import type { Builders } from '../helpers/builders.ts';
import { postFile } from '../helpers/multipart.ts';

const test = appTest();
const it = test;

/** A case list of `court` court and `ooc` out-of-court cases, with ids that sort as they are numbered. */
function caseList(court: number, ooc: number, extra = '') {
  const rows = Array.from({ length: court + ooc }, (_, i) =>
    [`YJ-${String(i + 1).padStart(4, '0')}`, i < court ? 'court' : 'out_of_court', '2026-03-01', ''].join(','),
  );
  return `case_id,disposal_type,start_date,end_date${extra ? `,${extra}` : ''}\n${rows
    .map((r) => (extra ? `${r},x` : r))
    .join('\n')}\n`;
}
const csv = (text: string) => ({ name: 'file', filename: 'cases.csv', type: 'text/csv', text });

/** A planned 2025 inspection (the framework with a sampling table), its service's user and its lead. */
async function planned(build: Builders) {
  const insp = await build.inspection({ frameworkId: 'hmip-youth-2025', fieldworkStart: '2026-11-30' });
  const serviceUser = await build.account('service_user', { service: insp.service });
  return { insp, serviceUser };
}

describe('the case list', () => {
  it('is sent by the service’s user, stored with only what sampling needs, and shown back as counts', async ({
    build,
    signIn,
    database,
  }) => {
    const { insp, serviceUser } = await planned(build);
    const svc = await signIn(serviceUser);
    const dash = cheerio.load((await svc.get('/workspace')).body);
    expect(dash('#case-lists-asked a').attr('href')).toBe(`/workspace/inspections/${insp.id}/case-list`);
    const url = `/workspace/inspections/${insp.id}/case-list`;
    await svc.get(url);
    const res = await postFile(svc, url, { version: '0' }, csv(caseList(40, 20)));
    expect(res.statusCode).toBe(303);
    const page = cheerio.load((await svc.get(String(res.headers.location))).body);
    expect(page('.govuk-notification-banner--success').text()).toContain('The case list was saved.');
    expect(page('#case-list-summary').text()).toContain('60 cases');
    expect(
      page('#case-list-summary li')
        .map((_i, li) => page(li).text())
        .get()
        .sort(),
    ).toEqual(['Court disposal: 40', 'Out-of-court disposal: 20']);
    const rows = await database.db.select().from(caseListEntries).where(eq(caseListEntries.inspectionId, insp.id));
    expect(rows).toHaveLength(60);
    expect(Object.keys(rows[0]!.strata)).toEqual(['disposal_type']);
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.entityType, 'case_list')));
    expect(event!.after).toMatchObject({ version: 1, cases: 60 });
    // The audit records the count and columns, never the cases.
    expect(JSON.stringify(event!.after)).not.toContain('YJ-0001');
  });

  it('refuses a file with a column that looks like a personal identifier, naming it, and changes nothing', async ({
    build,
    signIn,
    database,
  }) => {
    const { insp, serviceUser } = await planned(build);
    const svc = await signIn(serviceUser);
    const url = `/workspace/inspections/${insp.id}/case-list`;
    await svc.get(url);
    expect((await postFile(svc, url, { version: '0' }, csv(caseList(5, 5)))).statusCode).toBe(303);
    await svc.get(url);
    for (const column of ['Date of birth', 'Postcode', 'NHS number', 'First name', 'PNC id']) {
      const res = await postFile(svc, url, { version: '1' }, csv(caseList(30, 30, column)));
      expect(res.statusCode).toBe(400);
      const $ = cheerio.load(res.body);
      expect($('title').text()).toMatch(/^Error: /);
      expect($('.govuk-error-summary__list').text()).toContain(`Column “${column}” looks like`);
      expect($('.govuk-error-summary__list a').attr('href')).toBe('#file');
    }
    const [list] = await database.db.select().from(caseLists).where(eq(caseLists.inspectionId, insp.id));
    expect(list).toMatchObject({ version: 1, rowCount: 10 });
    const rows = await database.db.select().from(caseListEntries).where(eq(caseListEntries.inspectionId, insp.id));
    expect(rows).toHaveLength(10);
  });

  it('refuses a replacement made from a stale version (409), keeping the other person’s list', async ({
    build,
    signIn,
    database,
  }) => {
    const { insp, serviceUser } = await planned(build);
    const svc = await signIn(serviceUser);
    const lead = await signIn(insp.lead);
    const url = `/workspace/inspections/${insp.id}/case-list`;
    await svc.get(url);
    await lead.get(url);
    // Both opened the page with no list (version 0); the lead sends first.
    expect((await postFile(lead, url, { version: '0' }, csv(caseList(8, 4)))).statusCode).toBe(303);
    const late = await postFile(svc, url, { version: '0' }, csv(caseList(3, 3)));
    expect(late.statusCode).toBe(409);
    const [list] = await database.db.select().from(caseLists).where(eq(caseLists.inspectionId, insp.id));
    expect(list).toMatchObject({ version: 1, rowCount: 12 });
  });

  it('is refused to another service’s user (403), a board member (403) and a lead outside the team (404)', async ({
    build,
    signIn,
  }) => {
    const { insp } = await planned(build);
    const otherService = await build.service();
    const outsider = await signIn(await build.account('service_user', { service: otherService }));
    const board = await signIn(await build.account('board_member', { service: insp.service }));
    const otherLead = await signIn(await build.account('lead_inspector'));
    const url = `/workspace/inspections/${insp.id}/case-list`;
    expect((await outsider.get(url)).statusCode).toBe(403);
    expect((await board.get(url)).statusCode).toBe(403);
    expect((await otherLead.get(url)).statusCode).toBe(404);
    await outsider.get('/workspace');
    expect((await postFile(outsider, url, { version: '0' }, csv(caseList(2, 2)))).statusCode).toBe(403);
  });
});

describe('drawing the sample', () => {
  it('draws the framework’s size for the caseload, by disposal type, and records the seed and rule so it can be drawn again', async ({
    build,
    signIn,
    database,
  }) => {
    const { insp, serviceUser } = await planned(build);
    const svc = await signIn(serviceUser);
    await svc.get(`/workspace/inspections/${insp.id}/case-list`);
    await postFile(svc, `/workspace/inspections/${insp.id}/case-list`, { version: '0' }, csv(caseList(40, 20)));
    const lead = await signIn(insp.lead);
    const url = `/workspace/inspections/${insp.id}/sample`;
    await lead.get(url);
    expect((await lead.post(url, { version: '1' })).statusCode).toBe(303);

    const entries = await database.db
      .select()
      .from(caseListEntries)
      .where(eq(caseListEntries.inspectionId, insp.id))
      .orderBy(asc(caseListEntries.samplePosition));
    const drawn = entries.filter((e) => e.sampleState === 'sampled');
    const [list] = await database.db.select().from(caseLists).where(eq(caseLists.inspectionId, insp.id));
    const rule = list!.rule as InspectionSampleRule;
    expect(rule.framework).toBe('hmip-youth-2025');
    expect(rule.from).toBe('2026-04-01');
    expect(drawn).toHaveLength(sampleSize(rule, 60));
    // In proportion: 40 of 60 cases are court cases, so about two thirds of the sample.
    const court = drawn.filter((e) => e.strata.disposal_type === 'court').length;
    expect(Math.abs(court - (drawn.length * 40) / 60)).toBeLessThan(1);

    // The audit holds the seed and the rule; drawing again from them gives exactly this sample.
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.action, 'draw')));
    const after = event!.after as { seed: string; rule: InspectionSampleRule; caseIds: string[]; size: number };
    expect(after.seed).toBe(list!.seed);
    expect(after.rule).toEqual(rule);
    const again = drawSample(after.rule, entries, after.seed);
    expect(again.caseIds).toEqual(drawn.map((e) => e.caseId));
    expect(after.caseIds).toEqual(again.caseIds);

    // The team sees it; the page names the seed.
    const inspector = await signIn(insp.inspector);
    const page = cheerio.load((await inspector.get(url)).body);
    expect(page('#sample-seed').text()).toBe(list!.seed);
    expect(page('#sample-table tbody tr')).toHaveLength(drawn.length);
    // Drawn once: a second draw is refused, and so is a new list from the service.
    await lead.get(url);
    expect((await lead.post(url, { version: String(list!.version) })).statusCode).toBe(409);
    const listUrl = `/workspace/inspections/${insp.id}/case-list`;
    await svc.get(listUrl);
    const late = await postFile(svc, listUrl, { version: String(list!.version) }, csv(caseList(5, 5)));
    expect(late.statusCode).toBe(422);
    expect(cheerio.load(late.body)('.govuk-error-summary').text()).toContain('can no longer be replaced');
    expect(
      await database.db.select().from(caseListEntries).where(eq(caseListEntries.inspectionId, insp.id)),
    ).toHaveLength(60);
  });

  it('is reproducible across inspections: the same list and seed draw the same cases', async ({ build, database }) => {
    const ctx = { database, now: () => new Date('2026-11-22T12:00:00Z'), frameworks: frameworkRegistry };
    const sample = sampleService(ctx);
    const workflow = workflowService(ctx);
    const picks: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const { insp } = await planned(build);
      const work = await workflow.open(insp.lead, insp.id, true);
      await sample.upload(insp.lead, work, 0, caseList(70, 35));
      await sample.draw(insp.lead, work, 1, 'fixed-seed');
      const rows = await database.db
        .select()
        .from(caseListEntries)
        .where(eq(caseListEntries.inspectionId, insp.id))
        .orderBy(asc(caseListEntries.samplePosition));
      picks.push(rows.filter((r) => r.sampleState).map((r) => r.caseId));
    }
    expect(picks[0]!.length).toBeGreaterThan(0);
    expect(picks[1]).toEqual(picks[0]);
  });

  it('replaces an unusable case with one of the same disposal type not yet drawn, recording the reason', async ({
    build,
    signIn,
    database,
  }) => {
    const { insp, serviceUser } = await planned(build);
    const svc = await signIn(serviceUser);
    await svc.get(`/workspace/inspections/${insp.id}/case-list`);
    await postFile(svc, `/workspace/inspections/${insp.id}/case-list`, { version: '0' }, csv(caseList(40, 20)));
    const lead = await signIn(insp.lead);
    const url = `/workspace/inspections/${insp.id}/sample`;
    await lead.get(url);
    await lead.post(url, { version: '1' });
    const before = await database.db.select().from(caseListEntries).where(eq(caseListEntries.inspectionId, insp.id));
    const unusable = before.find((e) => e.sampleState === 'sampled' && e.strata.disposal_type === 'out_of_court')!;
    const drawnBefore = new Set(before.filter((e) => e.sampleState).map((e) => e.caseId));

    await lead.get(url);
    const missing = await lead.post(`${url}/replace`, { caseId: unusable.caseId, reason: '' });
    expect(missing.statusCode).toBe(400);
    const res = await lead.post(`${url}/replace`, { caseId: unusable.caseId, reason: 'Case file transferred out' });
    expect(res.statusCode).toBe(303);

    const after = await database.db.select().from(caseListEntries).where(eq(caseListEntries.inspectionId, insp.id));
    const setAside = after.find((e) => e.caseId === unusable.caseId)!;
    expect(setAside).toMatchObject({ sampleState: 'unusable', unusableReason: 'Case file transferred out' });
    const replacement = after.find((e) => e.caseId === setAside.replacedBy)!;
    expect(replacement.sampleState).toBe('replacement');
    expect(replacement.strata.disposal_type).toBe('out_of_court');
    expect(drawnBefore.has(replacement.caseId)).toBe(false);
    // The sample keeps its size.
    expect(after.filter((e) => e.sampleState === 'sampled' || e.sampleState === 'replacement')).toHaveLength(
      drawnBefore.size,
    );
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.inspectionId, insp.id),
          eq(auditEvents.entityType, 'case_sample'),
          eq(auditEvents.action, 'replace'),
        ),
      );
    expect(event!.after).toMatchObject({
      unusable: unusable.caseId,
      replacement: replacement.caseId,
      reason: 'Case file transferred out',
      stratum: stratumKey({ stratifyBy: [{ field: 'disposal_type', label: '', values: [] }] }, unusable.strata),
    });
    const page = cheerio.load((await lead.get(url)).body);
    expect(page('#unusable-list').text()).toContain(`Replaced by ${replacement.caseId}`);
  });

  it('is for the team and lead: a service user gets 403, an inspector outside the team 404, and only the lead draws', async ({
    build,
    signIn,
  }) => {
    const { insp, serviceUser } = await planned(build);
    const url = `/workspace/inspections/${insp.id}/sample`;
    expect((await (await signIn(serviceUser)).get(url)).statusCode).toBe(403);
    expect((await (await signIn(await build.account('inspector'))).get(url)).statusCode).toBe(404);
    const inspector = await signIn(insp.inspector);
    expect((await inspector.get(url)).statusCode).toBe(200);
    expect((await inspector.post(url, { version: '0' })).statusCode).toBe(403);
  });
});

describe('case notes and case reads', () => {
  it('asks for personal data to be removed from a note and saves nothing', async ({ build, signIn, database }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const c = await build.case(insp, insp.inspector, { ref: 'NOTE-1', caseType: 'court' });
    const url = `/workspace/inspections/${insp.id}/cases/${c.id}`;
    const inspector = await signIn(insp.inspector);
    await inspector.get(url);
    const res = await inspector.post(url, {
      version: String(c.version),
      'answer-2-1-1': 'yes',
      'note-2-1-1': 'Seen at home, SW1A 1AA; NHS 943 476 5919',
      'note-2-1-2': 'Plan agreed with Child A',
    });
    expect(res.statusCode).toBe(400);
    const $ = cheerio.load(res.body);
    const summary = $('.govuk-error-summary__list').text();
    expect(summary).toContain('The note for 2.1.1 looks like it holds personal data');
    expect(summary).toContain('a postcode (“SW1A 1AA”)');
    expect(summary).toContain('an NHS number (“943 476 5919”)');
    expect(summary).not.toContain('2.1.2');
    expect($('.govuk-error-summary__list a').attr('href')).toBe('#note-2-1-1');
    const [row] = await database.db.select().from(caseAssessments).where(eq(caseAssessments.id, c.id));
    expect(row).toMatchObject({ version: c.version, answers: {}, notes: {} });
  });

  it('audits every read of a case (who, when, which reference), and an admin exports one reference’s audit as CSV', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const ref = `READ-${insp.id.slice(0, 6)}`;
    const c = await build.case(insp, insp.inspector, { ref, caseType: 'court' });
    const url = `/workspace/inspections/${insp.id}/cases/${c.id}`;
    const inspector = await signIn(insp.inspector);
    expect((await inspector.get(url)).statusCode).toBe(200);
    expect((await (await signIn(insp.lead)).get(url)).statusCode).toBe(200);
    const reads = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, c.id), eq(auditEvents.action, 'view')));
    expect(reads.map((r) => [r.actorId, (r.after as { ref: string }).ref])).toEqual([
      [insp.inspector.id, ref],
      [insp.lead.id, ref],
    ]);
    expect(reads.every((r) => r.at instanceof Date)).toBe(true);

    const admin = await signIn(await build.account('admin'));
    // An administrator does not read the case itself…
    expect((await admin.get(url)).statusCode).toBe(403);
    // …but exports what was done with it.
    const page = cheerio.load((await admin.get(`/workspace/case-audit?ref=${ref}`)).body);
    expect(page('#case-audit-table tbody tr')).toHaveLength(3);
    const res = await admin.get(`/workspace/case-audit.csv?ref=${ref}`);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.action, r.who, r.case_reference])).toEqual([
      ['create', insp.inspector.name, ref],
      ['view', insp.inspector.name, ref],
      ['view', insp.lead.name, ref],
    ]);
    expect((await inspector.get(`/workspace/case-audit.csv?ref=${ref}`)).statusCode).toBe(403);
  });

  it('keeps case notes from service users: the case pages refuse them and the draft they see has no note', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'factual_accuracy' });
    const caseId = insp.caseIds[0]!;
    const [c] = await database.db.select().from(caseAssessments).where(eq(caseAssessments.id, caseId));
    const secret = `Confidential note ${caseId.slice(0, 8)}`;
    await saveCaseAnswers(database.db, insp.inspector, insp.id, caseId, c!.version, c!.answers, { '2.1.1': secret });
    const svc = await signIn(await build.account('service_user', { service: insp.service }));
    const base = `/workspace/inspections/${insp.id}`;
    expect((await svc.get(`${base}/cases`)).statusCode).toBe(403);
    expect((await svc.get(`${base}/cases/${caseId}`)).statusCode).toBe(403);
    expect((await svc.get(`${base}/sample`)).statusCode).toBe(403);
    const draft = await svc.get(`${base}/factual-accuracy`);
    expect(draft.statusCode).toBe(200);
    expect(draft.body).not.toContain(secret);
    // The team does see it.
    expect((await (await signIn(insp.inspector)).get(`${base}/cases/${caseId}`)).body).toContain(secret);
  });

  it('an inspector outside the team cannot read a case (404)', async ({ build, signIn }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const c = await build.case(insp, insp.inspector, { caseType: 'court' });
    const outsider = await signIn(await build.account('inspector'));
    expect((await outsider.get(`/workspace/inspections/${insp.id}/cases/${c.id}`)).statusCode).toBe(404);
  });
});

describe('the panel page', () => {
  it('shows each key question’s text beside its id', async ({ build, signIn }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const $ = cheerio.load((await (await signIn(insp.lead)).get(`/workspace/inspections/${insp.id}/panel`)).body);
    const kq = insp.framework.domains.flatMap((d) => d.standards).find((s) => s.method === 'case_lowest_key_question')!
      .keyQuestions[0]!;
    expect($(`th:contains("${kq.id}") .app-kq-text`).first().text()).toBe(kq.text);
  });

  it('lets the team open the cases that answered "no" to a key question, and not those that answered "yes"', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const kq = insp.framework.domains.flatMap((d) => d.standards).find((s) => s.method === 'case_lowest_key_question')!
      .keyQuestions[0]!;
    const no = await build.case(insp, insp.inspector, {
      ref: 'NO-CASE-1',
      caseType: 'court',
      answers: { [kq.id]: 'no' },
    });
    // A reference the case form would refuse (one imported, say) is still only text on the panel.
    const odd = await build.case(insp, insp.inspector, {
      ref: `NO <b>&"'\\2`,
      caseType: 'court',
      answers: { [kq.id]: 'no' },
    });
    const yes = await build.case(insp, insp.inspector, {
      ref: 'YES-CASE-1',
      caseType: 'court',
      answers: { [kq.id]: 'yes' },
    });
    const url = `/workspace/inspections/${insp.id}/panel`;
    const href = (c: { id: string }) => `/workspace/inspections/${insp.id}/cases/${c.id}`;
    for (const who of [insp.lead, insp.inspector]) {
      const $ = cheerio.load((await (await signIn(who)).get(url)).body);
      const panel = $(`details.app-answered-no[data-kq="${kq.id}"]`);
      expect(panel.find('summary').text()).toContain(`${kq.id}: 2 cases answered no`);
      expect(panel.find(`a[href="${href(no)}"]`).text()).toBe('Case NO-CASE-1');
      expect(panel.find(`a[href="${href(odd)}"]`).text()).toBe(`Case NO <b>&"'\\2`);
      expect(panel.find('ul a, ul b')).toHaveLength(2);
      expect($(`a[href="${href(yes)}"]`)).toHaveLength(0);
      // And the link opens the case for the one who followed it.
      expect((await (await signIn(who)).get(href(no))).statusCode).toBe(200);
    }
    // An administrator sees the panel's figures but may not read case-level data, so is offered no case.
    const admin = await signIn(await build.account('admin'));
    const page = await admin.get(url);
    expect(page.statusCode).toBe(200);
    const $ = cheerio.load(page.body);
    expect($('details.app-answered-no')).toHaveLength(0);
    expect(page.body).not.toContain(href(no));
  });
});
