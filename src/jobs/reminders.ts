import { every } from './every.ts';

/**
 * Runs the factual-accuracy reminder step every `everyMs` (and once now): the service's users are
 * emailed when their deadline is two working days away. Each check is claimed by one conditional
 * UPDATE (store/factual-accuracy-repo.ts claimDueReminders) and its emails carry a dedupe key, so
 * every instance may run this loop and each reminder is still queued exactly once. Returns a stop
 * function that resolves when the run in progress has finished. Errors are logged, never fatal.
 */
export function startReminderJob(
  remindDue: () => Promise<number>,
  log: { info: (fields: { reminded: number }, message: string) => void; error: (e: unknown) => void },
  opts: { everyMs?: number } = {},
): () => Promise<void> {
  return every(
    opts.everyMs ?? 60_000,
    async () => {
      const reminded = await remindDue();
      if (reminded) log.info({ reminded }, 'factual-accuracy reminders queued');
    },
    (e) => log.error(e),
  );
}
