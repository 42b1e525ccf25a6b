import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { claimsService } from '../../src/services/claims.ts';
import { frameworkRegistry } from '../../src/store/frameworks.ts';
import { inspections } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';

// The claims checker keeps the register as at each instant for the public pages' cache lifetime:
// a check may be as stale as a page, never earlier than an embargo.
const test = appTest();
const HOUR = 3_600_000;

describe('the claims checker’s snapshots of the register', () => {
  test('are kept for their lifetime, then read again; with no lifetime every check reads the database', async ({
    build,
    database,
  }) => {
    const svc = await build.service({ name: 'Wendover YJS' });
    let clock = new Date('2026-11-01T12:00:00Z');
    const kept = claimsService({ database, now: () => clock, frameworks: frameworkRegistry, cacheTtlMs: HOUR });
    const direct = claimsService({ database, now: () => clock, frameworks: frameworkRegistry });
    const text = 'Wendover Youth Justice Service has been rated ‘Good’ by inspectors.';
    const first = await kept.check(text);
    expect(first.verdicts.find((v) => v.claim.kind === 'overall')?.verdict).toBe('supported');
    // A correction written behind the app's back: the snapshot does not see it until it expires.
    await database.db
      .update(inspections)
      .set({ overallRating: 'inadequate' })
      .where(eq(inspections.ref, svc.firstInspectionRef));
    expect(await kept.check(text)).toEqual(first);
    expect((await direct.check(text)).verdicts.find((v) => v.claim.kind === 'overall')?.verdict).not.toBe('supported');
    clock = new Date(clock.getTime() + HOUR + 1);
    expect(await kept.check(text)).not.toEqual(first);
  });

  test('of "now" end when the next embargo lifts, however long their lifetime', async ({ build, database }) => {
    const svc = await build.service({ name: 'Ashridge YJS' });
    const publishAt = new Date('2027-01-12T00:01:00Z');
    const insp = await build.inspection({ status: 'scheduled', service: svc, publishAt });
    let clock = new Date(publishAt.getTime() - 60_000);
    const kept = claimsService({ database, now: () => clock, frameworks: frameworkRegistry, cacheTtlMs: 24 * HOUR });
    const text = 'Ashridge Youth Justice Service has been rated ‘Outstanding’ by inspectors.';
    const before = await kept.check(text);
    expect(before.asAtInspection).toBe(svc.firstInspectionRef);
    clock = new Date(publishAt.getTime() + 1);
    expect((await kept.check(text)).asAtInspection).toBe(insp.ref);
  });
});
