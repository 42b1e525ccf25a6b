import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDue, type MailTransport } from '../../src/jobs/mail.ts';
import { enqueueMail, markFailed, claimDue } from '../../src/store/outbox-repo.ts';
import { buildApp } from '../../src/web/app.ts';
import { browserAvailable, launch } from '../helpers/browser.ts';
import { builders } from '../helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { PublicPage, SignInPage } from './pages/index.ts';

let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: Awaited<ReturnType<typeof launch>>;
let admin: Page;
let visitor: Page;
let slug: string;
let confirmPath: string;

/** What the sender hands over, kept instead of sent: the confirmation link is read from it. */
const sent: string[] = [];
const keep: MailTransport = { send: async (m) => void sent.push(m.text), close: () => {} };

describe.runIf(browserAvailable)('email pages in a browser', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    const build = builders(t);
    const svc = await build.service();
    slug = svc.slug;
    const account = await build.account('admin');
    const now = new Date();
    // One message that could not be sent, with a long address and a long SMTP reply (the table must still reflow).
    const long = `a.very.long.local.part.that.does.not.wrap.easily@${'sub.'.repeat(8)}example.test`;
    await enqueueMail(
      t.db,
      { kind: 'report_published', recipient: long, subject: 'Dead', text: 'x', dedupeKey: 'd' },
      now,
    );
    const [claimed] = await claimDue(t.db, now, 1, 60_000, 8);
    await markFailed(t.db, claimed!, `550 5.1.1 ${'no-such-mailbox;'.repeat(12)}`, { dead: true });
    await enqueueMail(
      t.db,
      { kind: 'report_published', recipient: 'q@example.test', subject: 'Queued', text: 'x', dedupeKey: 'q' },
      now,
    );
    app = await buildApp({ database: t, config: { env: 'test', logLevel: 'silent' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launch();
    admin = await browser.context.newPage();
    await new SignInPage(admin, base).signIn(account.email, account.password);
    visitor = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it.each(['/workspace/outbox', '/workspace/outbox?state=dead', '/workspace/outbox?state=sent'])(
    'the outbox %s has no axe violations and reflows at 320px',
    async (path) => {
      const p = new PublicPage(admin, base);
      expect(await p.open(path)).toBe(200);
      await p.expectAccessible();
      await p.expectNoSideScroll();
    },
  );

  it('subscribing: the form, its error, "check your email", confirming: accessible, and 320px wide', async () => {
    const p = new PublicPage(visitor, base);
    expect(await p.open(`/services/${slug}/subscribe`)).toBe(200);
    await p.expectAccessible();
    await p.expectNoSideScroll();
    await visitor.getByLabel('Email address').fill('not an address');
    await visitor.getByRole('button', { name: 'Subscribe' }).click();
    expect(await p.errorSummary()).toContain('Enter an email address in the correct format');
    await p.expectAccessible();
    await visitor.getByLabel('Email address').fill('reader@example.test');
    await visitor.getByRole('button', { name: 'Subscribe' }).click();
    expect(await p.heading()).toBe('Check your email');
    await p.expectAccessible();

    await sendDue(t.db, () => new Date(), keep, { from: 'x@example.test' });
    confirmPath = /http:\/\/127\.0\.0\.1(\/subscriptions\/[A-Za-z0-9_-]+\/confirm)/.exec(sent.join('\n'))![1]!;
    expect(await p.open(confirmPath)).toBe(200);
    await p.expectAccessible();
    await p.expectNoSideScroll();
    await visitor.getByRole('button', { name: 'Confirm subscription' }).click();
    expect(await p.heading()).toBe('Subscription confirmed');
    await p.expectAccessible();
  });
});
