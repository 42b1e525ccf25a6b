import { accountService } from './accounts.ts';
import { claimsService } from './claims.ts';
import type { ServiceContext } from './context.ts';
import { publicationService } from './publication.ts';
import { importService } from './imports.ts';
import { planService } from './plans.ts';
import { signInService } from './sign-in.ts';
import { standardsService } from './standards.ts';
import { evidenceService } from './evidence.ts';
import { factualAccuracyService } from './factual-accuracy.ts';
import { workflowService } from './workflow.ts';
import { sampleService } from './sample.ts';
import { notificationService } from './notifications.ts';
import { reportService } from './report.ts';
import { registerFiguresService } from './register-figures.ts';
import { thematicService } from './thematic.ts';

export type { ServiceContext } from './context.ts';

/**
 * The services of every journey, built once from one context. Routes, API handlers, the CLI and
 * jobs call these; services own the rules and the transactions and call the repositories in
 * src/store, the only code that writes SQL.
 */
export function createServices(ctx: ServiceContext) {
  return {
    accounts: accountService(ctx),
    signIn: signInService(ctx),
    plans: planService(ctx),
    imports: importService(ctx),
    publication: publicationService(ctx),
    workflow: workflowService(ctx),
    evidence: evidenceService(ctx),
    factualAccuracy: factualAccuracyService(ctx),
    report: reportService(ctx),
    sample: sampleService(ctx),
    standards: standardsService(ctx),
    notifications: notificationService(ctx),
    claims: claimsService(ctx),
    figures: registerFiguresService(ctx),
    thematic: thematicService(ctx),
  };
}
export type Services = ReturnType<typeof createServices>;
