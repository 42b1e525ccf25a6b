import { describe, expect, it } from 'vitest';
import { startReminderJob } from '../../src/jobs/reminders.ts';

describe('the factual-accuracy reminder job', () => {
  it('runs the reminder step at once and logs how many reminders it queued', async () => {
    const logged: unknown[] = [];
    let runs = 0;
    const stop = startReminderJob(
      async () => {
        runs++;
        return 2;
      },
      { info: (fields, m) => logged.push([m, fields]), error: (e) => logged.push(e) },
      { everyMs: 60_000 },
    );
    await stop();
    expect(runs).toBe(1);
    expect(logged).toEqual([['factual-accuracy reminders queued', { reminded: 2 }]]);
  });
});
