import { isRecordId } from '../domain/ids.ts';
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rateInspection, type InspectionRating } from '../domain/engine.ts';
import type { Framework } from '../domain/framework.ts';
import type { InspectionState } from '../domain/lifecycle.ts';
import type { Addressee } from '../domain/inspection-record.ts';
import type { PanelDecisionKind, RateInput } from '../domain/rate-input.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { audit, type Actor } from './audit.ts';
import { isUniqueViolation, type Db, type Tx } from './db.ts';
import {
  auditEvents,
  caseAssessments,
  findings,
  inspectionTeam,
  inspections,
  panelDecisions,
  recommendations,
  services,
  standardRatings,
  users,
} from './schema.ts';
import { registerChanged } from './service-listing-repo.ts';
import { PUBLIC_STATES } from './register-repo.ts';

/**
 * Every write for the inspector workflow: one transaction each, an audit event inside the same
 * transaction, and optimistic concurrency (a version column; a stale version is a ConflictError
 * carrying both versions, so nothing is lost silently).
 */

/** The users table again, as the inspection's lead inspector. */
const leadUsers = alias(users, 'lead_user');

/**
 * Locks the inspection's row for the rest of the transaction and returns it. Writes to an
 * inspection's evidence (cases, panel decisions, findings and recommendations) take a shared lock,
 * so they run side by side; a change of state takes an exclusive one, so it waits for evidence
 * being written, rates what was committed, and every write after it sees the new state. The
 * services (src/services/workflow.ts, evidence.ts) take the lock and check the state against
 * the journey's rules before they call the writes below, inside the same transaction.
 */
export async function lockInspection(tx: Tx, inspectionId: string, mode: 'share' | 'update') {
  const [row] = await tx.select().from(inspections).where(eq(inspections.id, inspectionId)).for(mode);
  if (!row) throw new NotFoundError('No such inspection.');
  return row;
}

/** The service an inspection is planned for, or null. */
export async function findService(db: Db | Tx, serviceId: string) {
  if (!isRecordId(serviceId)) return null;
  const [row] = await db.select().from(services).where(eq(services.id, serviceId));
  return row ?? null;
}

/** Every service by name, for choosing what to inspect. */
export async function listServiceChoices(db: Db) {
  return db.select({ id: services.id, name: services.name }).from(services).orderBy(asc(services.name));
}

/** A service's slug and name (the workspace links a service's own people to its action plan). */
export async function serviceHeading(db: Db, serviceId: string) {
  const [row] = await db
    .select({ slug: services.slug, name: services.name })
    .from(services)
    .where(eq(services.id, serviceId));
  return row ?? null;
}

// ---- inspections ---------------------------------------------------------------------------

export async function createInspection(
  db: Db,
  actor: Actor,
  v: {
    serviceId: string;
    frameworkId: string;
    frameworkVersion: string;
    title: string;
    fieldworkStart: string | null;
    fieldworkEnd: string | null;
    /** Who leads it (the service chooses and checks); the planner when not given. */
    leadInspectorId?: string;
    /** The inspectors on its team besides the lead (the service checks they are active inspectors). */
    team?: string[];
  },
  /** The clock's time: an inspection planned without fieldwork dates takes its reference's year from it. */
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [service] = await tx.select().from(services).where(eq(services.id, v.serviceId));
    if (!service) throw new NotFoundError('No such service.');
    const leadId = v.leadInspectorId ?? actor.id;
    const year = (v.fieldworkStart ?? now.toISOString()).slice(0, 4);
    const taken = new Set(
      (
        await tx
          .select({ ref: inspections.ref })
          .from(inspections)
          .where(sql`${inspections.ref} like ${`${service.slug}-${year}%`}`)
      ).map((r) => r.ref),
    );
    let ref = `${service.slug}-${year}`;
    for (let n = 2; taken.has(ref); n++) ref = `${service.slug}-${year}-${n}`;
    const [row] = await tx
      .insert(inspections)
      .values({
        ref,
        serviceId: v.serviceId,
        frameworkId: v.frameworkId,
        frameworkVersion: v.frameworkVersion,
        frameworkBasis: 'chosen by the lead inspector',
        title: v.title,
        status: 'planned',
        fieldworkStart: v.fieldworkStart,
        fieldworkStartLatest: v.fieldworkStart,
        fieldworkPrecision: v.fieldworkStart ? 'day' : null,
        fieldworkEnd: v.fieldworkEnd,
        fieldworkText: v.fieldworkStart ? `${v.fieldworkStart}${v.fieldworkEnd ? ` to ${v.fieldworkEnd}` : ''}` : null,
        origin: 'workflow',
        leadInspectorId: leadId,
      })
      .returning();
    const team = [...new Set(v.team ?? [])].filter((id) => id !== leadId);
    if (team.length)
      await tx
        .insert(inspectionTeam)
        .values(team.map((userId) => ({ inspectionId: row!.id, userId, assignedAt: now, assignedBy: actor.id })));
    const { serviceId, frameworkId, title } = v;
    const created = { ref, serviceId, frameworkId, title, status: 'planned', leadInspectorId: leadId, team };
    await audit(tx, actor, 'create', 'inspection', row!.id, row!.id, null, created);
    return row!;
  });
}

/** Whether this account is an active lead inspector (who may lead an inspection). */
export async function isActiveLead(tx: Tx | Db, userId: string): Promise<boolean> {
  if (!isRecordId(userId)) return false;
  const [u] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.role, 'lead_inspector'), eq(users.active, true)));
  return !!u;
}

/** Active lead inspectors, for choosing who leads an inspection. */
export async function listLeadInspectors(db: Db) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.role, 'lead_inspector'), eq(users.active, true)))
    .orderBy(asc(users.name));
}

/** Hands an inspection to another lead inspector (an administrator's decision), audited with both leads. */
export async function assignLead(
  db: Db | Tx,
  actor: Actor,
  inspectionId: string,
  expectedVersion: number,
  leadId: string,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(inspections).where(eq(inspections.id, inspectionId));
    if (!current) throw new NotFoundError('No such inspection.');
    if (current.version !== expectedVersion) {
      const stored = { leadInspectorId: current.leadInspectorId, version: current.version };
      throw new ConflictError('inspection', stored, { leadInspectorId: leadId });
    }
    const [row] = await tx
      .update(inspections)
      .set({ leadInspectorId: leadId, version: current.version + 1, updatedAt: now })
      .where(and(eq(inspections.id, inspectionId), eq(inspections.version, expectedVersion)))
      .returning();
    if (!row) throw new ConflictError('inspection', { version: current.version }, { leadInspectorId: leadId });
    const [before, after] = [{ leadInspectorId: current.leadInspectorId }, { leadInspectorId: leadId }];
    await audit(tx, actor, 'reassign-lead', 'inspection', inspectionId, inspectionId, before, after);
    return row;
  });
}

// ---- the team ----------------------------------------------------------------------------------

/** The inspection's team besides its lead, by name. */
export async function listTeam(db: Db | Tx, inspectionId: string) {
  return db
    .select({
      id: users.id,
      name: users.name,
      role: inspectionTeam.role,
      partnerInspectorate: inspectionTeam.partnerInspectorate,
    })
    .from(inspectionTeam)
    .innerJoin(users, eq(users.id, inspectionTeam.userId))
    .where(eq(inspectionTeam.inspectionId, inspectionId))
    .orderBy(asc(users.name));
}

/** Whether this person is on the inspection's team (besides its lead). */
export async function isOnTeam(db: Db, inspectionId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: inspectionTeam.userId })
    .from(inspectionTeam)
    .where(and(eq(inspectionTeam.inspectionId, inspectionId), eq(inspectionTeam.userId, userId)));
  return !!row;
}

/** Active inspectors (not leads), for choosing an inspection's team. */
export async function listTeamChoices(db: Db) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.role, 'inspector'), eq(users.active, true)))
    .orderBy(asc(users.name));
}

/**
 * Replaces the team with `members`, at the version the caller saw: members who stay keep when and
 * by whom they were assigned. The inspection's version moves on, so two people changing the team
 * at once do not both win, and the change is audited with the team before and after.
 */
export async function setTeam(
  tx: Tx,
  actor: Actor,
  current: { id: string; version: number },
  expectedVersion: number,
  members: string[],
  now: Date,
) {
  const before = (await listTeam(tx, current.id)).map((m) => m.id);
  const keep = new Set(members);
  const gone = before.filter((id) => !keep.has(id));
  const added = members.filter((id) => !before.includes(id));
  if (gone.length)
    await tx
      .delete(inspectionTeam)
      .where(and(eq(inspectionTeam.inspectionId, current.id), inArray(inspectionTeam.userId, gone)));
  if (added.length)
    await tx
      .insert(inspectionTeam)
      .values(added.map((userId) => ({ inspectionId: current.id, userId, assignedAt: now, assignedBy: actor.id })));
  const [row] = await tx
    .update(inspections)
    .set({ version: current.version + 1, updatedAt: now })
    .where(and(eq(inspections.id, current.id), eq(inspections.version, expectedVersion)))
    .returning();
  if (!row) throw new ConflictError('inspection', { version: current.version }, { team: members });
  await audit(tx, actor, 'reassign-team', 'inspection', current.id, current.id, { team: before }, { team: members });
  return row;
}

/**
 * Changes the planned details (before fieldwork), at the version the caller saw; audited with the
 * details before and after. The caller has locked the row and checked the state.
 */
export async function setPlannedDetails(
  tx: Tx,
  actor: Actor,
  current: typeof inspections.$inferSelect,
  expectedVersion: number,
  v: {
    title: string;
    fieldworkStart: string | null;
    fieldworkEnd: string | null;
    frameworkId: string;
    frameworkVersion: string;
  },
  now: Date,
) {
  const [row] = await tx
    .update(inspections)
    .set({
      title: v.title,
      frameworkId: v.frameworkId,
      frameworkVersion: v.frameworkVersion,
      fieldworkStart: v.fieldworkStart,
      fieldworkStartLatest: v.fieldworkStart,
      fieldworkPrecision: v.fieldworkStart ? 'day' : null,
      fieldworkEnd: v.fieldworkEnd,
      fieldworkText: v.fieldworkStart ? `${v.fieldworkStart}${v.fieldworkEnd ? ` to ${v.fieldworkEnd}` : ''}` : null,
      version: current.version + 1,
      updatedAt: now,
    })
    .where(and(eq(inspections.id, current.id), eq(inspections.version, expectedVersion)))
    .returning();
  if (!row) throw new ConflictError('inspection', { version: current.version }, v);
  const pick = (i: typeof current) => ({
    title: i.title,
    frameworkId: i.frameworkId,
    fieldworkStart: i.fieldworkStart,
    fieldworkEnd: i.fieldworkEnd,
  });
  await audit(tx, actor, 'edit-plan', 'inspection', current.id, current.id, pick(current), pick(row));
  return row;
}

/**
 * Sets or changes when the rating panel sits, at the version the caller saw; audited with the
 * instant before and after. The caller has locked the row and checked the state and the date.
 */
export async function setRatingPanelAt(
  tx: Tx,
  actor: Actor,
  current: typeof inspections.$inferSelect,
  expectedVersion: number,
  at: Date,
  now: Date,
) {
  const [row] = await tx
    .update(inspections)
    .set({ ratingPanelAt: at, version: current.version + 1, updatedAt: now })
    .where(and(eq(inspections.id, current.id), eq(inspections.version, expectedVersion)))
    .returning();
  if (!row)
    throw new ConflictError(
      'inspection',
      { ratingPanelAt: current.ratingPanelAt, version: current.version },
      { ratingPanelAt: at },
    );
  await audit(
    tx,
    actor,
    'set-panel-date',
    'inspection',
    current.id,
    current.id,
    { ratingPanelAt: current.ratingPanelAt?.toISOString() ?? null },
    { ratingPanelAt: at.toISOString() },
  );
  return row;
}

/** Withdraws the inspection (a terminal state), audited with the reason. The caller has checked the rule. */
export async function setWithdrawn(
  tx: Tx,
  actor: Actor,
  current: { id: string; status: InspectionState; version: number },
  expectedVersion: number,
  reason: string,
  now: Date,
) {
  const [row] = await tx
    .update(inspections)
    .set({ status: 'withdrawn', version: current.version + 1, updatedAt: now })
    .where(and(eq(inspections.id, current.id), eq(inspections.version, expectedVersion)))
    .returning();
  if (!row)
    throw new ConflictError(
      'inspection',
      { status: current.status, version: current.version },
      { status: 'withdrawn' },
    );
  await audit(
    tx,
    actor,
    'withdraw',
    'inspection',
    current.id,
    current.id,
    { status: current.status },
    { status: 'withdrawn', reason },
  );
  return row;
}

export async function getWorkflowInspection(db: Db, id: string) {
  if (!isRecordId(id)) return null;
  const [row] = await db
    .select({ inspection: inspections, service: services, lead: { id: leadUsers.id, name: leadUsers.name } })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .leftJoin(leadUsers, eq(leadUsers.id, inspections.leadInspectorId))
    .where(eq(inspections.id, id));
  return row ?? null;
}

/** Inspections in the workflow (created in this service, not imported history), newest first. */
export async function listWorkflowInspections(
  db: Db,
  scope: { serviceId?: string; states?: InspectionState[]; workedOnBy?: string } = {},
) {
  const where = [eq(inspections.origin, 'workflow')];
  if (scope.serviceId) where.push(eq(inspections.serviceId, scope.serviceId));
  // An inspector's own: the ones they lead or are on the team of.
  if (scope.workedOnBy)
    where.push(
      or(
        eq(inspections.leadInspectorId, scope.workedOnBy),
        inArray(
          inspections.id,
          db
            .select({ id: inspectionTeam.inspectionId })
            .from(inspectionTeam)
            .where(eq(inspectionTeam.userId, scope.workedOnBy)),
        ),
      )!,
    );
  if (scope.states) where.push(inArray(inspections.status, scope.states));
  return db
    .select({ inspection: inspections, service: services })
    .from(inspections)
    .innerJoin(services, eq(services.id, inspections.serviceId))
    .where(and(...where))
    .orderBy(desc(inspections.createdAt));
}

// ---- cases ----------------------------------------------------------------------------------

export async function listCases(db: Db, inspectionId: string) {
  return db
    .select({ c: caseAssessments, inspectorName: users.name })
    .from(caseAssessments)
    .leftJoin(users, eq(users.id, caseAssessments.inspectorId))
    .where(eq(caseAssessments.inspectionId, inspectionId))
    .orderBy(asc(caseAssessments.ref));
}

/**
 * The sample as the case list and the ratings panel use it: each case's reference, type, disposal
 * and answers, with its inspector's name; not the notes, version or timestamps, which neither
 * shows (every column read is parsed for every case, on every request for those pages).
 */
export async function listCaseSummaries(db: Db, inspectionId: string) {
  return db
    .select({
      c: {
        id: caseAssessments.id,
        ref: caseAssessments.ref,
        caseType: caseAssessments.caseType,
        disposal: caseAssessments.disposal,
        answers: caseAssessments.answers,
      },
      inspectorName: users.name,
    })
    .from(caseAssessments)
    .leftJoin(users, eq(users.id, caseAssessments.inspectorId))
    .where(eq(caseAssessments.inspectionId, inspectionId))
    .orderBy(asc(caseAssessments.ref));
}

export async function getCase(db: Db, inspectionId: string, caseId: string) {
  if (!isRecordId(caseId)) return null;
  const [row] = await db
    .select()
    .from(caseAssessments)
    .where(and(eq(caseAssessments.id, caseId), eq(caseAssessments.inspectionId, inspectionId)));
  return row ?? null;
}

/** Whether the inspection's sample already has a case with this reference. */
export async function caseRefTaken(db: Db | Tx, inspectionId: string, ref: string) {
  const [dup] = await db
    .select({ id: caseAssessments.id })
    .from(caseAssessments)
    .where(and(eq(caseAssessments.inspectionId, inspectionId), eq(caseAssessments.ref, ref)));
  return !!dup;
}

export async function addCase(
  db: Db | Tx,
  actor: Actor,
  inspectionId: string,
  v: { ref: string; caseType: string; disposal: string | null; inspectorId: string | null },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(caseAssessments)
      .values({
        inspectionId,
        ref: v.ref,
        caseType: v.caseType,
        disposal: v.disposal,
        inspectorId: v.inspectorId ?? actor.id,
      })
      .returning();
    await audit(tx, actor, 'create', 'case', row!.id, inspectionId, null, {
      ref: v.ref,
      caseType: v.caseType,
      disposal: v.disposal,
    });
    return row!;
  });
}

export async function saveCaseAnswers(
  db: Db | Tx,
  actor: Actor,
  inspectionId: string,
  caseId: string,
  expectedVersion: number,
  answers: Record<string, 'yes' | 'no' | 'na'>,
  notes: Record<string, string>,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(caseAssessments)
      .where(and(eq(caseAssessments.id, caseId), eq(caseAssessments.inspectionId, inspectionId)));
    if (!current) throw new NotFoundError('No such case.');
    const [row] = await tx
      .update(caseAssessments)
      .set({ answers, notes, version: current.version + 1, updatedAt: now })
      .where(and(eq(caseAssessments.id, caseId), eq(caseAssessments.version, expectedVersion)))
      .returning();
    if (!row)
      throw new ConflictError(
        'case',
        { answers: current.answers, notes: current.notes, version: current.version },
        { answers, notes },
      );
    await audit(
      tx,
      actor,
      'update',
      'case',
      caseId,
      inspectionId,
      { answers: current.answers, notes: current.notes },
      { answers, notes },
    );
    return row;
  });
}

// ---- panel decisions ----------------------------------------------------------------------------

export async function listPanelDecisions(db: Db | Tx, inspectionId: string) {
  return db
    .select()
    .from(panelDecisions)
    .where(eq(panelDecisions.inspectionId, inspectionId))
    .orderBy(asc(panelDecisions.standardId));
}

/** Records, replaces or (rating null) clears a panel decision. expectedVersion 0 means "there was none". */
export async function savePanelDecision(
  db: Db | Tx,
  actor: Actor,
  inspectionId: string,
  standardId: string,
  kind: PanelDecisionKind,
  rating: string | null,
  rationale: string | null,
  expectedVersion: number,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(panelDecisions)
      .where(and(eq(panelDecisions.inspectionId, inspectionId), eq(panelDecisions.standardId, standardId)));
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== expectedVersion) {
      throw new ConflictError(
        'panel decision',
        { rating: current?.rating ?? null, rationale: current?.rationale ?? null, version: currentVersion },
        { rating, rationale },
      );
    }
    const before = current ? { kind: current.kind, rating: current.rating, rationale: current.rationale } : null;
    if (rating === null) {
      // Nothing to withdraw is no event: the trail would otherwise say a decision was withdrawn that never was.
      if (!current) return null;
      await tx
        .delete(panelDecisions)
        .where(and(eq(panelDecisions.inspectionId, inspectionId), eq(panelDecisions.standardId, standardId)));
      await audit(tx, actor, 'delete', 'panel_decision', standardId, inspectionId, before, null);
      return null;
    }
    const values = { kind, rating, rationale, decidedBy: actor.id, updatedAt: now };
    let row;
    if (current) {
      [row] = await tx
        .update(panelDecisions)
        .set({ ...values, version: currentVersion + 1 })
        .where(
          and(
            eq(panelDecisions.inspectionId, inspectionId),
            eq(panelDecisions.standardId, standardId),
            eq(panelDecisions.version, currentVersion),
          ),
        )
        .returning();
      if (!row)
        throw new ConflictError(
          'panel decision',
          { rating: current.rating, rationale: current.rationale, version: currentVersion },
          { rating, rationale },
        );
    } else {
      // A concurrent first decision hits the primary key: report it as the conflict it is.
      try {
        [row] = await tx
          .insert(panelDecisions)
          .values({ inspectionId, standardId, ...values })
          .returning();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw new ConflictError('panel decision', { rating: null, rationale: null, version: 0 }, { rating, rationale });
      }
    }
    await audit(tx, actor, current ? 'update' : 'create', 'panel_decision', standardId, inspectionId, before, {
      kind,
      rating,
      rationale,
    });
    return row!;
  });
}

// ---- the engine over stored answers -----------------------------------------------------------

export async function rateStored(
  db: Db | Tx,
  f: Framework,
  inspectionId: string,
): Promise<{ input: RateInput; result: InspectionRating }> {
  // One after another: callers rate inside their transaction, whose one connection runs its
  // statements in turn anyway (node-postgres deprecates queueing a statement behind another).
  const cases = await db
    .select()
    .from(caseAssessments)
    .where(eq(caseAssessments.inspectionId, inspectionId))
    .orderBy(asc(caseAssessments.ref));
  const decisions = await listPanelDecisions(db, inspectionId);
  const [planned] = await db
    .select({ fieldworkStart: inspections.fieldworkStart })
    .from(inspections)
    .where(eq(inspections.id, inspectionId));
  // The sample sizes in force when fieldwork started, not the latest: read here so no caller can forget.
  return rateRows(f, cases, decisions, planned?.fieldworkStart ?? null);
}

/**
 * Rates an inspection from its case rows and panel decisions as read (no SQL): for a caller that
 * has already read them for another purpose, so they are not read twice.
 */
export function rateRows(
  f: Framework,
  cases: readonly Pick<typeof caseAssessments.$inferSelect, 'ref' | 'caseType' | 'answers'>[],
  decisions: readonly (typeof panelDecisions.$inferSelect)[],
  /** The day fieldwork started: it decides which of the framework's sample sizes apply. */
  fieldworkStart: string | null,
): { input: RateInput; result: InspectionRating } {
  const input: RateInput = {
    framework: f.id,
    ...(fieldworkStart ? { fieldworkStart } : {}),
    cases: cases.map((c) => ({ ref: c.ref, type: c.caseType, answers: c.answers })),
    judgements: Object.fromEntries(
      decisions
        .filter((d) => d.kind === 'judgement')
        .map((d) => [d.standardId, { rating: d.rating, rationale: d.rationale ?? undefined }]),
    ),
    overrides: Object.fromEntries(
      decisions
        .filter((d) => d.kind === 'override')
        .map((d) => [d.standardId, { rating: d.rating, rationale: d.rationale ?? '' }]),
    ),
    overall: decisions.find((d) => d.kind === 'overall')
      ? {
          rating: decisions.find((d) => d.kind === 'overall')!.rating,
          rationale: decisions.find((d) => d.kind === 'overall')!.rationale ?? '',
        }
      : undefined,
  };
  return { input, result: rateInspection(f, input) };
}

/**
 * Copies the engine's result into the record's ratings, score and overall rating. A panel override
 * is recorded as the panel's decision (source judged) with the rating the case answers gave and the
 * rationale, so what is published says who decided; the overall rating keeps the panel's rationale.
 */
export async function snapshotRatings(
  tx: Tx,
  inspectionId: string,
  r: InspectionRating,
  overallRationale: string | null = null,
) {
  await tx.delete(standardRatings).where(eq(standardRatings.inspectionId, inspectionId));
  const rows = r.standards
    .filter((s) => s.status !== 'awaiting_judgement')
    .map((s) => ({
      inspectionId,
      standardId: s.standardId,
      rating: s.rating,
      status: s.status === 'rated' ? ('rated' as const) : ('not_rated' as const),
      source: s.source === 'judged' || s.source === 'override' ? ('judged' as const) : ('computed' as const),
      rationale: s.status === 'rated' ? s.rationale : s.reason,
      computedRating: s.source === 'override' ? s.computedRating : null,
      keyQuestions: s.keyQuestions.length
        ? s.keyQuestions.map((k) => ({ id: k.id, percent: k.percent, yes: k.yes, applicable: k.applicable }))
        : null,
    }));
  if (rows.length) await tx.insert(standardRatings).values(rows);
  await tx
    .update(inspections)
    .set({
      score: r.score?.total ?? null,
      scoreMax: r.score?.max ?? null,
      scoreSource: r.score ? 'computed' : null,
      overallRating: r.overall.rating,
      overallSource: r.overall.rating ? (r.overall.source === 'score_bands' ? 'computed' : 'judged') : null,
      overallRationale: r.overall.rating && r.overall.source !== 'score_bands' ? overallRationale : null,
    })
    .where(eq(inspections.id, inspectionId));
}

/**
 * Moves the inspection to `to` at the version the caller saw, audited; the caller (the workflow
 * service) has locked the row and checked the lifecycle in the same transaction.
 */
export async function setStatus(
  tx: Tx,
  actor: Actor,
  current: { id: string; status: InspectionState; version: number },
  expectedVersion: number,
  to: InspectionState,
  now: Date,
) {
  const [row] = await tx
    .update(inspections)
    .set({ status: to, version: current.version + 1, updatedAt: now })
    .where(and(eq(inspections.id, current.id), eq(inspections.version, expectedVersion)))
    .returning();
  if (!row) throw new ConflictError('inspection', { status: current.status, version: current.version }, { status: to });
  await audit(
    tx,
    actor,
    'transition',
    'inspection',
    current.id,
    current.id,
    { status: current.status },
    { status: to },
  );
  // Leaving or entering a public state (unscheduling, publishing) changes what the register says.
  const publicStates: readonly string[] = PUBLIC_STATES;
  if (publicStates.includes(to) || publicStates.includes(current.status))
    await registerChanged(tx, now, [row.serviceId]);
  return row;
}

// ---- findings and recommendations --------------------------------------------------------------

type TextTable = typeof findings | typeof recommendations;

export async function listFindings(db: Db, inspectionId: string) {
  return db.select().from(findings).where(eq(findings.inspectionId, inspectionId)).orderBy(asc(findings.position));
}
export async function listRecommendations(db: Db, inspectionId: string) {
  return db
    .select()
    .from(recommendations)
    .where(eq(recommendations.inspectionId, inspectionId))
    .orderBy(asc(recommendations.position));
}

async function nextPosition(tx: Tx, table: TextTable, inspectionId: string) {
  const [r] = await tx
    .select({ n: sql<number>`coalesce(max(${table.position}), 0)::int` })
    .from(table)
    .where(eq(table.inspectionId, inspectionId));
  return Number(r?.n ?? 0) + 1;
}

export async function addFinding(
  db: Db | Tx,
  actor: Actor,
  inspectionId: string,
  v: { standardId: string | null; kind: 'strength' | 'improvement'; text: string },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(findings)
      .values({ inspectionId, position: await nextPosition(tx, findings, inspectionId), ...v })
      .returning();
    await audit(tx, actor, 'create', 'finding', row!.id, inspectionId, null, v);
    return row!;
  });
}

export async function addRecommendation(
  db: Db | Tx,
  actor: Actor,
  inspectionId: string,
  v: { addressee: Addressee; addresseeName: string | null; text: string },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recommendations)
      .values({ inspectionId, position: await nextPosition(tx, recommendations, inspectionId), ...v })
      .returning();
    await audit(tx, actor, 'create', 'recommendation', row!.id, inspectionId, null, v);
    return row!;
  });
}

/** Edits (or, with `remove`, deletes) a finding or recommendation at the version the editor saw. */
export async function editText(
  db: Db | Tx,
  actor: Actor,
  kind: 'finding' | 'recommendation',
  inspectionId: string,
  id: string,
  expectedVersion: number,
  values: Record<string, unknown> | 'remove',
) {
  const table: TextTable = kind === 'finding' ? findings : recommendations;
  if (!isRecordId(id)) throw new NotFoundError(`No such ${kind}.`);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(table)
      .where(and(eq(table.id, id), eq(table.inspectionId, inspectionId)));
    if (!current) throw new NotFoundError(`No such ${kind}.`);
    const { id: _i, inspectionId: _n, position: _p, ...before } = current as Record<string, unknown>;
    if (current.version !== expectedVersion)
      throw new ConflictError(kind, before, values === 'remove' ? { removed: true } : values);
    if (values === 'remove') {
      await tx.delete(table).where(and(eq(table.id, id), eq(table.version, expectedVersion)));
      await audit(tx, actor, 'delete', kind, id, inspectionId, before, null);
      return null;
    }
    const [row] = await tx
      .update(table)
      .set({ ...values, version: expectedVersion + 1 } as never)
      .where(and(eq(table.id, id), eq(table.version, expectedVersion)))
      .returning();
    if (!row) throw new ConflictError(kind, before, values);
    await audit(tx, actor, 'update', kind, id, inspectionId, before, values);
    return row;
  });
}

// ---- the draft and audit (the factual-accuracy check: store/factual-accuracy-repo.ts) ----------------

/** The ratings snapshotted into the record (at the factual-accuracy check and approval). */
export async function listStandardRatings(db: Db, inspectionId: string) {
  return db.select().from(standardRatings).where(eq(standardRatings.inspectionId, inspectionId));
}

export async function listAudit(db: Db, inspectionId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.inspectionId, inspectionId)).orderBy(desc(auditEvents.id));
}

export async function listInspectors(db: Db) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.role, ['inspector', 'lead_inspector']), eq(users.active, true), ne(users.email, '')))
    .orderBy(asc(users.name));
}

// ---- publication --------------------------------------------------------------------------------

/**
 * Sets the embargo time and schedules publication in one step (approved → scheduled), at the
 * version the caller saw; the workflow service has locked the row and checked the rules. From
 * that instant the record is public; the publication job then marks it published.
 */
export async function setScheduled(
  tx: Tx,
  actor: Actor,
  current: { id: string; status: InspectionState; version: number; publishedAt: Date | null },
  expectedVersion: number,
  publishedAt: Date,
  isoDate: string,
  now: Date,
) {
  const [row] = await tx
    .update(inspections)
    .set({
      status: 'scheduled',
      publishedAt,
      publicationEarliest: isoDate,
      publicationLatest: isoDate,
      publicationPrecision: 'day',
      version: current.version + 1,
      updatedAt: now,
    })
    .where(and(eq(inspections.id, current.id), eq(inspections.version, expectedVersion)))
    .returning();
  if (!row)
    throw new ConflictError(
      'inspection',
      { status: current.status, version: current.version },
      { status: 'scheduled' },
    );
  const before = { status: current.status, publishedAt: current.publishedAt };
  await audit(tx, actor, 'transition', 'inspection', current.id, current.id, before, {
    status: 'scheduled',
    publishedAt,
  });
  await registerChanged(tx, now, [row.serviceId]);
  return row;
}

/** Names of the accounts given, by id (the audit trail names people its events refer to by id). */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter(isRecordId);
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
