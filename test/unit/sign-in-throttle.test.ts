import { describe, expect, it } from 'vitest';
import { delayAfterFailures, retryAt, THROTTLE } from '../../src/domain/sign-in-throttle.ts';

describe('sign-in delays', () => {
  it('allows a few mistakes, then doubles the wait with each failure up to a cap', () => {
    const minutes = [0, 4, 5, 6, 7, 8, 9, 10, 50, 10_000].map((n) => delayAfterFailures(n) / 60_000);
    expect(minutes).toEqual([0, 0, 1, 2, 4, 8, 15, 15, 15, 15]);
    expect(THROTTLE.maxDelayMs).toBe(15 * 60_000);
  });

  it('counts the wait from the latest failure', () => {
    const last = new Date('2026-12-01T12:00:00Z');
    expect(retryAt(4, last, last)).toBeNull();
    expect(retryAt(5, last, new Date('2026-12-01T12:00:30Z'))).toEqual(new Date('2026-12-01T12:01:00Z'));
    expect(retryAt(5, last, new Date('2026-12-01T12:01:00Z'))).toBeNull();
    expect(retryAt(6, last, new Date('2026-12-01T12:01:00Z'))).toEqual(new Date('2026-12-01T12:02:00Z'));
    expect(retryAt(9, null, last)).toBeNull();
  });
});
