import { isRecordId } from '../domain/ids.ts';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openAndMigrate, seedIfEmpty, syncFrameworks } from '../setup/bootstrap.ts';
import { loadConfig, type Config } from '../setup/config.ts';
import { hasErrors, rateInspection } from '../domain/engine.ts';
import { parseRateInput } from '../domain/rate-input.ts';
import { frameworkRegistry, loadFrameworks } from '../store/frameworks.ts';
import { applyImport, ImportFormatError, planImport, summarise } from '../import/importer.ts';
import { inspectionChecks } from '../store/publication-repo.ts';
import { findInspectionRow } from '../store/register-repo.ts';
import { NewUser } from '../accounts/user-schema.ts';
import { checkText, ClaimsInputError, englishReport, validateClaimsText } from '../services/claims.ts';
import { RuleError } from '../domain/errors.ts';
import { createServices } from '../services/index.ts';
import { registerFiguresService } from '../services/register-figures.ts';
import { formatRatingTable } from './format.ts';
import { RETENTION_KINDS, RETENTION_RULES, type RetentionReport } from '../domain/retention.ts';
import { runRetentionNow } from '../jobs/retention.ts';

/** Each command returns its exit code; output goes to the streams passed in (testable, no process.exit inside). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const USAGE = `Usage: inspectorate <command> [options]

Commands:
  rate FILE.json [--format json|table]   Rate an inspection from case answers and panel judgements
  frameworks                             List the frameworks and check every framework file
  import FILE [--dry-run]                Load published inspections: register CSV/JSON (from /downloads),
                                         the sourced inspections CSV, or the HMIP ratings scrape CSV
  migrate                                Apply database migrations
  seed                                   Load the demo register into an empty database
  serve                                  Start the web service (migrates and seeds an empty database)
  backup FILE [--encrypt] [--key-file K] Write the whole database to FILE (JSON lines; PGlite or PostgreSQL);
                                         --encrypt: AES-256-GCM with BACKUP_PASSPHRASE or the key file K
  restore FILE [--key-file K]            Load a backup into an empty database (an encrypted one needs
                                         BACKUP_PASSPHRASE or --key-file), then apply the retention policy
                                         before it commits, so an old backup brings no deleted data back
  retention [--dry-run]                  Apply the retention policy now (RETENTION_* settings); --dry-run
                                         lists what would go and changes nothing
  generate --services N [--per-service K] [--out FILE]
                                         Write a synthetic register (register CSV) for benchmarks
  check-claims FILE.txt [--as-at DATE] [--json]
                                         Check what a press release or article says against the register
  check-inspection REF                    Run the consistency checks on an inspection (exit 1 if any error)
  create-admin --email E --name N        Create an administrator; the password is read from standard input
                                         (or INSPECTORATE_ADMIN_PASSWORD)

Environment: DATABASE_URL (PostgreSQL; default is embedded PGlite in DATA_DIR=./data/pglite), PORT, HOST.`;

export async function rateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'json' } },
  });
  const file = positionals[0];
  if (!file) {
    io.err('rate: give the input file, e.g. inspectorate rate examples/outstanding-33.json');
    return 1;
  }
  if (values.format !== 'json' && values.format !== 'table') {
    io.err(`rate: --format must be "json" or "table", not "${values.format}"`);
    return 1;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(err.code === 'ENOENT' ? `rate: ${file}: no such file` : `rate: ${file}: not valid JSON (${err.message})`);
    return 1;
  }
  const input = parseRateInput(raw);
  if (!input.ok) {
    io.err(`rate: ${file} is not a valid inspection input:`);
    for (const p of input.problems) io.err(`  ${p.path}: ${p.message}`);
    return 1;
  }
  const f = frameworkRegistry().get(input.value.framework);
  if (!f) {
    const known = [...frameworkRegistry().keys()].join(', ');
    io.err(`rate: ${file}: framework "${input.value.framework}" is not known (known: ${known})`);
    return 1;
  }
  const result = rateInspection(f, input.value);
  if (hasErrors(result)) {
    io.err(`rate: ${file} is inconsistent with ${f.id}:`);
    for (const p of result.problems.filter((x) => x.severity === 'error')) io.err(`  ${p.path}: ${p.message}`);
    return 1;
  }
  for (const p of result.problems) io.err(`warning: ${p.path}: ${p.message}`);
  io.out(values.format === 'table' ? formatRatingTable(f, result) : JSON.stringify(result, null, 2));
  return 0;
}

export function frameworksCommand(io: Io): number {
  try {
    for (const f of loadFrameworks()) {
      const n = f.domains.flatMap((d) => d.standards).length;
      const fieldwork = `${f.effective.fieldworkFrom}..${f.effective.fieldworkTo ?? ''}`;
      io.out(`${f.id}\t${f.version}\t${fieldwork}\t${n} standards\t${f.name}`);
    }
    return 0;
  } catch (e) {
    io.err(`frameworks: ${(e as Error).message}`);
    return 1;
  }
}

export async function importCommand(args: string[], io: Io, config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) {
    io.err('import: give the file, e.g. inspectorate import data/seed/yjs-inspections.csv');
    return 1;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    io.err(`import: ${file}: cannot read the file`);
    return 1;
  }
  const database = await openAndMigrate(config);
  // The command is where the clock is read: the import's plan and save both use this instant.
  const at = new Date();
  try {
    await syncFrameworks(database.db);
    let plan;
    try {
      plan = await planImport(database.db, text, at);
    } catch (e) {
      if (e instanceof ImportFormatError || (e as { code?: string }).code?.startsWith('CSV_')) {
        io.err(`import: ${file}: ${(e as Error).message}`);
        return 1;
      }
      throw e;
    }
    for (const r of plan.rows)
      if (r.action !== 'import')
        io.out(`line ${r.line} (${r.key}): ${r.action}${r.reasons.length ? `: ${r.reasons.join('; ')}` : ''}`);
    io.out(summarise(plan));
    if (values['dry-run']) {
      io.out('dry run: nothing was changed');
      return 0;
    }
    const saved = await applyImport(database.db, plan, { file, actor: 'cli', at });
    // The register changed: today's figures are computed here, so a running server reads them. The
    // import is saved either way: figures not computed now are computed by the first request.
    await registerFiguresService({ database, now: () => new Date(), frameworks: frameworkRegistry })
      .refresh()
      .catch((e: unknown) => io.err(`import: saved, but today's figures were not computed: ${(e as Error).message}`));
    io.out(
      `saved: ${saved.inspectionsCreated} new inspections, ${saved.inspectionsUpdated} updated, ` +
        `${saved.servicesCreated} new services`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export async function createAdminCommand(
  args: string[],
  io: Io,
  config: Config,
  readPassword: () => Promise<string> = readStdin,
): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
  const password = process.env.INSPECTORATE_ADMIN_PASSWORD ?? (await readPassword());
  const parsed = NewUser.safeParse({ email: values.email ?? '', name: values.name ?? '', role: 'admin', password });
  if (!parsed.success) {
    io.err('create-admin: cannot create the account:');
    for (const i of parsed.error.issues) io.err(`  ${i.path.join('.') || 'input'}: ${i.message}`);
    return 1;
  }
  const database = await openAndMigrate(config);
  try {
    const { accounts } = createServices({ database, now: () => new Date(), frameworks: frameworkRegistry });
    // No actor: the command line creates the first administrator, before anyone can sign in.
    const u = await accounts.create(null, parsed.data).catch((e: unknown) => {
      if (e instanceof RuleError) io.err(`create-admin: ${e.message} (${parsed.data.email})`);
      else throw e;
      return null;
    });
    if (!u) return 1;
    io.out(`created administrator ${u.email}`);
    return 0;
  } finally {
    await database.close();
  }
}

export async function checkClaimsCommand(args: string[], io: Io, config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'as-at': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) {
    io.err('check-claims: give the text file, e.g. inspectorate check-claims release.txt');
    return 1;
  }
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    io.err(`check-claims: ${file}: cannot read the file`);
    return 1;
  }
  const database = await openAndMigrate(config);
  try {
    // A register made by this command alone (before the first `npm start`) would be empty, and every
    // count in the text would be checked against nothing: it gets the register `serve` would load.
    const seeded = await seedIfEmpty(database);
    if (seeded)
      io.err(
        `check-claims: the register was empty; loaded the seed register (${seeded.inspectionsCreated} inspections)`,
      );
    const report = await checkText(
      database.db,
      validateClaimsText(new TextDecoder('utf-8', { fatal: false }).decode(buf)),
      { asAt: values['as-at'], now: new Date() },
    );
    if (values.json) io.out(JSON.stringify(englishReport(report), null, 2));
    else {
      const asAtSource =
        report.asAtSource === 'given'
          ? 'the date given'
          : report.asAtSource === 'text'
            ? 'the date the text states'
            : report.asAtSource === 'inspection'
              ? `the publication of ${report.asAtInspection}, the inspection the text is about`
              : 'today';
      io.out(`Checked against the register as at ${report.asAt} (${asAtSource}).`);
      for (const v of report.verdicts) {
        const c = v.claim as { kind: string; start: number; end: number; sentence: string };
        const correct = v.correct ? ` Correct: ${v.correct}.` : '';
        const record = v.record ? ` (${v.record})` : '';
        io.out(
          `${v.verdict.toUpperCase()} ${c.kind} [${c.start}-${c.end}] ${v.explanation}${correct}${record}\n` +
            `    "${c.sentence}"`,
        );
      }
      if (report.omitted) io.out(`… and ${report.omitted} more claims, checked and counted below but not listed.`);
      const { supported, contradicted, unverifiable } = report.counts;
      io.out(`${supported} supported, ${contradicted} contradicted, ${unverifiable} unverifiable`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ClaimsInputError) {
      io.err(`check-claims: ${file}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}

/**
 * `backup FILE [--encrypt] [--key-file K]` and `restore FILE [--key-file K]`. The passphrase comes
 * from BACKUP_PASSPHRASE in `env`, never from the command line (other users can list arguments).
 */
export async function backupCommand(
  command: 'backup' | 'restore',
  rest: string[],
  io: Io,
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { encrypt: { type: 'boolean', default: false }, 'key-file': { type: 'string' } },
    });
  } catch (e) {
    io.err(`${command}: ${(e as Error).message}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file) {
    io.err(`${command}: give the backup file`);
    return 1;
  }
  if (command === 'restore' && values.encrypt) {
    io.err('restore: --encrypt is for backup; restore reads the scheme from the file');
    return 1;
  }
  const { backup, restore, RestoreError, BackupError } = await import('../store/backup.ts');
  const { parseKeyFile } = await import('../domain/backup-envelope.ts');
  // The key comes from a file or the environment, never the command line (which other users can see).
  let key: import('../store/backup.ts').BackupKey | undefined;
  if (values['key-file']) {
    let content: Buffer;
    try {
      content = readFileSync(values['key-file']);
    } catch (e) {
      io.err(`${command}: cannot read the key file ${values['key-file']} (${(e as NodeJS.ErrnoException).code})`);
      return 1;
    }
    const k = parseKeyFile(content);
    if (!k) {
      io.err(`${command}: ${values['key-file']} is not a key file (32 bytes: 64 hex digits, base64, or raw)`);
      return 1;
    }
    key = { key: k };
  } else if (env.BACKUP_PASSPHRASE) key = { passphrase: env.BACKUP_PASSPHRASE };
  const encrypt = command === 'backup' && (values.encrypt || !!values['key-file']);
  if (encrypt && !key) {
    io.err('backup: --encrypt needs a passphrase in BACKUP_PASSPHRASE or --key-file PATH');
    return 1;
  }
  if (command === 'backup' && !encrypt && key)
    io.err('backup: note: BACKUP_PASSPHRASE is set but --encrypt was not given, so this backup is NOT encrypted');
  const database = await openAndMigrate(config);
  try {
    let retained: RetentionReport | undefined;
    const counts =
      command === 'backup'
        ? await backup(database.db, file, encrypt ? { encrypt: key } : {})
        : await restore(database.db, file, {
            key,
            // Data deleted since the backup was made goes again before the restored database opens.
            beforeCommit: async (tx) => {
              retained = await runRetentionNow(tx, config.retention, now(), { dryRun: false, trigger: 'restore' });
            },
          });
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const tables = Object.entries(counts)
      .filter(([, n]) => n)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    const done = command === 'backup' ? 'backed up' : 'restored';
    io.out(`${done} ${total} rows (${database.kind}${encrypt ? ', encrypted' : ''}): ${tables}`);
    if (retained) for (const line of retentionLines(retained)) io.out(line);
    return 0;
  } catch (e) {
    if (e instanceof RestoreError || e instanceof BackupError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`${command}: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}

/** What a retention run removed (or, dry, would remove): one line per kind, then per inspection. */
export function retentionLines(r: RetentionReport): string[] {
  const verb = r.dryRun ? 'would delete' : 'deleted';
  const lines = [`retention${r.dryRun ? ' (dry run: nothing changed)' : ''}:`];
  for (const k of RETENTION_KINDS) lines.push(`  ${RETENTION_RULES[k].what}: ${verb} ${r.counts[k]}`);
  lines.push(`  audit events with personal fields ${r.dryRun ? 'to remove' : 'removed'}: ${r.redactedAuditEvents}`);
  for (const i of r.inspections)
    lines.push(
      `  ${i.ref}: ${RETENTION_KINDS.filter((k) => i.counts[k])
        .map((k) => `${RETENTION_RULES[k].what} (${i.counts[k]})`)
        .join(', ')}`,
    );
  return lines;
}

/** `retention [--dry-run]`: the daily job's work, now, with the configured policy. */
export async function retentionCommand(
  args: string[],
  io: Io,
  config: Config,
  now: () => Date = () => new Date(),
): Promise<number> {
  let dryRun: boolean;
  try {
    dryRun = !!parseArgs({ args, options: { 'dry-run': { type: 'boolean', default: false } } }).values['dry-run'];
  } catch (e) {
    io.err(`retention: ${(e as Error).message}`);
    return 1;
  }
  const database = await openAndMigrate(config);
  try {
    const report = await runRetentionNow(database.db, config.retention, now(), { dryRun, trigger: 'command' });
    for (const line of retentionLines(report)) io.out(line);
    return 0;
  } finally {
    await database.close();
  }
}

export async function checkInspectionCommand(args: string[], io: Io, config: Config): Promise<number> {
  const ref = args[0];
  if (!ref) {
    io.err('check-inspection: give the inspection reference (as in its URL, e.g. bromley-2025) or id');
    return 1;
  }
  const database = await openAndMigrate(config);
  try {
    const row = await findInspectionRow(database.db, isRecordId(ref) ? { id: ref } : { ref });
    if (!row) {
      io.err(`check-inspection: no inspection "${ref}"`);
      return 1;
    }
    const f = frameworkRegistry().get(row.frameworkId);
    if (!f) {
      io.err(`check-inspection: ${ref} uses framework "${row.frameworkId}", which is not loaded`);
      return 1;
    }
    const findings = await inspectionChecks(database.db, f, row.id);
    for (const c of findings)
      io.out(`${c.severity}: ${c.where}: ${c.message}${c.sentence ? ` ["${c.sentence}"]` : ''}`);
    const errors = findings.filter((c) => c.severity === 'error').length;
    const warnings = findings.length - errors;
    io.out(`${row.ref}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
    return errors ? 1 : 0;
  } finally {
    await database.close();
  }
}

/**
 * Runs one command. The configuration is given (tests) or read from the environment when a
 * command first needs it, so commands that touch no database (rate, frameworks) need none.
 */
export async function main(argv: string[], io: Io, given?: Config): Promise<number> {
  const [command, ...rest] = argv;
  let loaded = given;
  const config = () => (loaded ??= loadConfig());
  switch (command) {
    case 'rate':
      return rateCommand(rest, io);
    case 'frameworks':
      return frameworksCommand(io);
    case 'import':
      return importCommand(rest, io, config());
    case 'migrate': {
      const database = await openAndMigrate(config());
      await database.close();
      io.out(`migrations applied (${database.kind})`);
      return 0;
    }
    case 'seed': {
      const database = await openAndMigrate(config());
      const report = await seedIfEmpty(database);
      await database.close();
      io.out(
        report
          ? `seeded: ${report.inspectionsCreated} inspections of ${report.servicesCreated} services`
          : 'the database already holds services; nothing seeded',
      );
      return 0;
    }
    case 'backup':
    case 'restore':
      return backupCommand(command, rest, io, config());
    case 'retention':
      return retentionCommand(rest, io, config());
    case 'generate': {
      const { values } = parseArgs({
        args: rest,
        options: {
          services: { type: 'string' },
          'per-service': { type: 'string', default: '8' },
          out: { type: 'string' },
        },
      });
      const n = Number(values.services);
      const k = Number(values['per-service']);
      if (!Number.isInteger(n) || n < 1 || n > 100_000 || !Number.isInteger(k) || k < 1 || k > 50) {
        io.err('generate: --services must be a whole number from 1 to 100000 and --per-service from 1 to 50');
        return 1;
      }
      const { generateCsv } = await import('../import/generate.ts');
      const csv = generateCsv(frameworkRegistry(), n, k);
      if (values.out) {
        (await import('node:fs')).writeFileSync(values.out, csv);
        io.out(`wrote ${n * k} inspections of ${n} services to ${values.out}`);
      } else io.out(csv.trimEnd());
      return 0;
    }
    case 'check-claims':
      return checkClaimsCommand(rest, io, config());
    case 'check-inspection':
      return checkInspectionCommand(rest, io, config());
    case 'create-admin':
      return createAdminCommand(rest, io, config());
    case 'serve': {
      const { serve } = await import('./serve.ts');
      await serve(config());
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return command === undefined ? 1 : 0;
    default:
      io.err(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

if (process.argv[1] === import.meta.filename) {
  const io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };
  main(process.argv.slice(2), io).then(
    (code) => {
      if (process.argv[2] !== 'serve') process.exitCode = code;
    },
    (e: Error) => {
      io.err(e.message);
      process.exitCode = 1;
    },
  );
}
