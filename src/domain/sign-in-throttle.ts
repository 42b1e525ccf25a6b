/**
 * How sign-in guessing is slowed. Failures are counted per account for browsers the account has
 * not signed in from, and per browser for those it has (see docs/security.md): a stranger's
 * guesses slow strangers, never the owner's own browser.
 */
export const THROTTLE = {
  /** Failures this far back count towards a delay. */
  windowMs: 24 * 60 * 60 * 1000,
  /** Failures allowed before any wait (typing mistakes). */
  freeFailures: 5,
  /** The first wait; each further failure doubles it, up to maxDelayMs. */
  firstDelayMs: 60 * 1000,
  maxDelayMs: 15 * 60 * 1000,
  /** Failures from one network address, whatever the accounts, before it must wait. */
  perAddress: 50,
  addressWindowMs: 15 * 60 * 1000,
} as const;

/** The wait after the latest failure, given how many failures there are in the window. */
export function delayAfterFailures(failures: number): number {
  if (failures < THROTTLE.freeFailures) return 0;
  const doublings = Math.min(failures - THROTTLE.freeFailures, 20);
  return Math.min(THROTTLE.firstDelayMs * 2 ** doublings, THROTTLE.maxDelayMs);
}

/** When the next attempt may be made, or null if it may be made now. */
export function retryAt(failures: number, lastFailure: Date | null, now: Date): Date | null {
  const delay = delayAfterFailures(failures);
  if (!delay || !lastFailure) return null;
  const at = new Date(lastFailure.getTime() + delay);
  return at > now ? at : null;
}
