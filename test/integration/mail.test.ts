import { eq } from 'drizzle-orm';
import { describe, expect, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/setup/config.ts';
import { sendDue, smtpTransport, startMailJob, type MailTransport } from '../../src/jobs/mail.ts';
import { publishDue } from '../../src/jobs/publication.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { enqueueMail, SENSITIVE_BODY_SENT } from '../../src/store/outbox-repo.ts';
import { auditEvents, outbox, subscriptions, subscriptionTokens } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';
import { onPostgres } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp.ts';

const test = appTest();
const it = test;
const FROM = 'Register <no-reply@register.test>';

/** A real SMTP server for one test, closed when it ends, and a sender transport to it. */
async function smtp(opts: { reject?: boolean } = {}) {
  const server = await startSmtpServer(opts);
  const transport = smtpTransport(server.url);
  onTestFinished(async () => {
    transport.close();
    await server.close();
  });
  return { ...server, transport };
}

const linkIn = (mail: ReceivedMail, kind: 'confirm' | 'unsubscribe') => {
  const m = new RegExp(`http://127\\.0\\.0\\.1(/subscriptions/[A-Za-z0-9_-]+/${kind})`).exec(mail.text);
  if (!m) throw new Error(`no ${kind} link in:\n${mail.text}`);
  return m[1]!;
};
/**
 * Tests in this file share a database: a test that counts what arrives first sends whatever earlier
 * tests left queued to nowhere, so it counts only its own messages.
 */
async function drain(db: Db, now: () => Date) {
  const sink: MailTransport = { send: async () => {}, close: () => {} };
  while ((await sendDue(db, now, sink, { from: FROM, batch: 100 })).sent);
}
const messagesTo = (db: Db, recipient: string) => db.select().from(outbox).where(eq(outbox.recipient, recipient));

/** Follows a link from an email as a person would: open it, then press the button on the page. */
async function follow(agent: Agent, path: string) {
  const page = await agent.get(path);
  expect(page.statusCode).toBe(200);
  return agent.post(path);
}

describe('subscriptions: double opt-in, publication email, unsubscribe', () => {
  it('only confirmed subscribers get the publication email, exactly one each; unsubscribe stops it', async ({
    app,
    build,
    database,
    clock,
  }) => {
    const mail = await smtp();
    await drain(database.db, clock.now);
    const svc = await build.service();
    await build.inspection({ status: 'scheduled', service: svc, publishAt: new Date('2026-12-01T00:01:00Z') });
    const send = () => sendDue(database.db, clock.now, mail.transport, { from: FROM });

    const visitor = new Agent(app);
    const form = await visitor.get(`/services/${svc.slug}/subscribe`);
    expect(form.statusCode).toBe(200);
    const addresses = ['ada@example.test', 'ben@example.test', 'cy@example.test'];
    const pages = [];
    for (const email of addresses) pages.push(await visitor.post(`/services/${svc.slug}/subscribe`, { email }));
    // The same address again, typed differently: the same answer, and no second email within the hour.
    pages.push(await visitor.post(`/services/${svc.slug}/subscribe`, { email: 'ADA@example.test' }));
    for (const p of pages) expect(p.statusCode).toBe(200);
    expect(pages[3]!.body.replace(/ADA@example\.test/g, 'ada@example.test')).toBe(pages[0]!.body);

    expect(await send()).toEqual({ sent: 3, retrying: 0, dead: 0 });
    expect(mail.received.map((m) => m.to[0]).sort()).toEqual(addresses);
    for (const m of mail.received) {
      expect(m.subject).toBe(`Confirm you want emails about ${svc.name}`);
      expect(m.from).toBe('no-reply@register.test');
    }
    // Tokens are random and only their hashes are stored.
    const links = mail.received.map((m) => linkIn(m, 'confirm'));
    expect(new Set(links).size).toBe(3);
    const stored = (await database.db.select().from(subscriptionTokens)).map((t) => t.tokenHash);
    for (const l of links) expect(stored.some((h) => l.includes(h))).toBe(false);

    // The confirmation page (a GET only shows it) names the site in its title and the service in its text.
    const cyConfirm = await app.inject({
      url: linkIn(
        mail.received.find((m) => m.to[0] === 'cy@example.test')!,
        'confirm',
      ),
    });
    expect(cyConfirm.body).toMatch(/<title>Confirm your subscription – Youth justice inspection register<\/title>/);
    expect(cyConfirm.body).toContain(`when an inspection report on ${svc.name} is published`);
    // Ada and Ben confirm; Cy never does.
    for (const to of ['ada@example.test', 'ben@example.test']) {
      const res = await follow(
        new Agent(app),
        linkIn(
          mail.received.find((m) => m.to[0] === to)!,
          'confirm',
        ),
      );
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Subscription confirmed');
    }
    // A used confirmation link no longer works.
    const adaLink = linkIn(
      mail.received.find((m) => m.to[0] === 'ada@example.test')!,
      'confirm',
    );
    expect((await new Agent(app).get(adaLink)).statusCode).toBe(404);
    // A confirmed address asking again gets the same page and no email.
    const again = await visitor.post(`/services/${svc.slug}/subscribe`, { email: 'ben@example.test' });
    expect(again.body).toContain('Check your email');
    expect(await messagesTo(database.db, 'ben@example.test')).toHaveLength(1);

    // Publication: the job's run queues the subscribers' email in its own transaction.
    mail.received.length = 0;
    const notify = app.services.notifications.published;
    clock.set(new Date('2026-12-01T00:02:00Z'));
    expect(await publishDue(database.db, clock.now(), notify)).toHaveLength(1);
    expect(await publishDue(database.db, clock.now(), notify)).toHaveLength(0);
    await send();
    await send();
    expect(mail.received.map((m) => m.to[0]).sort()).toEqual(['ada@example.test', 'ben@example.test']);
    const ada = mail.received.find((m) => m.to[0] === 'ada@example.test')!;
    expect(ada.subject).toBe(`Inspection report published: ${svc.name}`);
    expect(ada.text).toContain('/inspections/');

    // Ada unsubscribes from the link in that email.
    const bye = await follow(new Agent(app), linkIn(ada, 'unsubscribe'));
    expect(bye.body).toContain('You have unsubscribed');
    const [sub] = await database.db.select().from(subscriptions).where(eq(subscriptions.email, 'ada@example.test'));
    expect(sub!.state).toBe('unsubscribed');
    expect((await new Agent(app).get(linkIn(ada, 'unsubscribe'))).statusCode).toBe(404);
  });

  it('rejects a malformed address beside the field, and limits requests from one address', async ({ app, build }) => {
    const svc = await build.service();
    const visitor = new Agent(app);
    await visitor.get(`/services/${svc.slug}/subscribe`);
    const bad = await visitor.post(`/services/${svc.slug}/subscribe`, { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address in the correct format');
    let last = bad;
    for (let i = 0; i < 12 && last.statusCode !== 429; i++)
      last = await visitor.post(`/services/${svc.slug}/subscribe`, { email: `x${i}@example.test` });
    expect(last.statusCode).toBe(429);
    expect(last.headers['retry-after']).toBeDefined();
  });
});

describe('the sender', () => {
  it('two senders on the same database deliver each message once', async ({ database, clock }) => {
    const mail = await smtp();
    await drain(database.db, clock.now);
    const n = 30;
    for (let i = 0; i < n; i++)
      await enqueueMail(
        database.db,
        {
          kind: 'report_published',
          recipient: `reader${i}@example.test`,
          subject: `Message ${i}`,
          text: `Body ${i}`,
          dedupeKey: `two-senders:${i}`,
        },
        clock.now(),
      );
    // A second instance: its own connection pool on PostgreSQL; on PGlite the one embedded database.
    const second = onPostgres ? await openDatabase({ databaseUrl: database.url }) : database;
    if (second !== database) onTestFinished(() => second.close());
    // Each send takes a moment, so the two runs overlap for their whole length.
    const slow: MailTransport = {
      send: async (m) => {
        await new Promise((r) => setTimeout(r, 5));
        await mail.transport.send(m);
      },
      close: () => {},
    };
    // Connections open before the race, so both senders start at once; each claims a few at a time
    // until nothing is left, so their claims interleave for the whole run.
    await Promise.all([database.ping(), second.ping(), database.ping()]);
    const sender = async (db: Db) => {
      let sent = 0;
      for (let r; (r = await sendDue(db, clock.now, slow, { from: FROM, batch: 4 })).sent;) sent += r.sent;
      return { sent };
    };
    const runs = await Promise.all([sender(database.db), sender(second.db), sender(database.db)]);
    expect(runs.reduce((a, r) => a + r.sent, 0)).toBe(n);
    const ids = mail.received.map((m) => m.messageId);
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    const rows = await database.db.select().from(outbox);
    expect(rows.filter((r) => r.dedupeKey.startsWith('two-senders:')).every((r) => r.state === 'sent')).toBe(true);
    // The same notification is never queued twice.
    expect(
      await enqueueMail(
        database.db,
        { kind: 'report_published', recipient: 'x@example.test', subject: 's', text: 't', dedupeKey: 'two-senders:0' },
        clock.now(),
      ),
    ).toBe(false);
  });

  it('a refusing mail server: retried with growing waits, then dead; an admin sees it and queues it again', async ({
    database,
    clock,
    build,
    signIn,
  }) => {
    const mail = await smtp({ reject: true });
    await drain(database.db, clock.now);
    await enqueueMail(
      database.db,
      {
        kind: 'report_published',
        recipient: 'refused@example.test',
        subject: 'Refused',
        text: 'Body',
        dedupeKey: 'refused',
      },
      clock.now(),
    );
    const opts = { from: FROM, maxAttempts: 3, baseDelayMs: 60_000 };
    const row = async () => (await messagesTo(database.db, 'refused@example.test'))[0]!;

    expect(await sendDue(database.db, clock.now, mail.transport, opts)).toEqual({ sent: 0, retrying: 1, dead: 0 });
    let r = await row();
    expect([r.state, r.attempts, r.lastError]).toEqual(['queued', 1, expect.stringContaining('451')]);
    expect(r.nextAttemptAt.getTime() - clock.now().getTime()).toBe(60_000);
    // Not due yet: nothing happens.
    expect(await sendDue(database.db, clock.now, mail.transport, opts)).toEqual({ sent: 0, retrying: 0, dead: 0 });
    clock.advance(60_000);
    await sendDue(database.db, clock.now, mail.transport, opts);
    r = await row();
    expect([r.state, r.attempts]).toEqual(['queued', 2]);
    expect(r.nextAttemptAt.getTime() - clock.now().getTime()).toBe(120_000);
    clock.advance(120_000);
    expect(await sendDue(database.db, clock.now, mail.transport, opts)).toEqual({ sent: 0, retrying: 0, dead: 1 });
    r = await row();
    expect([r.state, r.attempts]).toEqual(['dead', 3]);
    clock.advance(86_400_000);
    expect(await sendDue(database.db, clock.now, mail.transport, opts)).toEqual({ sent: 0, retrying: 0, dead: 0 });

    // The dead-letter view, and a retry (CSRF-checked, audited).
    const admin = await signIn(await build.account('admin'));
    const page = await admin.get('/workspace/outbox?state=dead');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('refused@example.test');
    expect(page.body).toContain('451 Mailbox temporarily unavailable');
    const forged = await admin.post(`/workspace/outbox/${r.id}/retry`, { _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect((await row()).state).toBe('dead');
    const retried = await admin.post(`/workspace/outbox/${r.id}/retry`);
    expect(retried.statusCode).toBe(303);
    expect([(await row()).state, (await row()).attempts]).toEqual(['queued', 0]);
    const events = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, r.id));
    expect(events.map((e) => [e.action, e.actorName])).toEqual([['retry', expect.stringContaining('admin')]]);
    // Retrying a message that is not dead is refused.
    await admin.get('/workspace/outbox');
    expect((await admin.post(`/workspace/outbox/${r.id}/retry`)).statusCode).toBe(409);

    mail.setReject(false);
    expect(await sendDue(database.db, clock.now, mail.transport, opts)).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(mail.received.map((m) => m.to[0])).toEqual(['refused@example.test']);
  });

  it('a sender that dies mid-send: its claim lapses and another sender sends the message', async ({
    database,
    clock,
  }) => {
    const mail = await smtp();
    await drain(database.db, clock.now);
    await enqueueMail(
      database.db,
      { kind: 'report_published', recipient: 'lapse@example.test', subject: 'Lapse', text: 'Body', dedupeKey: 'lapse' },
      clock.now(),
    );
    // The transport hangs for ever once handed the message: the sender has claimed it by then.
    let handed!: () => void;
    const handedOver = new Promise<void>((r) => (handed = r));
    const dies: MailTransport = {
      send: () => {
        handed();
        return new Promise(() => {});
      },
      close: () => {},
    };
    void sendDue(database.db, clock.now, dies, { from: FROM, leaseMs: 60_000 });
    await handedOver;
    expect((await messagesTo(database.db, 'lapse@example.test'))[0]!.state).toBe('sending');
    // Within the lease nobody else takes it.
    expect((await sendDue(database.db, clock.now, mail.transport, { from: FROM })).sent).toBe(0);
    clock.advance(60_000);
    expect((await sendDue(database.db, clock.now, mail.transport, { from: FROM })).sent).toBe(1);
    expect(mail.received).toHaveLength(1);
  });

  it('with no SMTP_URL nothing is sent: mail stays queued and the admin page shows it', async ({
    database,
    clock,
    build,
    signIn,
  }) => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL: must be an smtp/);
    const mail = await smtp();
    await enqueueMail(
      database.db,
      {
        kind: 'report_published',
        recipient: 'kept@example.test',
        subject: 'Kept in the outbox',
        text: 'Body',
        dedupeKey: 'kept',
      },
      clock.now(),
    );
    const logged: string[] = [];
    const stop = startMailJob(
      database.db,
      clock.now,
      { info: (_f, m) => logged.push(m), error: (e) => logged.push(String(e)) },
      { transport: loadConfig({}).smtpUrl ? smtpTransport(mail.url) : null, from: FROM, everyMs: 10 },
    );
    onTestFinished(stop);
    await new Promise((r) => setTimeout(r, 100));
    expect(logged).toEqual(['SMTP_URL is not set: email is kept in the outbox and not sent']);
    expect(mail.received).toHaveLength(0);
    const [kept] = await messagesTo(database.db, 'kept@example.test');
    expect([kept!.state, kept!.attempts]).toEqual(['queued', 0]);

    const admin = await signIn(await build.account('admin'));
    const page = await admin.get('/workspace/outbox?state=queued');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No mail server is configured');
    expect(page.body).toMatch(/kept@example\.test<\/td>\s*<td class="govuk-table__cell">Kept in the outbox/);
    // Only administrators see the outbox.
    const lead = await signIn(await build.account('lead_inspector'));
    expect((await lead.get('/workspace/outbox')).statusCode).toBe(403);
  });
});

describe('notifications at handovers', () => {
  it('the service is told when its draft is shared, the lead when it comments, once each', async ({
    build,
    database,
    signIn,
  }) => {
    const svc = await build.service();
    const user = await build.account('service_user', { service: svc });
    const insp = await build.inspection({ status: 'factual_accuracy', service: svc });
    const toUser = await messagesTo(database.db, user.email);
    expect(toUser.map((m) => [m.kind, m.inspectionId])).toEqual([['draft_shared', insp.id]]);
    expect(toUser[0]!.textBody).toContain(`/workspace/inspections/${insp.id}/factual-accuracy`);

    const agent = await signIn(user);
    const url = `/workspace/inspections/${insp.id}/factual-accuracy`;
    await agent.get(url);
    expect(
      (await agent.post(url, { section: 'standard:1.1', text: 'Paragraph 2 gives the wrong caseload.' })).statusCode,
    ).toBe(303);
    const toLead = await messagesTo(database.db, insp.lead.email);
    expect(toLead.map((m) => m.kind)).toEqual(['factual_accuracy_comment']);
    expect(toLead[0]!.textBody).toContain(`${user.name} has commented`);
  });

  it('a preview link emailed to its recipient: sent once, and its text not kept after sending', async ({
    app,
    build,
    database,
    clock,
    signIn,
  }) => {
    const mail = await smtp();
    await drain(database.db, clock.now);
    const insp = await build.inspection({ status: 'approved' });
    const publisher = await signIn(await build.account('publisher'));
    const url = `/workspace/inspections/${insp.id}/previews`;
    await publisher.get(url);
    const res = await publisher.post(url, {
      recipient: 'Pat Press, Daily Paper',
      recipientKind: 'press',
      days: '7',
      email: 'pat@paper.test',
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).toContain('emailed to');
    await sendDue(database.db, clock.now, mail.transport, { from: FROM });
    await sendDue(database.db, clock.now, mail.transport, { from: FROM });
    expect(mail.received.map((m) => m.to[0])).toEqual(['pat@paper.test']);
    const link = /http:\/\/127\.0\.0\.1(\/preview\/[A-Za-z0-9_-]+)/.exec(mail.received[0]!.text)![1]!;
    expect(res.body).toContain(link);
    expect((await new Agent(app).get(link)).statusCode).toBe(200);
    const [row] = await messagesTo(database.db, 'pat@paper.test');
    expect(row!.textBody).toBe(SENSITIVE_BODY_SENT);
  });
});
