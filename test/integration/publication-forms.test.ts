import { describe, expect } from 'vitest';
import { appTest } from '../helpers/app.ts';
import { Agent } from '../helpers/http.ts';

const test = appTest();
const it = test;

const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
/** The GOV.UK error message rendered beside a field: `<p id="<field>-error" …>Error: <message></p>`. */
const besideField = (html: string, field: string) =>
  new RegExp(`id="${field}-error"[^>]*>\\s*<span class="govuk-visually-hidden">Error:</span>\\s*([^<]*)`)
    .exec(html)?.[1]
    ?.trim() ?? null;

describe('a bad form body re-renders the form with its errors', () => {
  it('a correction without a note: 400, "Error: " in the title, the message beside the note, nothing changed', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'published' });
    const publisher = await signIn(await build.account('publisher'));
    const url = `/workspace/inspections/${insp.id}/corrections`;
    const form = await publisher.get(url);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const res = await publisher.post(url, { version, note: '   ', title: 'A new title' });
    expect(res.statusCode).toBe(400);
    expect(title(res.body)).toMatch(/^Error: Issue a correction/);
    expect(besideField(res.body, 'note')).toBe('Enter the public correction note');
    expect(res.body).toContain('value="A new title"');
    expect((await publisher.get(`/inspections/${insp.ref}`)).body).not.toContain('A new title');
  });

  it('a publication date in the past: the rule beside the date, and the date kept as typed', async ({
    build,
    signIn,
  }) => {
    const insp = await build.inspection({ status: 'approved' });
    const publisher = await signIn(await build.account('publisher'));
    const url = `/workspace/inspections/${insp.id}/schedule`;
    const form = await publisher.get(url);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const res = await publisher.post(url, {
      version,
      'date-day': '1',
      'date-month': '1',
      'date-year': '2020',
      time: '',
    });
    expect(title(res.body)).toMatch(/^Error: Schedule publication/);
    expect(res.body).toContain('The publication date and time must be in the future');
    for (const [field, value] of [
      ['date-day', '1'],
      ['date-month', '1'],
      ['date-year', '2020'],
    ])
      expect(res.body).toMatch(new RegExp(`name="${field}"[^>]*value="${value}"`));
  });

  it('a publication date that is not a date: 400 with the message beside the date', async ({ build, signIn }) => {
    const insp = await build.inspection({ status: 'approved' });
    const publisher = await signIn(await build.account('publisher'));
    const url = `/workspace/inspections/${insp.id}/schedule`;
    await publisher.get(url);
    const res = await publisher.post(url, {
      version: '1',
      'date-day': '31',
      'date-month': '2',
      'date-year': '2030',
      time: '25:00',
    });
    expect(res.statusCode).toBe(400);
    expect(title(res.body)).toMatch(/^Error: Schedule publication/);
    expect(res.body).toContain('Enter a real publication date');
    expect(besideField(res.body, 'time')).toBe(
      'Enter the time as hours and minutes on the 24-hour clock, for example 00:01',
    );
  });

  it('a sign-in without a well-formed email: 400 with the message beside the email, the address kept', async ({
    app,
  }) => {
    const a = new Agent(app);
    await a.get('/sign-in');
    const res = await a.post('/sign-in', { email: 'not-an-address', password: 'x' });
    expect(res.statusCode).toBe(400);
    expect(title(res.body)).toMatch(/^Error: Sign in/);
    expect(besideField(res.body, 'email')).toBe('Enter an email address in the correct format, like name@example.org');
    expect(res.body).toContain('value="not-an-address"');
  });
});

describe('a form that cannot be shown again', () => {
  it('answers the refusal as a page: another service’s plan with a bad body is a 403 page, not a fault', async ({
    build,
    signIn,
  }) => {
    const mine = await build.service();
    const theirs = await build.service();
    const staff = await signIn(await build.account('service_user', { service: { id: mine.id } }));
    await staff.get(`/workspace/services/${mine.slug}/plan`);
    const res = await staff.post(`/workspace/services/${theirs.slug}/plan/actions`, { description: '' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(title(res.body)).toMatch(/permission/);
  });
});

describe('filters', () => {
  it('take at most 50 values each, repeats counted once', async ({ app }) => {
    const many = Array.from({ length: 51 }, (_, i) => `r${i}`).join(',');
    const res = await app.inject({ method: 'GET', url: `/services?region=${many}` });
    expect(res.statusCode).toBe(400);
    expect(res.body.length).toBeLessThan(100_000);
    const api = await app.inject({ method: 'GET', url: `/api/v1/inspections?region=${many}` });
    expect(api.statusCode).toBe(400);
    const repeats = Array.from({ length: 500 }, () => 'London').join(',');
    expect((await app.inject({ method: 'GET', url: `/services?region=${repeats}` })).statusCode).toBe(200);
  });
});

describe('reports', () => {
  it('an inspection run here has its report; a record from published sources only the register’s summary', async ({
    build,
    app,
    clock,
  }) => {
    const run = await build.inspection({ status: 'published', publishAt: new Date('2026-12-01T00:01:00Z') });
    clock.set(new Date('2026-12-02T12:00:00Z'));
    const own = await app.inject({ method: 'GET', url: `/inspections/${run.ref}/report` });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('id="foreword">Foreword</h2>');
    expect(own.body).not.toContain('id="not-the-report"');
    const sourced = await build.publishedInspection();
    const summary = await app.inject({ method: 'GET', url: `/inspections/${sourced.ref}/report` });
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('This is not HM Inspectorate of Probation’s report');
    expect(summary.body).not.toContain('>Foreword<');
    const page = await app.inject({ method: 'GET', url: `/inspections/${sourced.ref}` });
    expect(page.body).toContain('Read the register’s summary of this inspection');
  });
});
