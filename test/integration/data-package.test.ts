import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { describe, expect } from 'vitest';
import type { TableSchema } from '../../src/domain/data-package.ts';
import { appTest } from '../helpers/app.ts';

/**
 * The downloads as a Frictionless data package: what the descriptor declares and where its resources
 * point. Every row of the real files is validated against it by the Frictionless project's own
 * libraries in frictionless.test.ts.
 */

const test = appTest({ seed: true, seedNow: new Date('2026-11-22T09:00:00Z') });

interface Resource {
  name: string;
  path: string;
  format: string;
  mediatype: string;
  schema: TableSchema;
}
interface Package {
  profile: string;
  name: string;
  version: string;
  licenses: { name: string; path: string }[];
  sources: { title: string; path: string }[];
  resources: Resource[];
}

describe('data package /downloads/datapackage.json', () => {
  test('describes each CSV download, today and as at a date, with a path to the real file', async ({ app }) => {
    for (const asAt of [undefined, '2024-07-12']) {
      const descriptorUrl = `/downloads/datapackage.json${asAt ? `?asAt=${asAt}` : ''}`;
      const res = await app.inject(descriptorUrl);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      const pkg = res.json<Package>();
      expect(pkg).toMatchObject({ profile: 'tabular-data-package', name: 'inspectorate-register', version: '1.4' });
      expect(pkg.licenses[0]!.path).toMatch(/^https:\/\//);
      expect(pkg.sources.length).toBeGreaterThan(0);
      expect(pkg.resources.map((r) => r.name)).toEqual([
        'inspections',
        'standard-ratings',
        'rating-counts',
        'thematic-inspections',
      ]);

      const tables: { name: string; csv: string }[] = [];
      for (const r of pkg.resources) {
        expect(r).toMatchObject({ format: 'csv', mediatype: 'text/csv' });
        // A resource's path is relative to the descriptor's address, as Frictionless reads it.
        const file = new URL(r.path, `http://register.invalid${descriptorUrl}`);
        expect(file.pathname).toBe(`/downloads/${r.name}.csv`);
        expect(file.searchParams.get('asAt') ?? undefined).toBe(asAt);
        const csv = await app.inject(`${file.pathname}${file.search}`);
        expect(csv.statusCode).toBe(200);
        tables.push({ name: r.name, csv: csv.body });
      }
      const rows = (t: { csv: string }) => (parse(t.csv, { columns: true }) as unknown[]).length;
      // The seeded register: 181 public inspections today, fewer certainly published by 2024-07-12.
      if (asAt) expect(rows(tables[0]!)).toBeLessThan(181);
      else expect(rows(tables[0]!)).toBe(181);
      expect(rows(tables[1]!)).toBeGreaterThan(100);
      // Four ratings nationally and in each of the regions of England and Wales.
      expect(rows(tables[2]!) % 4).toBe(0);
      expect(rows(tables[2]!)).toBeGreaterThanOrEqual(4 * 11);
      // The seeded thematic inspections, fewer of them published by 2024-07-12 than today.
      if (asAt) expect(rows(tables[3]!)).toBeLessThan(6);
      else expect(rows(tables[3]!)).toBe(6);
    }
  });

  test('declares types, allowed values and keys from the column definitions', async ({ app }) => {
    const pkg = (await app.inject('/downloads/datapackage.json')).json<Package>();
    const [inspections, standards] = pkg.resources.map((r) => r.schema);
    const field = (s: TableSchema | undefined, name: string) => s!.fields.find((f) => f.name === name)!;
    expect(inspections!.primaryKey).toEqual(['inspection_ref']);
    expect(inspections!.missingValues).toEqual(['']);
    expect(field(inspections, 'score').type).toBe('integer');
    expect(field(inspections, 'as_at')).toMatchObject({ type: 'date', constraints: { required: true } });
    expect(field(inspections, 'published_at').type).toBe('datetime');
    expect(field(inspections, 'kind').constraints?.enum).toEqual(['single', 'joint', 'pilot', 'thematic']);
    // Ratings allowed are those of the framework files.
    expect(field(inspections, 'overall_rating').constraints?.enum).toEqual(
      expect.arrayContaining(['outstanding', 'requires_improvement', 'satisfactory']),
    );
    expect(field(inspections, 'resettlement_rating').constraints?.enum).toContain('not_rated');
    expect(standards!.primaryKey).toEqual(['inspection_ref', 'standard_id']);
    expect(standards!.foreignKeys).toEqual([
      { fields: ['inspection_ref'], reference: { resource: 'inspections', fields: ['inspection_ref'] } },
    ]);
    expect(field(standards, 'counts_to_score')).toMatchObject({ type: 'boolean', trueValues: ['true'] });
    const thematic = pkg.resources.find((r) => r.name === 'thematic-inspections')!.schema;
    expect(thematic.primaryKey).toEqual(['thematic_ref']);
    expect(field(thematic, 'title_known')).toMatchObject({ type: 'boolean', constraints: { required: true } });
    // Listed, never counted: the file has no rating column.
    expect(thematic.fields.map((f) => f.name).filter((n) => n.includes('rating'))).toEqual([]);
  });

  test('the data dictionary page shows the fields the package declares', async ({ app }) => {
    const pkg = (await app.inject('/downloads/datapackage.json')).json<Package>();
    const $ = cheerio.load((await app.inject('/downloads')).body);
    for (const [id, r] of [
      ['inspection-columns', pkg.resources[0]!],
      ['standard-columns', pkg.resources[1]!],
      ['thematic-inspections-columns', pkg.resources[3]!],
    ] as const) {
      const rows = $(`#${id} tbody tr`).toArray();
      expect(rows.map((tr) => $(tr).find('th code').text())).toEqual(r.schema.fields.map((f) => f.name));
      rows.forEach((tr, i) => {
        const f = r.schema.fields[i]!;
        const meaning = $(tr).find('td').first().text();
        expect(meaning).toContain(f.description);
        for (const v of f.constraints?.enum ?? []) expect(meaning).toContain(v);
        expect($(tr).find('td').eq(1).text().includes('required')).toBe(!!f.constraints?.required);
      });
    }
    expect($('a[href="/downloads/datapackage.json"]').length).toBe(1);
  });
});
