import { seedIfEmpty } from '../src/setup/bootstrap.ts';
import { INSPECTION_COLUMNS } from '../src/domain/register-format.ts';
import { planImport } from '../src/import/importer.ts';
import { migrate, openDatabase } from '../src/store/db.ts';

/**
 * Time to plan files whose cells are built to make a backtracking pattern work hard: long runs
 * of spaces, stars, brackets or letters ending in a character that fails the match. Each file
 * carries ROWS such rows; the same file with short cells is timed too and subtracted, so the
 * figure is the cost of the long cells alone. Linear patterns give about 10× from 10 KB to 100 KB;
 * quadratic ones about 100×.
 */
const ROWS = 50;
const SCRAPE = 'la_name,la_ref,score_%,overall_rating,publication_date,report_url,governance_and_leadership';
const SOURCED =
  'service_name,local_authority_area,region,framework,overall_rating,total_score_stated,total_score_derived,standard_ratings,resettlement_rating,recommendations,fieldwork,publication_date,chief_inspector_named,source_url,other_source_urls,notes';
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

const shapes: {
  label: string;
  file: (cell: (n: number) => string, n: number) => string;
  cell: (n: number) => string;
}[] = [
  {
    label: 'HMIP scrape, overall "Good" + spaces + "x"',
    cell: (n) => `Good${' '.repeat(n)}x`,
    file: (c, n) => `${SCRAPE}\n${`Bromley,E09000006,,${q(c(n))},07/01/25,,\n`.repeat(ROWS)}`,
  },
  {
    label: 'HMIP scrape, standard "Good" + stars + "x"',
    cell: (n) => `Good${'*'.repeat(n)}x`,
    file: (c, n) => `${SCRAPE}\n${`Bromley,E09000006,,,07/01/25,,${q(c(n))}\n`.repeat(ROWS)}`,
  },
  {
    label: 'sourced CSV, padded recommendations, name, sources, fieldwork, ratings',
    cell: (n) => ' '.repeat(n),
    file: (c, n) =>
      `${SOURCED}\n${`${q(`Bromley YJS${c(n)}x`)},Bromley,London,HMIP-2018,Good,,,${q(`all 12 standards ${'('.repeat(n)}`)},,${q(`1${c(n)}x`)},${q('to'.repeat(n / 2))},2020-01-01,,https://example.test/,${q(`${c(n)}x`)},\n`.repeat(ROWS)}`,
  },
  {
    label: 'register CSV, long standard_ratings and ons_codes',
    cell: (n) => 'a'.repeat(n),
    file: (c, n) => {
      const row = Object.fromEntries(INSPECTION_COLUMNS.map((col) => [col.name, '']));
      Object.assign(row, {
        service_slug: 'zed',
        service_name: 'Zed',
        local_authorities: 'Zed',
        region: 'London',
        nation: 'England',
        framework_id: 'hmip-youth-2021',
        framework_version: '2021.1',
        published_at: '2024-01-01T00:01:00.000Z',
        standard_ratings: c(n),
        ons_codes: `E${'0'.repeat(n)}x`,
      });
      const lines = Array.from({ length: ROWS }, (_, i) =>
        INSPECTION_COLUMNS.map((col) => q(col.name === 'inspection_ref' ? `zed-${2000 + i}` : row[col.name]!)).join(
          ',',
        ),
      );
      return `${INSPECTION_COLUMNS.map((col) => col.name).join(',')}\n${lines.join('\n')}\n`;
    },
  },
];

export async function importAdversarial(): Promise<void> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  await seedIfEmpty(database, new Date('2026-01-01T00:00:00Z'));
  const time = async (text: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await planImport(database.db, text, new Date());
      runs.push(performance.now() - t0);
    }
    return runs.sort((a, b) => a - b)[2]!;
  };
  try {
    for (const s of shapes) await time(s.file(s.cell, 1000)); // warm up the JIT on every path first
    for (const s of shapes) {
      const base = await time(s.file(s.cell, 8));
      const small = Math.max(0.01, (await time(s.file(s.cell, 10_000))) - base);
      const large = Math.max(0.01, (await time(s.file(s.cell, 100_000))) - base);
      console.log(
        `import, adversarial cells (${s.label}; ${ROWS} rows): 10 KB ${small.toFixed(1)} ms, 100 KB ${large.toFixed(1)} ms per file beyond short cells; ratio ${(large / small).toFixed(1)}× (linear ≈ 10×, quadratic ≈ 100×)`,
      );
    }
  } finally {
    await database.close();
  }
}
