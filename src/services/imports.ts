import { RuleError } from '../domain/errors.ts';
import { applyImport, ImportFormatError, planImport, summarise } from '../import/importer.ts';
import type { ImportActor } from '../store/records-repo.ts';
import type { ServiceContext } from './context.ts';
import { registerFiguresService } from './register-figures.ts';

/**
 * Importing inspections from a file: the same planner as the command line, so the upload page and
 * `import --dry-run` agree. Nothing is taken from a rejected row; a check changes nothing.
 */
export function importService(ctx: ServiceContext) {
  const { database, now } = ctx;
  const db = () => database.db;
  const figures = registerFiguresService(ctx);
  return {
    /** Plans the import of a file's text and, when `apply`, saves every row that passes, audited. */
    async run(actor: ImportActor, upload: { text: string; file: string }, apply: boolean) {
      if (!upload.text.trim()) throw new RuleError('Choose a CSV or JSON file to import', 'file', 400);
      if (upload.text.includes('\u0000'))
        throw new RuleError('The file is not text: choose a CSV or JSON file', 'file', 400);
      const plan = await planImport(db(), upload.text, now()).catch((e: unknown) => {
        // A file the planner cannot read is the uploader's to fix: say why, beside the file field.
        if (e instanceof ImportFormatError || (e as { code?: string }).code?.startsWith('CSV_'))
          throw new RuleError((e as Error).message, 'file', 400);
        throw e;
      });
      if (apply) {
        await applyImport(db(), plan, { file: upload.file, actor, at: now() });
        // The register changed: today's figures are computed now rather than by the next visitor
        // (should that fail, the next visitor computes them).
        await figures.refresh().catch(() => undefined);
      }
      return { plan, applied: apply, summary: summarise(plan) };
    },
  };
}
export type ImportService = ReturnType<typeof importService>;
