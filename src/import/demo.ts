import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRateInput } from '../domain/rate-input.ts';
import type { Role } from '../domain/roles.ts';
import { frameworkRegistry } from '../store/frameworks.ts';
import { anyAccountExists, createUser, type SessionUser } from '../store/auth-repo.ts';
import type { Database } from '../store/db.ts';
import { findServiceBySlug } from '../store/register-repo.ts';
import {
  addCase,
  addFinding,
  addRecommendation,
  createInspection,
  saveCaseAnswers,
  savePanelDecision,
} from '../store/workflow-repo.ts';
import { workflowService } from '../services/workflow.ts';

/** Demo accounts for local use only, documented in the README. Never created in production. */
export const DEMO_PASSWORD = 'inspectorate-demo';
export const DEMO_DOMAIN = '@example.test';
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; serviceSlug?: string }[] = [
  { email: `admin${DEMO_DOMAIN}`, name: 'Ada Admin', role: 'admin' },
  { email: `lead${DEMO_DOMAIN}`, name: 'Lee Lead', role: 'lead_inspector' },
  { email: `inspector${DEMO_DOMAIN}`, name: 'Ines Inspector', role: 'inspector' },
  { email: `publisher${DEMO_DOMAIN}`, name: 'Pat Publisher', role: 'publisher' },
  { email: `bromley${DEMO_DOMAIN}`, name: 'Sam Service (Bromley)', role: 'service_user', serviceSlug: 'bromley' },
  {
    email: `board${DEMO_DOMAIN}`,
    name: 'Bea Board (Bromley management board)',
    role: 'board_member',
    serviceSlug: 'bromley',
  },
  { email: `bexley${DEMO_DOMAIN}`, name: 'Bo Service (Bexley)', role: 'service_user', serviceSlug: 'bexley' },
];

export async function seedDemo(
  database: Database,
  env: string,
): Promise<{ accounts: number; inspection: string | null }> {
  if (env === 'production') throw new Error('Demo accounts are refused when NODE_ENV=production');
  const db = database.db;
  const workflow = workflowService({ database, now: () => new Date(), frameworks: frameworkRegistry });
  if (await anyAccountExists(db)) return { accounts: 0, inspection: null };
  const made = new Map<string, SessionUser>();
  for (const a of DEMO_ACCOUNTS) {
    const svc = a.serviceSlug ? await findServiceBySlug(db, a.serviceSlug) : null;
    const user = await createUser(db, { ...a, password: DEMO_PASSWORD, serviceId: svc?.id ?? null });
    made.set(a.serviceSlug ? a.email : a.role, user);
  }
  // One inspection part-way through, so the workspace has something to show: Lewisham, at the rating panel.
  const lead = made.get('lead_inspector')!;
  const inspector = made.get('inspector')!;
  const lewisham = await findServiceBySlug(db, 'lewisham');
  if (!lewisham) return { accounts: made.size, inspection: null };
  const f = frameworkRegistry().get('hmip-youth-2021')!;
  const insp = await createInspection(
    db,
    lead,
    {
      serviceId: lewisham.id,
      frameworkId: f.id,
      frameworkVersion: f.version,
      title: 'Inspection of youth justice services (demo)',
      fieldworkStart: '2026-10-05',
      fieldworkEnd: '2026-10-09',
      // Lee Lead leads it and Ines Inspector, who records the cases, is on the team.
      team: [inspector.id],
    },
    new Date(),
  );
  await workflow.transition(lead, insp.id, 1, 'fieldwork', {
    blockingProblems: [],
    publicationSet: false,
    embargoPassed: false,
  });
  const example = parseRateInput(
    JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'examples', 'outstanding-33.json'), 'utf8')),
  );
  if (example.ok) {
    for (const c of example.value.cases) {
      const row = await addCase(db, inspector, insp.id, {
        ref: c.ref,
        caseType: c.type,
        disposal: null,
        inspectorId: inspector.id,
      });
      await saveCaseAnswers(db, inspector, insp.id, row.id, 1, c.answers, {});
    }
    for (const [sid, j] of Object.entries(example.value.judgements)) {
      if (sid === '1.3') continue; // left for the demo user to judge
      await savePanelDecision(db, lead, insp.id, sid, 'judgement', j.rating, j.rationale ?? null, 0);
    }
  }
  await workflow.transition(lead, insp.id, 2, 'rating_panel', {
    blockingProblems: [],
    publicationSet: false,
    embargoPassed: false,
  });
  await addFinding(db, inspector, insp.id, {
    standardId: '2.2',
    kind: 'improvement',
    text: 'Planning did not always address keeping other people safe.',
  });
  await addRecommendation(db, lead, insp.id, {
    addressee: 'management_board',
    addresseeName: 'Lewisham YJS management board',
    text: 'Review the quality assurance of planning to keep other people safe.',
  });
  return { accounts: made.size, inspection: insp.ref };
}
