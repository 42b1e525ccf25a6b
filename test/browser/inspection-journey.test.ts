import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport, startMailJob } from '../../src/jobs/mail.ts';
import { publishDue, startPublicationJob } from '../../src/jobs/publication.ts';
import { buildApp } from '../../src/web/app.ts';
import { Clock } from '../helpers/app.ts';
import { browserAvailable, launch, signIn } from '../helpers/browser.ts';
import { builders, PASSWORD, type BuiltAccount, type BuiltService } from '../helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp.ts';
import {
  CasesPage,
  eventually,
  FactualAccuracyPage,
  InspectionPage,
  InspectionReportPage,
  PanelPage,
  PressReleaseEditorPage,
  PressReleasePage,
  PreviewPage,
  PreviewsPage,
  PublicPage,
  ReportTextPage,
  SamplePage,
  SchedulePage,
  WorkspacePage,
} from './pages/index.ts';

/**
 * The whole inspection journey as the roles walk it, in one browser and one app: planning, the
 * case list and sample, both inspectors' assessments, the panel, the report, the service's
 * factual-accuracy check, the publisher's release, schedule and preview, publication at the
 * instant, and the public pages; every email checked as it arrived at a real SMTP server.
 */

const FRAMEWORK = 'Inspection of youth justice work with children and victims (2025)';
/** 30 court and 15 out-of-court children's cases, as a service's case management system exports them. */
const CASE_LIST = `case_id,disposal_type,start_date,end_date\n${Array.from(
  { length: 45 },
  (_, i) => `YJ-${String(i + 1).padStart(3, '0')},${i < 30 ? 'court' : 'out_of_court'},2026-0${(i % 9) + 1}-01,`,
).join('\n')}\n`;
const CHILDREN_KQS = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.3.1', '2.3.2', '2.3.3'];
/** Publication: 00:01 on 24 November 2026, UK time (GMT in November). */
const PUBLISH_DATE = '2026-11-24';
const PUBLISH_AT = new Date('2026-11-24T00:01:00Z');

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
const clock = new Clock();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const stops: (() => Promise<void>)[] = [];
const people: { context: BrowserContext; close: () => Promise<void> }[] = [];
let service: BuiltService;
let lead: BuiltAccount, ines: BuiltAccount, ivan: BuiltAccount, serviceUser: BuiltAccount, publisher: BuiltAccount;

/** Every page the journey reaches is checked with axe before anyone acts on it. */
async function accessible(p: { expectAccessible: () => Promise<void> }): Promise<void> {
  await p.expectAccessible();
}

/** A person in a browser context of their own (their own cookies), signed in when given an account. */
async function person(who?: BuiltAccount): Promise<Page> {
  const b = await launch();
  people.push(b);
  const page = await b.context.newPage();
  if (who) {
    await signIn(page, base, who.email, PASSWORD);
    await accessible(new WorkspacePage(page, base));
  }
  return page;
}

/** The one email that has arrived for `to` whose subject matches, waiting for the mail job to deliver it. */
async function mailTo(to: string, subject: RegExp): Promise<ReceivedMail> {
  const find = () => smtp.received.find((m) => m.to.includes(to) && subject.test(m.subject));
  await eventually(async () => !!find(), {
    timeout: 15_000,
    message: `an email to ${to} matching ${subject}; arrived: ${smtp.received.map((m) => `${m.to} ${m.subject}`).join(' | ')}`,
  }).toBe(true);
  return find()!;
}

describe.runIf(browserAvailable)('the inspection journey, end to end, in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const build = builders(t);
    service = await build.service();
    lead = await build.account('lead_inspector', { name: 'Ada Lead' });
    ines = await build.account('inspector', { name: 'Ines Firstinspector' });
    ivan = await build.account('inspector', { name: 'Ivan Secondinspector' });
    serviceUser = await build.account('service_user', { service, name: 'Sam Service' });
    publisher = await build.account('publisher', { name: 'Pat Publisher' });
    smtp = await startSmtpServer();
    app = await buildApp({
      database: t,
      config: { env: 'test', logLevel: 'silent', smtpUrl: smtp.url },
      now: clock.now,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const log = { info: () => {}, error: (e: unknown) => console.error(e) };
    // The jobs as `serve` runs them, on the test's clock and often, so nothing waits on a timer.
    stops.push(
      startMailJob(t.db, clock.now, log, {
        transport: smtpTransport(smtp.url),
        from: 'inspectorate@example.test',
        everyMs: 50,
      }),
      startPublicationJob(t.db, clock.now, log, {
        everyMs: 50,
        onPublish: (tx, done) => app.services.notifications.published(tx, done),
      }),
    );
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    for (const p of people) await p.close();
    await app?.close();
    await smtp?.close();
    await t?.drop();
  });

  it(
    'plan, sample, assess, rate, write, check with the service, approve, publish: every page accessible, every email delivered',
    // About fifty pages with an axe check each on a shared two-core machine: a limit, not a speed target.
    { timeout: 300_000 },
    async () => {
      // ---- A reader subscribes to the service's reports (confirmed through the emailed link). ----
      const reader = await person();
      const subscribe = new PublicPage(reader, base);
      expect(await subscribe.open(`/services/${service.slug}/subscribe`)).toBe(200);
      await accessible(subscribe);
      await reader.getByLabel('Email address').fill('reader@example.test');
      await reader.getByRole('button', { name: 'Subscribe' }).click();
      await eventually(subscribe.heading).toBe('Check your email');
      await accessible(subscribe);
      const confirm = await mailTo('reader@example.test', /^Confirm you want emails about /);
      const confirmPath = /https?:\/\/[^/\s]+(\/subscriptions\/[A-Za-z0-9_-]+\/confirm)/.exec(confirm.text)![1]!;
      expect(await subscribe.open(confirmPath)).toBe(200);
      await accessible(subscribe);
      await reader.getByRole('button', { name: 'Confirm subscription' }).click();
      await eventually(subscribe.heading).toBe('Subscription confirmed');
      await accessible(subscribe);

      // ---- The lead plans the inspection with both inspectors on the team, and starts fieldwork. ----
      const leadPage = await person(lead);
      const plan = await new WorkspacePage(leadPage, base).startPlanning();
      await accessible(plan);
      const inspection = await plan.create({
        service: service.name,
        title: 'Inspection of youth justice work (journey)',
        framework: FRAMEWORK,
        team: [ines.name, ivan.name],
      });
      await eventually(inspection.status).toBe('Planned');
      await accessible(inspection);
      const ref = await inspection.ref();
      expect(ref).not.toBe('');
      const id = inspection.address.split('/').pop()!;
      await inspection.transition('Start fieldwork');
      await eventually(inspection.status).toBe('Fieldwork');
      await accessible(inspection);

      // ---- The service sends its case list; the lead draws the sample. ----
      const svcPage = await person(serviceUser);
      await svcPage.getByRole('link', { name: /Case list for/ }).click();
      const caseList = new SamplePage(svcPage, base, inspection.address);
      await accessible(caseList);
      await caseList.upload(CASE_LIST);
      await eventually(caseList.listSummary).toContain('45 cases');
      await accessible(caseList);

      const sample = await new SamplePage(leadPage, base, inspection.address).open('/sample');
      await accessible(sample);
      await sample.draw();
      const drawn = await sample.sampledIds();
      expect(drawn.length).toBeGreaterThanOrEqual(2);
      await eventually(sample.rule).toContain(`${drawn.length} of 45 cases`);
      await accessible(sample);

      // ---- Each inspector assesses a case drawn in the sample. ----
      const inspectorPages = new Map<BuiltAccount, Page>();
      for (const [inspector, caseId] of [
        [ines, drawn[0]!],
        [ivan, drawn[1]!],
      ] as const) {
        const page = await person(inspector);
        inspectorPages.set(inspector, page);
        const theirSample = await new SamplePage(page, base, inspection.address).open('/sample');
        await eventually(theirSample.sampledIds).toEqual(drawn);
        await accessible(theirSample);
        await page.getByRole('link', { name: 'Case assessments' }).click();
        const cases = new CasesPage(page, base, inspection.address);
        await accessible(cases);
        const one = await cases.addOfType(caseId, "Children's case");
        await accessible(one);
        await one.answer(Object.fromEntries(CHILDREN_KQS.map((k) => [k, 'yes'])));
        const back = await one.save();
        await accessible(back);
      }
      const cases = await inspection.cases();
      await eventually(cases.rowCount).toBe(2);
      await eventually(() => leadPage.locator('#cases-table tbody').innerText()).toContain(ines.name);
      await eventually(() => leadPage.locator('#cases-table tbody').innerText()).toContain(ivan.name);
      await accessible(cases);

      // ---- The rating panel. ----
      await inspection.open();
      await accessible(inspection);
      await inspection.transition('Send to the rating panel');
      await eventually(inspection.status).toBe('Rating panel');
      await accessible(inspection);
      const panel = new PanelPage(leadPage, base, inspection.address);
      await panel.open('/panel');
      await accessible(panel);
      // The lead sets when the panel sits: a date in the past is refused beside the field, then the
      // real one is saved and the lead and both inspectors are emailed it.
      await panel.setPanelDate({ day: '20', month: '11', year: '2026' }, '10:00');
      await eventually(panel.errorSummary).toContain('The panel date must be in the future');
      await accessible(panel);
      await leadPage.getByLabel('Day').fill('23');
      await leadPage.getByRole('button', { name: 'Save the panel date' }).click();
      await eventually(panel.panelDate).toBe('23 November 2026 at 10:00 (UK time)');
      await accessible(panel);
      for (const who of [lead, ines, ivan]) {
        const told = await mailTo(who.email, /^Rating panel date set: /);
        expect(told.text).toContain('sits on 23 November 2026 at 10:00 (UK time)');
        expect(told.text).toContain(`/workspace/inspections/${id}/panel`);
      }
      expect(smtp.received.filter((m) => /^Rating panel date set: /.test(m.subject))).toHaveLength(3);
      // The team sees it on the task list.
      const inesTasks = inspectorPages.get(ines)!;
      await inesTasks.goto(inspection.address);
      await eventually(() => inesTasks.locator('#panel-date').innerText()).toBe('23 November 2026 at 10:00 (UK time)');
      await accessible(new PanelPage(inesTasks, base, inspection.address));
      await panel.decideOverall('outstanding', 'Every case assessed met every key question.');
      await eventually(panel.overall).toBe('Outstanding');
      await accessible(panel);

      // ---- The team writes the report: the lead the foreword and overview, an inspector a standard's narrative. ----
      const report = await new ReportTextPage(leadPage, base, inspection.address).open();
      await accessible(report);
      await report.write({
        foreword: 'Foreword: a service that knows its children.',
        overview: 'Overview of the work.',
      });
      let versions = await report.save();
      await eventually(versions.banner).toContain('Saved as version 1');
      await accessible(versions);
      const inesPage = inspectorPages.get(ines)!;
      const inesReport = await new ReportTextPage(inesPage, base, inspection.address).open();
      await eventually(inesReport.version).toContain('Version 1');
      await accessible(inesReport);
      await inesReport.write({ narratives: { '2.1': 'Assessment met monthly reviews.' } });
      versions = await inesReport.save();
      await eventually(versions.banner).toContain('Saved as version 2');
      await accessible(versions);

      // ---- Factual accuracy: the lead sends the draft; the service comments twice. ----
      await inspection.open();
      await accessible(inspection);
      await inspection.transition('Send to the service for a factual-accuracy check');
      await eventually(inspection.status).toBe('Factual-accuracy check');
      await accessible(inspection);

      const svcCheck = await new FactualAccuracyPage(svcPage, base).open(id);
      await eventually(svcCheck.state).toBe('Sent to the service');
      await accessible(svcCheck);
      const deadline = await svcCheck.deadline();
      expect(deadline).not.toBe('');
      const draftReady = await mailTo(
        serviceUser.email,
        /^Draft inspection report ready for your factual accuracy check: /,
      );
      expect(draftReady.subject).toContain(service.name);
      expect(draftReady.text).toContain(deadline);
      expect(draftReady.text).toContain(`/workspace/inspections/${id}/factual-accuracy`);

      await svcCheck.comment('2.1 Assessing', 'Reviews are fortnightly, not monthly.');
      await eventually(svcCheck.commentCount).toBe(1);
      await accessible(svcCheck);
      await svcCheck.comment('Overall findings and foreword', 'The overview should name our new board.');
      await eventually(svcCheck.commentCount).toBe(2);
      await eventually(svcCheck.state).toBe('Comments received');
      await accessible(svcCheck);
      // One email to the lead per comment, naming the part of the report it is about.
      const toLead = () =>
        smtp.received.filter(
          (m) => m.to.includes(lead.email) && /^Factual accuracy comment received: /.test(m.subject),
        );
      await eventually(async () => toLead().length, { timeout: 15_000 }).toBe(2);
      const commentMails = toLead();
      expect(commentMails.map((m) => m.text).join('\n')).toContain('2.1 Assessing');
      expect(commentMails.map((m) => m.text).join('\n')).toContain('Overall findings and foreword');

      // ---- The lead makes the change, accepts one comment and rejects the other with a reason. ----
      await report.open();
      await eventually(report.version).toContain('Version 2');
      await accessible(report);
      await report.write({ narratives: { '2.1': 'Assessment met fortnightly reviews.' } });
      versions = await report.save();
      await eventually(versions.banner).toContain('Saved as version 3');
      await accessible(versions);
      const leadCheck = await new FactualAccuracyPage(leadPage, base).open(id);
      await accessible(leadCheck);
      await leadCheck.openAnswer(1);
      await accessible(leadCheck);
      await leadCheck.saveAnswer('Accepted', 'Standard 2.1 now says fortnightly.');
      await eventually(leadCheck.answerOf(1)).toContain('Accepted');
      await accessible(leadCheck);
      await leadCheck.openAnswer(2);
      await accessible(leadCheck);
      await leadCheck.saveAnswer('Not accepted', 'The board was formed after fieldwork.');
      await eventually(leadCheck.answerOf(2)).toContain('Not accepted');
      await eventually(leadCheck.answerOf(2)).toContain('The board was formed after fieldwork.');
      await accessible(leadCheck);

      // The service reads both answers.
      await svcCheck.open(id);
      await eventually(svcCheck.state).toBe('Every comment answered');
      await eventually(svcCheck.answerOf(1)).toContain('fortnightly');
      await accessible(svcCheck);

      // ---- The lead approves; the approval is recorded and shown. ----
      await inspection.open();
      await accessible(inspection);
      await inspection.transition('Approve the ratings and report');
      await eventually(inspection.status).toBe('Approved');
      await eventually(inspection.approval).toContain(lead.name);
      await eventually(inspection.approval).toContain('2 factual-accuracy comments, 1 accepted');
      await accessible(inspection);
      await inspection.open('/audit');
      await eventually(() => leadPage.locator('main').innerText()).toMatch(/approv/i);
      await accessible(inspection);

      // ---- The publisher: press release, schedule, preview link. ----
      const pubPage = await person(publisher);
      const pubInspection = await new InspectionPage(pubPage, base, inspection.address).open();
      await accessible(pubInspection);
      const release = await new PressReleaseEditorPage(pubPage, base).open(inspection.address);
      await accessible(release);
      await release.save(
        'Youth justice service praised for its work with children',
        `Inspectors found the service's work with children strong.\n\nChief Inspector of Probation said: "The service knows its children well."\n\nENDS`,
      );
      await eventually(release.checks).toContain('No problems');
      await accessible(release);

      const schedule = await new SchedulePage(pubPage, base).open(inspection.address);
      await accessible(schedule);
      await schedule.schedule(PUBLISH_DATE, '00:01');
      await eventually(pubInspection.status).toBe('Scheduled for publication');
      await accessible(pubInspection);

      const previews = await new PreviewsPage(pubPage, base).open(inspection.address);
      await accessible(previews);
      await previews.create('Jo Reporter, Daily News', 'Press', 'jo@news.example.test');
      await eventually(previews.newLink).toMatch(/\/preview\//);
      const link = await previews.newLink();
      await accessible(previews);
      const previewMail = await mailTo('jo@news.example.test', /^Embargoed preview: inspection report on /);
      expect(previewMail.text).toContain(new URL(link).pathname);

      // The preview, opened by someone not signed in: the watermarked report and the release.
      const preview = new PreviewPage(await person(), base);
      await preview.page.goto(`${base}${new URL(link).pathname}`);
      await eventually(preview.watermark).toContain('EMBARGOED UNTIL');
      await eventually(preview.releaseHeadline).toBe('Youth justice service praised for its work with children');
      await eventually(preview.text).toContain('Foreword: a service that knows its children.');
      await eventually(preview.text).toContain('Assessment met fortnightly reviews.');
      await accessible(preview);
      await preview.expectNoSideScroll();

      // Before the instant the report is not public.
      const visitor = new PublicPage(await person(), base);
      expect(await visitor.open(`/inspections/${ref}`)).toBe(404);
      await accessible(visitor);

      // ---- Publication at the instant: the clock reaches it and the publication job publishes. ----
      // A second before, a run of the job publishes nothing.
      clock.set(new Date(PUBLISH_AT.getTime() - 1000));
      expect(await publishDue(t.db, clock.now())).toEqual([]);
      expect(await visitor.open(`/inspections/${ref}`)).toBe(404);
      clock.set(PUBLISH_AT);
      await eventually(() => visitor.open(`/inspections/${ref}`), { timeout: 15_000 }).toBe(200);
      const publicPage = new InspectionReportPage(visitor.page, base);
      await eventually(publicPage.heading).toContain(service.name);
      await eventually(() => visitor.page.locator('main').innerText()).toContain('Outstanding');
      await accessible(publicPage);
      await publicPage.expectNoSideScroll();

      expect(await publicPage.open(`/inspections/${ref}/report`)).toBe(200);
      await eventually(publicPage.forewordVisible).toBe(true);
      await eventually(() => visitor.page.locator('#foreword-text').innerText()).toContain(
        'a service that knows its children',
      );
      await eventually(() => visitor.page.locator('#standard-2\\.1').innerText()).toContain('fortnightly reviews');
      await accessible(publicPage);
      await publicPage.expectNoSideScroll();

      const publicRelease = new PressReleasePage(visitor.page, base);
      expect(await publicRelease.open(ref)).toBe(200);
      await eventually(publicRelease.headline).toBe('Youth justice service praised for its work with children');
      await accessible(publicRelease);
      await publicRelease.expectNoSideScroll();

      // The preview link now opens the public report instead.
      await preview.page.goto(`${base}${new URL(link).pathname}`);
      await eventually(() => Promise.resolve(new URL(preview.page.url()).pathname)).toBe(`/inspections/${ref}`);

      // The subscriber is told, with the public page's address.
      const published = await mailTo('reader@example.test', /^Inspection report published: /);
      expect(published.text).toContain(`/inspections/${encodeURIComponent(ref)}`);
    },
  );
});
