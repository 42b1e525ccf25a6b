import { resolve } from 'node:path';
import { z } from 'zod';

/** The public claims checker is costly per request and needs no sign-in, so it is rationed by default. */
export const DEFAULT_CLAIMS_RATE_LIMIT = 30;

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
  /** Claims checks (API and page together) one client address may make a minute; 0 turns the limit off. */
  CLAIMS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_CLAIMS_RATE_LIMIT),
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
  claimsRateLimitPerMinute: number;
}

const DEV_COOKIE_SECRET = 'development-only-cookie-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = ConfigSchema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const c = r.data;
  if (c.NODE_ENV === 'production' && !c.COOKIE_SECRET) throw new Error('Invalid configuration:\n  COOKIE_SECRET: required in production');
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
    claimsRateLimitPerMinute: c.CLAIMS_RATE_LIMIT_PER_MINUTE,
  };
}
