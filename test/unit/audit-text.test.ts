import { describe, expect, it } from 'vitest';
import { auditSentence, type AuditEventLike } from '../../src/domain/audit-text.ts';

const words = {
  rating: (id: string) => ({ good: 'Good', requires_improvement: 'Requires improvement' })[id] ?? id,
  state: (id: string) => ({ planned: 'Planned', fieldwork: 'Fieldwork', withdrawn: 'Withdrawn' })[id] ?? id,
  person: (id: string) => ({ u1: 'Ines Inspector', u2: 'Ivan Inspector', l1: 'Lee Lead', l2: 'Lena Lead' })[id] ?? '?',
};
const event = (over: Partial<AuditEventLike>): AuditEventLike => ({
  actorName: 'Lee Lead',
  action: 'create',
  entityType: 'inspection',
  entityId: null,
  before: null,
  after: null,
  ...over,
});

describe('the audit trail as sentences', () => {
  it('tells the rating panel date set and moved in UK time (BST in summer, GMT in winter)', () => {
    const panel = (before: unknown, after: unknown) =>
      auditSentence(event({ action: 'set-panel-date', before, after }), words);
    expect(panel({ ratingPanelAt: null }, { ratingPanelAt: '2027-06-15T09:00:00.000Z' })).toBe(
      'Lee Lead set the rating panel for 15 June 2027 at 10:00 (UK time).',
    );
    expect(panel({ ratingPanelAt: '2027-06-15T09:00:00.000Z' }, { ratingPanelAt: '2027-11-02T14:30:00.000Z' })).toBe(
      'Lee Lead moved the rating panel from 15 June 2027 at 10:00 to 2 November 2027 at 14:30 (UK time).',
    );
  });

  it('tells the case list, the draw with its seed, a replacement with its reason, and a read of a case', () => {
    expect(auditSentence(event({ action: 'create', entityType: 'case_list', after: { cases: 60 } }), words)).toBe(
      'Lee Lead sent the case list (60 cases).',
    );
    expect(
      auditSentence(
        event({ action: 'draw', entityType: 'case_sample', after: { size: 22, caseload: 60, seed: 'ab12' } }),
        words,
      ),
    ).toBe('Lee Lead drew a sample of 22 from 60 cases (seed ab12).');
    expect(
      auditSentence(
        event({
          action: 'replace',
          entityType: 'case_sample',
          after: { unusable: 'YJ-7', replacement: 'YJ-31', reason: 'File transferred out' },
        }),
        words,
      ),
    ).toBe('Lee Lead set case YJ-7 aside: File transferred out; YJ-31 was drawn in its place.');
    expect(
      auditSentence(
        event({ actorName: 'Ines Inspector', action: 'view', entityType: 'case', after: { ref: 'YJ-7' } }),
        words,
      ),
    ).toBe('Ines Inspector read case YJ-7.');
  });

  it('tells an override with the rating before and after and the panel’s reason', () => {
    const e = event({
      action: 'update',
      entityType: 'panel_decision',
      entityId: '2.1',
      before: { kind: 'override', rating: 'requires_improvement', rationale: null },
      after: { kind: 'override', rating: 'good', rationale: 'Strong partnership work' },
    });
    expect(auditSentence(e, words)).toBe(
      'Lee Lead overrode 2.1 from Requires improvement to Good: Strong partnership work',
    );
  });

  it('names the people a team or lead change is about, and the states of a transition', () => {
    expect(
      auditSentence(
        event({
          actorName: 'Ada Admin',
          action: 'reassign-team',
          before: { team: ['u1'] },
          after: { team: ['u1', 'u2'] },
        }),
        words,
      ),
    ).toBe('Ada Admin changed the team from Ines Inspector to Ines Inspector, Ivan Inspector.');
    expect(
      auditSentence(
        event({ action: 'reassign-lead', before: { leadInspectorId: 'l1' }, after: { leadInspectorId: 'l2' } }),
        words,
      ),
    ).toBe('Lee Lead handed the lead from Lee Lead to Lena Lead.');
    expect(
      auditSentence(
        event({ action: 'transition', before: { status: 'planned' }, after: { status: 'fieldwork' } }),
        words,
      ),
    ).toBe('Lee Lead moved the inspection from Planned to Fieldwork.');
    expect(
      auditSentence(event({ action: 'withdraw', before: { status: 'planned' }, after: { reason: 'Merged' } }), words),
    ).toBe('Lee Lead withdrew the inspection: Merged.');
  });

  it('tells what a retention run deleted from an inspection, kind by kind, in the words of the policy', () => {
    expect(
      auditSentence(
        event({
          actorName: 'system',
          action: 'retention',
          entityType: 'inspection',
          after: { counts: { serviceComments: 2, caseListEntries: 0, unknownKind: 5, caseAssessments: 32 } },
        }),
        words,
      ),
    ).toBe("The retention policy's run deleted case answers and notes (32), factual-accuracy comments (2).");
  });

  it('still shows an action it has no sentence for, plainly', () => {
    expect(auditSentence(event({ action: 'archive', entityType: 'preview_link', entityId: 'abc' }), words)).toBe(
      'Lee Lead: archive preview link abc.',
    );
  });

  it('tells a preview link made, withdrawn and opened (by whoever holds it: the recipient is named)', () => {
    const after = { recipient: 'Jo Reporter', ip: '192.0.2.1' };
    expect(auditSentence(event({ action: 'create', entityType: 'preview_link', after }), words)).toBe(
      'Lee Lead shared an embargoed preview link with Jo Reporter.',
    );
    expect(auditSentence(event({ action: 'revoke', entityType: 'preview_link' }), words)).toBe(
      'Lee Lead withdrew an embargoed preview link.',
    );
    expect(
      auditSentence(event({ actorName: 'system', action: 'view', entityType: 'preview_link', after }), words),
    ).toBe('The preview link shared with Jo Reporter was opened from 192.0.2.1.');
    expect(
      auditSentence(event({ action: 'set-chief-inspector', after: { chiefInspector: 'Martin Jones' } }), words),
    ).toBe('Lee Lead named Martin Jones as the Chief Inspector, from the press release’s quote.');
  });
});

describe('the factual-accuracy check in the audit trail', () => {
  it('tells the sending with its deadline, a comment with its section, and the reminder', () => {
    expect(
      auditSentence(
        event({
          action: 'send',
          entityType: 'factual_accuracy_check',
          after: { round: 1, deadline: '2026-12-18', workingDays: 10 },
        }),
        words,
      ),
    ).toBe(
      'Lee Lead sent the draft to the service for its factual-accuracy check, comments due by 2026-12-18 (10 working days).',
    );
    expect(
      auditSentence(
        event({
          action: 'send',
          entityType: 'factual_accuracy_check',
          after: { round: 2, deadline: '2027-01-08', workingDays: 10 },
        }),
        words,
      ),
    ).toContain('(round 2)');
    expect(
      auditSentence(
        event({
          actorName: 'Sam Service',
          action: 'create',
          entityType: 'service_comment',
          after: { text: 'The board meets monthly', sectionLabel: '1.1 Governance and leadership' },
        }),
        words,
      ),
    ).toBe('Sam Service sent a factual-accuracy comment on 1.1 Governance and leadership: The board meets monthly');
    expect(
      auditSentence(
        event({
          actorName: null,
          action: 'remind',
          entityType: 'factual_accuracy_check',
          after: { deadline: '2026-12-18' },
        }),
        words,
      ),
    ).toBe('The system reminded the service that its factual-accuracy comments are due by 2026-12-18.');
  });

  it('tells an answer accepted with the change, one not accepted with the reason, and a changed answer', () => {
    expect(
      auditSentence(
        event({
          action: 'respond',
          entityType: 'service_comment',
          after: {
            response: 'accepted',
            responseText: 'Paragraph 2 now says monthly',
            sectionLabel: 'Recommendations',
          },
        }),
        words,
      ),
    ).toBe(
      'Lee Lead answered a factual-accuracy comment on Recommendations: accepted, changed the report: Paragraph 2 now says monthly',
    );
    expect(
      auditSentence(
        event({
          action: 'respond',
          entityType: 'service_comment',
          after: { response: 'not_accepted', responseText: 'The minutes show otherwise' },
        }),
        words,
      ),
    ).toBe('Lee Lead answered a factual-accuracy comment: not accepted, because The minutes show otherwise');
    expect(
      auditSentence(
        event({
          action: 'update-response',
          entityType: 'service_comment',
          before: { response: 'not_accepted', responseText: 'No' },
          after: { response: 'accepted', responseText: 'Changed' },
        }),
        words,
      ),
    ).toBe(
      'Lee Lead changed the answer to a factual-accuracy comment: accepted, changed the report: Changed (it was not accepted)',
    );
  });

  it('tells the closing and the approval as named decisions with what they covered', () => {
    expect(
      auditSentence(
        event({
          action: 'close',
          entityType: 'factual_accuracy_check',
          after: { comments: 2, accepted: 1, by: 'closed' },
        }),
        words,
      ),
    ).toBe('Lee Lead closed the factual-accuracy check: 2 comments, 1 accepted.');
    expect(
      auditSentence(
        event({
          action: 'close',
          entityType: 'factual_accuracy_check',
          after: { comments: 1, accepted: 0, by: 'approved' },
        }),
        words,
      ),
    ).toBe('Lee Lead closed the factual-accuracy check on approving the report: 1 comment, 0 accepted.');
    expect(
      auditSentence(
        event({
          action: 'approve',
          entityType: 'inspection',
          after: { inspectionVersion: 6, draftVersion: 5, comments: 2, accepted: 1 },
        }),
        words,
      ),
    ).toBe(
      'Lee Lead approved the ratings and report at record version 6 (draft version 5 checked by the service), with 2 factual-accuracy comments answered, 1 accepted.',
    );
  });
});
