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
