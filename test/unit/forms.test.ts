import { describe, expect, it } from 'vitest';
import { dateFormValues, fieldErrors, singleError } from '../../src/web/forms.ts';

describe('dateFormValues', () => {
  it('splits a date the schema read back into the three fields, without leading zeros', () => {
    expect(dateFormValues({ date: '2027-03-09', time: '09:30', version: '4' })).toEqual({
      date: '2027-03-09',
      time: '09:30',
      version: '4',
      'date-year': '2027',
      'date-month': '3',
      'date-day': '9',
    });
  });

  it('leaves a body that failed the schema as it was typed', () => {
    const typed = { 'date-day': '31', 'date-month': '2', 'date-year': '2027', time: '25:00' };
    expect(dateFormValues(typed)).toEqual(typed);
  });

  it('does not read a date that is not a whole ISO date', () => {
    expect(dateFormValues({ date: '2027-3-9' })).toEqual({ date: '2027-3-9' });
    expect(dateFormValues({ date: ['2027-03-09'] })).toEqual({ date: ['2027-03-09'] });
  });

  it('gives no values for a body that is not a form', () => {
    expect(dateFormValues(undefined)).toEqual({});
    expect(dateFormValues('date=2027-03-09')).toEqual({});
  });
});

describe('form error shapes', () => {
  it('links one error to its field', () => {
    expect(singleError('time', 'Enter a time')).toEqual({
      errorList: [{ text: 'Enter a time', href: '#time' }],
      fields: { time: { text: 'Enter a time' } },
    });
  });

  it('lists every problem with one field and shows the first beside it', () => {
    const e = fieldErrors('file', ['Column x refused', 'Row 3 is bad']);
    expect(e.errorList.map((x) => x.href)).toEqual(['#file', '#file']);
    expect(e.fields.file?.text).toBe('Column x refused');
  });
});
