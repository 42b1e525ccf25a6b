import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  parseRetentionPeriod,
  RETENTION_KINDS,
  RETENTION_RULES,
  type RetentionKind,
  type RetentionPeriod,
  type RetentionPolicy,
} from '../domain/retention.ts';
import { DEFAULT_FA_WORKING_DAYS } from '../domain/factual-accuracy.ts';

/** The public claims checker is costly per request and needs no sign-in, so it is rationed by default. */
export const DEFAULT_CLAIMS_RATE_LIMIT = 30;
/** proxy-addr's names for whole ranges, which Fastify accepts beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (s: string) => {
  if (PROXY_RANGE_NAMES.has(s)) return true;
  const [addr = '', bits, ...rest] = s.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

/**
 * Which proxies may set X-Forwarded-For: none (the default: the socket's address is the client's),
 * a number of hops, or the proxies' addresses. 'true' (trust anyone) is refused: it lets any
 * client choose the address that rate limits and the audit trail see.
 */
const TrustProxy = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): false | number | string[] => {
    if (v === undefined || v === '' || v === 'false') return false;
    if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
    const list = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const bad = list.filter((x) => !isProxyAddress(x));
    if (list.length && !bad.length) return list;
    const message = `must be false, a hop count, or proxy addresses/CIDRs separated by commas (not ${bad[0] ?? v})`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

/** The site's own origin, for every absolute link: never taken from a request's Host or X-Forwarded-Host. */
const PublicBaseUrl = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL', abort: true })
    .refine((v) => {
      const u = new URL(v);
      return u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password;
    }, 'must be an origin only, like https://register.example.org (no path)')
    .transform((v) => new URL(v).origin)
    .optional(),
);

/**
 * Where the sender job delivers email: smtp:// (STARTTLS when the server offers it) or smtps://,
 * with any user and password in the URL. Unset, mail is kept in the outbox and nothing is sent.
 */
const SmtpUrl = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL', abort: true })
    .refine((v) => !!new URL(v).hostname, 'must name the mail server, like smtp://mail.example.org:587')
    .optional(),
);

/** "a@b" or "Name <a@b>", on one line (string steps rather than one regex, so the check stays linear). */
function isMailbox(v: string): boolean {
  const lt = v.indexOf('<');
  const name = lt === -1 ? '' : v.slice(0, lt);
  const addr = lt === -1 ? v : v.endsWith('>') ? v.slice(lt + 1, -1) : '';
  return !/[\r\n<>@]/.test(name) && /^[^\s@<>]+@[^\s@<>]+$/.test(addr);
}

/** The From of every email: an address, or a name and an address ("Register <no-reply@example.org>"). */
const MailFrom = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .trim()
    .max(320)
    .refine(isMailbox, { message: 'must be an email address, or a name and <address>' })
    .optional(),
);

/** A retention period: "6 months", "90 days", "6 years", "0 days" or "never"; unset, the project's default. */
const retentionPeriod = (kind: RetentionKind) =>
  z
    .string()
    .optional()
    .transform((v, ctx): RetentionPeriod => {
      const p = parseRetentionPeriod(v === undefined || v.trim() === '' ? RETENTION_RULES[kind].default : v);
      if (p !== undefined) return p;
      ctx.addIssue({
        code: 'custom',
        message: 'must be a number of days, months or years (like "6 months"), or never',
      });
      return z.NEVER;
    });

/** One variable per kind of record the retention job removes (domain/retention.ts, docs/data-protection.md). */
const RetentionSchema = Object.fromEntries(
  RETENTION_KINDS.map((k) => [RETENTION_RULES[k].env, retentionPeriod(k)]),
) as Record<string, ReturnType<typeof retentionPeriod>>;

/** Configuration comes from the environment and is validated once, with a clear message per bad variable. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().default('./data/pglite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Signs the CSRF cookie. Must be set (32+ characters) in production; shared by every instance. */
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Send cookies only over HTTPS. Defaults to on in production. */
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  /** How long a rendered public page may be reused (ms); 0 turns the page cache off. */
  PAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5000),
  /** The most memory the page cache's stored pages may take, in megabytes. */
  PAGE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(32),
  /** Claims checks (API and page together) one client address may make a minute; 0 turns the limit off. */
  CLAIMS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_CLAIMS_RATE_LIMIT),
  /** The largest evidence file a progress update may carry, in megabytes. */
  EVIDENCE_MAX_MB: z.coerce.number().int().min(1).max(100).default(10),
  TRUST_PROXY: TrustProxy,
  /** Required in production; defaults to http://127.0.0.1:<PORT> elsewhere. */
  PUBLIC_BASE_URL: PublicBaseUrl,
  SMTP_URL: SmtpUrl,
  /** Required in production when SMTP_URL is set. */
  MAIL_FROM: MailFrom,
  /**
   * Working days the service has for its factual-accuracy comments on a draft report (weekends are
   * not counted; bank holidays are). HMIP's practice is ten.
   */
  FA_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(DEFAULT_FA_WORKING_DAYS),
  /** The inspectorate the reports are by: the published PDF's author. */
  INSPECTORATE_NAME: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  /** A known issue to tell the public on the status page (plain text); unset, none is shown. */
  STATUS_NOTICE: z.string().trim().max(1000, 'at most 1000 characters').optional(),
  ...RetentionSchema,
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  cookieSecret: string;
  secureCookies: boolean;
  pageCacheTtlMs: number;
  pageCacheMaxBytes: number;
  claimsRateLimitPerMinute: number;
  /** The largest evidence file a progress update may carry (bytes). */
  evidenceMaxBytes: number;
  /** Passed to Fastify's trustProxy: false, a hop count, or the proxies' addresses. */
  trustProxy: false | number | string[];
  /** Origin of every absolute link the service writes (feed, sitemap, API, preview links). */
  publicBaseUrl: string;
  /** The mail server the sender job delivers to; unset, mail stays in the outbox. */
  smtpUrl: string | undefined;
  /** The From of every email. */
  mailFrom: string;
  /** A known issue the status page tells the public, or undefined. */
  statusNotice: string | undefined;
  /** How long each kind of personal data is kept, and after what (the retention job applies it). */
  retention: RetentionPolicy;
  /** Working days from sending the draft to the factual-accuracy deadline. */
  factualAccuracyWorkingDays: number;
  /** The inspectorate the reports are by (the PDF's author). */
  inspectorateName: string;
}

export const DEFAULT_INSPECTORATE_NAME = 'HM Inspectorate of Probation';

const DEV_COOKIE_SECRET = 'development-only-cookie-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = ConfigSchema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const c = r.data;
  const required = ['COOKIE_SECRET', 'PUBLIC_BASE_URL'] as const;
  const missing: string[] = c.NODE_ENV === 'production' ? required.filter((k) => !c[k]) : [];
  if (c.NODE_ENV === 'production' && c.SMTP_URL && !c.MAIL_FROM) missing.push('MAIL_FROM');
  if (missing.length) {
    throw new Error(`Invalid configuration:\n${missing.map((k) => `  ${k}: required in production`).join('\n')}`);
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: resolve(c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    cookieSecret: c.COOKIE_SECRET ?? DEV_COOKIE_SECRET,
    secureCookies: c.SECURE_COOKIES ? c.SECURE_COOKIES === 'true' : c.NODE_ENV === 'production',
    pageCacheTtlMs: c.PAGE_CACHE_TTL_MS,
    pageCacheMaxBytes: c.PAGE_CACHE_MAX_MB * 1024 * 1024,
    claimsRateLimitPerMinute: c.CLAIMS_RATE_LIMIT_PER_MINUTE,
    evidenceMaxBytes: c.EVIDENCE_MAX_MB * 1024 * 1024,
    trustProxy: c.TRUST_PROXY,
    publicBaseUrl: c.PUBLIC_BASE_URL ?? `http://127.0.0.1:${c.PORT}`,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM ?? 'Youth justice inspection register <no-reply@localhost>',
    statusNotice: c.STATUS_NOTICE || undefined,
    retention: Object.fromEntries(
      RETENTION_KINDS.map((k) => [k, (c as Record<string, unknown>)[RETENTION_RULES[k].env] as RetentionPeriod]),
    ) as RetentionPolicy,
    factualAccuracyWorkingDays: c.FA_WORKING_DAYS,
    inspectorateName: c.INSPECTORATE_NAME ?? DEFAULT_INSPECTORATE_NAME,
  };
}
