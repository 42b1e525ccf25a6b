import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoPartial } from '../../src/domain/partial-date.ts';
import {
  escapeHtml,
  FOUR_POINT_ORDER,
  partialDate,
  plural,
  queryString,
  RATING_STYLES,
  ratingLabel,
  ratingTag,
  ukDate,
  ukDateTime,
} from '../../src/web/view-helpers.ts';

describe('ratings', () => {
  it.each([
    ['outstanding', 'Outstanding', 'govuk-tag--green'],
    ['good', 'Good', 'govuk-tag--teal'],
    ['requires_improvement', 'Requires improvement', 'govuk-tag--yellow'],
    ['inadequate', 'Inadequate', 'govuk-tag--red'],
    ['satisfactory', 'Satisfactory', 'govuk-tag--purple'],
    ['unsatisfactory', 'Unsatisfactory', 'govuk-tag--orange'],
    ['poor', 'Poor', 'govuk-tag--pink'],
  ])('%s is shown as "%s" in %s', (id, label, classes) => {
    expect(ratingLabel(id)).toBe(label);
    expect(ratingTag(id)).toEqual({ text: label, classes });
  });
  it('gives each rating its own colour', () => {
    const tags = Object.values(RATING_STYLES).map((s) => s.tag);
    expect(new Set(tags).size).toBe(tags.length);
    expect(tags).not.toContain('govuk-tag--grey');
  });
  it('says "Not rated" in grey when there is no rating, with the caller’s wording if given', () => {
    for (const none of [null, undefined, '']) {
      expect(ratingLabel(none)).toBe('Not rated');
      expect(ratingTag(none)).toEqual({ text: 'Not rated', classes: 'govuk-tag--grey' });
    }
    expect(ratingTag(null, 'No overall rating')).toEqual({ text: 'No overall rating', classes: 'govuk-tag--grey' });
  });
  it('shows an unknown rating id as itself, in grey', () => {
    expect(ratingLabel('excellent')).toBe('excellent');
    expect(ratingTag('excellent')).toEqual({ text: 'excellent', classes: 'govuk-tag--grey' });
  });
  it('orders the four-point scale best first', () => {
    expect(FOUR_POINT_ORDER).toEqual(['outstanding', 'good', 'requires_improvement', 'inadequate']);
  });
});

describe('dates', () => {
  it('writes a partial date as precisely as it is known', () => {
    expect(partialDate(parseIsoPartial('2025-01-07'))).toBe('7 January 2025');
    expect(partialDate(parseIsoPartial('2025-01'))).toBe('January 2025');
    expect(partialDate(parseIsoPartial('2019'))).toBe('2019');
    expect(partialDate(null)).toBe('Date not known');
    expect(partialDate(undefined, 'undated')).toBe('undated');
  });
  it('writes times in UK time, whatever the season', () => {
    expect(ukDateTime(new Date('2025-01-07T00:01:00Z'))).toBe('7 January 2025 at 00:01');
    expect(ukDateTime(new Date('2024-07-11T23:01:00Z'))).toBe('12 July 2024 at 00:01');
    expect(ukDateTime(new Date('2024-03-31T00:30:00Z'))).toBe('31 March 2024 at 00:30');
    expect(ukDateTime(new Date('2024-03-31T01:30:00Z'))).toBe('31 March 2024 at 02:30');
  });
  it('writes a calendar date the same day whatever the time zone', () => {
    expect(ukDate('2025-01-07')).toBe('7 January 2025');
    expect(ukDate('2024-12-31')).toBe('31 December 2024');
    expect(ukDate(new Date('2024-07-11T23:30:00Z'))).toBe('12 July 2024');
  });
});

describe('plural', () => {
  it.each([
    [0, 'case', undefined, '0 cases'],
    [1, 'case', undefined, '1 case'],
    [2, 'case', undefined, '2 cases'],
    [1, 'child', 'children', '1 child'],
    [3, 'child', 'children', '3 children'],
  ])('%i %s', (n, one, many, expected) => {
    expect(plural(n, one, many)).toBe(expected);
  });
});

describe('queryString', () => {
  it('repeats keys for arrays and skips empty values', () => {
    expect(queryString({ rating: ['good', 'outstanding'], q: '', region: undefined, nation: null, page: 2 })).toBe(
      '?rating=good&rating=outstanding&page=2',
    );
    expect(queryString({ rating: ['', 'good'] })).toBe('?rating=good');
    expect(queryString({})).toBe('');
    expect(queryString({ q: '', rating: [] })).toBe('');
    expect(queryString({ page: 0 })).toBe('?page=0');
  });
  it('encodes what would otherwise change the query', () => {
    expect(queryString({ q: 'a&b=c d#e' })).toBe('?q=a%26b%3Dc+d%23e');
  });
  it('round-trips any params through URLSearchParams', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1 }),
          fc.array(fc.string({ unit: 'binary', minLength: 1 }), { minLength: 1, maxLength: 3 }),
        ),
        (params) => {
          const back = new URLSearchParams(queryString(params).slice(1));
          for (const [k, v] of Object.entries(params)) expect(back.getAll(k)).toEqual(v);
          expect(new Set(back.keys())).toEqual(new Set(Object.keys(params)));
        },
      ),
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('Ynys Môn — ok')).toBe('Ynys Môn — ok');
  });
  it('leaves no markup character unescaped, and decodes back to the original', () => {
    const decode = (s: string) =>
      s.replace(
        /&(lt|gt|quot|#39|amp);/g,
        (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!,
      );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(e.replace(/&(lt|gt|quot|#39|amp);/g, '')).not.toContain('&');
        expect(decode(e)).toBe(s);
      }),
    );
  });
});

describe('shorten', () => {
  it('keeps short text, cuts long text at a word boundary with an ellipsis, and never exceeds the limit', async () => {
    const { shorten } = await import('../../src/web/view-helpers.ts');
    expect(shorten('Recruit two volunteers', 60)).toBe('Recruit two volunteers');
    expect(shorten('Recruit  two\nvolunteers', 60)).toBe('Recruit two volunteers');
    expect(shorten('Review every out-of-court disposal against the new joint decision-making policy', 40)).toBe(
      'Review every out-of-court disposal…',
    );
    expect(shorten('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    for (const n of [5, 10, 37, 60]) expect(shorten('word '.repeat(40), n).length).toBeLessThanOrEqual(n);
  });
});
