import { describe, expect, it } from 'vitest';
import { checkRelease } from '../../src/domain/release-check.ts';
import { draftPressRelease, quoteAttribution, type ReleaseSource } from '../../src/domain/press-release.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';

const source: ReleaseSource = {
  serviceName: 'Bromley YJS',
  framework: frameworkRegistry().get('hmip-youth-2021')!,
  overall: 'outstanding',
  score: 33,
  scoreMax: 36,
  chiefInspector: 'Martin Jones',
  quote: 'The staff know and understand their children well.',
  findings: [
    { kind: 'strength', text: 'A strong health and education offer.' },
    { kind: 'improvement', text: 'No seconded probation officer.' },
  ],
  recommendations: [
    { addressee: 'management_board', addresseeName: 'Bromley’s executive management board' },
    { addressee: 'management_board', addresseeName: 'Bromley’s executive management board' },
    { addressee: 'yjs', addresseeName: 'Bromley YJS' },
  ],
  publicationDate: '2025-01-07',
  publicationTime: '00:01',
  fieldworkStart: '2024-09-02',
};

describe('draft press release', () => {
  const d = draftPressRelease(source);
  it('has the shape of HMIP’s releases', () => {
    expect(d.headline).toBe('‘Outstanding’ rating for Bromley YJS');
    expect(d.body).toMatch(/^Bromley YJS has received an overall rating of ‘Outstanding’ following an inspection/);
    expect(d.body).toContain(
      'Chief Inspector of Probation, Martin Jones, said: “The staff know and understand their children well.”',
    );
    expect(d.body).toContain(
      'two recommendations are made for Bromley’s executive management board; one recommendation is made for Bromley YJS'.replace(
        /^t/,
        'T',
      ),
    );
    expect(d.body).toContain('\n\nENDS\n\n');
    expect(d.body).toContain('1. This service works with children aged 10 to 17.');
    expect(d.body).toContain(
      '2. The Inspectorate uses a four-point scale: ‘Outstanding’, ‘Good’, ‘Requires improvement’ and ‘Inadequate’',
    );
    expect(d.body).toContain(
      '4. The report is available on the HM Inspectorate of Probation website on 07 January 2025 at 00.01.',
    );
    expect(d.body).toContain('6. Fieldwork for this inspection took place in September 2024.');
  });
  it('passes its own fact check against the record it came from', () => {
    const record = {
      publicationDate: '2025-01-07',
      fieldworkStart: '2024-09-02',
      score: 33,
      scoreMax: 36,
      overall: 'outstanding',
      recommendations: source.recommendations,
    };
    expect(checkRelease(`${d.headline}\n\n${d.body}`, record)).toEqual([]);
  });
  it('states the scheduled time, and its check flags the time once the schedule differs', () => {
    const late = draftPressRelease({ ...source, publicationTime: '04:31' });
    expect(late.body).toContain('on 07 January 2025 at 04.31.');
    const record = {
      publicationDate: '2025-01-07',
      publicationTime: '04:31',
      fieldworkStart: '2024-09-02',
      score: 33,
      scoreMax: 36,
      overall: 'outstanding',
      recommendations: source.recommendations,
    };
    expect(checkRelease(`${late.headline}\n\n${late.body}`, record)).toEqual([]);
    const early = draftPressRelease(source);
    expect(checkRelease(`${early.headline}\n\n${early.body}`, record).map((f) => f.message)).toEqual([
      'The text says the report is published at 00:01; it is scheduled for 04:31 (UK time).',
    ]);
  });
  it('uses placeholders, not guesses, for what is not yet known', () => {
    const early = draftPressRelease({ ...source, quote: null, publicationDate: null, chiefInspector: null });
    expect(early.body).toContain('[Quote to be agreed with the Chief Inspector]');
    expect(early.body).toContain('[publication date]');
    expect(early.body).toContain('[name of the Chief Inspector]');
  });
});

describe('the Chief Inspector a release quotes', () => {
  it('is the name in the attribution of the quote, in either order, without titles or honours', () => {
    const d = draftPressRelease(source);
    expect(quoteAttribution(`${d.headline}\n\n${d.body}`)).toBe('Martin Jones');
    expect(quoteAttribution('Sue McAllister CBE, Interim Chief Inspector of Probation, said: “Good work.”')).toBe(
      'Sue McAllister',
    );
    expect(quoteAttribution('“Good work,” said Dame Glenys Stacey, Chief Inspector of Probation.')).toBe(
      'Glenys Stacey',
    );
  });
  it('is no one when the release names no one there: a placeholder, or a mention that quotes nobody', () => {
    const early = draftPressRelease({ ...source, chiefInspector: null });
    expect(quoteAttribution(`${early.headline}\n\n${early.body}`)).toBeNull();
    expect(
      quoteAttribution('The report was signed off by Chief Inspector of Probation Martin Jones last year.'),
    ).toBeNull();
    expect(quoteAttribution('')).toBeNull();
  });
});
