import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as sass from 'sass';

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
  const css = sass.compile(SOURCE, { loadPaths: [ROOT, resolve(ROOT, 'node_modules')], style: 'compressed', quietDeps: true, logger: sass.Logger.silent }).css;
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(out, css);
  return out;
}

export function packageDir(name: string): string {
  return resolve(ROOT, 'node_modules', name);
}

export function readPackageVersion(name: string): string {
  return (JSON.parse(readFileSync(resolve(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

if (process.argv[1] === import.meta.filename) {
  console.log(`stylesheet ready: ${ensureStylesheet()}`);
}
