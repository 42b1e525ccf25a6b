/**
 * What in an inspector's free-text note looks like a child's personal data: a date of birth, an
 * NHS number, a postcode, a police national computer (PNC) id, or a full name after "Child" or
 * "Young person". Notes are special-category data about children; case references are the
 * service's pseudonymous ids, and a note should not undo that. The inspector is asked to remove
 * what is found before the note is saved.
 *
 * Every pattern is linear in its input: no quantified group holds another quantifier, and each
 * repeat has a small fixed bound, so a hostile 100,000-character note cannot make matching slow
 * (fuzz-tested for time in test/unit/personal-data.test.ts).
 */

export type PersonalDataKind = 'date_of_birth' | 'nhs_number' | 'postcode' | 'pnc_id' | 'name';

export interface PersonalDataFound {
  kind: PersonalDataKind;
  /** The text that looked like personal data, as typed. */
  text: string;
  index: number;
}

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  date_of_birth: 'a date of birth',
  nhs_number: 'an NHS number',
  postcode: 'a postcode',
  pnc_id: 'a police national computer (PNC) id',
  name: 'a full name',
};

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const MONTH_WORDS = `(?:${MONTHS})[a-z]{0,6}`;
/** A date as people write one: 03/04/2010, 3.4.10, 2010-04-03, 3 April 2010, April 3rd 2010. */
const DATE =
  `(?:\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)? ${MONTH_WORDS},? \\d{4}` +
  `|${MONTH_WORDS} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})`;
/** "DOB", "D.O.B.", "date of birth", "born (on)", then at most a few characters before the date. */
const DOB = new RegExp(`\\b(?:d\\.?o\\.?b\\.?|date of birth|birth date|born(?: on)?)[: ]{0,3}(${DATE})`, 'gi');
/** Ten digits, alone or as 3 3 4 with single spaces or dashes; the check digit is tested separately. */
const NHS = /(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])/g;
/** The UK postcode shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA); GIR 0AA aside. */
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/gi;
/** PNC ids: year / serial number / check letter (12/1234567A), with a two- or four-digit year. */
const PNC = /\b(?:\d{2}|\d{4})\/\d{1,7}[A-Z]\b/gi;
/** "Child" or "Young person", an optional colon, then two capitalised words. */
const NAME = /\b(?:[Cc]hild|[Yy]oung [Pp]erson)[:,]? ([A-Z][a-z'’-]{1,24}) ([A-Z][a-z'’-]{1,24})/g;

/**
 * Capitalised words that follow "Child" or "Young person" in practice writing and are not names:
 * "Child Protection Plan", "Child Looked After", "Young Person Services".
 */
const NOT_NAMES = new Set(
  (
    'protection plan plans looked after in need sexual criminal exploitation services service social care ' +
    'and or the of a an to is was has had will would may might should could missed attended subject ' +
    'conference conferences case cases safeguarding mental health team teams arrest arrested court order ' +
    'orders services’ first second third every each who whose with without on at for from by'
  ).split(' '),
);

/** NHS numbers carry a modulus 11 check digit: weights 10 to 2 on the first nine digits. */
export function nhsCheckDigitValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** Everything in `text` that looks like personal data, in the order it appears. */
export function findPersonalData(text: string): PersonalDataFound[] {
  const found: PersonalDataFound[] = [];
  for (const m of text.matchAll(DOB)) found.push({ kind: 'date_of_birth', text: m[0], index: m.index });
  for (const m of text.matchAll(NHS))
    if (nhsCheckDigitValid(`${m[1]}${m[2]}${m[3]}`)) found.push({ kind: 'nhs_number', text: m[0], index: m.index });
  for (const m of text.matchAll(POSTCODE)) found.push({ kind: 'postcode', text: m[0], index: m.index });
  for (const m of text.matchAll(PNC)) found.push({ kind: 'pnc_id', text: m[0], index: m.index });
  for (const m of text.matchAll(NAME))
    if (!NOT_NAMES.has(m[1]!.toLowerCase()) && !NOT_NAMES.has(m[2]!.toLowerCase()))
      found.push({ kind: 'name', text: m[0], index: m.index });
  return found.sort((a, b) => a.index - b.index);
}

/** One sentence naming what was found, for the form's error message. */
export function describePersonalData(found: readonly PersonalDataFound[]): string {
  const parts = found.slice(0, 5).map((f) => `${PERSONAL_DATA_LABELS[f.kind]} (“${f.text.trim()}”)`);
  const more = found.length > 5 ? ` and ${found.length - 5} more` : '';
  return `looks like it holds personal data: ${parts.join(', ')}${more}. Remove it before saving`;
}
