/**
 * Runs `work` now and then every `everyMs`, never two runs at once in this process (a slow run
 * makes the next tick a no-op rather than a second run beside it). Errors are logged, never fatal.
 * Returns a stop function, which starts no further run and resolves once the run in progress (if
 * any) has finished: shutting down waits for it before closing the database, so a publication run
 * commits or rolls back by itself rather than failing half way on a closed pool. Each job's
 * exactly-once guarantee across instances is its own (a conditional UPDATE or a claim), not this loop's.
 */
export function every(everyMs: number, work: () => Promise<void>, onError: (e: unknown) => void): () => Promise<void> {
  let current: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (current || stopped) return;
    current = (async () => {
      try {
        await work();
      } catch (e) {
        onError(e);
      } finally {
        current = null;
      }
    })();
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}
