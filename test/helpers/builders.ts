import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Framework } from '../../src/domain/framework.ts';
import type { InspectionRecord } from '../../src/domain/inspection-record.ts';
import { STATES, type InspectionState } from '../../src/domain/lifecycle.ts';
import { parseIsoPartial } from '../../src/domain/partial-date.ts';
import { parseRateInput, type RateInput } from '../../src/domain/rate-input.ts';
import type { Role } from '../../src/domain/roles.ts';
import { slugify } from '../../src/domain/service-identity.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { publishDue } from '../../src/jobs/publication.ts';
import { createUser } from '../../src/store/auth-repo.ts';
import type { Database } from '../../src/store/db.ts';
import { saveRecords } from '../../src/store/records-repo.ts';
import { services } from '../../src/store/schema.ts';
import {
  addCase,
  addFinding,
  addRecommendation,
  createInspection,
  saveCaseAnswers,
  savePanelDecision,
} from '../../src/store/workflow-repo.ts';
import type { Actor } from '../../src/store/audit.ts';
import { workflowService } from '../../src/services/workflow.ts';

/**
 * Test-data builders: each makes one record a test needs, through the same repository functions
 * the application uses (so every row is valid and audited as in real use), with defaults for
 * everything the test does not care about. Names are made unique, so tests sharing a database
 * never collide. The seed (test/helpers/db.ts `seed: true`) is for tests about the seed.
 */

/** The password every built account has. */
export const PASSWORD = 'built-account-password';

export interface BuiltAccount extends Actor {
  email: string;
  password: string;
  serviceId: string | null;
}

export interface BuiltService {
  id: string;
  slug: string;
  name: string;
  region: string;
  nation: 'England' | 'Wales';
  /** The published inspection the service entered the register with. */
  firstInspectionRef: string;
}

export interface BuiltInspection {
  id: string;
  ref: string;
  /** The version to send with the next write to the inspection. */
  version: number;
  status: InspectionState;
  service: BuiltService;
  lead: BuiltAccount;
  inspector: BuiltAccount;
  framework: Framework;
  caseIds: string[];
}

/** Case answers and panel judgements that rate an inspection: the worked examples in examples/. */
export type Ratings = 'outstanding-33' | 'requires-improvement-16';
const EXAMPLE_FRAMEWORK: Record<Ratings, string> = {
  'outstanding-33': 'hmip-youth-2021',
  'requires-improvement-16': 'hmip-youth-2018',
};
const examples = new Map<Ratings, RateInput>();
function example(name: Ratings): RateInput {
  let e = examples.get(name);
  if (!e) {
    const parsed = parseRateInput(
      JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')),
    );
    if (!parsed.ok) throw new Error(`examples/${name}.json is not valid rate input`);
    examples.set(name, (e = parsed.value));
  }
  return e;
}

/** The lifecycle's states in order, as the builder walks an inspection through them. */
const ORDER: readonly InspectionState[] = STATES;
const NEEDS_RATINGS = new Set<InspectionState>(['factual_accuracy', 'approved', 'scheduled', 'published']);
const NO_BLOCKERS = { blockingProblems: [], publicationSet: false, embargoPassed: false };

let counter = 0;
/** Unique within a test run's process; a random part keeps two processes sharing a database apart. */
const unique = () => `${++counter}${Math.random().toString(36).slice(2, 6)}`;

export function builders(database: Database) {
  const db = database.db;
  const workflow = workflowService({ database, now: () => new Date(), frameworks: frameworkRegistry });

  async function account(
    role: Role,
    over: { name?: string; email?: string; service?: { id: string } } = {},
  ): Promise<BuiltAccount> {
    const n = unique();
    const serviceId = over.service?.id ?? null;
    if ((role === 'service_user' || role === 'board_member') && !serviceId)
      throw new Error(`a ${role} account needs { service }`);
    const u = await createUser(db, {
      email: over.email ?? `${role.replace(/_/g, '-')}-${n}@example.test`,
      name: over.name ?? `${role.replace(/_/g, ' ')} ${n}`,
      role,
      password: PASSWORD,
      serviceId,
    });
    return { id: u.id, name: u.name, role: u.role, email: u.email, password: PASSWORD, serviceId: u.serviceId };
  }

  /** A published inspection, as an import writes it; it creates its service if the areas are new. */
  async function publishedInspection(
    over: Partial<InspectionRecord> & { serviceSlug?: string } = {},
  ): Promise<{ ref: string; serviceSlug: string }> {
    const n = unique();
    const service = over.service ?? {
      name: `Service ${n} YJS`,
      formerNames: [],
      areas: [{ name: `Area ${n}`, onsCode: null }],
      region: 'London',
      nation: 'England' as const,
    };
    const serviceSlug = over.serviceSlug ?? slugify(service.name);
    const record: InspectionRecord & { serviceSlug: string } = {
      ref: `${serviceSlug}-2019-${n}`,
      serviceSlug,
      service,
      frameworkId: 'hmip-youth-2018',
      frameworkVersion: '2018.1',
      frameworkBasis: null,
      frameworkAmbiguity: null,
      title: 'Inspection of youth offending services',
      status: 'published',
      fieldworkText: 'March 2019',
      fieldworkStart: parseIsoPartial('2019-03'),
      fieldworkEnd: null,
      publication: parseIsoPartial('2019-06-04'),
      publishedAt: new Date('2019-06-04T00:01:00+01:00'),
      score: { total: 20, max: 36, source: 'stated' },
      overall: { rating: 'good', source: 'published' },
      standardRatings: [],
      recommendations: [],
      recommendationsStated: null,
      recommendationsBreakdown: null,
      findings: [],
      chiefInspector: null,
      leadInspector: null,
      ratingsSummary: null,
      sourceUrl: null,
      otherSourceUrls: [],
      notes: null,
      origin: 'test',
      discrepancies: [],
      ...over,
    };
    await saveRecords(db, new Date(), [record]);
    return { ref: record.ref, serviceSlug };
  }

  /** A service in the register. A service enters it with its first published inspection, so it has one. */
  async function service(
    over: { name?: string; region?: string; nation?: 'England' | 'Wales'; areas?: string[] } = {},
  ): Promise<BuiltService> {
    const n = unique();
    const name = over.name ?? `Service ${n} YJS`;
    const region = over.region ?? (over.nation === 'Wales' ? 'Wales' : 'London');
    const nation = over.nation ?? 'England';
    const slug = `${slugify(name)}-${n}`;
    const areas = (over.areas ?? [`Area ${n}`]).map((a) => ({ name: a, onsCode: null }));
    const { ref } = await publishedInspection({
      serviceSlug: slug,
      service: { name, formerNames: [], areas, region, nation },
    });
    const [row] = await db.select({ id: services.id }).from(services).where(eq(services.slug, slug));
    return { id: row!.id, slug, name, region, nation, firstInspectionRef: ref };
  }

  /** A case with answers, added and answered by an inspector (two audited writes). */
  async function caseFor(
    insp: Pick<BuiltInspection, 'id'>,
    inspector: Actor,
    over: {
      ref?: string;
      caseType?: string;
      answers?: Record<string, 'yes' | 'no' | 'na'>;
      disposal?: string | null;
    } = {},
  ) {
    const row = await addCase(db, inspector, insp.id, {
      ref: over.ref ?? `CASE-${unique()}`,
      caseType: over.caseType ?? 'court',
      disposal: over.disposal ?? null,
      inspectorId: inspector.id,
    });
    if (!over.answers) return { id: row.id, version: row.version };
    const saved = await saveCaseAnswers(db, inspector, insp.id, row.id, row.version, over.answers, {});
    return { id: row.id, version: saved.version };
  }

  /**
   * An inspection run in the workflow, carried to `status` by the lead (and a publisher and the
   * publication job past approval). From the factual-accuracy check on it needs ratings, so it gets
   * the cases and judgements of an example (`ratings`, by default the outstanding one); earlier it
   * has cases only when `ratings` is given.
   */
  async function inspection(
    opts: {
      status?: InspectionState;
      ratings?: Ratings | 'none';
      service?: BuiltService;
      lead?: BuiltAccount;
      inspector?: BuiltAccount;
      title?: string;
      fieldworkStart?: string;
      /** When scheduling: the embargo instant (default 1 December 2026, 00:01 UK time). */
      publishAt?: Date;
      findings?: number;
      recommendations?: number;
      /** Panel overrides of computed standard ratings, recorded with the example's judgements. */
      overrides?: Record<string, { rating: string; rationale: string }>;
      /** The panel's overall decision, where the framework asks for one. */
      overall?: { rating: string; rationale: string };
      /** Leaves the example's cases of these types out (so the standards they rate cannot be rated). */
      withoutCaseTypes?: string[];
      /** The framework, where no example's ratings are given (default 2021). */
      frameworkId?: string;
    } = {},
  ): Promise<BuiltInspection> {
    const status = opts.status ?? 'planned';
    const ratings = opts.ratings ?? (NEEDS_RATINGS.has(status) ? 'outstanding-33' : 'none');
    if (NEEDS_RATINGS.has(status) && ratings === 'none') throw new Error(`an inspection at ${status} needs ratings`);
    const framework = frameworkRegistry().get(
      ratings === 'none' ? (opts.frameworkId ?? 'hmip-youth-2021') : EXAMPLE_FRAMEWORK[ratings],
    )!;
    const svc = opts.service ?? (await service());
    const lead = opts.lead ?? (await account('lead_inspector'));
    const inspector = opts.inspector ?? (await account('inspector'));
    const created = await createInspection(
      db,
      lead,
      {
        serviceId: svc.id,
        frameworkId: framework.id,
        frameworkVersion: framework.version,
        title: opts.title ?? 'Inspection of youth justice services',
        fieldworkStart: opts.fieldworkStart ?? '2026-09-07',
        fieldworkEnd: null,
        team: [inspector.id],
      },
      new Date('2026-09-01T09:00:00Z'),
    );
    let version = created.version;
    const caseIds: string[] = [];
    let current = 'planned' as InspectionState;
    const step = async (to: InspectionState) => {
      if (ORDER.indexOf(status) < ORDER.indexOf(to)) return false;
      if (to === 'scheduled') {
        const publisher = await account('publisher');
        const at = opts.publishAt ?? new Date('2026-12-01T00:01:00Z');
        const day = at.toISOString().slice(0, 10);
        version = (await workflow.schedulePublication(publisher, created.id, version, at, day)).version;
      } else if (to === 'published') {
        // The job publishes every inspection whose embargo has passed, as it does in service.
        const done = await publishDue(
          db,
          new Date((opts.publishAt ?? new Date('2026-12-01T00:01:00Z')).getTime() + 1000),
        );
        if (!done.some((d) => d.id === created.id))
          throw new Error('the publication job did not publish the inspection');
        version++;
      } else {
        version = (await workflow.transition(lead, created.id, version, to, NO_BLOCKERS)).version;
      }
      current = to;
      return true;
    };
    await step('fieldwork');
    if (ratings !== 'none' && ORDER.indexOf(status) >= ORDER.indexOf('fieldwork')) {
      const e = example(ratings);
      for (const c of e.cases.filter((x) => !opts.withoutCaseTypes?.includes(x.type)))
        caseIds.push(
          (await caseFor({ id: created.id }, inspector, { ref: c.ref, caseType: c.type, answers: c.answers })).id,
        );
      for (const [sid, j] of Object.entries(e.judgements))
        await savePanelDecision(db, lead, created.id, sid, 'judgement', j.rating, j.rationale ?? null, 0);
      for (const [sid, o] of Object.entries(opts.overrides ?? {}))
        await savePanelDecision(db, lead, created.id, sid, 'override', o.rating, o.rationale, 0);
      if (opts.overall)
        await savePanelDecision(
          db,
          lead,
          created.id,
          '_overall',
          'overall',
          opts.overall.rating,
          opts.overall.rationale,
          0,
        );
    }
    for (let i = 0; i < (opts.findings ?? 0); i++)
      await addFinding(db, inspector, created.id, { standardId: '1.1', kind: 'strength', text: `Finding ${i + 1}` });
    for (let i = 0; i < (opts.recommendations ?? 0); i++)
      await addRecommendation(db, lead, created.id, {
        addressee: 'management_board',
        addresseeName: `${svc.name} management board`,
        text: `Recommendation ${i + 1}`,
      });
    // An inspection reaches the panel only with cases: one unanswered case when no example gave any.
    if (!caseIds.length && ORDER.indexOf(status) >= ORDER.indexOf('rating_panel'))
      caseIds.push((await caseFor({ id: created.id }, inspector, { caseType: framework.caseTypes[0]!.id })).id);
    for (const to of ORDER.slice(2)) if (!(await step(to))) break;
    return {
      id: created.id,
      ref: created.ref,
      version,
      status: current,
      service: svc,
      lead,
      inspector,
      framework,
      caseIds,
    };
  }

  return { account, service, publishedInspection, inspection, case: caseFor };
}

export type Builders = ReturnType<typeof builders>;
