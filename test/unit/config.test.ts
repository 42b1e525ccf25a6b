import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETENTION,
  parseRetentionPeriod,
  RETENTION_KINDS,
  RETENTION_RULES,
} from '../../src/domain/retention.ts';
import { DEFAULT_CLAIMS_RATE_LIMIT, loadConfig } from '../../src/setup/config.ts';

describe('the claims checker allowance in the configuration', () => {
  it('is on by default, can be set or turned off, and refuses what is not a whole number', () => {
    expect(loadConfig({}).claimsRateLimitPerMinute).toBe(DEFAULT_CLAIMS_RATE_LIMIT);
    expect(DEFAULT_CLAIMS_RATE_LIMIT).toBeGreaterThan(0);
    expect(loadConfig({ CLAIMS_RATE_LIMIT_PER_MINUTE: '120' }).claimsRateLimitPerMinute).toBe(120);
    expect(loadConfig({ CLAIMS_RATE_LIMIT_PER_MINUTE: '0' }).claimsRateLimitPerMinute).toBe(0);
    for (const bad of ['-1', 'lots', '2.5'])
      expect(() => loadConfig({ CLAIMS_RATE_LIMIT_PER_MINUTE: bad })).toThrow(/CLAIMS_RATE_LIMIT_PER_MINUTE/);
  });
});

const prod = { NODE_ENV: 'production', COOKIE_SECRET: 's'.repeat(40), PUBLIC_BASE_URL: 'https://register.example.org' };

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8, 127.0.0.1,loopback, ::1, fd00::/8', ['10.0.0.0/8', '127.0.0.1', 'loopback', '::1', 'fd00::/8']],
  ])('%j means %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['true', 'yes', '10.0.0.0/33', '300.1.1.1', 'proxy.example', '1.5', '-1', '10.0.0.1,'.repeat(2) + 'x'])(
    'refuses %j',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY: must be false, a hop count, or proxy addresses/,
      );
    },
  );
});

describe('PUBLIC_BASE_URL', () => {
  it('defaults to the local address outside production, and keeps only the origin', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://Register.Example.org/' }).publicBaseUrl).toBe(
      'https://register.example.org',
    );
  });

  it.each([
    'javascript:alert(1)',
    'ftp://register.example.org',
    'https://register.example.org/register',
    'https://register.example.org/?x=1',
    'https://user:pw@register.example.org',
    'register.example.org',
  ])('refuses %j', (value) => {
    expect(() => loadConfig({ PUBLIC_BASE_URL: value })).toThrow(/PUBLIC_BASE_URL: must be/);
  });

  it('is required in production, as COOKIE_SECRET is', () => {
    expect(loadConfig(prod).publicBaseUrl).toBe('https://register.example.org');
    expect(() => loadConfig({ ...prod, PUBLIC_BASE_URL: undefined })).toThrow(
      'PUBLIC_BASE_URL: required in production',
    );
    expect(() => loadConfig({ ...prod, PUBLIC_BASE_URL: '' })).toThrow('PUBLIC_BASE_URL: required in production');
  });
});

describe('SMTP_URL and MAIL_FROM', () => {
  it('unset (the default), mail is not sent; set, it is an smtp:// or smtps:// URL', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ SMTP_URL: '' }).smtpUrl).toBeUndefined();
    expect(loadConfig({ SMTP_URL: 'smtp://user:pw@mail.example.org:587' }).smtpUrl).toBe(
      'smtp://user:pw@mail.example.org:587',
    );
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.org' }).smtpUrl).toBe('smtps://mail.example.org');
    for (const bad of ['http://mail.example.org', 'mail.example.org', 'smtp://'])
      expect(() => loadConfig({ SMTP_URL: bad })).toThrow(/SMTP_URL: must/);
  });

  it('MAIL_FROM is an address or a name and <address> on one line, and is required in production with SMTP_URL', () => {
    expect(loadConfig({ MAIL_FROM: 'no-reply@example.org' }).mailFrom).toBe('no-reply@example.org');
    expect(loadConfig({ MAIL_FROM: 'Register <no-reply@example.org>' }).mailFrom).toBe(
      'Register <no-reply@example.org>',
    );
    for (const bad of [
      'no-reply',
      'Register <no-reply@example.org',
      'a@b\r\nBcc: x@y',
      'A <a@b> <c@d>',
      '@example.org',
    ])
      expect(() => loadConfig({ MAIL_FROM: bad })).toThrow(/MAIL_FROM: must be an email address/);
    expect(loadConfig(prod).smtpUrl).toBeUndefined();
    expect(() => loadConfig({ ...prod, SMTP_URL: 'smtp://mail.example.org' })).toThrow(
      'MAIL_FROM: required in production',
    );
  });
});

describe('the retention policy in the configuration', () => {
  it('has the documented defaults, takes days, months, years or never per kind, and names a bad value', () => {
    const c = loadConfig({});
    expect(c.retention).toEqual(DEFAULT_RETENTION);
    expect(c.retention.caseAssessments).toEqual({ n: 6, unit: 'months' });
    expect(c.retention.sessions).toEqual({ n: 0, unit: 'days' });
    expect(c.retention.auditEvents).toEqual({ n: 6, unit: 'years' });
    const set = loadConfig({
      RETENTION_CASE_ASSESSMENTS: '3 months',
      RETENTION_SIGN_IN_ATTEMPTS: '1 day',
      RETENTION_AUDIT_EVENTS: 'never',
      RETENTION_CASE_LISTS: '',
    }).retention;
    expect(set.caseAssessments).toEqual({ n: 3, unit: 'months' });
    expect(set.signInAttempts).toEqual({ n: 1, unit: 'days' });
    expect(set.auditEvents).toBeNull();
    expect(set.caseListEntries).toEqual(DEFAULT_RETENTION.caseListEntries);
    for (const bad of ['6', 'six months', '-1 days', '2 weeks', '6 months ago'])
      expect(() => loadConfig({ RETENTION_CASE_ASSESSMENTS: bad })).toThrow(
        /RETENTION_CASE_ASSESSMENTS: must be a number of days, months or years/,
      );
  });

  it('names one variable per kind, each with a default the parser reads', () => {
    const envs = RETENTION_KINDS.map((k) => RETENTION_RULES[k].env);
    expect(new Set(envs).size).toBe(RETENTION_KINDS.length);
    for (const k of RETENTION_KINDS) expect(parseRetentionPeriod(RETENTION_RULES[k].default)).toBeTruthy();
  });
});

describe('INSPECTORATE_NAME', () => {
  it('defaults to HM Inspectorate of Probation, can be set, and refuses an empty name', () => {
    expect(loadConfig({}).inspectorateName).toBe('HM Inspectorate of Probation');
    expect(loadConfig({ INSPECTORATE_NAME: ' Inspectorate of Probation Wales ' }).inspectorateName).toBe(
      'Inspectorate of Probation Wales',
    );
    expect(() => loadConfig({ INSPECTORATE_NAME: '  ' })).toThrow(/INSPECTORATE_NAME: must not be empty/);
  });
});
