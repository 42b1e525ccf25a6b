import { readFileSync } from 'node:fs';
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
