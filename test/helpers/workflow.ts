import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { seedDemo } from '../../src/import/demo.ts';
import { parseRateInput } from '../../src/domain/rate-input.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { findUserByEmail } from '../../src/store/auth-repo.ts';
import type { Database } from '../../src/store/db.ts';
import { services } from '../../src/store/schema.ts';
import {
  addCase,
  addFinding,
  createInspection,
  saveCaseAnswers,
  savePanelDecision,
} from '../../src/store/workflow-repo.ts';
import { type Actor } from '../../src/store/audit.ts';
import { workflowService } from '../../src/services/workflow.ts';

export async function actor(db: Database['db'], email: string): Promise<Actor> {
  const u = (await findUserByEmail(db, email))!;
  return { id: u.id, name: u.name, role: u.role as Actor['role'] };
}

/**
 * A Bromley inspection carried to the factual-accuracy stage through the repository (so with
 * its audit trail), using the answers of examples/outstanding-33.json.
 */
export async function bromleyAtFactualAccuracy(database: Database, serviceSlug = 'bromley') {
  await seedDemo(database, 'test');
  const db = database.db;
  const workflow = workflowService({ database, now: () => new Date(), frameworks: frameworkRegistry });
  const lead = await actor(db, 'lead@example.test');
  const inspector = await actor(db, 'inspector@example.test');
  const [bromley] = await db.select().from(services).where(eq(services.slug, serviceSlug));
  const f = frameworkRegistry().get('hmip-youth-2021')!;
  const insp = await createInspection(
    db,
    lead,
    {
      serviceId: bromley!.id,
      frameworkId: f.id,
      frameworkVersion: f.version,
      title: 'Matrix fixture',
      fieldworkStart: '2026-09-01',
      fieldworkEnd: null,
      team: [inspector.id],
    },
    new Date('2026-08-01T09:00:00Z'),
  );
  await workflow.transition(lead, insp.id, 1, 'fieldwork', {
    blockingProblems: [],
    publicationSet: false,
    embargoPassed: false,
  });
  const example = parseRateInput(JSON.parse(readFileSync('examples/outstanding-33.json', 'utf8')));
  if (!example.ok) throw new Error('example invalid');
  let firstCase = '';
  for (const c of example.value.cases) {
    const row = await addCase(db, inspector, insp.id, {
      ref: c.ref,
      caseType: c.type,
      disposal: null,
      inspectorId: inspector.id,
    });
    firstCase ||= row.id;
    await saveCaseAnswers(db, inspector, insp.id, row.id, 1, c.answers, {});
  }
  for (const [sid, j] of Object.entries(example.value.judgements))
    await savePanelDecision(db, lead, insp.id, sid, 'judgement', j.rating, j.rationale ?? null, 0);
  const finding = await addFinding(db, inspector, insp.id, {
    standardId: '1.1',
    kind: 'strength',
    text: 'A clear vision.',
  });
  await workflow.transition(lead, insp.id, 2, 'rating_panel', {
    blockingProblems: [],
    publicationSet: false,
    embargoPassed: false,
  });
  await workflow.transition(lead, insp.id, 3, 'factual_accuracy', {
    blockingProblems: [],
    publicationSet: false,
    embargoPassed: false,
  });
  return { inspectionId: insp.id, caseId: firstCase, findingId: finding.id, lead, inspector };
}
