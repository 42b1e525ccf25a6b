import { describe, expect, it } from 'vitest';
import { futureAsAtProblem, visibleAsAt } from '../../src/domain/embargo.ts';
import { areaKey, serviceSlugOf, slugify } from '../../src/domain/service-identity.ts';

describe('"as at" dates', () => {
  const now = new Date('2025-07-01T10:00:00Z');
  it('refuses a date after today in the UK, and accepts today, earlier or none', () => {
    expect(futureAsAtProblem('2025-07-02', now)).toBe('asAt must be today (2025-07-01) or earlier');
    expect(futureAsAtProblem('2025-07-01', now)).toBeNull();
    expect(futureAsAtProblem('2019-01-01', now)).toBeNull();
    expect(futureAsAtProblem(undefined, now)).toBeNull();
    // 23:30 UTC on 30 June is already 1 July in the UK (BST).
    expect(futureAsAtProblem('2025-07-01', new Date('2025-06-30T23:30:00Z'))).toBeNull();
  });
  it('reads as at the end of that UK day, but never later than now', () => {
    expect(visibleAsAt('2025-01-07', now).toISOString()).toBe('2025-01-07T23:59:59.999Z');
    expect(visibleAsAt('2024-07-12', now).toISOString()).toBe('2024-07-12T22:59:59.999Z');
    expect(visibleAsAt('2025-07-01', now)).toEqual(now);
    expect(visibleAsAt(undefined, now)).toBe(now);
  });
});

describe('service identity', () => {
  it('identifies a service by its areas in a fixed order', () => {
    expect(
      areaKey({
        areas: [
          { name: 'Swansea', onsCode: null },
          { name: 'Bridgend', onsCode: null },
          { name: 'Neath Port Talbot', onsCode: null },
        ],
      }),
    ).toBe('Bridgend; Neath Port Talbot; Swansea');
  });
  it.each([
    ['Bromley YJS', 'bromley-yjs'],
    ['Barking & Dagenham', 'barking-and-dagenham'],
    ["King's Lynn", 'kings-lynn'],
    ['  --Ynys Môn--  ', 'ynys-m-n'],
  ])('slugifies %j as %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
  it.each([
    ['bromley-2025', 'bromley'],
    ['bromley-2025-2', 'bromley'],
    ['western-bay-undated', 'western-bay'],
    ['western-bay-undated-3', 'western-bay'],
    ['youth-2025-service-2019', 'youth-2025-service'],
    ['plain', 'plain'],
  ])('reads the service of ref %s as %s', (ref, slug) => {
    expect(serviceSlugOf(ref)).toBe(slug);
  });
});
