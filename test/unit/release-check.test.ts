import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRelease, extractReleaseFacts } from '../../src/domain/release-check.ts';

const seed = (name: string) => readFileSync(`data/seed/releases/${name}`, 'utf8');
const bromley2025 = seed('000_8ef67c381b74f421.txt');
const bexley = seed('004_56c4076c569a1570.txt');

describe('release facts', () => {
  it('reads the Bromley release: publication, fieldwork, rating and recommendations by addressee', () => {
    const f = extractReleaseFacts(bromley2025);
    expect(f.publication).toMatchObject({ date: '2024-01-07', time: '00:01' });
    expect(f.fieldwork!.month).toBe('2024-09');
    expect(f.overall!.rating).toBe('outstanding');
    expect(f.recommendations.map((r) => [r.count, r.addressee])).toEqual([
      [2, 'management_board'],
      [1, 'yjs'],
    ]);
    expect(bromley2025.slice(f.publication!.start, f.publication!.end)).toMatch(
      /^available.*07 January 2024 at 00\.01$/,
    );
  });
  it('reads scores in both forms', () => {
    expect(extractReleaseFacts('Bromley YJS scored 33/36 in the inspection').score).toMatchObject({
      total: 33,
      max: 36,
    });
    expect(extractReleaseFacts('a total score of 33 out of a possible of 36 points').score).toMatchObject({
      total: 33,
      max: 36,
    });
  });
});

describe('checking a release', () => {
  it('flags the seed release whose publication date precedes its own fieldwork, with the sentence', () => {
    const findings = checkRelease(bromley2025, null);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', field: 'publication' });
    expect(findings[0]!.message).toMatch(/2024-01-07, before its own fieldwork \(2024-09\)/);
    expect(findings[0]!.sentence).toContain(
      'The report is available on the HM Inspectorate of Probation website on 07 January 2024 at 00.01',
    );
  });
  it('checks the release against the record and finds nothing wrong when it agrees', () => {
    const record = {
      publicationDate: '2024-07-12',
      fieldworkStart: '2024-04-01',
      score: null,
      scoreMax: null,
      overall: 'good',
      recommendations: [{ addressee: 'management_board' }, { addressee: 'police' }],
      recommendationsStated: 5,
    };
    expect(checkRelease(bexley, record)).toEqual([]);
  });
  it('flags counts, scores and ratings that do not match the record', () => {
    const record = {
      publicationDate: '2025-01-07',
      fieldworkStart: '2024-09-02',
      score: 32,
      scoreMax: 36,
      overall: 'good',
      recommendations: [{ addressee: 'management_board' }, { addressee: 'yjs' }, { addressee: 'yjs' }],
    };
    const text = `${bromley2025}\nBromley YJS scored 33/36.`;
    const byField = Object.fromEntries(
      checkRelease(text, record).map((f) => [
        f.field + (f.field === 'recommendations' ? (f.message.includes('management') ? ':board' : ':yjs') : ''),
        f.message,
      ]),
    );
    expect(byField.score).toMatch(/33\/36; the record has 32\/36/);
    expect(byField.overall).toMatch(/Outstanding; the record has Good/);
    expect(byField['recommendations:board']).toMatch(/2 recommendations for the management board; the record has 1/);
    expect(byField['recommendations:yjs']).toMatch(/1 recommendation for the yjs; the record has 2/);
    expect(byField.publication).toBeDefined();
  });
});

describe('the stated time of publication', () => {
  const record = {
    publicationDate: '2027-01-12',
    publicationTime: '04:31',
    fieldworkStart: null,
    score: null,
    scoreMax: null,
    overall: null,
    recommendations: [],
  };
  const line = (s: string) => `The report is available on the HM Inspectorate of Probation website ${s}.`;

  it('reads the time in each form a release gives it, as HH:MM on the 24-hour clock', () => {
    const time = (text: string) => extractReleaseFacts(text).publicationTime?.time;
    expect(time(line('on 12 January 2027 at 00.01'))).toBe('00:01');
    expect(time(line('on 12 January 2027 at 4:31'))).toBe('04:31');
    expect(time(line('from 12 January 2027 at 4.31pm'))).toBe('16:31');
    expect(time(line('on 12 January 2027 at 12.01 a.m.'))).toBe('00:01');
    expect(time(line('at 00.01 on 12 January 2027'))).toBe('00:01');
    expect(time('EMBARGOED UNTIL 00:01 TUESDAY 12 JANUARY 2027\n\nHeadline')).toBe('00:01');
    expect(time('Under embargo until 04.31 on Tuesday')).toBe('04:31');
    // Not times of day: no fact, rather than a wrong one.
    expect(time(line('on 12 January 2027 at 25.00'))).toBeUndefined();
    expect(time(line('on 12 January 2027'))).toBeUndefined();
  });

  it('flags a release that says 00.01 for an inspection scheduled at 04:31, with the sentence', () => {
    const text = `Headline\n\n${line('on 12 January 2027 at 00.01')}`;
    const found = checkRelease(text, record);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', field: 'publication' });
    expect(found[0]!.message).toBe(
      'The text says the report is published at 00:01; it is scheduled for 04:31 (UK time).',
    );
    expect(found[0]!.sentence).toContain('at 00.01');
    expect(text.slice(found[0]!.start, found[0]!.end)).toMatch(/^available .*00\.01$/);
    expect(checkRelease('EMBARGOED UNTIL 00.01\n\nHeadline', record).map((f) => f.field)).toEqual(['publication']);
  });

  it('finds nothing wrong when the time agrees, or when there is no schedule yet', () => {
    expect(checkRelease(line('on 12 January 2027 at 04.31'), record)).toEqual([]);
    expect(checkRelease(line('on 12 January 2027 at 4.31am'), record)).toEqual([]);
    expect(checkRelease(line('on 12 January 2027 at 00.01'), { ...record, publicationTime: null })).toEqual([]);
  });
});

describe('reading release facts takes linear time', () => {
  /** The best of three runs, in milliseconds, against timer noise. */
  const time = (text: string) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      extractReleaseFacts(text);
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  // Each keyword of the time patterns repeated with no end in sight, and near misses of each.
  const hostile = [
    'embargoed until '.repeat(6_000),
    'embargo '.repeat(12_000),
    'embargoed until 00.'.repeat(5_000),
    'available at 00.01 '.repeat(5_000),
    'available at 1'.repeat(7_000),
    'at 4.31 a'.repeat(10_000),
    '00.01 am '.repeat(10_000),
    `available ${' '.repeat(100_000)}`,
  ];
  it.each(hostile.map((h) => [h.slice(0, 16), h]))(
    'reads 100 KB of %j quickly and in proportion to its length',
    (_, text) => {
      const full = time(text);
      const tenth = time(text.slice(0, text.length / 10));
      expect(full).toBeLessThan(1500);
      // Linear: ten times the text takes about ten times as long, never a hundred (slack for timer noise).
      // The floor is for timer noise on a loaded machine (a run at load average 15 took 114 ms for a linear
      // read); a quadratic pattern takes seconds here.
      expect(full).toBeLessThan(Math.max(tenth * 40, 400));
    },
  );
  it('on random text built from the patterns’ own pieces, reads only well-formed times', () => {
    const piece = fc.constantFrom(
      'available',
      ' at ',
      ' on ',
      'embargoed',
      ' until ',
      '00',
      '.',
      ':',
      '01',
      '4',
      'am',
      'p.m.',
      ' ',
      '\n',
      '12 January 2027',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (parts) => {
        const text = parts.join('');
        const t = extractReleaseFacts(text).publicationTime;
        if (t) {
          expect(t.time).toMatch(/^(?:[01]\d|2[0-3]):[0-5]\d$/);
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeLessThanOrEqual(text.length);
        }
      }),
    );
  });
});
