import * as cheerio from 'cheerio';
import { and, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { auditSentence } from '../../src/domain/audit-text.ts';
import { auditEvents, caseAssessments, findings } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';

// A form on an inspection's pages that comes back wrong is shown again: "Error: " in the title, the
// GOV.UK error summary, the message beside its field, what was typed kept, and nothing written.
const test = appTest();
const it = test;

/** The page's title, the summary's messages, and the error message shown inside the field's form group. */
function read(body: string, fieldId: string) {
  const $ = cheerio.load(body);
  return {
    title: $('title').text().trim(),
    summary: $('.govuk-error-summary__list a')
      .map((_i, a) => ({ text: $(a).text().trim(), href: $(a).attr('href') }))
      .get(),
    beside: $(`#${fieldId}`).closest('.govuk-form-group').find('.govuk-error-message').text().trim(),
  };
}

describe('forms on an inspection shown again with their errors', () => {
  it('case sample: a missing reference (a bad body) is a 400 with the message beside the reference', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const url = `/workspace/inspections/${insp.id}/cases`;
    const inspector = await signIn(insp.inspector);
    await inspector.get(url);
    const res = await inspector.post(url, { ref: '', caseType: 'court', disposal: 'Kept disposal' });
    expect(res.statusCode).toBe(400);
    const page = read(res.body, 'ref');
    expect(page.title).toMatch(/^Error: Case sample/);
    expect(page.summary).toEqual([{ text: 'Enter the case reference', href: '#ref' }]);
    expect(page.beside).toContain('Enter the case reference');
    expect(res.body).toContain('value="Kept disposal"');
    const cases = await database.db.select().from(caseAssessments).where(eq(caseAssessments.inspectionId, insp.id));
    expect(cases).toEqual([]);
  });

  it('case answers: an answer other than yes, no or n/a is a 400 beside that question', async ({ build, signIn }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const c = await build.case(insp, insp.inspector, { ref: 'FORM-1', caseType: 'court' });
    const url = `/workspace/inspections/${insp.id}/cases/${c.id}`;
    const inspector = await signIn(insp.inspector);
    await inspector.get(url);
    const res = await inspector.post(url, { version: String(c.version), 'answer-2-1-1': 'maybe' });
    expect(res.statusCode).toBe(400);
    const page = read(res.body, 'answer-2-1-1');
    expect(page.title).toMatch(/^Error: Case FORM-1/);
    expect(page.beside).toContain('Answer 2.1.1 with yes, no or not applicable');
  });

  it('ratings panel: an override without its rationale is refused by the rule, beside the rationale (409)', async ({
    build,
    signIn,
    database,
  }) => {
    // With the example's cases, standard 2.1 is rated from them, so the panel may override it.
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const url = `/workspace/inspections/${insp.id}`;
    const lead = await signIn(insp.lead);
    await lead.get(`${url}/panel`);
    const before = await database.db.select().from(auditEvents).where(eq(auditEvents.inspectionId, insp.id));
    const res = await lead.post(`${url}/panel/2.1`, { rating: 'good', rationale: '  ', version: '0' });
    expect(res.statusCode).toBe(409);
    const page = read(res.body, 'std-2-1-rationale');
    expect(page.title).toMatch(/^Error: Ratings panel/);
    expect(page.beside).toContain('Give the rationale for the override; it is published with the rating');
    const long = await lead.post(`${url}/panel/2.1`, { rating: 'good', rationale: 'x'.repeat(4001), version: '0' });
    expect(long.statusCode).toBe(409);
    expect(read(long.body, 'std-2-1-rationale').beside).toContain('The rationale must be 4000 characters or fewer');
    const after = await database.db.select().from(auditEvents).where(eq(auditEvents.inspectionId, insp.id));
    expect(after.length).toBe(before.length);
  });

  it('ratings panel: saving and removing an override each say so on the page they return to', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const url = `/workspace/inspections/${insp.id}`;
    const lead = await signIn(insp.lead);
    await lead.get(`${url}/panel`);
    const banner = async (location: string | undefined) =>
      cheerio
        .load((await lead.get(location!.split('#')[0]!)).body)('#done')
        .text();
    const saved = await lead.post(`${url}/panel/2.1`, {
      rating: 'good',
      rationale: 'Near the threshold.',
      version: '0',
    });
    expect(saved.statusCode).toBe(303);
    expect(await banner(saved.headers.location as string)).toBe('Panel decision on 2.1 Assessment saved: Good');
    const removed = await lead.post(`${url}/panel/2.1`, { rating: '', rationale: '', version: '1' });
    expect(removed.statusCode).toBe(303);
    expect(await banner(removed.headers.location as string)).toBe(
      'Override of 2.1 Assessment removed: the rating is computed from the cases',
    );
    expect(cheerio.load((await lead.get(`${url}/panel`)).body)('#done').length).toBe(0);
  });

  it('ratings panel: choosing "Not yet judged" for a judged standard says the decision was removed, and audits it; with no decision it does neither', async ({
    build,
    signIn,
    database,
  }) => {
    // The example's panel judged 1.1 Outstanding (version 1).
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const url = `/workspace/inspections/${insp.id}`;
    const lead = await signIn(insp.lead);
    const before = cheerio.load((await lead.get(`${url}/panel`)).body);
    expect(before('#std-1-1-rating option[selected]').text()).toBe('Outstanding');
    const deletes = () =>
      database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.inspectionId, insp.id), eq(auditEvents.action, 'delete')));
    const removed = await lead.post(`${url}/panel/1.1`, { rating: '', rationale: '', version: '1' });
    expect(removed.statusCode).toBe(303);
    const page = cheerio.load((await lead.get(String(removed.headers.location).split('#')[0]!)).body);
    // A GOV.UK notification banner, announced (role alert), naming the standard and what it now rests on.
    expect(page('.govuk-notification-banner').attr('role')).toBe('alert');
    expect(page('#done').text()).toBe(
      'Panel decision on 1.1 Governance and leadership removed: the standard is not yet judged',
    );
    expect(page('#std-1-1-heading').text()).not.toContain('Outstanding');
    const events = await deletes();
    expect(events).toHaveLength(1);
    const words = {
      rating: (r: string) => insp.framework.ratingScale.find((x) => x.id === r)?.label ?? r,
      state: String,
      person: String,
    };
    expect(auditSentence(events[0]!, words)).toBe(
      `${insp.lead.name} withdrew the panel's decision on 1.1 (it was Outstanding).`,
    );
    // "Not yet judged" again, with nothing left to remove: no banner, and no event in the trail.
    const again = await lead.post(`${url}/panel/1.1`, { rating: '', rationale: '', version: '0' });
    expect(again.statusCode).toBe(303);
    expect(String(again.headers.location)).not.toContain('saved=');
    expect(cheerio.load((await lead.get(String(again.headers.location).split('#')[0]!)).body)('#done').length).toBe(0);
    expect(await deletes()).toHaveLength(1);
  });

  it('findings: an edit that empties the text is a 400 beside the text, and the finding is unchanged', async ({
    build,
    signIn,
    database,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', findings: 1 });
    const [f] = await database.db.select().from(findings).where(eq(findings.inspectionId, insp.id));
    const url = `/workspace/inspections/${insp.id}/findings/${f!.id}`;
    const inspector = await signIn(insp.inspector);
    await inspector.get(url);
    const res = await inspector.post(url, { kind: 'strength', text: '', version: String(f!.version) });
    expect(res.statusCode).toBe(400);
    const page = read(res.body, 'text');
    expect(page.title).toMatch(/^Error: Findings/);
    expect(page.beside).toContain('Enter the finding');
    const [kept] = await database.db.select().from(findings).where(eq(findings.id, f!.id));
    expect(kept).toMatchObject({ text: f!.text, version: f!.version });
  });

  it('factual accuracy: an empty comment is a 400 beside the comment', async ({ build, signIn }) => {
    const insp = await build.inspection({ status: 'factual_accuracy' });
    const url = `/workspace/inspections/${insp.id}/factual-accuracy`;
    const service = await signIn(await build.account('service_user', { service: insp.service }));
    await service.get(url);
    const res = await service.post(url, { section: 'overall', text: '   ' });
    expect(res.statusCode).toBe(400);
    const page = read(res.body, 'text');
    expect(page.title).toMatch(/^Error: Factual-accuracy check/);
    expect(page.beside).toContain('Enter your comment');
  });

  it('a transition to no known state is shown on the task list (422) with "Error: " in the title', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const url = `/workspace/inspections/${insp.id}`;
    const lead = await signIn(insp.lead);
    await lead.get(url);
    const res = await lead.post(`${url}/transition`, { to: 'nowhere', version: '2' });
    expect(res.statusCode).toBe(422);
    const $ = cheerio.load(res.body);
    expect($('title').text()).toMatch(/^Error: /);
    expect($('.govuk-error-summary').text()).toContain('Choose a valid next step');
  });

  it('a lead who neither leads the inspection nor is on its team is refused before the form is read (404, not the form)', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel' });
    const other = await signIn(await build.account('lead_inspector'));
    const url = `/workspace/inspections/${insp.id}/cases`;
    await other.get(url);
    const res = await other.post(url, { ref: '' });
    // Outside the team the inspection is not there at all, as for an address that names nothing.
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Enter the case reference');
  });

  it('a stale transition is a conflict whose "Open the latest version" leads to the task list, not the action', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'fieldwork' });
    const url = `/workspace/inspections/${insp.id}`;
    const lead = await signIn(insp.lead);
    await lead.get(url);
    const res = await lead.post(`${url}/transition`, { to: 'rating_panel', version: '1' });
    expect(res.statusCode).toBe(409);
    const latest = cheerio.load(res.body)('a.govuk-button:contains("Open the latest version")');
    expect(latest.attr('href')).toBe(url);
  });
});

describe('a page with many forms', () => {
  it('ratings panel: every form carries one CSRF token that verifies, for a browser with no CSRF cookie yet', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'rating_panel', ratings: 'outstanding-33' });
    const url = `/workspace/inspections/${insp.id}`;
    const lead = await signIn(insp.lead);
    lead.cookies.delete('insp_csrf');
    const page = await lead.get(`${url}/panel`);
    const $ = cheerio.load(page.body);
    const forms = $('form[method="post"]');
    expect(forms.length).toBeGreaterThan(3);
    const tokens = new Set(forms.map((_i, f) => $(f).find('input[name="_csrf"]').val() as string).get());
    expect(tokens.size).toBe(1);
    expect(page.cookies.filter((c) => c.name === 'insp_csrf')).toHaveLength(1);
    // The first decision form on the page, with the token it carries (the agent keeps the cookie it was sent).
    const first = $('form[action*="/panel/"]').first();
    const saved = await lead.post(first.attr('action')!, {
      _csrf: [...tokens][0]!,
      version: first.find('input[name="version"]').val() as string,
      rating: first.find('select option[value!=""]').first().attr('value')!,
      rationale: 'Agreed at the panel.',
    });
    expect(saved.statusCode).toBe(303);
  });
});
