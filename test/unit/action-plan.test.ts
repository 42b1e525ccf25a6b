import { describe, expect, it } from 'vitest';
import {
  actionRag,
  actionStatus,
  boardOrder,
  recommendationMet,
  recommendationRag,
} from '../../src/domain/action-plan.ts';

describe('action plan status and RAG, from dates', () => {
  const today = '2025-06-01';
  it('an unfinished action past its due date is overdue and red', () => {
    expect(actionStatus('in_progress', '2025-05-31', today)).toBe('overdue');
    expect(actionRag('not_started', '2025-05-31', today)).toBe('red');
    expect(actionStatus('done', '2025-05-31', today)).toBe('done');
    expect(actionRag('done', '2025-05-31', today)).toBe('green');
  });
  it('due today or within 30 days is amber; later is green', () => {
    expect(actionRag('in_progress', today, today)).toBe('amber');
    expect(actionRag('in_progress', '2025-07-01', today)).toBe('amber');
    expect(actionRag('in_progress', '2025-07-02', today)).toBe('green');
  });
  it('a recommendation takes its worst action; with none it is red; met when all done', () => {
    expect(recommendationRag([], today)).toBe('red');
    expect(
      recommendationRag(
        [
          { state: 'done', dueDate: '2025-01-01' },
          { state: 'in_progress', dueDate: '2025-06-10' },
        ],
        today,
      ),
    ).toBe('amber');
    expect(recommendationMet([])).toBe(false);
    expect(recommendationMet([{ state: 'done' }, { state: 'done' }])).toBe(true);
    expect(recommendationMet([{ state: 'done' }, { state: 'in_progress' }])).toBe(false);
  });
  it('orders the board overdue first, then due soon, earliest first', () => {
    const items = [
      { id: 'a', rag: 'green' as const, dueDate: '2025-09-01' },
      { id: 'b', rag: 'red' as const, dueDate: '2025-05-01' },
      { id: 'c', rag: 'amber' as const, dueDate: '2025-06-20' },
      { id: 'd', rag: 'red' as const, dueDate: '2025-04-01' },
    ];
    expect(boardOrder(items).map((i) => i.id)).toEqual(['d', 'b', 'c', 'a']);
  });
});
