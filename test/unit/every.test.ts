import { describe, expect, it } from 'vitest';
import { every } from '../../src/jobs/every.ts';

describe('every (the background jobs’ loop)', () => {
  it('stopping waits for the run in progress to finish, and starts no further run', async () => {
    let runs = 0;
    let finished = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stop = every(
      5,
      async () => {
        runs++;
        await gate;
        finished++;
      },
      () => {},
    );
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    // The first run is still waiting on its gate: stop has not resolved, and no second run began.
    expect([stopped, runs]).toEqual([false, 1]);
    release();
    await stopping;
    expect(finished).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(1);
  });

  it('stopping between runs resolves at once; a failed run is reported, not thrown', async () => {
    const errors: unknown[] = [];
    const stop = every(
      1000,
      async () => {
        throw new Error('boom');
      },
      (e) => errors.push(e),
    );
    await new Promise((r) => setTimeout(r, 10));
    await stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });
});
