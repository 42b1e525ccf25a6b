import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Repositories in src/store are the only code that writes SQL or imports Drizzle's query builders
 * (docs/architecture.md, "Services and routes"). A source scan: cheap, and it names the file and
 * the line that crossed the boundary.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

const RULES: { what: string; pattern: RegExp }[] = [
  { what: 'imports drizzle-orm', pattern: /^import\s+(?!type\s)[^;]*?\bfrom\s+['"]drizzle-orm(\/[^'"]*)?['"]/m },
  {
    what: 'imports tables from store/schema.ts',
    pattern: /^import\s+(?!type\s)[^;]*?\bfrom\s+['"][^'"]*\/store\/schema\.ts['"]/m,
  },
  { what: 'writes sql`…`', pattern: /\bsql(\.raw)?`|\bsql\.(raw|join)\(/ },
  { what: 'runs .execute(…)', pattern: /\.execute\(/ },
  { what: 'builds a select', pattern: /\.(select|selectDistinct)\((?:[^()]|\([^()]*\))*\)\s*\.from\(/ },
  { what: 'builds an insert', pattern: /\.insert\(\s*\w+\s*\)\s*\.values\(/ },
  { what: 'builds an update', pattern: /\.update\(\s*\w+\s*\)\s*\.set\(/ },
  { what: 'builds a delete', pattern: /\.delete\(\s*\w+\s*\)\s*\.where\(/ },
  { what: 'uses the relational query API', pattern: /\.query\.\w+\.find(Many|First)\(/ },
];

/**
 * Files still allowed to cross, each with its reason. The test fails when an exception is no
 * longer needed, so the list only shrinks.
 */
const EXCEPTIONS: Record<string, string> = {};

function violations(source: string): string[] {
  return RULES.filter((r) => r.pattern.test(source)).map((r) => r.what);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('SQL stays in src/store', () => {
  it('recognises each way of crossing the boundary, and not a Map delete or a type-only import', () => {
    expect(violations(`import { eq } from 'drizzle-orm';`)).toEqual(['imports drizzle-orm']);
    expect(violations(`import { sql } from 'drizzle-orm/sql';`)).toEqual(['imports drizzle-orm']);
    expect(violations(`import type { SQL } from 'drizzle-orm';`)).toEqual([]);
    expect(violations(`import { users } from '../../store/schema.ts';`)).toEqual([
      'imports tables from store/schema.ts',
    ]);
    expect(violations(`import type { users } from '../store/schema.ts';`)).toEqual([]);
    expect(violations('await db.execute(sql`select 1`);')).toEqual(['writes sql`…`', 'runs .execute(…)']);
    expect(violations('db.select({ id: users.id }).from(users)')).toEqual(['builds a select']);
    expect(violations('db\n  .selectDistinct({ a: f(x) })\n  .from(t)')).toEqual(['builds a select']);
    expect(violations('tx.insert(users).values(v)')).toEqual(['builds an insert']);
    expect(violations('tx.update(users).set({ a: 1 })')).toEqual(['builds an update']);
    expect(violations('tx.delete(sessions).where(w)')).toEqual(['builds a delete']);
    expect(violations('db.query.users.findFirst({})')).toEqual(['uses the relational query API']);
    expect(violations('entries.delete(key);\nmap.set(a, b);\nconst s = new Set(list);')).toEqual([]);
  });

  it('no file outside src/store writes SQL or imports query builders, except those listed with a reason', () => {
    const found: Record<string, string[]> = {};
    for (const file of sourceFiles(SRC)) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (rel.startsWith('src/store/')) continue;
      const v = violations(readFileSync(file, 'utf8'));
      if (v.length) found[rel] = v;
    }
    const unexcused = Object.fromEntries(Object.entries(found).filter(([f]) => !(f in EXCEPTIONS)));
    expect(unexcused, 'move these queries into a repository in src/store').toEqual({});
    const stale = Object.keys(EXCEPTIONS).filter((f) => !(f in found));
    expect(stale, 'these files no longer need an exception: remove them from EXCEPTIONS').toEqual([]);
  });
});
