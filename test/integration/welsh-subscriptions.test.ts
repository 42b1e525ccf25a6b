import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/store/schema.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase({ seed: true, now: new Date('2026-11-22T09:00:00Z') });
  app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const htmlLang = (body: string) => /<html lang="([^"]+)"/.exec(body)?.[1];
const titleOf = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1]?.trim() ?? '';
/** The link of `kind` in the newest email to `to`. */
async function linkTo(to: string, kind: 'confirm' | 'unsubscribe'): Promise<string> {
  const mails = (await t.db.select().from(outbox)).filter((m) => m.recipient === to);
  const body = mails.at(-1)?.textBody ?? '';
  const url = new RegExp(`https?://[^\\s]+/subscriptions/[^\\s/]+/${kind}`).exec(body)?.[0];
  if (!url) throw new Error(`no ${kind} link in the email to ${to}`);
  return new URL(url).pathname;
}

describe('getting emails about a service, in Welsh', () => {
  it('the form, its errors, the check-your-email page, confirming, and a link that no longer works', async () => {
    const a = new Agent(app);
    const form = await a.get('/services/cardiff/subscribe?lng=cy');
    expect(form.statusCode).toBe(200);
    expect(htmlLang(form.body)).toBe('cy');
    expect(form.body).toContain('app-language-select');
    expect(titleOf(form.body)).toContain('Cael negeseuon e-bost am Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
    expect(form.body).toContain('Mae’r negeseuon e-bost rydym yn eu hanfon yn Saesneg.');
    expect(form.body).toContain('action="/services/cardiff/subscribe?lng=cy"');

    // A bad address: the Welsh message beside the field and in the summary, "Gwall:" in the title.
    const bad = await a.post('/services/cardiff/subscribe?lng=cy', { email: 'nid cyfeiriad' });
    expect(bad.statusCode).toBe(400);
    expect(titleOf(bad.body)).toMatch(/^Gwall:/);
    expect(bad.body).toContain('Mae problem wedi codi');
    expect(bad.body.split('Rhowch gyfeiriad e-bost yn y fformat cywir').length - 1).toBe(2);
    expect(bad.body).not.toContain('Enter an email address in the correct format');
    expect(await t.db.select().from(outbox)).toHaveLength(0);

    // The address is the visitor's text: escaped where the sentence carries it.
    const hostile = 'ada+<b>x</b>@example.test';
    const sent = await a.post('/services/cardiff/subscribe', { email: 'ada@example.test' });
    expect(sent.statusCode).toBe(200);
    expect(htmlLang(sent.body)).toBe('cy');
    expect(sent.body).toContain('Gwiriwch eich e-bost');
    expect(sent.body).toContain('<strong class="app-break-words">ada@example.test</strong>');
    expect(sent.body).toContain('Yn ôl i Gwasanaeth Cyfiawnder Ieuenctid Caerdydd');
    const refused = await a.post('/services/cardiff/subscribe', { email: hostile });
    expect(refused.body).not.toContain('<b>x</b>');

    const confirm = await a.get(await linkTo('ada@example.test', 'confirm'));
    expect(confirm.statusCode).toBe(200);
    expect(htmlLang(confirm.body)).toBe('cy');
    expect(confirm.body).toContain('Cadarnhau eich tanysgrifiad');
    expect(confirm.body).toContain('Cadarnhau’r tanysgrifiad');
    const done = await a.post(await linkTo('ada@example.test', 'confirm'), {});
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Tanysgrifiad wedi’i gadarnhau');
    expect(done.body).toContain(
      'Byddwn yn anfon e-bost at ada@example.test pan gaiff adroddiad arolygu ar Gwasanaeth Cyfiawnder Ieuenctid Caerdydd ei gyhoeddi.',
    );

    const used = await a.get(await linkTo('ada@example.test', 'confirm'));
    expect(used.statusCode).toBe(404);
    expect(used.body).toContain('Nid yw’r ddolen hon yn gweithio');
  });

  it('in English the pages read as before', async () => {
    const a = new Agent(app);
    const form = await a.get('/services/bromley/subscribe');
    expect(htmlLang(form.body)).toBe('en-GB');
    expect(titleOf(form.body)).toContain('Get emails about Bromley');
    expect(form.body).toContain('We will email you when an inspection report on Bromley');
    expect(form.body).not.toContain('Saesneg');
    const bad = await a.post('/services/bromley/subscribe', { email: '' });
    expect(bad.statusCode).toBe(400);
    expect(titleOf(bad.body)).toMatch(/^Error:/);
    expect(bad.body).toContain('Enter your email address');
    const link = await a.get('/subscriptions/not-a-token/confirm');
    expect(link.statusCode).toBe(404);
    expect(link.body).toContain('This link does not work');
  });
});
