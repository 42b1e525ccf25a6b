import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { compareThematic } from '../../src/domain/thematic-inspection.ts';
import { loadThematicInspections, parseThematicCsv, THEMATIC_FILE } from '../../src/import/thematic-seed.ts';
import { loadDirectory } from '../../src/import/directory.ts';

const HEADER =
  'ref,title,title_known,publication,publisher,partner_inspectorates,sampled,visited_services,' +
  'source_url,source_title,source_publisher,source_date,other_source_urls,notes';
const row = (cells: Partial<Record<string, string>>) => {
  const base: Record<string, string> = {
    ref: 'a-thematic-2021',
    title: 'A thematic',
    title_known: 'yes',
    publication: '2021-10',
    publisher: 'HM Inspectorate of Probation',
    partner_inspectorates: 'Ofsted; Estyn',
    sampled: 'Cases in nine services',
    visited_services: 'Leeds YJS',
    source_url: 'https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2021/10/x/',
    source_title: 'A press release',
    source_publisher: 'HM Inspectorate of Probation',
    source_date: '2021-10',
    other_source_urls: 'https://hmicfrs.justiceinspectorates.gov.uk/publications/x/ https://example.org/y',
    notes: '',
    ...cells,
  };
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `${HEADER}\n${HEADER.split(',')
    .map((k) => q(base[k]!))
    .join(',')}\n`;
};

describe('thematic inspections file', () => {
  it('reads a row: partial date, lists, and every source with its publisher', () => {
    const [x] = parseThematicCsv(row({}));
    expect(x).toEqual({
      ref: 'a-thematic-2021',
      title: 'A thematic',
      titleKnown: true,
      publication: { precision: 'month', earliest: '2021-10-01', latest: '2021-10-31' },
      publisher: 'HM Inspectorate of Probation',
      partnerInspectorates: ['Ofsted', 'Estyn'],
      sampled: 'Cases in nine services',
      visitedServices: ['Leeds YJS'],
      sources: [
        {
          publisher: 'HM Inspectorate of Probation',
          title: 'A press release',
          date: '2021-10',
          url: 'https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2021/10/x/',
        },
        // HMICFRS shares the justice inspectorates' domain and is not taken for HMIP.
        {
          publisher: 'HMICFRS',
          title: null,
          date: null,
          url: 'https://hmicfrs.justiceinspectorates.gov.uk/publications/x/',
        },
        { publisher: 'example.org', title: null, date: null, url: 'https://example.org/y' },
      ],
      notes: null,
    });
  });

  it('a blank title, partners, visited services and other sources are empty, never guessed', () => {
    const [x] = parseThematicCsv(
      row({
        source_title: '',
        source_date: '',
        partner_inspectorates: '',
        visited_services: '',
        other_source_urls: '',
      }),
    );
    expect(x!.sources).toEqual([
      {
        publisher: 'HM Inspectorate of Probation',
        title: null,
        date: null,
        url: 'https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2021/10/x/',
      },
    ]);
    expect(x!.partnerInspectorates).toEqual([]);
    expect(x!.visitedServices).toEqual([]);
  });

  it('refuses a row without a public source, a date or a valid reference, naming the line and field', () => {
    expect(() => parseThematicCsv(row({ source_url: '' }))).toThrow(/line 2: source_url/);
    expect(() => parseThematicCsv(row({ source_url: 'file:///tmp/x' }))).toThrow(/line 2: source_url/);
    expect(() => parseThematicCsv(row({ other_source_urls: 'not-a-url' }))).toThrow(/line 2: other_source_urls/);
    expect(() => parseThematicCsv(row({ publication: '' }))).toThrow(/line 2: publication: not a date/);
    expect(() => parseThematicCsv(row({ publication: '2021-13' }))).toThrow(/publication/);
    expect(() => parseThematicCsv(row({ ref: 'Bad Ref' }))).toThrow(/line 2: ref/);
    expect(() => parseThematicCsv(row({ title_known: 'maybe' }))).toThrow(/title_known/);
    const twice = row({}) + row({}).split('\n')[1] + '\n';
    expect(() => parseThematicCsv(twice)).toThrow(/line 3: ref a-thematic-2021 appears twice/);
  });

  it('orders newest first, and by reference at the same date', () => {
    const d = (s: string) => parseThematicCsv(row({ publication: s }))[0]!.publication;
    const xs = [
      { ref: 'b', publication: d('2019-10') },
      { ref: 'a', publication: d('2019-10') },
      { ref: 'c', publication: d('2021-10-21') },
    ];
    expect(xs.sort(compareThematic).map((x) => x.ref)).toEqual(['c', 'a', 'b']);
  });
});

describe('the seed file', () => {
  const items = loadThematicInspections();
  const raw = parse(readFileSync(THEMATIC_FILE, 'utf8'), { columns: true }) as Record<string, string>[];

  it('every row has a public source: an https address with its publisher', () => {
    expect(items.length).toBe(raw.length);
    expect(items.length).toBeGreaterThan(0);
    for (const x of items) {
      expect(x.sources.length, x.ref).toBeGreaterThan(0);
      for (const s of x.sources) {
        expect(s.url, x.ref).toMatch(/^https:\/\/[^/\s]+\.[a-z]{2,}\//);
        expect(s.publisher.trim(), x.ref).not.toBe('');
      }
    }
  });

  it('is youth justice thematics of 2018 to 2026, each dated at least to its month', () => {
    for (const x of items) {
      expect(x.publication.earliest >= '2018-01-01', x.ref).toBe(true);
      expect(x.publication.latest <= '2026-12-31', x.ref).toBe(true);
      expect(x.publication.precision, x.ref).not.toBe('year');
    }
  });

  it('a title that is a description says so in its notes', () => {
    for (const x of items.filter((i) => !i.titleKnown)) expect(x.notes, x.ref).toMatch(/title is not in the sources/);
  });

  it('names only services the directory knows', () => {
    const names = new Set(loadDirectory().flatMap((e) => [e.name, ...e.formerNames]));
    for (const x of items) for (const n of x.visitedServices) expect(names.has(n), `${x.ref}: ${n}`).toBe(true);
  });
});
