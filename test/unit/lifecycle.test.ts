import { describe, expect, it } from 'vitest';
import {
  checkTransition,
  panelDateEditable,
  STATES,
  transitionsFrom,
  type TransitionContext,
} from '../../src/domain/lifecycle.ts';
import { ROLES } from '../../src/domain/roles.ts';

const ready: TransitionContext = {
  overallRated: true,
  blockingProblems: [],
  publicationSet: true,
  embargoPassed: true,
  caseCount: 1,
};

describe('inspection lifecycle', () => {
  it('refuses the rating panel to an inspection with no cases, with 422, and allows it with one', () => {
    const none = checkTransition('fieldwork', 'rating_panel', 'lead_inspector', { ...ready, caseCount: 0 });
    expect(none).toMatchObject({ ok: false, status: 422 });
    expect(!none.ok && none.reason).toMatch(/no cases/);
    expect(checkTransition('fieldwork', 'rating_panel', 'lead_inspector', ready).ok).toBe(true);
  });

  it('walks planned → published with the right role at each step', () => {
    const path: [string, string, string][] = [
      ['planned', 'fieldwork', 'lead_inspector'],
      ['fieldwork', 'rating_panel', 'lead_inspector'],
      ['rating_panel', 'factual_accuracy', 'lead_inspector'],
      ['factual_accuracy', 'approved', 'lead_inspector'],
      ['approved', 'scheduled', 'publisher'],
      ['scheduled', 'published', 'system'],
    ];
    for (const [from, to, actor] of path)
      expect(checkTransition(from as never, to as never, actor as never, ready).ok).toBe(true);
  });

  // Written out by hand from the inspection process, not read from TRANSITIONS, so a wrong entry in
  // the table (a role added to a step, a step that should not exist) fails here.
  const ALLOWED = new Set([
    'planned>fieldwork:lead_inspector',
    'planned>fieldwork:admin',
    'fieldwork>rating_panel:lead_inspector',
    'rating_panel>fieldwork:lead_inspector',
    'rating_panel>factual_accuracy:lead_inspector',
    'factual_accuracy>rating_panel:lead_inspector',
    'factual_accuracy>approved:lead_inspector',
    'approved>scheduled:publisher',
    'scheduled>approved:publisher',
    'scheduled>published:system',
    // Withdrawal (with a reason, on its own form): the lead or an admin, at any point before scheduling.
    ...['planned', 'fieldwork', 'rating_panel', 'factual_accuracy', 'approved'].flatMap((from) => [
      `${from}>withdrawn:lead_inspector`,
      `${from}>withdrawn:admin`,
    ]),
  ]);

  it('allows exactly the steps of the process to exactly the roles that take them, and refuses every other move with a reason', () => {
    let allowed = 0;
    for (const from of STATES) {
      for (const to of STATES) {
        for (const actor of [...ROLES, 'system'] as const) {
          const r = checkTransition(from, to, actor, ready);
          expect(r.ok, `${from} → ${to} by ${actor}`).toBe(ALLOWED.has(`${from}>${to}:${actor}`));
          if (r.ok) allowed++;
          else expect(r.reason.length).toBeGreaterThan(10);
        }
      }
    }
    expect(allowed).toBe(ALLOWED.size);
  });

  it('guards: no draft to the service without an overall rating; no approval with blocking problems; no schedule without a time; no publishing before the embargo', () => {
    expect(
      checkTransition('rating_panel', 'factual_accuracy', 'lead_inspector', { ...ready, overallRated: false }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/overall rating/) });
    expect(
      checkTransition('factual_accuracy', 'approved', 'lead_inspector', {
        ...ready,
        blockingProblems: ['score 30 is not the sum'],
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/score 30 is not the sum/) });
    expect(checkTransition('approved', 'scheduled', 'publisher', { ...ready, publicationSet: false }).ok).toBe(false);
    expect(checkTransition('scheduled', 'published', 'system', { ...ready, embargoPassed: false }).ok).toBe(false);
    expect(checkTransition('scheduled', 'published', 'publisher', ready).ok).toBe(false);
  });

  it('offers forward steps first', () => {
    expect(transitionsFrom('rating_panel', 'lead_inspector').map((t) => t.to)).toEqual([
      'factual_accuracy',
      'withdrawn',
      'fieldwork',
    ]);
    expect(transitionsFrom('rating_panel', 'inspector')).toEqual([]);
  });
});

describe('the rating panel date', () => {
  it('can be set until the draft goes to the service, and not after', () => {
    expect(STATES.filter(panelDateEditable)).toEqual(['planned', 'fieldwork', 'rating_panel']);
  });
});
