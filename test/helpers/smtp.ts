import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the test SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  /** The body, quoted-printable decoded. */
  text: string;
  raw: string;
}

/** Quoted-printable (RFC 2045) decoded as UTF-8: soft line breaks joined, =XX bytes restored. */
function decodeQuotedPrintable(s: string): string {
  const joined = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) =>
    head
      .split('\r\n')
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const qp = /quoted-printable/i.test(header('Content-Transfer-Encoding'));
  return {
    from,
    to,
    subject: header('Subject'),
    messageId: header('Message-ID'),
    text: (qp ? decodeQuotedPrintable(body) : body).replace(/\r\n/g, '\n'),
    raw,
  };
}

/**
 * A real SMTP server in the test process on a random port (no TLS, no authentication needed),
 * keeping what arrives. `reject` makes it refuse every message with a temporary failure, as a
 * mail server that is down or over quota does.
 */
export async function startSmtpServer(opts: { reject?: boolean } = {}) {
  const received: ReceivedMail[] = [];
  let reject = opts.reject ?? false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (reject) {
          const err = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
          return callback(err);
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push(
          parse(
            Buffer.concat(chunks).toString('utf8'),
            from,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    setReject: (v: boolean) => {
      reject = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
