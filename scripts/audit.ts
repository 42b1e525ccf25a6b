// npm run audit: `npm audit` for high and critical advisories, failing on any. Called by .ci/run.
// Where the registry does not serve the audit endpoint (some mirrors answer 405), it says so
// plainly and exits 0: a check that could not run is reported as not run, never as passed.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report: {
  statusCode?: number;
  message?: string;
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable: unknown }>;
};
try {
  report = JSON.parse(run.stdout);
} catch {
  console.log(
    `npm audit: NOT CHECKED (npm printed no report: ${(run.stderr || run.stdout).trim().split('\n').at(-1)})`,
  );
  process.exit(0);
}
if (report.statusCode || !report.metadata) {
  console.log(`npm audit: NOT CHECKED (the registry refused the audit request: ${report.message ?? 'no metadata'})`);
  process.exit(0);
}
const counts = report.metadata.vulnerabilities ?? {};
const serious = Object.entries(report.vulnerabilities ?? {}).filter(
  ([, v]) => v.severity === 'high' || v.severity === 'critical',
);
console.log(
  `npm audit: ${Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')}`,
);
for (const [name, v] of serious) console.log(`  ${v.severity}: ${name}${v.fixAvailable ? ' (fix available)' : ''}`);
process.exit(serious.length ? 1 : 0);
