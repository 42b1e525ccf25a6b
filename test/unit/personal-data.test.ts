import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePersonalData, findPersonalData, nhsCheckDigitValid } from '../../src/domain/personal-data.ts';

const kinds = (t: string) => findPersonalData(t).map((f) => [f.kind, f.text]);

describe('finding personal data in a note', () => {
  it('finds a date of birth after DOB, "date of birth" or "born"', () => {
    expect(kinds('DOB 03/04/2010, lives with mum')).toEqual([['date_of_birth', 'DOB 03/04/2010']]);
    expect(kinds('d.o.b.: 2010-04-03')).toEqual([['date_of_birth', 'd.o.b.: 2010-04-03']]);
    expect(kinds('Date of birth 3 April 2010')).toEqual([['date_of_birth', 'Date of birth 3 April 2010']]);
    expect(kinds('born on 3rd Apr 2010')).toEqual([['date_of_birth', 'born on 3rd Apr 2010']]);
  });

  it('does not take an ordinary date for a date of birth', () => {
    expect(kinds('Plan reviewed on 03/04/2026 with the case manager.')).toEqual([]);
  });

  it('finds an NHS number with a valid check digit, grouped or not, and ignores one whose check digit fails', () => {
    expect(nhsCheckDigitValid('9434765919')).toBe(true);
    expect(nhsCheckDigitValid('9434765918')).toBe(false);
    expect(kinds('NHS 943 476 5919 on file')).toEqual([['nhs_number', '943 476 5919']]);
    expect(kinds('ref 9434765919.')).toEqual([['nhs_number', '9434765919']]);
    expect(kinds('ref 9434765918.')).toEqual([]);
    // Part of a longer number is not an NHS number.
    expect(kinds('tel 094347659190')).toEqual([]);
  });

  it('finds UK postcodes', () => {
    expect(kinds('Moved to SW1A 1AA last month')).toEqual([['postcode', 'SW1A 1AA']]);
    expect(kinds('placement in m1 1ae')).toEqual([['postcode', 'm1 1ae']]);
    expect(kinds('B33 8TH and CR2 6XH')).toEqual([
      ['postcode', 'B33 8TH'],
      ['postcode', 'CR2 6XH'],
    ]);
  });

  it('finds PNC ids (year / serial + check letter)', () => {
    expect(kinds('PNC 12/1234567A recorded')).toEqual([['pnc_id', '12/1234567A']]);
    expect(kinds('PNC 2019/0012345Z')).toEqual([['pnc_id', '2019/0012345Z']]);
    expect(kinds('scored 12/20 in the test')).toEqual([]);
  });

  it('finds a full name after "Child" or "Young person", not a pseudonym or a practice term', () => {
    expect(kinds('Child John Smith attended')).toEqual([['name', 'Child John Smith']]);
    expect(kinds('Young person: Amira Khan was seen')).toEqual([['name', 'Young person: Amira Khan']]);
    expect(kinds('Child A attended; Child Protection Plan in place; Child Looked After review')).toEqual([]);
  });

  it('names what it found in one sentence', () => {
    expect(describePersonalData(findPersonalData('DOB 03/04/2010 at SW1A 1AA'))).toBe(
      'looks like it holds personal data: a date of birth (“DOB 03/04/2010”), a postcode (“SW1A 1AA”). Remove it before saving',
    );
  });
});

describe('finding personal data takes linear time', () => {
  const scale = Number(process.env.FUZZ_SCALE ?? 1) || 1;
  /** Time to scan `text` a few times, in milliseconds (the best of three, against noise). */
  const time = (text: string) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      findPersonalData(text);
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  const hostile = [
    'DOB '.repeat(25_000),
    '1'.repeat(100_000),
    '1 '.repeat(50_000),
    'Child '.repeat(16_000),
    'Child Aaaa '.repeat(9_000),
    'AA9A '.repeat(20_000),
    '12/'.repeat(33_000),
    'born on 3rd '.repeat(9_000),
    'd.o.b.'.repeat(16_000),
  ];

  it.each(hostile.map((h) => [h.slice(0, 12), h]))(
    'scans 100 KB of %j quickly and in proportion to its length',
    (_, text) => {
      const full = time(text);
      const tenth = time(text.slice(0, text.length / 10));
      expect(full).toBeLessThan(500);
      // Linear: ten times the text takes about ten times as long, never a hundred (slack for timer noise).
      // The floor is for a loaded machine: a quadratic pattern on 100 KB takes seconds, not 150 ms.
      expect(full).toBeLessThan(Math.max(tenth * 40, 150));
    },
  );

  it('stays quick on random text built from the patterns’ own pieces', () => {
    const piece = fc.constantFrom(
      'DOB',
      ' ',
      '/',
      '1',
      '12',
      'Child',
      'Young person',
      'A',
      'Aa',
      ':',
      '-',
      'SW1A',
      '9',
      'born on',
      'Apr',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1000, maxLength: 5000 }), (parts) => {
        const text = parts.join('');
        const t = performance.now();
        findPersonalData(text);
        expect(performance.now() - t).toBeLessThan(200);
      }),
      { numRuns: 20 * scale },
    );
  });
});
