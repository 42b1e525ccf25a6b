import { isRecordId } from '../domain/ids.ts';
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNull } from 'drizzle-orm';
import { checkRecord } from '../domain/consistency.ts';
import type { Framework } from '../domain/framework.ts';
import { ADDRESSEES } from '../domain/inspection-record.ts';
import { checkRelease } from '../domain/release-check.ts';
import { londonTime, PREVIEW_RECIPIENT_KINDS } from '../domain/embargo.ts';
import { isUniqueViolation, type Db, type Tx } from './db.ts';
import {
  auditEvents,
  corrections,
  inspections,
  pressReleases,
  previewLinks,
  recommendations,
  standardRatings,
} from './schema.ts';
import { ConflictError, NotFoundError, RuleError } from '../domain/errors.ts';
import { audit, type Actor } from './audit.ts';
import { registerChanged } from './service-listing-repo.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function getPressRelease(db: Db, inspectionId: string) {
  const [row] = await db.select().from(pressReleases).where(eq(pressReleases.inspectionId, inspectionId));
  return row ?? null;
}

/** Saves the release at the version the editor saw (0 = there was none). */
export async function savePressRelease(
  db: Db,
  actor: Actor,
  inspectionId: string,
  expectedVersion: number,
  v: { headline: string; body: string },
  now: Date,
  /** The Chief Inspector the release quotes, recorded on the inspection in the same transaction. */
  chiefInspector: string | null = null,
) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(pressReleases).where(eq(pressReleases.inspectionId, inspectionId));
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== expectedVersion)
      throw new ConflictError(
        'press release',
        { headline: current?.headline ?? null, body: current?.body ?? null, version: currentVersion },
        v,
      );
    if (current) {
      const [row] = await tx
        .update(pressReleases)
        .set({ ...v, version: currentVersion + 1, updatedBy: actor.id, updatedAt: now })
        .where(and(eq(pressReleases.inspectionId, inspectionId), eq(pressReleases.version, currentVersion)))
        .returning();
      if (!row)
        throw new ConflictError(
          'press release',
          { headline: current.headline, body: current.body, version: currentVersion },
          v,
        );
    } else {
      try {
        await tx.insert(pressReleases).values({ inspectionId, ...v, updatedBy: actor.id });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw new ConflictError('press release', { headline: null, body: null, version: 0 }, v);
      }
    }
    await audit(
      tx,
      actor,
      current ? 'update' : 'create',
      'press_release',
      inspectionId,
      inspectionId,
      current ? { headline: current.headline, body: current.body } : null,
      v,
    );
    if (chiefInspector) {
      const [before] = await tx
        .select({ chiefInspector: inspections.chiefInspector })
        .from(inspections)
        .where(eq(inspections.id, inspectionId));
      if (before && before.chiefInspector !== chiefInspector) {
        // Not a new record version: no form edits this field, and the release is its only source here.
        await tx.update(inspections).set({ chiefInspector, updatedAt: now }).where(eq(inspections.id, inspectionId));
        await audit(tx, actor, 'set-chief-inspector', 'inspection', inspectionId, inspectionId, before, {
          chiefInspector,
        });
      }
    }
  });
}

/**
 * The UK time a workflow inspection is scheduled to be published at (HH:MM), or null before it is
 * scheduled; imported records' instants are a date's, not a schedule.
 */
export const scheduledTime = (i: { origin: string; publishedAt: Date | null }) =>
  i.origin === 'workflow' && i.publishedAt ? londonTime(i.publishedAt) : null;

export interface CheckFinding {
  severity: 'error' | 'warning';
  where: string;
  message: string;
  sentence?: string;
}

/**
 * Every check that stands between an approved inspection and its publication: the record's own
 * consistency, every recommendation addressed, and the press release's facts against the record.
 */
export async function inspectionChecks(
  db: Db,
  f: Framework,
  inspectionId: string,
  asIf: { publicationDate?: string; publicationTime?: string } = {},
): Promise<CheckFinding[]> {
  const [i] = await db.select().from(inspections).where(eq(inspections.id, inspectionId));
  if (!i) throw new NotFoundError('No such inspection.');
  const [ratings, recs, release] = await Promise.all([
    db.select().from(standardRatings).where(eq(standardRatings.inspectionId, inspectionId)),
    db
      .select()
      .from(recommendations)
      .where(eq(recommendations.inspectionId, inspectionId))
      .orderBy(asc(recommendations.position)),
    getPressRelease(db, inspectionId),
  ]);
  const out: CheckFinding[] = [];
  const record = {
    publication:
      i.publicationEarliest && i.publicationLatest && i.publicationPrecision
        ? { precision: i.publicationPrecision, earliest: i.publicationEarliest, latest: i.publicationLatest }
        : null,
    fieldworkStart:
      i.fieldworkStart && i.fieldworkStartLatest
        ? {
            precision: (i.fieldworkPrecision ?? 'day') as 'day',
            earliest: i.fieldworkStart,
            latest: i.fieldworkStartLatest,
          }
        : null,
    score:
      i.score !== null && i.scoreMax !== null ? { total: i.score, max: i.scoreMax, source: 'computed' as const } : null,
    overall: i.overallRating ? { rating: i.overallRating, source: 'computed' as const } : null,
    standardRatings: ratings.map((r) => ({
      standardId: r.standardId,
      rating: r.rating,
      status: r.status,
      source: r.source,
    })),
  };
  for (const c of checkRecord(f, record))
    out.push({ severity: 'error', where: `record: ${c.field}`, message: c.message });
  recs.forEach((r, n) => {
    if (!(ADDRESSEES as readonly string[]).includes(r.addressee))
      out.push({ severity: 'error', where: `recommendation ${n + 1}`, message: 'has no recognised addressee' });
  });
  if (release) {
    const text = `${release.headline}\n\n${release.body}`;
    const found = checkRelease(text, {
      publicationDate: asIf.publicationDate ?? (i.publicationPrecision === 'day' ? i.publicationEarliest : null),
      publicationTime: asIf.publicationTime ?? scheduledTime(i),
      fieldworkStart: i.fieldworkStart,
      score: i.score,
      scoreMax: i.scoreMax,
      overall: i.overallRating,
      recommendations: recs,
      recommendationsStated: i.recommendationsStated,
    });
    for (const x of found)
      out.push({
        severity: x.severity,
        where: `press release, characters ${x.start}–${x.end}`,
        message: x.message,
        sentence: x.sentence,
      });
    if (/\[[^\]]*(quote|publication date|to be confirmed|name of)[^\]]*\]/i.test(text))
      out.push({ severity: 'error', where: 'press release', message: 'still has placeholders in square brackets' });
  } else if (i.origin === 'workflow') {
    out.push({ severity: 'warning', where: 'press release', message: 'no press release has been saved' });
  }
  return out;
}

// ---- embargoed previews ---------------------------------------------------------------------

export const MAX_PREVIEW_DAYS = 14;

export async function createPreviewLink(
  db: Db,
  actor: Actor,
  inspectionId: string,
  v: { recipient: string; recipientKind: (typeof PREVIEW_RECIPIENT_KINDS)[number]; expiresAt: Date },
  /** More work in the link's transaction (emailing the link): the link exists only if it succeeds. */
  within?: (tx: Tx, link: { id: string; token: string }) => Promise<void>,
) {
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(previewLinks)
      .values({ tokenHash: sha256(token), inspectionId, ...v, createdBy: actor.id })
      .returning({ id: previewLinks.id });
    await audit(tx, actor, 'create', 'preview_link', row!.id, inspectionId, null, v);
    if (within) await within(tx, { id: row!.id, token });
  });
  return token;
}

export async function listPreviewLinks(db: Db, inspectionId: string) {
  return db
    .select()
    .from(previewLinks)
    .where(eq(previewLinks.inspectionId, inspectionId))
    .orderBy(desc(previewLinks.createdAt));
}

/** How many times each of an inspection's preview links has been opened, from the audit of its views. */
export async function previewViewCounts(db: Db, inspectionId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ linkId: auditEvents.entityId, n: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.inspectionId, inspectionId),
        eq(auditEvents.entityType, 'preview_link'),
        eq(auditEvents.action, 'view'),
      ),
    )
    .groupBy(auditEvents.entityId);
  return new Map(rows.flatMap((r) => (r.linkId ? [[r.linkId, Number(r.n)] as const] : [])));
}

export async function revokePreviewLink(db: Db, actor: Actor, inspectionId: string, linkId: string, now: Date) {
  if (!isRecordId(linkId)) throw new NotFoundError('No such link.');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(previewLinks)
      .set({ revokedAt: now })
      .where(
        and(eq(previewLinks.id, linkId), eq(previewLinks.inspectionId, inspectionId), isNull(previewLinks.revokedAt)),
      )
      .returning();
    if (!row) throw new NotFoundError('No such link, or it is already revoked.');
    await audit(tx, actor, 'revoke', 'preview_link', linkId, inspectionId, { revokedAt: null }, { revokedAt: now });
  });
}

/** The link for a token if it is live (not expired, not revoked); each successful view is audited. */
export async function openPreview(db: Db, token: string, now: Date, viewer: { ip: string; userAgent: string }) {
  const [link] = await db
    .select()
    .from(previewLinks)
    .where(
      and(eq(previewLinks.tokenHash, sha256(token)), isNull(previewLinks.revokedAt), gt(previewLinks.expiresAt, now)),
    );
  if (!link) return null;
  await audit(db, null, 'view', 'preview_link', link.id, link.inspectionId, null, {
    recipient: link.recipient,
    ip: viewer.ip,
    userAgent: viewer.userAgent.slice(0, 200),
    at: now,
  });
  return link;
}

// ---- corrections ------------------------------------------------------------------------------

/**
 * A published record changes only through a correction: a public note, the changed fields before
 * and after, and a new record version, in one transaction with its audit event.
 */
export async function issueCorrection(
  db: Db,
  actor: Actor,
  inspectionId: string,
  expectedVersion: number,
  note: string,
  changes: Partial<{ overallRating: string; score: number; title: string; fieldworkText: string }>,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(inspections).where(eq(inspections.id, inspectionId));
    if (!current) throw new NotFoundError('No such inspection.');
    if (current.status !== 'published')
      throw new RuleError('Only a published inspection is corrected; before publication, edit it.');
    if (current.version !== expectedVersion)
      throw new ConflictError('inspection', { version: current.version }, { note, ...changes });
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, (current as Record<string, unknown>)[k]]));
    const [row] = await tx
      .update(inspections)
      .set({ ...changes, version: current.version + 1, updatedAt: now })
      .where(and(eq(inspections.id, inspectionId), eq(inspections.version, expectedVersion)))
      .returning();
    if (!row) throw new ConflictError('inspection', { version: current.version }, { note, ...changes });
    await tx.insert(corrections).values({
      inspectionId,
      recordVersion: row.version,
      note,
      changes: { before, after: changes },
      createdBy: actor.id,
    });
    await audit(tx, actor, 'correct', 'inspection', inspectionId, inspectionId, before, { ...changes, note });
    await registerChanged(tx, now, [row.serviceId]);
    return row;
  });
}
