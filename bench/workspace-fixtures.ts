// The signed-in pages' data for the bench: an inspection at the rating panel with 120 answered cases,
// and a published inspection with 20 recommendations whose plan has actions and progress, each with
// the accounts that read them. Built through the repositories the app uses (as the test builders do).
import { builders, PASSWORD } from '../test/helpers/builders.ts';
import { caseStandards } from '../src/services/evidence.ts';
import type { Database } from '../src/store/db.ts';
import { addAction, planFor, updateAction } from '../src/store/plans-repo.ts';

export interface WorkspaceFixtures {
  password: string;
  lead: string;
  board: string;
  panel: string;
  cases: string;
  boardView: string;
  caseCount: number;
  recommendationCount: number;
}

const ANSWERS = ['yes', 'yes', 'no', 'yes', 'na'] as const;

export async function workspaceFixtures(database: Database): Promise<WorkspaceFixtures> {
  const b = builders(database);
  // Not the demo domain (@example.test): a production app refuses those accounts at sign-in.
  const stamp = Date.now().toString(36);
  const lead = await b.account('lead_inspector', { email: `bench-lead-${stamp}@example.org` });
  const insp = await b.inspection({ status: 'rating_panel', ratings: 'outstanding-33', lead });
  const f = insp.framework;
  const types = f.caseTypes.map((t) => t.id);
  // Up to 120 cases, every key question of its type answered (a "no" in one in five).
  for (let i = insp.caseIds.length; i < 120; i++) {
    const type = types[i % types.length]!;
    const kqs = caseStandards(f, type).flatMap((s) => s.keyQuestions.map((k) => k.id));
    await b.case(insp, insp.inspector, {
      ref: `BENCH-${String(i).padStart(3, '0')}`,
      caseType: type,
      answers: Object.fromEntries(kqs.map((k, j) => [k, ANSWERS[(i + j) % ANSWERS.length]!])),
    });
  }

  const published = await b.inspection({ status: 'published', recommendations: 20 });
  const board = await b.account('board_member', {
    service: published.service,
    email: `bench-board-${stamp}@example.org`,
  });
  const serviceUser = await b.account('service_user', { service: published.service });
  const recs = await planFor(database.db, [published.id]);
  const now = new Date();
  // Two actions on most recommendations, each with progress; a few recommendations not started.
  for (const [i, { recommendation: r }] of recs.entries()) {
    if (i % 7 === 6) continue;
    for (let j = 0; j < 2; j++) {
      const due = new Date(now.getTime() + (i * 9 + j * 30 - 60) * 86_400_000).toISOString().slice(0, 10);
      const a = await database.db.transaction((tx) =>
        addAction(
          tx,
          serviceUser,
          r,
          { description: `Action ${j + 1} for recommendation ${r.position}`, owner: 'Head of service', dueDate: due },
          now,
        ),
      );
      await updateAction(
        database.db,
        serviceUser,
        a.id,
        a.version,
        { state: (i + j) % 3 === 0 ? 'done' : 'in_progress', note: `Progress on action ${j + 1}`, evidence: null },
        [],
        now,
      );
    }
  }
  const base = `/workspace/inspections/${insp.id}`;
  return {
    password: PASSWORD,
    lead: insp.lead.email,
    board: board.email,
    panel: `${base}/panel`,
    cases: `${base}/cases`,
    boardView: `/workspace/services/${published.service.slug}/board`,
    caseCount: 120,
    recommendationCount: recs.length,
  };
}
