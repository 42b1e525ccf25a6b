import { londonInstant, londonTime, londonToday, PREVIEW_RECIPIENT_KINDS } from '../domain/embargo.ts';
import { NotFoundError, RuleError } from '../domain/errors.ts';
import type { Framework } from '../domain/framework.ts';
import type { InspectionState } from '../domain/lifecycle.ts';
import { draftPressRelease, quoteAttribution } from '../domain/press-release.ts';
import { checkRelease } from '../domain/release-check.ts';
import type { Actor } from '../store/audit.ts';
import {
  createPreviewLink,
  getPressRelease,
  inspectionChecks,
  issueCorrection,
  listPreviewLinks,
  openPreview,
  previewViewCounts,
  revokePreviewLink,
  savePressRelease,
  scheduledTime,
} from '../store/publication-repo.ts';
import { getInspectionById, isInspectionPublic } from '../store/register-repo.ts';
import type { inspections } from '../store/schema.ts';
import { listFindings, listRecommendations } from '../store/workflow-repo.ts';
import { workflowService } from './workflow.ts';
import { registerFiguresService } from './register-figures.ts';
import type { ServiceContext } from './context.ts';
import { notificationService } from './notifications.ts';

/** The inspection as a workspace page has loaded it (its access already checked). */
export interface PublicationWork {
  inspection: typeof inspections.$inferSelect;
  service: { name: string };
  framework: Framework;
  state: InspectionState;
}

/** The states in which an embargoed preview may be shared: approved, and not yet published. */
export const PREVIEWABLE: readonly InspectionState[] = ['approved', 'scheduled'];
const NOT_PREVIEWABLE = 'Previews can be shared once the inspection is approved and before it is published.';

/**
 * Publication: the press release, the checks that stand before publication, scheduling,
 * embargoed previews and corrections to a published record. The publication job can publish
 * through the same rules.
 */
export function publicationService(ctx: ServiceContext) {
  const { database, now } = ctx;
  const db = () => database.db;
  // Scheduling is a change of the inspection's state: its rules are the workflow's.
  const workflow = workflowService(ctx);
  const notify = notificationService(ctx);
  const figures = registerFiguresService(ctx);

  async function draftRelease(work: PublicationWork) {
    const i = work.inspection;
    const [findings, recs] = await Promise.all([listFindings(db(), i.id), listRecommendations(db(), i.id)]);
    return draftPressRelease({
      serviceName: work.service.name,
      framework: work.framework,
      overall: i.overallRating,
      score: i.score,
      scoreMax: i.scoreMax,
      chiefInspector: i.chiefInspector,
      quote: null,
      findings: findings.map((f) => ({ kind: f.kind as 'strength', text: f.text })),
      recommendations: recs.map((r) => ({ addressee: r.addressee, addresseeName: r.addresseeName })),
      publicationDate: i.publicationPrecision === 'day' ? i.publicationEarliest : null,
      publicationTime: i.publishedAt ? londonTime(i.publishedAt) : null,
      fieldworkStart: i.fieldworkStart,
    });
  }

  return {
    draftRelease,
    /** Every check between an approved inspection and its publication (record, recommendations, release). */
    checks: (work: PublicationWork, asIf: { publicationDate?: string } = {}) =>
      inspectionChecks(db(), work.framework, work.inspection.id, asIf),

    /** The saved release (or a draft from the record when there is none) and the checks of its facts. */
    async pressRelease(work: PublicationWork) {
      const saved = await getPressRelease(db(), work.inspection.id);
      const checks = (await inspectionChecks(db(), work.framework, work.inspection.id)).filter((c) =>
        c.where.startsWith('press release'),
      );
      return {
        saved: !!saved,
        version: saved?.version ?? 0,
        text: saved ? { headline: saved.headline, body: saved.body } : await draftRelease(work),
        checks,
      };
    },
    /**
     * Saves the release at the version the editor saw. A published release is never edited (a
     * correction is issued instead); once scheduled, it goes out as it stands, so a change that
     * breaks a fact is refused rather than saved.
     */
    async saveRelease(actor: Actor, work: PublicationWork, version: number, v: { headline: string; body: string }) {
      // Public from the publication instant, whether or not the job has yet marked it published.
      if (work.state === 'published' || (await isInspectionPublic(db(), work.inspection.id, now())))
        throw new RuleError('A published release is not edited; issue a correction instead.', 'headline');
      const text = `${v.headline}\n\n${v.body}`;
      if (work.state === 'scheduled') {
        const i = work.inspection;
        const recs = await listRecommendations(db(), i.id);
        const problems = checkRelease(text, {
          publicationDate: i.publicationEarliest,
          publicationTime: scheduledTime(i),
          fieldworkStart: i.fieldworkStart,
          score: i.score,
          scoreMax: i.scoreMax,
          overall: i.overallRating,
          recommendations: recs,
          recommendationsStated: i.recommendationsStated,
        }).filter((p) => p.severity === 'error');
        if (problems.length)
          throw new RuleError(
            'This inspection is scheduled, so the release cannot be saved with errors: ' +
              problems.map((p) => p.message).join(' '),
            'body',
            422,
          );
      }
      // The person the release quotes is the inspection's Chief Inspector (page, report, API, claims).
      await savePressRelease(db(), actor, work.inspection.id, version, v, now(), quoteAttribution(text));
    },

    /**
     * Schedules publication for a London date and time: in the future, after fieldwork began, and
     * only when the checks pass with the release read as it will be on the day.
     */
    async schedule(actor: Actor, work: PublicationWork, version: number, when: { date: string; time: string }) {
      const at = londonInstant(when.date, when.time);
      const moment = now();
      if (when.date < londonToday(moment) || at <= moment)
        throw new RuleError('The publication date and time must be in the future', 'date-day', 400);
      const blocking = (
        await inspectionChecks(db(), work.framework, work.inspection.id, {
          publicationDate: when.date,
          publicationTime: when.time,
        })
      ).filter((c) => c.severity === 'error');
      if (blocking.length)
        throw new RuleError(
          `Publication is blocked: ${blocking.map((c) => `${c.where}: ${c.message}`).join('; ')}`,
          'date-day',
          422,
        );
      try {
        await workflow.schedulePublication(actor, work.inspection.id, version, at, when.date);
      } catch (e) {
        // The lifecycle's own refusals (the transition, the fieldwork date) are about the date asked for.
        if (e instanceof RuleError && !e.field) throw new RuleError(e.message, 'date-day', 422);
        throw e;
      }
    },

    /**
     * The inspection's preview links, newest first, each live, expired, revoked or (once the report
     * is public, by the public rule) published as of now, with how many times each was opened.
     */
    async previewLinks(work: PublicationWork) {
      const at = now();
      const id = work.inspection.id;
      const [links, views, published] = await Promise.all([
        listPreviewLinks(db(), id),
        previewViewCounts(db(), id),
        isInspectionPublic(db(), id, at),
      ]);
      return links.map((x) => ({
        ...x,
        views: views.get(x.id) ?? 0,
        state: x.revokedAt
          ? ('Revoked' as const)
          : x.expiresAt <= at
            ? ('Expired' as const)
            : published
              ? ('Published' as const)
              : ('Live' as const),
      }));
    },
    mayShare: (work: PublicationWork) => PREVIEWABLE.includes(work.state),
    /**
     * A new embargoed preview link, for an approved report before it is public. The token is
     * returned once; only its hash is kept.
     */
    async sharePreview(
      actor: Actor,
      work: PublicationWork,
      v: {
        recipient: string;
        recipientKind: (typeof PREVIEW_RECIPIENT_KINDS)[number];
        days: number;
        /** Where to email the link (once); without it the link is only shown to the publisher. */
        email?: string;
      },
    ) {
      if (!PREVIEWABLE.includes(work.state)) throw new RuleError(NOT_PREVIEWABLE, 'recipient');
      const expiresAt = new Date(now().getTime() + v.days * 86_400_000);
      const inspectionId = work.inspection.id;
      const email = v.email;
      return createPreviewLink(
        db(),
        actor,
        inspectionId,
        { recipient: v.recipient, recipientKind: v.recipientKind, expiresAt },
        email
          ? (tx, link) =>
              notify.previewLink(tx, {
                inspectionId,
                linkId: link.id,
                token: link.token,
                email,
                recipient: v.recipient,
                expiresAt,
                publishedAt: work.inspection.publishedAt,
              })
          : undefined,
      );
    },
    revokePreview: (actor: Actor, work: PublicationWork, linkId: string) =>
      revokePreviewLink(db(), actor, work.inspection.id, linkId, now()),
    /**
     * The report and press release behind a live preview link (each view audited in the request
     * that serves it), or null when the link does not work; `embargoed` while the report is not yet
     * public by the rule every public read uses (once it is, the link leads to the public page).
     */
    async openPreview(token: string, viewer: { ip: string; userAgent: string }) {
      const at = now();
      const link = await openPreview(db(), token, at, viewer);
      if (!link) return null;
      const [detail, isPublicNow] = await Promise.all([
        getInspectionById(db(), link.inspectionId),
        isInspectionPublic(db(), link.inspectionId, at),
      ]);
      if (!detail) throw new NotFoundError('No such inspection.');
      return { link, detail, publishedAt: detail.inspection.publishedAt, embargoed: !isPublicNow };
    },

    /**
     * A correction to a published record: a public note and the fields that change (only those
     * that differ from the record). Only a published inspection is corrected.
     */
    async correct(
      actor: Actor,
      work: PublicationWork,
      version: number,
      v: { note: string; title?: string; fieldworkText?: string },
    ) {
      const i = work.inspection;
      if (i.status !== 'published')
        throw new RuleError('Only a published inspection is corrected; before publication, edit it.', 'note');
      const changes: Record<string, string> = {};
      if (v.title && v.title !== i.title) changes.title = v.title;
      if (v.fieldworkText && v.fieldworkText !== i.fieldworkText) changes.fieldworkText = v.fieldworkText;
      try {
        const row = await issueCorrection(db(), actor, i.id, version, v.note, changes, now());
        // The register changed: today's figures are computed now rather than by the next visitor.
        void figures.refresh().catch(() => undefined);
        return row;
      } catch (e) {
        // Published between the page loading and the form arriving, or since: the rule is about the note.
        if (e instanceof RuleError && !e.field) throw new RuleError(e.message, 'note');
        throw e;
      }
    },
  };
}
export type PublicationService = ReturnType<typeof publicationService>;
