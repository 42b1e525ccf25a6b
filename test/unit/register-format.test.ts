import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoPartial } from '../../src/domain/partial-date.ts';
import {
  decodeStandardRatings,
  encodeStandardRatings,
  fromInspectionRow,
  FORMAT_VERSION,
  INSPECTION_COLUMNS,
  STANDARD_COLUMNS,
  toInspectionRow,
  type ExportableRecord,
  type Row,
} from '../../src/domain/register-format.ts';

/** A record with every column filled, written out by hand so the expected row below is independent of the code. */
const bromley: ExportableRecord = {
  ref: 'bromley-2025',
  serviceSlug: 'bromley',
  service: {
    name: 'Bromley YJS',
    formerNames: ['Bromley YOS', 'Bromley YOT'],
    areas: [
      { name: 'Bromley', onsCode: 'E09000006' },
      { name: 'Bexley', onsCode: null },
    ],
    region: 'London',
    nation: 'England',
  },
  frameworkId: 'hmip-youth-2021',
  frameworkVersion: '2021.1',
  frameworkBasis: null,
  frameworkAmbiguity: null,
  title: 'Inspection of youth justice services',
  status: 'published',
  fieldworkText: 'September 2024',
  fieldworkStart: parseIsoPartial('2024-09'),
  fieldworkEnd: null,
  publication: parseIsoPartial('2025-01-07'),
  publishedAt: new Date('2025-01-07T00:01:00.000Z'),
  score: { total: 33, max: 36, source: 'stated' },
  overall: { rating: 'outstanding', source: 'published' },
  standardRatings: [
    {
      standardId: '1.3',
      rating: 'good',
      status: 'rated',
      source: 'published',
      publicSource: { publisher: 'Local News', title: null, date: '2025-01', url: 'https://news.example.test/b' },
    },
    { standardId: '1.1', rating: 'outstanding', status: 'rated', source: 'published' },
    { standardId: '4.1', rating: null, status: 'not_rated', source: 'judged' },
  ],
  recommendations: [],
  recommendationsStated: 3,
  recommendationsBreakdown: '2 for the executive management board, 1 for Bromley YJS',
  findings: [],
  chiefInspector: 'Martin Jones',
  leadInspector: null,
  ratingsSummary: null,
  sourceUrl: 'https://example.test/bromley',
  otherSourceUrls: ['https://example.test/a', 'https://example.test/b'],
  notes: 'A note',
  origin: 'test',
  discrepancies: [],
};

const bromleyRow: Row = {
  inspection_ref: 'bromley-2025',
  service_slug: 'bromley',
  service_name: 'Bromley YJS',
  former_names: 'Bromley YOS; Bromley YOT',
  local_authorities: 'Bromley; Bexley',
  ons_codes: 'E09000006; ',
  region: 'London',
  nation: 'England',
  framework_id: 'hmip-youth-2021',
  framework_version: '2021.1',
  title: 'Inspection of youth justice services',
  fieldwork: 'September 2024',
  fieldwork_start: '2024-09',
  publication_date: '2025-01-07',
  published_at: '2025-01-07T00:01:00.000Z',
  overall_rating: 'outstanding',
  overall_source: 'published',
  score: '33',
  score_max: '36',
  score_source: 'stated',
  resettlement_rating: 'not_rated',
  standard_ratings: '1.1=outstanding (published); 1.3=good (published); 4.1=not_rated (judged)',
  recommendations_stated: '3',
  recommendations_breakdown: '2 for the executive management board, 1 for Bromley YJS',
  chief_inspector: 'Martin Jones',
  source_url: 'https://example.test/bromley',
  other_source_urls: 'https://example.test/a https://example.test/b',
  // The format names each source's publisher, title and date; the address is all these sources give.
  source_details: JSON.stringify(
    ['https://example.test/bromley', 'https://example.test/a', 'https://example.test/b'].map((url) => ({
      publisher: 'example.test',
      title: null,
      date: null,
      url,
    })),
  ),
  kind: 'single',
  partner_inspectorates: '',
  notes: 'A note',
  as_at: '2026-11-22',
  overall_rationale: '',
  rating_sources:
    '{"1.3":{"publisher":"Local News","title":null,"date":"2025-01","url":"https://news.example.test/b"}}',
  publication_not_before: '',
  publication_not_after: '',
};

/** The smallest valid row: every column present, only the required ones filled. */
const minimalRow = (over: Partial<Row> = {}): Row => ({
  ...Object.fromEntries(INSPECTION_COLUMNS.map((c) => [c.name, ''])),
  inspection_ref: 'x-2020',
  service_slug: 'x',
  service_name: 'X YOS',
  local_authorities: 'X',
  region: 'Wales',
  nation: 'Wales',
  framework_id: 'hmip-youth-2018',
  framework_version: '2018.1',
  published_at: '2020-03-01T00:01:00.000Z',
  ...over,
});

const problemsOf = (raw: unknown) => {
  const r = fromInspectionRow(raw);
  if (r.ok) throw new Error('expected problems, got a record');
  return r.problems;
};

describe('register format columns', () => {
  it('names every column once, with a description and an example, and joins the two files by ref', () => {
    for (const cols of [INSPECTION_COLUMNS, STANDARD_COLUMNS]) {
      expect(new Set(cols.map((c) => c.name)).size).toBe(cols.length);
      for (const c of cols) expect(c.description.length).toBeGreaterThan(0);
    }
    expect(STANDARD_COLUMNS[0]!.name).toBe('inspection_ref');
    expect(INSPECTION_COLUMNS[0]!.name).toBe('inspection_ref');
  });
});

describe('publication known only between bounds (format 1.3)', () => {
  const bounded: ExportableRecord = {
    ...bromley,
    publication: { precision: 'range', earliest: '2018-08-01', latest: '2018-12-05' },
  };
  it('writes the bounds in their own columns, at the end, and reads them back: export = import', () => {
    expect(FORMAT_VERSION).toBe('1.4');
    expect(INSPECTION_COLUMNS.slice(-2).map((c) => [c.name, c.since, c.type])).toEqual([
      ['publication_not_before', '1.3', 'date'],
      ['publication_not_after', '1.3', 'date'],
    ]);
    const row = toInspectionRow(bounded, '2026-11-22', '4.1');
    expect([row.publication_date, row.publication_not_before, row.publication_not_after]).toEqual([
      '',
      '2018-08-01',
      '2018-12-05',
    ]);
    const back = fromInspectionRow(row);
    expect(back.ok && back.value.publication).toEqual(bounded.publication);
    if (back.ok) expect(toInspectionRow(back.value, '2026-11-22', '4.1')).toEqual(row);
    // A dated record leaves them empty.
    expect(toInspectionRow(bromley, '2026-11-22', '4.1').publication_not_before).toBe('');
  });
  it('reads a 1.2 file, which has no bound columns, as before', () => {
    const { publication_not_before: _a, publication_not_after: _b, ...older } = bromleyRow;
    const read = fromInspectionRow(older);
    expect(read.ok && read.value.publication).toEqual({
      precision: 'day',
      earliest: '2025-01-07',
      latest: '2025-01-07',
    });
    const undated = fromInspectionRow({ ...older, publication_date: '' });
    expect(undated.ok && undated.value.publication).toBeNull();
  });
  it('refuses one bound alone, bounds with a date, and bounds the wrong way round', () => {
    const base = { ...bromleyRow, publication_date: '' };
    expect(problemsOf({ ...base, publication_not_before: '2018-08-01' })).toEqual([
      { path: 'publication_not_after', message: 'is empty: a date known between bounds needs both' },
    ]);
    expect(
      problemsOf({ ...bromleyRow, publication_not_before: '2018-08-01', publication_not_after: '2018-12-05' })[0],
    ).toMatchObject({ path: 'publication_date' });
    expect(
      problemsOf({ ...base, publication_not_before: '2018-12-05', publication_not_after: '2018-08-01' })[0],
    ).toMatchObject({ path: 'publication_not_before' });
    expect(
      problemsOf({ ...base, publication_not_before: '2018-08', publication_not_after: '2018-12-05' })[0],
    ).toMatchObject({ path: 'publication_not_before' });
  });
});

describe('standard ratings cell', () => {
  it('sorts standards numerically (1.2 before 1.10) and writes not_rated for unrated ones', () => {
    const cell = encodeStandardRatings([
      { standardId: '1.10', rating: 'good', status: 'rated', source: 'computed' },
      { standardId: '1.2', rating: null, status: 'not_rated', source: 'judged' },
      { standardId: '2.1', rating: 'inadequate', status: 'rated', source: 'published' },
    ]);
    expect(cell).toBe('1.2=not_rated (judged); 1.10=good (computed); 2.1=inadequate (published)');
  });
  it('does not reorder the list it is given', () => {
    const list = [
      { standardId: '2', rating: 'good', status: 'rated' as const, source: 'computed' as const },
      { standardId: '1', rating: 'good', status: 'rated' as const, source: 'computed' as const },
    ];
    encodeStandardRatings(list);
    expect(list.map((s) => s.standardId)).toEqual(['2', '1']);
  });
  it('reads a cell back, skipping empty pieces and surrounding spaces', () => {
    const r = decodeStandardRatings(' 1.1=good (published) ;; 4.1=not_rated (judged); ');
    expect(r).toEqual({
      ok: true,
      value: [
        {
          standardId: '1.1',
          rating: 'good',
          status: 'rated',
          source: 'published',
          rationale: null,
          keyQuestions: null,
        },
        { standardId: '4.1', rating: null, status: 'not_rated', source: 'judged', rationale: null, keyQuestions: null },
      ],
    });
    expect(decodeStandardRatings('')).toEqual({ ok: true, value: [] });
    expect(decodeStandardRatings('   ')).toEqual({ ok: true, value: [] });
  });
  it.each([
    ['1.1=good', 'no source'],
    ['1.1=Good (published)', 'rating not lower case'],
    ['1.1=good (guessed)', 'unknown source'],
    ['1 1=good (published)', 'space in the id'],
    ['=good (published)', 'no id'],
    ['<script>=good (published)', 'markup in the id'],
  ])('refuses %s (%s), naming the column', (cell) => {
    const r = decodeStandardRatings(cell);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        path: 'standard_ratings',
        message: expect.stringContaining('is not of the form id=rating (source)'),
      });
  });
  it('shortens a long hostile piece in its message', () => {
    const r = decodeStandardRatings('x'.repeat(5000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message.length).toBeLessThan(120);
  });
  it('round-trips any list of standard ratings (up to order)', () => {
    const rating = fc.record({
      standardId: fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/),
      rating: fc.stringMatching(/^[a-z_]{1,20}$/).filter((r) => r !== 'not_rated'),
      status: fc.constantFrom('rated' as const, 'not_rated' as const),
      source: fc.constantFrom('computed' as const, 'judged' as const, 'published' as const),
    });
    fc.assert(
      fc.property(fc.array(rating, { maxLength: 12 }), (list) => {
        const records = list.map((s) => ({ ...s, rating: s.status === 'not_rated' ? null : s.rating }));
        const cell = encodeStandardRatings(records);
        const back = decodeStandardRatings(cell);
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(encodeStandardRatings(back.value)).toBe(cell);
        expect(
          back.value
            .map(({ standardId, rating, status, source }) => ({ standardId, rating, status, source }))
            .sort((a, b) => a.standardId.localeCompare(b.standardId)),
        ).toEqual([...records].sort((a, b) => a.standardId.localeCompare(b.standardId)));
      }),
    );
  });
});

describe('inspection row', () => {
  it('writes every column of a full record', () => {
    expect(toInspectionRow(bromley, '2026-11-22', '4.1')).toEqual(bromleyRow);
    expect(Object.keys(toInspectionRow(bromley, '2026-11-22', null))).toEqual(INSPECTION_COLUMNS.map((c) => c.name));
  });
  it('leaves optional columns empty, and ons_codes empty when no area has a code', () => {
    const row = toInspectionRow(
      {
        ...bromley,
        service: { ...bromley.service, formerNames: [], areas: [{ name: 'Bromley', onsCode: null }] },
        title: null,
        fieldworkText: null,
        fieldworkStart: parseIsoPartial('2024'),
        publication: null,
        score: null,
        overall: null,
        recommendationsStated: null,
        recommendationsBreakdown: null,
        chiefInspector: null,
        sourceUrl: null,
        otherSourceUrls: [],
        notes: null,
      },
      '2026-01-01',
      null,
    );
    expect(row).toMatchObject({
      former_names: '',
      ons_codes: '',
      title: '',
      fieldwork: '',
      fieldwork_start: '2024',
      publication_date: '',
      overall_rating: '',
      overall_source: '',
      score: '',
      score_max: '',
      score_source: '',
      resettlement_rating: '',
      recommendations_stated: '',
      recommendations_breakdown: '',
      chief_inspector: '',
      source_url: '',
      other_source_urls: '',
      notes: '',
    });
  });
  it('writes the resettlement rating when that standard is rated, and nothing when it is absent', () => {
    const rated = {
      ...bromley,
      standardRatings: [{ standardId: '4.1', rating: 'good', status: 'rated' as const, source: 'published' as const }],
    };
    expect(toInspectionRow(rated, '2026-01-01', '4.1').resettlement_rating).toBe('good');
    expect(toInspectionRow(bromley, '2026-01-01', '9.9').resettlement_rating).toBe('');
    const ratedNoValue = {
      ...bromley,
      standardRatings: [{ standardId: '4.1', rating: null, status: 'rated' as const, source: 'published' as const }],
    };
    expect(toInspectionRow(ratedNoValue, '2026-01-01', '4.1').resettlement_rating).toBe('');
  });
  it('reads a full row back into the record it came from (less what the format does not carry)', () => {
    const r = fromInspectionRow(bromleyRow);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      ref: 'bromley-2025',
      serviceSlug: 'bromley',
      service: bromley.service,
      frameworkId: 'hmip-youth-2021',
      frameworkVersion: '2021.1',
      frameworkBasis: 'imported from the register format',
      title: 'Inspection of youth justice services',
      status: 'published',
      fieldworkText: 'September 2024',
      fieldworkStart: { precision: 'month', earliest: '2024-09-01', latest: '2024-09-30' },
      publication: { precision: 'day', earliest: '2025-01-07', latest: '2025-01-07' },
      publishedAt: new Date('2025-01-07T00:01:00.000Z'),
      score: { total: 33, max: 36, source: 'stated' },
      overall: { rating: 'outstanding', source: 'published' },
      recommendationsStated: 3,
      chiefInspector: 'Martin Jones',
      sourceUrl: 'https://example.test/bromley',
      otherSourceUrls: ['https://example.test/a', 'https://example.test/b'],
      notes: 'A note',
      kind: 'single',
      partnerInspectorates: [],
      sourceDetails: [
        { publisher: 'example.test', title: null, date: null, url: 'https://example.test/bromley' },
        { publisher: 'example.test', title: null, date: null, url: 'https://example.test/a' },
        { publisher: 'example.test', title: null, date: null, url: 'https://example.test/b' },
      ],
      origin: 'import',
      childrenIncluded: false,
      recommendations: [],
      findings: [],
    });
    expect(r.value.standardRatings.map((s) => `${s.standardId}:${s.rating}:${s.status}`)).toEqual([
      '1.1:outstanding:rated',
      '1.3:good:rated',
      '4.1:null:not_rated',
    ]);
    expect(toInspectionRow(r.value, '2026-11-22', '4.1')).toEqual(bromleyRow);
  });
  it('carries the panel’s overall rationale both ways, and reads a 1.0 file that lacks the column', () => {
    const judged: ExportableRecord = {
      ...bromley,
      overall: { rating: 'good', source: 'judged', rationale: 'Two standards could not be rated; "good" overall.' },
    };
    const row = toInspectionRow(judged, '2026-11-22', '4.1');
    expect(row.overall_rationale).toBe('Two standards could not be rated; "good" overall.');
    expect(INSPECTION_COLUMNS.find((c) => c.name === 'overall_rationale')!.since).toBe('1.1');
    const back = fromInspectionRow(row);
    expect(back.ok).toBe(true);
    if (back.ok) expect(toInspectionRow(back.value, '2026-11-22', '4.1')).toEqual(row);
    const { overall_rationale: _dropped, ...older } = bromleyRow;
    const read = fromInspectionRow(older);
    expect(read.ok).toBe(true);
    if (read.ok)
      expect(read.value.overall).toMatchObject({ rating: 'outstanding', source: 'published', rationale: null });
    // A column that was in 1.0 is still required.
    const { as_at: _gone, ...broken } = bromleyRow;
    expect(fromInspectionRow(broken)).toMatchObject({ ok: false, problems: [{ path: 'as_at' }] });
  });
  it('lists the panel’s basis (1.1) and then each rating’s source (1.2) at the end of the standards file', () => {
    expect(STANDARD_COLUMNS.slice(-6).map((c) => [c.name, c.since])).toEqual([
      ['computed_rating', '1.1'],
      ['panel_rationale', '1.1'],
      ['rating_source_publisher', '1.2'],
      ['rating_source_title', '1.2'],
      ['rating_source_date', '1.2'],
      ['rating_source_url', '1.2'],
    ]);
  });
  it('carries each rating’s own source both ways, and a 1.1 file without them keeps what the register holds', () => {
    const withOverall: ExportableRecord = {
      ...bromley,
      overall: {
        rating: 'outstanding',
        source: 'published',
        publicSource: { publisher: 'BBC News', title: 'Service rated', date: '2025-01-08', url: 'https://bbc.test/x' },
      },
    };
    const row = toInspectionRow(withOverall, '2026-11-22', '4.1');
    expect(INSPECTION_COLUMNS.find((c) => c.name === 'rating_sources')).toMatchObject({ since: '1.2' });
    expect(Object.keys(JSON.parse(row.rating_sources!))).toEqual(['overall', '1.3']);
    const back = fromInspectionRow(row);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.overall?.publicSource).toEqual(withOverall.overall!.publicSource);
    expect(back.value.standardRatings.find((x) => x.standardId === '1.1')!.publicSource).toBeNull();
    expect(toInspectionRow(back.value, '2026-11-22', '4.1')).toEqual(row);
    // No rating with a source of its own: the column is empty, and reads back as none.
    const none = toInspectionRow({ ...bromley, standardRatings: [] }, '2026-11-22', null);
    expect(none.rating_sources).toBe('');
    // A 1.1 file: every rating's source is unknown (undefined), not none, so the register keeps its own.
    const { rating_sources: _absent, ...older } = bromleyRow;
    const read = fromInspectionRow(older);
    expect(read.ok && read.value.standardRatings.map((x) => x.publicSource)).toEqual([undefined, undefined, undefined]);
    // A source for a standard the row does not rate, or one that is not a web address, is refused.
    expect(
      fromInspectionRow({
        ...bromleyRow,
        rating_sources: '{"9.9":{"publisher":"X","title":null,"date":null,"url":"https://x.test"}}',
      }),
    ).toMatchObject({
      ok: false,
      problems: [{ path: 'rating_sources' }],
    });
    expect(
      fromInspectionRow({
        ...bromleyRow,
        rating_sources: '{"1.1":{"publisher":"X","title":null,"date":null,"url":"seeds/000_x.txt"}}',
      }),
    ).toMatchObject({ ok: false, problems: [{ path: 'rating_sources' }] });
    expect(fromInspectionRow({ ...bromleyRow, rating_sources: '[1]' })).toMatchObject({ ok: false });
  });
  it('reads empty optional columns as nulls', () => {
    const r = fromInspectionRow(minimalRow());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      title: null,
      fieldworkText: null,
      fieldworkStart: null,
      publication: null,
      score: null,
      overall: null,
      standardRatings: [],
      recommendationsStated: null,
      recommendationsBreakdown: null,
      chiefInspector: null,
      sourceUrl: null,
      otherSourceUrls: [],
      notes: null,
      service: {
        name: 'X YOS',
        formerNames: [],
        areas: [{ name: 'X', onsCode: null }],
        region: 'Wales',
        nation: 'Wales',
      },
    });
  });

  it('says which columns are missing, and refuses what is not a row', () => {
    const { notes: _n, as_at: _a, ...short } = bromleyRow;
    expect(problemsOf(short)).toEqual([
      { path: 'notes', message: 'column is missing' },
      { path: 'as_at', message: 'column is missing' },
    ]);
    expect(problemsOf('a string')[0]!.path).toBe('');
    expect(problemsOf({ ...bromleyRow, score: 33 })).toEqual([{ path: 'score', message: 'column is missing' }]);
  });

  it.each<[string, Partial<Row>, string, string]>([
    [
      'an upper-case ref',
      { inspection_ref: 'Bromley-2025' },
      'inspection_ref',
      'must be lower-case letters, digits and dashes',
    ],
    [
      'a ref with a slash',
      { inspection_ref: '../admin' },
      'inspection_ref',
      'must be lower-case letters, digits and dashes',
    ],
    [
      'a slug with a space',
      { service_slug: 'brom ley' },
      'service_slug',
      'must be lower-case letters, digits and dashes',
    ],
    ['a blank service name', { service_name: '   ' }, 'service_name', 'is empty'],
    ['no local authority', { local_authorities: '' }, 'local_authorities', 'is empty'],
    ['no region', { region: '' }, 'region', 'is empty'],
    ['no framework', { framework_id: '' }, 'framework_id', 'is empty'],
    ['no framework version', { framework_version: ' ' }, 'framework_version', 'is empty'],
    ['another nation', { nation: 'Scotland' }, 'nation', 'must be England or Wales'],
    ['no nation', { nation: '' }, 'nation', 'must be England or Wales'],
    [
      'more codes than areas',
      { ons_codes: 'W06000001; W06000002' },
      'ons_codes',
      'has 2 codes for 1 local authorities',
    ],
    [
      'a bad ONS code',
      { ons_codes: 'X123' },
      'ons_codes',
      '"X123" is not an ONS code (a letter E, W, S or N and eight digits)',
    ],
    [
      'a script source',
      { source_url: 'javascript:alert(1)' },
      'source_url',
      '"javascript:alert(1)" is not an http or https address',
    ],
    [
      'a relative other source',
      { other_source_urls: 'https://ok.test /relative' },
      'other_source_urls',
      '"/relative" is not an http or https address',
    ],
    [
      'an unreadable publication time',
      { published_at: 'yesterday' },
      'published_at',
      '"yesterday" is not an ISO 8601 time',
    ],
    [
      'a wordy fieldwork start',
      { fieldwork_start: 'June 2018' },
      'fieldwork_start',
      '"June 2018" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)',
    ],
    [
      'an impossible publication date',
      { publication_date: '2025-02-30' },
      'publication_date',
      '"2025-02-30" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)',
    ],
    [
      'a fractional score',
      { score: '3.5', score_max: '36', score_source: 'stated' },
      'score',
      '"3.5" is not a whole number',
    ],
    [
      'a negative maximum',
      { score: '3', score_max: '-36', score_source: 'stated' },
      'score_max',
      '"-36" is not a whole number',
    ],
    [
      'an unknown score source',
      { score: '3', score_max: '36', score_source: 'guessed' },
      'score_source',
      '"guessed" is not one of computed, stated, derived',
    ],
    [
      'an unknown overall source',
      { overall_rating: 'good', overall_source: 'rumour' },
      'overall_source',
      '"rumour" is not one of computed, judged, published',
    ],
    [
      'a word for recommendations',
      { recommendations_stated: 'three' },
      'recommendations_stated',
      '"three" is not a whole number',
    ],
    [
      'a score without its maximum',
      { score: '33', score_source: 'stated' },
      'score',
      'score, score_max and score_source go together',
    ],
    ['a maximum without a score', { score_max: '36' }, 'score', 'score, score_max and score_source go together'],
    [
      'a score without its source',
      { score: '33', score_max: '36' },
      'score',
      'score, score_max and score_source go together',
    ],
    [
      'an overall rating without its source',
      { overall_rating: 'good' },
      'overall_source',
      'is needed with overall_rating',
    ],
    [
      'a malformed ratings cell',
      { standard_ratings: 'all good' },
      'standard_ratings',
      '"all good" is not of the form id=rating (source)',
    ],
  ])('refuses %s, naming the column', (_what, over, path, message) => {
    expect(problemsOf(minimalRow(over))).toContainEqual({ path, message });
  });

  it('reports every problem in a row at once', () => {
    const problems = problemsOf(minimalRow({ inspection_ref: 'A', nation: 'Mars', score: 'x', published_at: 'never' }));
    expect(new Set(problems.map((p) => p.path))).toEqual(
      new Set(['inspection_ref', 'nation', 'score', 'published_at']),
    );
  });

  it('keeps a code-less area beside coded ones in order', () => {
    const r = fromInspectionRow(minimalRow({ local_authorities: 'A; B; C', ons_codes: 'W06000001; ; W06000003' }));
    expect(r.ok && r.value.service.areas).toEqual([
      { name: 'A', onsCode: 'W06000001' },
      { name: 'B', onsCode: null },
      { name: 'C', onsCode: 'W06000003' },
    ]);
  });
});

describe('round trip with hostile text', () => {
  // Free text may hold anything a source can: quotes, commas, new lines, formula starters, markup,
  // non-Latin scripts. List columns are split on "; " (names) and spaces (URLs), so their items
  // hold no separator and are not blank; the format trims them.
  const anyText = fc.string({ unit: 'binary', maxLength: 40 });
  const hostile = fc.oneof(
    anyText,
    fc.constantFrom(
      '=HYPERLINK("http://evil")',
      '<script>alert(1)</script>',
      'a,"b"\r\nc',
      '+1',
      '@SUM(A1)',
      'Ynys Môn',
      '\t-2',
    ),
  );
  const listItem = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 20 })
    .map((s) => s.replaceAll(';', ',').trim())
    .filter((s) => s.length > 0);
  const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const nonEmpty = hostile.filter((s) => s.length > 0);
  const partial = fc.constantFrom('2019', '2024-02', '2024-02-29', '2025-12-31').map((s) => parseIsoPartial(s)!);
  const record: fc.Arbitrary<ExportableRecord> = fc
    .record({
      ref: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
      serviceSlug: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
      name: listItem,
      formerNames: fc.array(listItem, { maxLength: 3 }),
      areas: fc.array(fc.record({ name: listItem, onsCode: optional(fc.stringMatching(/^[EWSN]\d{8}$/)) }), {
        minLength: 1,
        maxLength: 3,
      }),
      region: listItem,
      nation: fc.constantFrom('England' as const, 'Wales' as const),
      title: optional(nonEmpty),
      fieldworkText: optional(nonEmpty),
      fieldworkStart: optional(partial),
      publication: optional(
        fc.oneof(
          partial,
          fc.constantFrom(['2018-08-01', '2018-12-05'], ['2024-02-28', '2024-03-01']).map(([a, b]) => ({
            precision: 'range' as const,
            earliest: a!,
            latest: b!,
          })),
        ),
      ),
      publishedAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      score: optional(
        fc.record({
          total: fc.nat(100),
          max: fc.nat(100),
          source: fc.constantFrom('computed' as const, 'stated' as const, 'derived' as const),
        }),
      ),
      overall: optional(
        fc.record({
          rating: fc.stringMatching(/^[a-z_]{1,20}$/),
          source: fc.constantFrom('computed' as const, 'judged' as const, 'published' as const),
        }),
      ),
      recommendationsStated: optional(fc.nat(50)),
      recommendationsBreakdown: optional(nonEmpty),
      chiefInspector: optional(nonEmpty),
      sourceUrl: optional(fc.webUrl()),
      otherSourceUrls: fc.array(fc.webUrl(), { maxLength: 3 }),
      notes: optional(nonEmpty),
    })
    .map((g) => ({
      ...bromley,
      ...g,
      service: { name: g.name, formerNames: g.formerNames, areas: g.areas, region: g.region, nation: g.nation },
      standardRatings: [],
    }));

  it('a record written and read back writes the same row, whatever the text', () => {
    fc.assert(
      fc.property(record, (rec) => {
        const row = toInspectionRow(rec, '2026-01-01', null);
        const back = fromInspectionRow(row);
        expect(back.ok ? [] : back.problems).toEqual([]);
        if (!back.ok) return;
        expect(toInspectionRow(back.value, '2026-01-01', null)).toEqual(row);
        expect(back.value.title).toBe(rec.title);
        expect(back.value.notes).toBe(rec.notes);
        expect(back.value.chiefInspector).toBe(rec.chiefInspector);
        expect(back.value.service).toEqual(rec.service);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any row of strings, and either reads it or names a column', () => {
    const columns = INSPECTION_COLUMNS.map((c) => c.name);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...columns), hostile), (partialRow) => {
        const r = fromInspectionRow(minimalRow(partialRow));
        if (!r.ok) for (const p of r.problems) expect(columns).toContain(p.path);
      }),
      { numRuns: 300 },
    );
  });
});
