import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateFramework, type Framework } from '../domain/framework.ts';

/** Where the versioned framework files live; overridable for tests. */
export const FRAMEWORKS_DIR = resolve(import.meta.dirname, '..', '..', 'frameworks');

export class FrameworkFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/** Reads and validates one framework file; the error names the file and each bad field. */
export function loadFrameworkFile(file: string): Framework {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FrameworkFileError(file, [{ path: '(file)', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const r = validateFramework(raw);
  if (!r.ok) throw new FrameworkFileError(file, r.problems);
  const expected = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  if (r.value.id !== expected)
    throw new FrameworkFileError(file, [
      { path: 'id', message: `id "${r.value.id}" must match the file name "${expected}"` },
    ]);
  return r.value;
}

export function loadFrameworks(dir = FRAMEWORKS_DIR): Framework[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadFrameworkFile(join(dir, f)));
}

/** The frameworks, loaded once per process (they are read-only data). */
let cache: Map<string, Framework> | undefined;
export function frameworkRegistry(): Map<string, Framework> {
  cache ??= new Map(loadFrameworks().map((f) => [f.id, f]));
  return cache;
}
