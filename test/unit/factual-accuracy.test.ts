import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  deadlineText,
  factualAccuracyDeadline,
  factualAccuracyState,
  parseSection,
  reminderDate,
  sectionChoices,
  sectionLabel,
  subtractWorkingDays,
  workingDaysLeft,
} from '../../src/domain/factual-accuracy.ts';
import { checkTransition } from '../../src/domain/lifecycle.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';

const f = frameworkRegistry().get('hmip-youth-2021')!;

describe('working days', () => {
  it('skips weekends forwards and backwards', () => {
    // Friday 4 December 2026 + 1 working day is Monday 7 December.
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-04', 10)).toBe('2026-12-18');
    // Sent on a Saturday: the count starts on Monday.
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07');
    expect(subtractWorkingDays('2026-12-07', 1)).toBe('2026-12-04');
    expect(reminderDate('2026-12-18')).toBe('2026-12-16');
    expect(reminderDate('2026-12-15')).toBe('2026-12-11');
    expect(workingDaysLeft('2026-12-11', '2026-12-15')).toBe(2);
    expect(workingDaysLeft('2026-12-15', '2026-12-15')).toBe(0);
    expect(workingDaysLeft('2026-12-16', '2026-12-15')).toBe(-1);
  });

  it('counts the deadline from the UK day the draft was sent (late evening in winter and summer)', () => {
    expect(factualAccuracyDeadline(new Date('2026-12-04T23:30:00Z'), 10)).toBe('2026-12-18');
    // 23:30 UTC on Friday 3 July 2026 is 00:30 on Saturday in London (BST): counted from Saturday.
    expect(factualAccuracyDeadline(new Date('2026-07-03T23:30:00Z'), 1)).toBe('2026-07-06');
    expect(deadlineText('2026-12-18')).toBe('Friday 18 December 2026');
  });
});

describe('sections and states', () => {
  it('offers the foreword, each standard by id and name, recommendations and other, and reads them back', () => {
    const choices = sectionChoices(f);
    expect(choices[0]!.value).toBe('overall');
    expect(choices.map((c) => c.value)).toContain('standard:1.1');
    expect(choices.at(-1)!.value).toBe('other');
    expect(parseSection(f, 'standard:1.1')).toEqual({ section: 'standard', standardId: '1.1' });
    expect(parseSection(f, 'standard:9.9')).toBeNull();
    expect(parseSection(f, 'recommendations')).toEqual({ section: 'recommendations', standardId: null });
    expect(sectionLabel(f, 'standard', '1.1')).toMatch(/^1\.1 /);
  });

  it('derives sent, comments received, responded and closed', () => {
    expect(factualAccuracyState({ closedAt: null }, [])).toBe('sent');
    expect(factualAccuracyState({ closedAt: null }, [{ response: 'accepted' }, { response: null }])).toBe(
      'comments_received',
    );
    expect(factualAccuracyState({ closedAt: null }, [{ response: 'not_accepted' }])).toBe('responded');
    expect(factualAccuracyState({ closedAt: new Date() }, [{ response: null }])).toBe('closed');
  });

  it('refuses approval with 422 while a comment is unanswered', () => {
    const ctx = { overallRated: true, blockingProblems: [], publicationSet: false, embargoPassed: false, caseCount: 1 };
    const refused = checkTransition('factual_accuracy', 'approved', 'lead_inspector', {
      ...ctx,
      unansweredComments: 1,
    });
    expect(refused).toMatchObject({ ok: false, status: 422 });
    expect(!refused.ok && refused.reason).toMatch(/1 factual-accuracy comment has not been answered/);
    expect(
      checkTransition('factual_accuracy', 'approved', 'lead_inspector', { ...ctx, unansweredComments: 0 }).ok,
    ).toBe(true);
  });
});
