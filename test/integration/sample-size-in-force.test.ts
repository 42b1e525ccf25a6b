import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { samplingFor } from '../../src/domain/framework.ts';
import { inspections } from '../../src/store/schema.ts';
import { rateStored } from '../../src/store/workflow-repo.ts';
import { appTest } from '../helpers/app.ts';

const test = appTest();
const it = test;

/**
 * The 2025 framework's minimum sample of children's cases was 15 from April 2025 and 14 from April
 * 2026. A workflow inspection is rated under the sizes in force when its fieldwork started, not the
 * latest ones: 14 cases are below the minimum for fieldwork in 2025 and enough in 2026.
 */
describe('the sample sizes in force at fieldwork', () => {
  it('rates a workflow inspection with the minimum sample of its fieldwork start, on every path the engine is asked', async ({
    build,
    app,
    database,
  }) => {
    const db = database.db;
    const insp = await build.inspection({
      status: 'fieldwork',
      frameworkId: 'hmip-youth-2025',
      fieldworkStart: '2025-06-02',
    });
    const f = insp.framework;
    // The two versions differ as the test needs (a check on the framework file, not on the code).
    expect(samplingFor(f, '2025-06-02')?.caseTypes.children?.min).toBe(15);
    expect(samplingFor(f, '2026-06-01')?.caseTypes.children?.min).toBe(14);
    const answers = Object.fromEntries(
      f.domains
        .flatMap((d) => d.standards)
        .filter((s) => s.caseType === 'children')
        .flatMap((s) => s.keyQuestions.map((k) => [k.id, 'yes' as const])),
    );
    for (let i = 0; i < 14; i++)
      await build.case({ id: insp.id }, insp.inspector, { ref: `C${i + 10}`, caseType: 'children', answers });

    const std21 = async () => {
      const stored = (await rateStored(db, f, insp.id)).result.standards.find((s) => s.standardId === '2.1')!;
      const work = await app.services.workflow.open(insp.lead, insp.id, false);
      const panel = (await app.services.evidence.panel(work)).result.standards.find((s) => s.standardId === '2.1')!;
      return { stored: stored.status, panel: panel.status };
    };
    // Fieldwork in 2025: 14 is below the minimum of 15, so the panel must judge the standard.
    expect(await std21()).toEqual({ stored: 'awaiting_judgement', panel: 'awaiting_judgement' });
    // Had fieldwork started in 2026, 14 would have been enough and the standard rated from its cases.
    await db.update(inspections).set({ fieldworkStart: '2026-05-04' }).where(eq(inspections.id, insp.id));
    expect(await std21()).toEqual({ stored: 'rated', panel: 'rated' });
  });
});
