import { createHash } from 'node:crypto';
import {
  actionRag,
  actionStatus,
  boardOrder,
  dueDateProblem,
  EVIDENCE_TYPES,
  EVIDENCE_TYPES_TEXT,
  planSummary,
  RAG_LABELS,
  rebaseline,
  RECOMMENDATION_STATUS_LABELS,
  recommendationStatus,
  safeFilename,
  signOffProblem,
  STATUS_LABELS,
  type ActionFacts,
  type ActionState,
  type RecommendationStatus,
} from '../domain/action-plan.ts';
import { londonToday } from '../domain/embargo.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../domain/errors.ts';
import { ADDRESSEE_LABELS } from '../domain/inspection-record.ts';
import { isServiceRole, type Role } from '../domain/roles.ts';
import type { Actor } from '../store/audit.ts';
import {
  addAction,
  carriedForwardInspections,
  editAction,
  evidenceFile,
  getAction,
  inspectionById,
  latestPublished,
  planFor,
  planHistory,
  previousPublished,
  recommendationIn,
  serviceBySlug,
  signOffRecommendation,
  updateAction,
  type EvidenceUpload,
} from '../store/plans-repo.ts';
import type { ServiceContext } from './context.ts';

/** Who is asking: service users and board members see only their own service's plan. */
export interface PlanReader {
  role: Role;
  serviceId: string | null;
}

export const RAG_TAGS = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' } as const;
export const STATUS_TAGS: Record<RecommendationStatus, string> = {
  ...RAG_TAGS,
  met: 'govuk-tag--blue',
  awaiting_sign_off: 'govuk-tag--turquoise',
  not_started: 'govuk-tag--grey',
};
const NO_INSPECTION = 'There is no published inspection to plan against yet.';
const CLOSED = 'The board has agreed this recommendation as met, so its plan is closed.';

/** The largest evidence file, unless configured otherwise. */
export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

type Inspection = NonNullable<Awaited<ReturnType<typeof latestPublished>>>;

/** The day an inspection was published (UK), or the latest day its partial publication date allows. */
const publishedOn = (i: Inspection) => (i.publishedAt ? londonToday(i.publishedAt) : i.publicationEarliest);
const dayOf = (d: Date) => londonToday(d);

/** A file as it arrived: the name the browser gave it and its bytes. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/**
 * Action plans: a service's answer to the recommendations of its latest published inspection,
 * with earlier inspections' recommendations carried forward until the board agrees them met;
 * progress updates with evidence files, and the board view. Service users see and edit only
 * their own service's plan, its board members read it and agree recommendations as met, and the
 * inspectorate reads every plan (it informs the next inspection).
 */
export function planService({ database, now }: ServiceContext) {
  const db = () => database.db;
  const today = () => londonToday(now());

  /** The service, the inspection its plan answers (null before its first publication) and those carried forward. */
  async function open(reader: PlanReader, slug: string) {
    const service = await serviceBySlug(db(), slug);
    if (!service) throw new NotFoundError('No such service.');
    if (isServiceRole(reader.role) && reader.serviceId !== service.id)
      throw new ForbiddenError('This action plan belongs to another service.');
    const inspection = await latestPublished(db(), service.id, now());
    const carried = inspection ? await carriedForwardInspections(db(), service.id, inspection.id, now()) : [];
    return { service, inspection, carried };
  }
  type Opened = Awaited<ReturnType<typeof open>>;

  const factsOf = (a: { state: string; dueDate: string; createdAt: Date; latestUpdate: { createdAt: Date } | null }) =>
    ({
      state: a.state as ActionState,
      dueDate: a.dueDate,
      lastProgress: dayOf(a.latestUpdate?.createdAt ?? a.createdAt),
    }) satisfies ActionFacts;

  async function recommendations({ service, inspection, carried }: Opened) {
    if (!inspection) return [];
    const day = today();
    const refs = new Map([inspection, ...carried].map((i) => [i.id, i.ref]));
    const plan = await planFor(db(), [inspection.id, ...carried.map((c) => c.id)]);
    return (
      plan
        // Earlier inspections' recommendations stay only while planned against and open.
        .filter((p) => p.recommendation.inspectionId === inspection.id || (p.actions.length && !p.signOff))
        .map(({ recommendation: r, actions, signOff }) => {
          const facts = actions.map(factsOf);
          const status = recommendationStatus(facts, Boolean(signOff), day);
          return {
            id: r.id,
            position: r.position,
            text: r.text,
            addressee: r.addresseeName ?? ADDRESSEE_LABELS[r.addressee] ?? r.addressee,
            inspectionRef: refs.get(r.inspectionId)!,
            carriedForward: r.inspectionId !== inspection.id,
            status,
            statusLabel: RECOMMENDATION_STATUS_LABELS[status],
            statusTag: STATUS_TAGS[status],
            signOff: signOff && {
              note: signOff.note,
              by: signOff.agreedByName ?? 'A board member',
              on: dayOf(signOff.agreedAt),
            },
            facts,
            actions: actions.map((a, i) => {
              const st = actionStatus(a.state as ActionState, a.dueDate, day);
              const rag = actionRag(facts[i]!, day);
              return {
                id: a.id,
                description: a.description,
                owner: a.owner,
                dueDate: a.dueDate,
                baselineDueDate: a.baselineDueDate,
                rebaselineReason: a.rebaselineReason,
                status: st,
                statusLabel: STATUS_LABELS[st],
                rag,
                ragLabel: RAG_LABELS[rag],
                ragTag: RAG_TAGS[rag] as string,
                href: `/workspace/services/${service.slug}/plan/actions/${a.id}`,
                latest: a.latestUpdate && {
                  note: a.latestUpdate.note,
                  evidence: a.latestUpdate.evidence,
                  on: dayOf(a.latestUpdate.createdAt),
                  files: a.files.map((f) => ({
                    id: f.id,
                    filename: f.filename,
                    size: f.size,
                    href: fileHref(service.slug, f.id),
                  })),
                },
              };
            }),
          };
        })
    );
  }

  const fileHref = (slug: string, id: string) => `/workspace/services/${slug}/plan/files/${id}`;

  /** One action of the plan: not found unless it answers one of this service's published inspections. */
  async function action(reader: PlanReader, slug: string, actionId: string) {
    const opened = await open(reader, slug);
    const a = await getAction(db(), actionId);
    const onPlan =
      opened.inspection && [opened.inspection, ...opened.carried].some((i) => i.id === a?.action.inspectionId);
    if (!a || !onPlan) throw new NotFoundError('No such action.');
    const inspection = [opened.inspection!, ...opened.carried].find((i) => i.id === a.action.inspectionId)!;
    return { ...opened, ...a, actionInspection: inspection };
  }

  /** Reads each file's type from its content; refuses any not on the list, or over the size limit. */
  async function checkFiles(files: UploadedFile[], maxBytes: number): Promise<EvidenceUpload[]> {
    const out: EvidenceUpload[] = [];
    for (const f of files) {
      if (f.bytes.length > maxBytes)
        throw new RuleError(
          `${f.filename} is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB: the evidence file must be smaller`,
          'files',
          400,
        );
      if (!f.bytes.length) throw new RuleError(`${f.filename} is empty`, 'files', 400);
      // Loaded with the first upload rather than at start: most processes never receive one.
      const { fileTypeFromBuffer } = await import('file-type');
      const detected = await fileTypeFromBuffer(f.bytes);
      const type = detected && EVIDENCE_TYPES[detected.mime];
      if (!detected || !type) throw new RuleError(`${f.filename} must be ${EVIDENCE_TYPES_TEXT}`, 'files', 400);
      out.push({
        filename: safeFilename(f.filename, type.ext),
        mediaType: detected.mime,
        sha256: createHash('sha256').update(f.bytes).digest('hex'),
        bytes: f.bytes,
      });
    }
    return out;
  }

  return {
    today,
    /** The plan: each recommendation with its actions, status and RAG as of today. */
    async plan(reader: PlanReader, slug: string) {
      const opened = await open(reader, slug);
      const recs = await recommendations(opened);
      return {
        ...opened,
        recs,
        summary: planSummary(
          recs.map((r) => ({ actions: r.facts, signedOff: Boolean(r.signOff) })),
          today(),
        ),
      };
    },
    async action(reader: PlanReader, slug: string, actionId: string) {
      const a = await action(reader, slug, actionId);
      const day = today();
      const state = a.action.state as ActionState;
      const last = a.updates[0]?.u.createdAt ?? a.action.createdAt;
      return {
        ...a,
        status: actionStatus(state, a.action.dueDate, day),
        rag: actionRag({ state, dueDate: a.action.dueDate, lastProgress: dayOf(last) }, day),
        publishedOn: publishedOn(a.actionInspection),
        fileHref: (id: string) => fileHref(a.service.slug, id),
      };
    },
    /** Adds an action answering one of the plan's open recommendations. */
    async addAction(
      actor: Actor & PlanReader,
      slug: string,
      v: { recommendationId: string; description: string; owner: string; dueDate: string },
    ) {
      const { service, inspection, carried } = await open(actor, slug);
      if (!inspection) throw new RuleError(NO_INSPECTION, 'recommendations', 400);
      const { recommendationId, ...fields } = v;
      await db().transaction(async (tx) => {
        let rec = null;
        let of: Inspection | null = null;
        for (const i of [inspection, ...carried]) {
          rec = await recommendationIn(tx, i.id, recommendationId);
          if (rec) {
            of = i;
            break;
          }
        }
        if (!rec || !of) throw new RuleError('No such recommendation on this plan.', 'recommendations', 400);
        const problem = dueDateProblem(fields.dueDate, publishedOn(of));
        if (problem) throw new RuleError(problem, 'dueDate', 400);
        const plan = await planFor(tx, [of.id]);
        if (plan.find((p) => p.recommendation.id === rec.id)?.signOff) throw new RuleError(CLOSED, 'description');
        await addAction(tx, actor, rec, fields, now());
      });
      return { service };
    },
    /** A progress update, with evidence files checked by their content. */
    async updateAction(
      actor: Actor & PlanReader,
      slug: string,
      actionId: string,
      version: number,
      v: { state: ActionState; note: string; evidence: string | null },
      files: UploadedFile[] = [],
      maxBytes = DEFAULT_EVIDENCE_MAX_BYTES,
    ) {
      const a = await action(actor, slug, actionId);
      if (a.signedOff) throw new RuleError(CLOSED, 'note');
      const checked = await checkFiles(files, maxBytes);
      await updateAction(db(), actor, a.action.id, version, v, checked, now());
      return a;
    },
    /** Changes an action's owner or due date; a moved due date keeps the first one and the reason. */
    async editAction(
      actor: Actor & PlanReader,
      slug: string,
      actionId: string,
      version: number,
      v: { owner: string; dueDate: string; reason: string | null },
    ) {
      const a = await action(actor, slug, actionId);
      if (a.signedOff) throw new RuleError(CLOSED, 'owner');
      const problem = dueDateProblem(v.dueDate, publishedOn(a.actionInspection));
      if (problem) throw new RuleError(problem, 'dueDate', 400);
      const next = rebaseline(a.action, v);
      if (!next.ok) throw new RuleError(next.message, next.field, 400);
      await editAction(db(), actor, a.action.id, version, next.value, now());
      return a;
    },
    /** The board agrees a recommendation as met, with a note; the recommendation is then closed. */
    async signOff(actor: Actor & PlanReader, slug: string, recommendationId: string, note: string) {
      const { service, inspection, carried } = await open(actor, slug);
      if (actor.role !== 'board_member' || actor.serviceId !== service.id)
        throw new ForbiddenError('Only a member of the service’s management board can agree a recommendation as met.');
      if (!inspection) throw new RuleError(NO_INSPECTION, 'note', 400);
      let rec = null;
      for (const i of [inspection, ...carried]) rec ??= await recommendationIn(db(), i.id, recommendationId);
      if (!rec) throw new NotFoundError('No such recommendation on this plan.');
      await signOffRecommendation(db(), actor, rec, note, signOffProblem, now());
      return { service };
    },
    /** An evidence file, for someone who may see this service's plan. */
    async file(reader: PlanReader, slug: string, fileId: string) {
      const { service } = await open(reader, slug);
      const f = await evidenceFile(db(), fileId);
      const of = f && (await inspectionById(db(), f.inspectionId));
      if (!f || !of || of.serviceId !== service.id) throw new NotFoundError('No such file.');
      return f.file;
    },
    /** The board view: each open recommendation once, reddest first, with its actions beneath it. */
    async board(reader: PlanReader, slug: string) {
      const opened = await open(reader, slug);
      const recs = await recommendations(opened);
      const summary = planSummary(
        recs.map((r) => ({ actions: r.facts, signedOff: Boolean(r.signOff) })),
        today(),
      );
      return { ...opened, recs: boardOrder(recs), summary, today: today() };
    },
    /** What changed on the plan and when: the audit trail of its actions and sign-offs, newest first. */
    async history(reader: PlanReader, slug: string) {
      const opened = await open(reader, slug);
      if (!opened.inspection) return { ...opened, events: [] };
      const prev = await previousPublished(db(), opened.service.id, opened.inspection.id, now());
      const ids = [...new Set([opened.inspection.id, ...opened.carried.map((c) => c.id), ...(prev ? [prev.id] : [])])];
      return { ...opened, events: await planHistory(db(), ids) };
    },
  };
}
export type PlanService = ReturnType<typeof planService>;
