/**
 * Runs `work` now and then every `everyMs`, never two runs at once in this process (a slow run
 * makes the next tick a no-op rather than a second run beside it). Errors are logged, never fatal.
 * Returns a stop function. Each job's exactly-once guarantee across instances is its own (a
 * conditional UPDATE or a claim), not this loop's.
 */
export function every(everyMs: number, work: () => Promise<void>, onError: (e: unknown) => void): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (e) {
      onError(e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
