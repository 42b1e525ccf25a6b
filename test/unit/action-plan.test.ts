import { describe, expect, it } from 'vitest';
import {
  actionRag,
  actionStatus,
  boardOrder,
  dueDateProblem,
  planSummary,
  rebaseline,
  recommendationStatus,
  safeFilename,
  signOffProblem,
  type ActionFacts,
} from '../../src/domain/action-plan.ts';

const today = '2025-06-01';
const act = (state: ActionFacts['state'], dueDate: string, lastProgress = '2025-05-20'): ActionFacts => ({
  state,
  dueDate,
  lastProgress,
});

describe('action status and RAG, from dates and progress', () => {
  it('an unfinished action past its due date is overdue and red; a done one is green whatever its date', () => {
    expect(actionStatus('in_progress', '2025-05-31', today)).toBe('overdue');
    expect(actionRag(act('not_started', '2025-05-31'), today)).toBe('red');
    expect(actionStatus('done', '2025-05-31', today)).toBe('done');
    expect(actionRag(act('done', '2025-05-31', '2024-01-01'), today)).toBe('green');
  });
  it('due today or within 30 days is amber; later, with recent progress, is green', () => {
    expect(actionRag(act('in_progress', today), today)).toBe('amber');
    expect(actionRag(act('in_progress', '2025-07-01'), today)).toBe('amber');
    expect(actionRag(act('in_progress', '2025-07-02'), today)).toBe('green');
  });
  it('no progress for 90 days turns an action due later amber (89 days does not)', () => {
    expect(actionRag(act('in_progress', '2025-12-31', '2025-03-03'), today)).toBe('amber'); // 90 days
    expect(actionRag(act('in_progress', '2025-12-31', '2025-03-04'), today)).toBe('green'); // 89 days
  });
});

describe('recommendation status', () => {
  it('with no actions it is not started, not red, on publication day', () => {
    expect(recommendationStatus([], false, today)).toBe('not_started');
  });
  it('takes its worst action while any is open; awaits sign-off when all are done; met once agreed', () => {
    expect(recommendationStatus([act('done', '2025-01-01'), act('in_progress', '2025-06-10')], false, today)).toBe(
      'amber',
    );
    expect(
      recommendationStatus([act('in_progress', '2025-09-10'), act('not_started', '2025-05-10')], false, today),
    ).toBe('red');
    expect(recommendationStatus([act('in_progress', '2025-09-10')], false, today)).toBe('green');
    expect(recommendationStatus([act('done', '2025-01-01'), act('done', '2025-09-01')], false, today)).toBe(
      'awaiting_sign_off',
    );
    expect(recommendationStatus([act('done', '2025-01-01')], true, today)).toBe('met');
  });
  it('the board may agree it met only when it has actions and all are done, and only once', () => {
    expect(signOffProblem([], false)).toMatch(/no actions/);
    expect(signOffProblem([{ state: 'done' }, { state: 'in_progress' }], false)).toMatch(/Every action must be done/);
    expect(signOffProblem([{ state: 'done' }], true)).toMatch(/already agreed/);
    expect(signOffProblem([{ state: 'done' }, { state: 'done' }], false)).toBeNull();
  });
});

describe('the board view', () => {
  it('summarises actions by where they stand and recommendations by whether they are met', () => {
    const s = planSummary(
      [
        { actions: [act('done', '2025-01-01')], signedOff: true },
        { actions: [act('done', '2025-02-01'), act('done', '2025-03-01')], signedOff: false },
        {
          actions: [
            act('in_progress', '2025-05-01'),
            act('in_progress', '2025-06-15'),
            act('not_started', '2025-10-01'),
          ],
          signedOff: false,
        },
        { actions: [], signedOff: false },
      ],
      today,
    );
    expect(s).toEqual({
      onTrack: 1,
      dueSoon: 1,
      overdue: 1,
      done: 3,
      recommendations: 4,
      met: 1,
      awaitingSignOff: 1,
      notStarted: 1,
    });
  });
  it('lists each recommendation once, reddest first, with its actions beneath it overdue first', () => {
    const rec = (
      position: number,
      status: 'red' | 'amber' | 'green' | 'not_started' | 'met',
      dues: [string, 'red' | 'amber' | 'green'][],
    ) => ({
      position,
      status,
      actions: dues.map(([dueDate, rag]) => ({ dueDate, rag })),
    });
    const ordered = boardOrder([
      rec(1, 'green', [['2025-09-01', 'green']]),
      rec(2, 'met', [['2025-01-01', 'green']]),
      rec(3, 'red', [
        ['2025-08-01', 'green'],
        ['2025-05-01', 'red'],
      ]),
      rec(4, 'not_started', []),
      rec(5, 'amber', [['2025-06-20', 'amber']]),
    ]);
    expect(ordered.map((r) => r.position)).toEqual([3, 5, 4, 1, 2]);
    expect(ordered[0]!.actions.map((a) => a.dueDate)).toEqual(['2025-05-01', '2025-08-01']);
  });
});

describe('dates that move honestly', () => {
  const current = { owner: 'Head of service', dueDate: '2025-06-30', baselineDueDate: null, rebaselineReason: null };
  it('refuses a due date before the inspection was published', () => {
    expect(dueDateProblem('2025-01-31', '2025-02-01')).toMatch(
      /on or after the day the inspection was published, 1 February 2025/,
    );
    expect(dueDateProblem('2025-02-01', '2025-02-01')).toBeNull();
  });
  it('a moved due date needs a reason and keeps the first agreed date, through later moves', () => {
    expect(rebaseline(current, { owner: 'X', dueDate: '2025-08-31', reason: ' ' })).toEqual({
      ok: false,
      field: 'reason',
      message: 'Enter why the due date is changing',
    });
    const once = rebaseline(current, { owner: 'X', dueDate: '2025-08-31', reason: 'Recruitment delayed' });
    expect(once).toEqual({
      ok: true,
      value: {
        owner: 'X',
        dueDate: '2025-08-31',
        baselineDueDate: '2025-06-30',
        rebaselineReason: 'Recruitment delayed',
      },
    });
    const moved = once.ok ? { ...once.value } : current;
    const twice = rebaseline(moved, { owner: 'X', dueDate: '2025-10-31', reason: 'Still recruiting' });
    expect(twice.ok && twice.value.baselineDueDate).toBe('2025-06-30');
  });
  it('changing only the owner keeps the dates and reason; moving back to the first date clears them', () => {
    const moved = { owner: 'A', dueDate: '2025-08-31', baselineDueDate: '2025-06-30', rebaselineReason: 'Delay' };
    expect(rebaseline(moved, { owner: 'B', dueDate: '2025-08-31', reason: null })).toEqual({
      ok: true,
      value: { ...moved, owner: 'B' },
    });
    expect(rebaseline(moved, { owner: 'A', dueDate: '2025-06-30', reason: null })).toEqual({
      ok: true,
      value: { owner: 'A', dueDate: '2025-06-30', baselineDueDate: null, rebaselineReason: null },
    });
  });
});

describe('evidence file names', () => {
  it('keeps safe characters, replaces the rest and ends with the extension of the type read from the content', () => {
    expect(safeFilename('Board minute 12.pdf', 'pdf')).toBe('Board minute 12.pdf');
    expect(safeFilename('../../etc/"passwd".exe', 'pdf')).toBe('_.._etc__passwd_.pdf');
    expect(safeFilename('report\r\nSet-Cookie: x.docx', 'docx')).toBe('report__Set-Cookie_ x.docx');
    expect(safeFilename('.pdf', 'pdf')).toBe('evidence.pdf');
    expect(safeFilename(`${'a'.repeat(300)}.png`, 'png')).toHaveLength(104);
  });
});
