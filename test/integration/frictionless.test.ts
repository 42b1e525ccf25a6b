import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Package } from 'datapackage';
import { describe, expect } from 'vitest';
import { appTest } from '../helpers/app.ts';

/**
 * The downloads read by a tool no one here wrote: the Frictionless Data project's own JavaScript
 * implementation (datapackage-js with tableschema-js). Its Python `frictionless validate` cannot be
 * installed on these machines (PyPI is refused), so this is the real-tool check: the descriptor against
 * Frictionless's tabular-data-package profile, then every row of every resource cast to its field
 * type and checked against its constraints, primary key and foreign keys, for today's files and an
 * "as at" set.
 */

const test = appTest({ seed: true, seedNow: new Date('2026-11-22T09:00:00Z') });

interface Resource {
  name: string;
  path: string;
}

/** Saves the descriptor and its CSVs side by side, as an analyst's download folder would hold them. */
async function download(
  inject: (url: string) => Promise<{ statusCode: number; body: string }>,
  asAt?: string,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'inspectorate-frictionless-'));
  const q = asAt ? `?asAt=${asAt}` : '';
  const descriptor = await inject(`/downloads/datapackage.json${q}`);
  expect(descriptor.statusCode).toBe(200);
  const pkg = JSON.parse(descriptor.body) as { resources: Resource[] };
  for (const r of pkg.resources) {
    const csv = await inject(`/downloads/${r.name}.csv${q}`);
    expect(csv.statusCode).toBe(200);
    // The descriptor's paths carry the asAt query; saved locally, each file is named as the path says.
    r.path = `${r.name}.csv`;
    await writeFile(join(dir, r.path), csv.body);
  }
  await writeFile(join(dir, 'datapackage.json'), JSON.stringify(pkg));
  return dir;
}

/** Every problem Frictionless reports for the package in `dir`, as text; an empty list when valid. */
async function frictionlessErrors(dir: string): Promise<{ errors: string[]; rows: Record<string, number> }> {
  const pkg = await Package.load(join(dir, 'datapackage.json'), { basePath: dir });
  const errors = pkg.errors.map((e) => `descriptor: ${e.message}`);
  const rows: Record<string, number> = {};
  for (const resource of pkg.resources) {
    try {
      const read = await resource.read({ keyed: true, relations: true, forceCast: true });
      rows[resource.name] = read.length;
      for (const row of read) {
        if (row instanceof Error) {
          errors.push(`${resource.name}: ${row.message} ${(row.errors ?? []).map((e) => e.message).join('; ')}`);
        }
      }
    } catch (e) {
      const err = e as Error & { errors?: Error[] };
      errors.push(`${resource.name}: ${err.message} ${(err.errors ?? []).map((x) => x.message).join('; ')}`);
    }
  }
  return { errors, rows };
}

describe('the downloads, validated by the Frictionless Data JavaScript libraries', () => {
  test('today and as at a date, the package and every row of every file are valid', async ({ app }) => {
    for (const asAt of [undefined, '2024-07-12']) {
      const dir = await download((u) => app.inject(u), asAt);
      try {
        const { errors, rows } = await frictionlessErrors(dir);
        expect(errors).toEqual([]);
        // Every row was read, not just the first page of them.
        const lines = async (name: string) =>
          (await readFile(join(dir, `${name}.csv`), 'utf8')).trimEnd().split('\n').length - 1;
        expect(rows.inspections).toBeGreaterThan(100);
        for (const name of ['inspections', 'standard-ratings', 'rating-counts', 'thematic-inspections']) {
          expect(rows[name], name).toBeGreaterThan(0);
          // A CSV row may hold a quoted line break, so lines are at least the rows read.
          expect(await lines(name)).toBeGreaterThanOrEqual(rows[name]!);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  test('it finds a value not allowed, a repeated key and a rating of an inspection not in the file', async ({
    app,
  }) => {
    const dir = await download((u) => app.inject(u));
    try {
      // Each fault in a file of its own, so one does not hide another.
      const inspections = join(dir, 'inspections.csv');
      const original = await readFile(inspections, 'utf8');
      await writeFile(inspections, original.replace(',England,', ',Narnia,'));
      expect((await frictionlessErrors(dir)).errors.join('\n')).toMatch(/"Narnia" does not conform to the "enum"/);
      await writeFile(inspections, original);

      const standards = join(dir, 'standard-ratings.csv');
      const lines = (await readFile(standards, 'utf8')).trimEnd().split('\n');
      await writeFile(standards, [...lines, lines[1]].join('\n') + '\n');
      expect((await frictionlessErrors(dir)).errors.join('\n')).toMatch(/unique constraint violation/);

      const orphan = lines[1]!.replace(/^[^,]*,/, 'no-such-inspection-2019,');
      await writeFile(standards, [...lines, orphan].join('\n') + '\n');
      expect((await frictionlessErrors(dir)).errors.join('\n')).toMatch(/Foreign key "inspection_ref" violation/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
