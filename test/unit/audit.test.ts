import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/audit.ts runs `npm audit --json`; a stand-in npm on PATH gives it each kind of answer.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function audit(report: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-npm-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
  writeFileSync(join(dir, 'npm'), `#!/bin/sh\ncat "${join(dir, 'report.json')}"\n`);
  chmodSync(join(dir, 'npm'), 0o755);
  return spawnSync(process.execPath, ['--import', 'tsx', resolve('scripts/audit.ts')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
  });
}

describe('npm run audit', () => {
  it('fails on a high or critical advisory and names the package', () => {
    const r = audit({
      metadata: { vulnerabilities: { low: 1, high: 1, critical: 0 } },
      vulnerabilities: {
        'left-pad': { severity: 'high', via: [], fixAvailable: true },
        tiny: { severity: 'low', via: [], fixAvailable: false },
      },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('high: left-pad (fix available)');
    expect(r.stdout).not.toContain('tiny');
  });

  it('passes with only low and moderate advisories', () => {
    const r = audit({
      metadata: { vulnerabilities: { low: 2, moderate: 1, high: 0, critical: 0 } },
      vulnerabilities: { a: { severity: 'moderate', via: [], fixAvailable: false } },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('npm audit: 2 low, 1 moderate, 0 high, 0 critical');
  });

  it('says NOT CHECKED, never passed, when the registry refuses the audit endpoint', () => {
    const r = audit({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'npm audit: NOT CHECKED (the registry refused the audit request: 405 Method Not Allowed',
    );
  });
});
