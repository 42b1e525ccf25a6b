import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type * as Sass from 'sass';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const BUILD_DIR = resolve(ROOT, 'build', 'assets');
const SOURCE = resolve(import.meta.dirname, 'assets', 'app.scss');

/**
 * Compiles the stylesheet (GOV.UK Frontend + MoJ Frontend with Arial instead of GDS Transport)
 * into build/assets/app.css when it is missing or older than its source. `npm install` runs this
 * too (postinstall), so a first start normally finds it ready.
 */
export function ensureStylesheet(): string {
  const out = resolve(BUILD_DIR, 'app.css');
  const stamp = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0);
  const pkg = resolve(ROOT, 'node_modules', 'govuk-frontend', 'package.json');
  if (stamp(out) > Math.max(stamp(SOURCE), stamp(pkg))) return out;
  // Sass is loaded only when the stylesheet must be compiled (install and build compile it, so a
  // server normally never does): loaded at import, it held about 50 MB in every process.
  const sass = createRequire(import.meta.url)('sass') as typeof Sass;
  const css = sass.compile(SOURCE, {
    loadPaths: [ROOT, resolve(ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    logger: sass.Logger.silent,
  }).css;
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(out, css);
  return out;
}

/**
 * The CSP hash of the GOV.UK template's one inline script, read from the template itself so an
 * upgrade that changes the script changes the hash (and a test fails if the page is blocked).
 */
export const GOVUK_INLINE_SCRIPT_HASH = (() => {
  const template = readFileSync(
    resolve(ROOT, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'template.njk'),
    'utf8',
  );
  const m = /<script[^>]*>(document\.body\.className[^<]*)<\/script>/.exec(template);
  if (!m)
    throw new Error(
      'govuk-frontend template.njk: the inline js-enabled script was not found; update GOVUK_INLINE_SCRIPT_HASH',
    );
  return `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`;
})();

export function packageDir(name: string): string {
  return resolve(ROOT, 'node_modules', name);
}

export function readPackageVersion(name: string): string {
  return (JSON.parse(readFileSync(resolve(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

if (process.argv[1] === import.meta.filename) {
  console.log(`stylesheet ready: ${ensureStylesheet()}`);
}
