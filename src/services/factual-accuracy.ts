import { londonToday } from '../domain/embargo.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../domain/errors.ts';
import {
  DEFAULT_FA_WORKING_DAYS,
  factualAccuracyState,
  parseSection,
  sectionChoices,
  sectionLabel,
  unansweredMessage,
  workingDaysLeft,
  type CommentResponse,
} from '../domain/factual-accuracy.ts';
import { mayActAsLead, NOT_THE_LEAD } from '../domain/lifecycle.ts';
import type { Actor } from '../store/audit.ts';
import type { Tx } from '../store/db.ts';
import {
  addComment,
  answerComment,
  checkWithCloser,
  claimDueReminders,
  closeCheck,
  commentCounts,
  getComment,
  latestApproval,
  listComments,
  lockCheck,
} from '../store/factual-accuracy-repo.ts';
import { lockInspection } from '../store/workflow-repo.ts';
import type { ServiceContext } from './context.ts';
import { notificationService } from './notifications.ts';
import { inState, type InspectionWork } from './workflow.ts';

/** The longest comment, answer or reason: a paragraph or several, not a document. */
export const FA_TEXT_MAX = 4000;

/**
 * The factual-accuracy check (HMIP's practice): the service comments on its draft by section,
 * within a deadline of working days; the lead answers each comment, accepted with the change made
 * or not accepted with the reason; the lead closes the check, and the report is approved only when
 * every comment is answered (workflow.transition). Every write holds the inspection FOR SHARE and
 * the check's row, so a change of state or a closing waits for it and then sees it.
 */
export function factualAccuracyService(ctx: ServiceContext) {
  const { database, now } = ctx;
  const db = () => database.db;
  const notify = notificationService(ctx);
  const workingDays = ctx.factualAccuracyWorkingDays ?? DEFAULT_FA_WORKING_DAYS;

  /** Holds the inspection FOR SHARE and the open check, at the factual-accuracy stage; refuses otherwise. */
  const whileCheckOpen = <T>(work: InspectionWork, what: string, field: string, write: (tx: Tx) => Promise<T>) =>
    db().transaction(async (tx) => {
      const row = await lockInspection(tx, work.inspection.id, 'share');
      if (row.status !== 'factual_accuracy') throw new RuleError(inState(what, row.status), field);
      const check = await lockCheck(tx, work.inspection.id, 'share');
      if (!check || check.closedAt)
        throw new RuleError(`${what}; the lead inspector has closed the factual-accuracy check.`, field);
      return write(tx);
    });

  const labelled = <C extends { section: Parameters<typeof sectionLabel>[1]; standardId: string | null }>(
    work: InspectionWork,
    c: C,
  ) => ({ ...c, sectionLabel: sectionLabel(work.framework, c.section, c.standardId) });

  /** Answering and closing are the inspection's own lead's (whoever calls: a route, the CLI, a job). */
  const leadOnly = (actor: Actor, work: InspectionWork) => {
    if (actor.role !== 'lead_inspector' || !mayActAsLead(actor, work.inspection.leadInspectorId))
      throw new ForbiddenError(NOT_THE_LEAD);
  };
  const oneComment = async (work: InspectionWork, commentId: string) => {
    const c = await getComment(db(), work.inspection.id, commentId);
    if (!c) throw new NotFoundError('No such comment.');
    return labelled(work, c);
  };

  return {
    workingDays,
    sections: (work: InspectionWork) => sectionChoices(work.framework),

    /** Everything the factual-accuracy page shows: the check, its state, deadline, comments and answers, approval. */
    async overview(work: InspectionWork) {
      const id = work.inspection.id;
      const [found, comments, approval] = await Promise.all([
        checkWithCloser(db(), id),
        listComments(db(), id),
        latestApproval(db(), id),
      ]);
      const check = found?.check ?? null;
      const today = londonToday(now());
      return {
        check,
        closedBy: found?.closedByName ?? null,
        state: check ? factualAccuracyState(check, comments) : null,
        daysLeft: check ? workingDaysLeft(today, check.deadline) : null,
        comments: comments.map((c) => labelled(work, c)),
        unanswered: comments.filter((c) => !c.response).length,
        approval,
      };
    },

    /** The approval on record (who, when, what), for the inspection's overview. */
    approval: (work: InspectionWork) => latestApproval(db(), work.inspection.id),

    comment: oneComment,

    /** The service's comment on a section of its draft, while the check is open; the lead is emailed with it. */
    async addComment(actor: Actor, work: InspectionWork, v: { section: string; text: string }) {
      const parsed = parseSection(work.framework, v.section);
      if (!parsed) throw new RuleError('Select the part of the report your comment is about', 'section', 400);
      const label = sectionLabel(work.framework, parsed.section, parsed.standardId);
      return whileCheckOpen(work, 'Comments can only be made during the factual-accuracy check', 'text', async (tx) => {
        const row = await addComment(
          tx,
          actor,
          work.inspection.id,
          { text: v.text, ...parsed, sectionLabel: label },
          now(),
        );
        await notify.commentReceived(tx, work.inspection.id, row.id, actor.name, label);
        return row;
      });
    },

    /**
     * The lead's answer to a comment (first or changed), at the comment's version: accepted with the
     * change made, or not accepted with the reason. Editable until the check is closed.
     */
    async answer(
      actor: Actor,
      work: InspectionWork,
      commentId: string,
      expectedVersion: number,
      v: { response: CommentResponse; responseText: string },
    ) {
      leadOnly(actor, work);
      if (!v.responseText.trim())
        throw new RuleError(
          v.response === 'accepted'
            ? 'Describe the change made to the report'
            : 'Give the reason the comment is not accepted',
          'responseText',
        );
      const c = await oneComment(work, commentId);
      return whileCheckOpen(
        work,
        'Answers can only change while the factual-accuracy check is open',
        'response',
        (tx) =>
          answerComment(
            tx,
            actor,
            work.inspection.id,
            commentId,
            expectedVersion,
            { ...v, sectionLabel: c.sectionLabel },
            now(),
          ),
      );
    },

    /** The lead closes the check: no more comments or answers. Every comment must be answered first (422). */
    async close(actor: Actor, work: InspectionWork, expectedVersion: number) {
      leadOnly(actor, work);
      return db().transaction(async (tx) => {
        const row = await lockInspection(tx, work.inspection.id, 'share');
        if (row.status !== 'factual_accuracy')
          throw new RuleError(inState('The factual-accuracy check can only be closed at that stage', row.status));
        const check = await lockCheck(tx, work.inspection.id, 'update');
        if (!check) throw new RuleError('The draft has not been sent to the service.');
        if (check.closedAt) throw new RuleError('The factual-accuracy check is already closed.');
        const counts = await commentCounts(tx, work.inspection.id);
        if (counts.unanswered)
          throw new RuleError(
            unansweredMessage(counts.unanswered).replace('approving the report', 'closing the check'),
            undefined,
            422,
          );
        return closeCheck(tx, actor, check, expectedVersion, now(), counts, 'closed');
      });
    },

    /**
     * The job's step: the checks whose reminder day (two working days before the deadline) has come
     * are marked and their service's users emailed, each exactly once. Returns how many were due.
     */
    async remindDue(): Promise<number> {
      const at = now();
      const due = await claimDueReminders(db(), londonToday(at), at, async (tx, list) => {
        for (const d of list) await notify.deadlineReminder(tx, d.inspectionId, d.round, d.deadline);
      });
      return due.length;
    },
  };
}
export type FactualAccuracyService = ReturnType<typeof factualAccuracyService>;
