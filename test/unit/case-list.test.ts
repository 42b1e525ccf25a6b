import { describe, expect, it } from 'vitest';
import { identifierKind, parseCaseList, quoted, CASE_LIST_MAX_BYTES } from '../../src/domain/case-list.ts';
import { samplingFor } from '../../src/domain/framework.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';

const rule = samplingFor(frameworkRegistry().get('hmip-youth-2025')!, '2026-11-01')!.draw!;
const HEAD = 'case_id,disposal_type,start_date,end_date';

describe('reading a case list', () => {
  it('reads the columns sampling needs, in any order and case, accepting labels for values', () => {
    const r = parseCaseList(
      'Start Date,Case ID,Disposal Type\n2026-01-05,YJ-001,court\n2026-02-01,YJ-002,Out-of-court disposal\n',
      rule,
    );
    expect(r).toEqual({
      ok: true,
      columns: ['start_date', 'case_id', 'disposal_type'],
      rows: [
        { caseId: 'YJ-001', strata: { disposal_type: 'court' }, startDate: '2026-01-05', endDate: null },
        { caseId: 'YJ-002', strata: { disposal_type: 'out_of_court' }, startDate: '2026-02-01', endDate: null },
      ],
    });
  });

  it.each([
    ['Name', 'a name'],
    ['First name', 'a name'],
    ['surname', 'a name'],
    ['DOB', 'a date of birth'],
    ['Date of birth', 'a date of birth'],
    ['Home address', 'an address'],
    ['Postcode', 'a postcode'],
    ['NHS number', 'an NHS number'],
    ['PNC id', 'a police national computer id'],
    ['Police National Computer ID', 'a police national computer id'],
  ])('refuses a column headed %s, naming it, and keeps nothing', (header, kind) => {
    const r = parseCaseList(`${HEAD},${header}\nYJ-1,court,2026-01-01,,x\n`, rule);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toBe(
      `Column “${header}” looks like ${kind}. The case list must not hold personal details: remove the column and upload it again.`,
    );
  });

  it('does not take a case id, disposal type or date column for a personal identifier', () => {
    for (const h of ['case_id', 'disposal_type', 'start_date', 'end_date']) expect(identifierKind(h)).toBeNull();
  });

  it('refuses a column sampling does not use, and a missing one', () => {
    const r = parseCaseList('case_id,start_date,offence\nYJ-1,2026-01-01,theft\n', rule);
    expect(!r.ok && r.problems).toEqual([
      'Column “offence” is not used for sampling. Send only case_id, disposal_type, start_date, end_date.',
      'The column disposal_type is missing.',
    ]);
  });

  it('lists bad rows by number: a repeated id, an unknown disposal, a bad date, an end before the start', () => {
    const r = parseCaseList(
      `${HEAD}\nYJ-1,court,2026-01-01,\nYJ-1,court,2026-01-01,\nYJ-2,custody,2026-01-01,\nYJ-3,court,01/02/2026,\nYJ-4,court,2026-03-01,2026-02-01\n`,
      rule,
    );
    expect(!r.ok && r.problems).toEqual([
      'Row 3 repeats case id “YJ-1”.',
      'Row 4 has disposal_type “custody”; use one of court, out_of_court.',
      'Row 5 has start_date “01/02/2026”; use a date in the form YYYY-MM-DD.',
      'Row 6 ends before it starts.',
    ]);
  });

  it('quotes a value that would start a spreadsheet formula with an apostrophe', () => {
    const r = parseCaseList(`${HEAD}\nYJ-1,=HYPERLINK(1),2026-01-01,\n`, rule);
    expect(!r.ok && r.problems[0]).toContain("“'=HYPERLINK(");
    expect(quoted('@SUM(1)')).toBe("“'@SUM(1)”");
    expect(quoted('court')).toBe('“court”');
  });

  it('refuses a case id that could be read as a formula', () => {
    const r = parseCaseList(`${HEAD}\n=1+1,court,2026-01-01,\n`, rule);
    expect(r.ok).toBe(false);
  });

  it('names a refused column even when the rows do not match the header, then numbers ragged rows', () => {
    const r = parseCaseList(`${HEAD},Postcode\nYJ-1,court,2026-01-01,\n`, rule);
    expect(!r.ok && r.problems[0]).toContain('Column “Postcode” looks like a postcode');
    const ragged = parseCaseList(`${HEAD}\nYJ-1,court,2026-01-01,,extra\n`, rule);
    expect(!ragged.ok && ragged.problems).toEqual(['Row 2 has 5 columns; the header has 4.']);
  });

  it('says where a file is not CSV without echoing its text', () => {
    const r = parseCaseList(`${HEAD}\nYJ-1,=x("y"),2026-01-01,\n`, rule);
    expect(!r.ok && r.problems).toEqual(['The file is not a CSV file this service can read (near line 2).']);
  });

  it('refuses a file over the size limit and an empty one', () => {
    expect(parseCaseList('x'.repeat(CASE_LIST_MAX_BYTES + 1), rule)).toEqual({
      ok: false,
      problems: ['The file is larger than 1 MB.'],
    });
    expect(parseCaseList('', rule).ok).toBe(false);
    expect(parseCaseList(`${HEAD}\n`, rule)).toEqual({ ok: false, problems: ['The list has no cases.'] });
  });
});
