import { describe, expect, it } from 'vitest';
import { CSV_FILES, dataPackage, tableField } from '../../src/domain/data-package.ts';
import { INSPECTION_COLUMNS } from '../../src/domain/register-format.ts';

const frameworks = { ids: ['f-1', 'f-2'], ratings: ['good', 'poor'] };

describe('data package from the column definitions', () => {
  it('resolves ratings and framework ids from the frameworks it is given, with any further values', () => {
    const col = (name: string) => INSPECTION_COLUMNS.find((c) => c.name === name)!;
    expect(tableField(col('overall_rating'), frameworks).constraints).toEqual({ enum: ['good', 'poor'] });
    expect(tableField(col('resettlement_rating'), frameworks).constraints).toEqual({
      enum: ['good', 'poor', 'not_rated'],
    });
    expect(tableField(col('framework_id'), frameworks).constraints).toEqual({ required: true, enum: ['f-1', 'f-2'] });
  });

  it('makes a one-column primary key required and unique, and gives a datetime its format', () => {
    const [inspections] = CSV_FILES;
    const ref = tableField(inspections!.columns[0]!, frameworks, inspections!.primaryKey);
    expect(ref.constraints).toMatchObject({ required: true, unique: true });
    const published = tableField(
      INSPECTION_COLUMNS.find((c) => c.name === 'published_at')!,
      frameworks,
    );
    expect(published).toMatchObject({ type: 'datetime', format: '%Y-%m-%dT%H:%M:%S.%fZ' });
    // The format matches what the writer puts in the file.
    expect(new Date('2025-01-07T00:01:00Z').toISOString()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('points each resource at its file beside the descriptor, with the same asAt', () => {
    const opts = { frameworks, created: new Date('2026-01-01T00:00:00Z'), siteName: 'R', homepage: 'https://r' };
    expect(dataPackage(opts).resources.map((r) => r.path)).toEqual([
      'inspections.csv',
      'standard-ratings.csv',
      'rating-counts.csv',
      'thematic-inspections.csv',
    ]);
    expect(dataPackage({ ...opts, asAt: '2025-01-07' }).resources.map((r) => r.path)).toEqual([
      'inspections.csv?asAt=2025-01-07',
      'standard-ratings.csv?asAt=2025-01-07',
      'rating-counts.csv?asAt=2025-01-07',
      'thematic-inspections.csv?asAt=2025-01-07',
    ]);
    // Every field of a resource is a column of its file, in the file's order.
    for (const [i, r] of dataPackage(opts).resources.entries())
      expect(r.schema.fields.map((f) => f.name)).toEqual(CSV_FILES[i]!.columns.map((c) => c.name));
  });
});
