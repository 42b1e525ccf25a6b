import type { Transporter } from 'nodemailer';
import { retryDelayMs } from '../domain/mail.ts';
import type { Db } from '../store/db.ts';
import { claimDue, markFailed, markSent, type ClaimedMessage } from '../store/outbox-repo.ts';
import { every } from './every.ts';

/** One email as the transport sends it. */
export interface OutgoingMail {
  /** The outbox id, sent as the Message-ID so a receiver can tell a resent copy from a new email. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

/** Delivers one email or throws; the outbox decides what a failure means. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Each SMTP step's time limit. Together they are well inside the claim's lease (see LEASE_MS). */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/**
 * The SMTP transport (nodemailer) for SMTP_URL: smtp:// upgrades with STARTTLS when the server offers
 * it, smtps:// is TLS throughout.
 */
export function smtpTransport(url: string): MailTransport {
  // nodemailer (about 8 MB resident) is loaded with the first email, not at start: an instance
  // with nothing in its outbox never needs it.
  let made: Promise<Transporter> | undefined;
  const transporter = () =>
    (made ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({ url, ...SMTP_TIMEOUTS }),
    ));
  return {
    async send(m) {
      const t = await transporter();
      await t.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        messageId: `<${m.id}@outbox.inspectorate>`,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () =>
      void made?.then(
        (t) => t.close(),
        () => {},
      ),
  };
}

export interface SenderOptions {
  from: string;
  /** Messages claimed per run. */
  batch?: number;
  /** How long a claim holds before another sender may take the message (a sender that died). */
  leaseMs?: number;
  /** Attempts before a message is dead. */
  maxAttempts?: number;
  /** The first retry's wait; each later one doubles, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Longer than the SMTP time limits add up to, so a live sender's claim never lapses mid-send. */
export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 8;

/** Why delivery failed, in a line an administrator can act on (the SMTP reply when there is one). */
function describe(e: unknown): string {
  if (e && typeof e === 'object') {
    const x = e as { responseCode?: number; response?: string; code?: string; message?: string };
    if (x.response) return `${x.responseCode ?? ''} ${x.response}`.trim();
    if (x.message) return x.code ? `${x.code}: ${x.message}` : x.message;
  }
  return String(e);
}

/**
 * One run of the sender: claims the due messages (store/outbox-repo.ts: each is claimed by one
 * sender at a time across instances), sends each, and records the outcome under the claim. A
 * failure is tried again after an exponentially growing wait, and after `maxAttempts` the message
 * is dead (an administrator can queue it again).
 */
export async function sendDue(
  db: Db,
  now: () => Date,
  transport: MailTransport,
  opts: SenderOptions,
): Promise<{ sent: number; retrying: number; dead: number }> {
  const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  const claimed = await claimDue(db, now(), opts.batch ?? 20, opts.leaseMs ?? LEASE_MS, maxAttempts);
  const out = { sent: 0, retrying: 0, dead: 0 };
  for (const m of claimed) {
    try {
      await transport.send(toMail(m, opts.from));
    } catch (e) {
      const dead = m.attempts >= maxAttempts;
      const wait = retryDelayMs(m.attempts, opts.baseDelayMs ?? 60_000, opts.maxDelayMs ?? 6 * 3_600_000);
      await markFailed(db, m, describe(e), dead ? { dead } : { dead, retryAt: new Date(now().getTime() + wait) });
      out[dead ? 'dead' : 'retrying']++;
      continue;
    }
    if (await markSent(db, m, now())) out.sent++;
  }
  return out;
}

const toMail = (m: ClaimedMessage, from: string): OutgoingMail => ({
  id: m.id,
  from,
  to: m.recipient,
  subject: m.subject,
  text: m.textBody,
  html: m.htmlBody,
});

export interface MailJobLog {
  info: (fields: Record<string, unknown>, message: string) => void;
  error: (e: unknown) => void;
}

/**
 * Runs the sender every `everyMs` (and once now); returns a stop function that resolves when the
 * batch in progress has finished. Without a transport (no
 * SMTP_URL) nothing is sent: mail stays queued in the outbox, where administrators can read it.
 * Errors are logged, never fatal.
 */
export function startMailJob(
  db: Db,
  now: () => Date,
  log: MailJobLog,
  opts: SenderOptions & { transport: MailTransport | null; everyMs?: number },
): () => Promise<void> {
  const { transport } = opts;
  if (!transport) {
    log.info({}, 'SMTP_URL is not set: email is kept in the outbox and not sent');
    return async () => {};
  }
  const stop = every(
    opts.everyMs ?? 5000,
    async () => {
      const r = await sendDue(db, now, transport, opts);
      if (r.sent || r.retrying || r.dead) log.info(r, 'mail sent');
    },
    (e) => log.error(e),
  );
  return async () => {
    await stop();
    transport.close();
  };
}
