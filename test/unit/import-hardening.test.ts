import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_CELL_OPTIONS, escapeCsvCell, unescapeCsvCell } from '../../src/domain/csv-cells.ts';
import { isOnsCode, isWebUrl } from '../../src/domain/field-formats.ts';
import { parseFieldworkStart } from '../../src/domain/partial-date.ts';
import { normaliseRating, parseStandardRatings } from '../../src/domain/ratings-text.ts';
import { fromInspectionRow, INSPECTION_COLUMNS } from '../../src/domain/register-format.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { cleanRating } from '../../src/import/hmip-scrape.ts';
import { splitOtherSources } from '../../src/import/register-csv.ts';

const f = frameworkRegistry().get('hmip-youth-2021')!;
const FORMULA_LEAD = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

describe('CSV cells a spreadsheet would read as formulas', () => {
  it('are written with a leading apostrophe, and one more apostrophe marks a cell that had one', () => {
    expect(escapeCsvCell('=HYPERLINK("https://evil.example")')).toBe('\'=HYPERLINK("https://evil.example")');
    expect(escapeCsvCell('- see above')).toBe("'- see above");
    expect(escapeCsvCell('-3')).toBe("'-3");
    expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvCell("'tis")).toBe("''tis");
    expect(escapeCsvCell('Good')).toBe('Good');
    expect(escapeCsvCell('')).toBe('');
  });

  it('round-trips any text through csv-stringify and csv-parse, and no written cell starts a formula', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.string(),
            fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", 'a', ' ', '"', ',', '\n') }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const csv = stringify(
            rows.map(([a, b]) => ({ a, b })),
            { ...CSV_CELL_OPTIONS, header: true, columns: ['a', 'b'] },
          );
          const back = parse(csv, { columns: true }) as { a: string; b: string }[];
          for (const cell of back.flatMap((r) => [r.a, r.b])) expect(FORMULA_LEAD.includes(cell[0] ?? '')).toBe(false);
          expect(back.map((r) => [unescapeCsvCell(r.a), unescapeCsvCell(r.b)])).toEqual(rows);
        },
      ),
    );
  });
});

describe('imported fields that end up in pages and links', () => {
  it('ONS codes are a nation letter and eight digits; addresses are http or https as the URL API reads them', () => {
    expect(isOnsCode('E09000006')).toBe(true);
    for (const bad of [
      '<meta http-equiv=refresh content="0;url=https://evil.example">',
      'E0900000',
      'X09000006',
      'E09000006 ',
      'e09000006',
    ])
      expect(isOnsCode(bad), bad).toBe(false);
    expect(isWebUrl('https://www.justiceinspectorates.gov.uk/hmiprobation/')).toBe(true);
    expect(isWebUrl('http://example.test/a?b="c"')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>x</script>',
      'vbscript:x',
      '//evil.example',
      '/relative',
      'https://',
      'https://a b.test',
      '',
    ]) {
      expect(isWebUrl(bad), bad).toBe(false);
    }
  });

  it('a register row with a script address or a hostile ONS code is refused, naming the column', () => {
    const row = Object.fromEntries(INSPECTION_COLUMNS.map((c) => [c.name, '']));
    Object.assign(row, {
      inspection_ref: 'zed-2024',
      service_slug: 'zed',
      service_name: 'Zed',
      local_authorities: 'Zed',
      region: 'London',
      nation: 'England',
      framework_id: 'hmip-youth-2021',
      framework_version: '2021.1',
      published_at: '2024-01-01T00:01:00.000Z',
    });
    expect(fromInspectionRow(row).ok).toBe(true);
    const bad = fromInspectionRow({
      ...row,
      ons_codes: '<meta http-equiv=refresh content="0;url=https://evil.example">',
      source_url: 'javascript:alert(1)',
      other_source_urls: 'https://ok.test javascript:alert(2)',
    });
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['ons_codes', 'source_url', 'other_source_urls']));
  });
});

describe('adversarial cells', () => {
  const big = (n: number) => `Good${' '.repeat(n)}x`;

  it('a rating cell of "Good", 100,000 spaces and "x" is refused as too long to be a rating', () => {
    const r = cleanRating(f, big(100_000));
    expect(r.rating).toBeNull();
    expect(r.error).toMatch(/\(100005 characters\) is too long to be a rating/);
    expect(r.error!.length).toBeLessThan(200);
  });

  it('footnote markers are still removed and flagged; a rating padded with spaces is still read', () => {
    expect(cleanRating(f, 'Good   *')).toMatchObject({
      rating: 'good',
      flag: 'footnote marker removed from "Good   *"',
    });
    expect(cleanRating(f, 'Outstanding [1]')).toMatchObject({ rating: 'outstanding' });
    expect(cleanRating(f, 'Good (see note 2)')).toMatchObject({ rating: 'good' });
    expect(cleanRating(f, 'Requires improvement†')).toMatchObject({ rating: 'requires_improvement' });
    expect(cleanRating(f, `${'*'.repeat(60)}x`).rating).toBeNull();
  });

  it('the text readers give the same answers as before on ordinary text and none on hostile runs', () => {
    expect(normaliseRating(f, 'Good (court work)')).toBe('good');
    expect(normaliseRating(f, 'Outstanding.*')).toBe('outstanding');
    expect(normaliseRating(f, big(100_000))).toBeNull();
    expect(normaliseRating(f, `Good ${'('.repeat(100_000)}`)).toBeNull();
    expect(normaliseRating(f, `Good${'.'.repeat(100_000)}x`)).toBeNull();
    expect(parseStandardRatings(f, 'all 12 standards Outstanding (every one)').ratings.size).toBe(12);
    expect(parseStandardRatings(f, `all 12 standards ${'('.repeat(100_000)}`).ratings.size).toBe(0);
    expect(parseFieldworkStart('September-October 2022')).toMatchObject({ precision: 'month', earliest: '2022-09-01' });
    expect(parseFieldworkStart('to'.repeat(50_000))).toBeNull();
    expect(splitOtherSources('https://a.test ; https://b.test;https://c.test; note;more')).toEqual([
      'https://a.test',
      'https://b.test',
      'https://c.test; note;more',
    ]);
    expect(splitOtherSources(`${' '.repeat(100_000)}x`)).toEqual(['x']);
  });
});
