import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Retrying assertions for browser tests. Only playwright-core is installed, which has no `expect`,
 * so page objects return functions that read the page, and tests assert with Vitest's
 * `expect.poll`: it calls the function again (every 50 ms here) until the matcher passes or the
 * timeout ends, then fails with the last value read. Unlike `expect(await locator.textContent())`,
 * this waits out a page that is still loading or updating.
 *
 *   await eventually(tasks.status).toBe('Fieldwork');
 */
export function eventually<T>(read: () => Promise<T>, opts: { timeout?: number; message?: string } = {}) {
  return expect.poll(read, { timeout: opts.timeout ?? 5_000, interval: 50, message: opts.message });
}

/** The text of the first element a locator finds, with runs of white space closed up; '' while there is none. */
export const textOf = (locator: Locator) => async (): Promise<string> => {
  if ((await locator.count()) === 0) return '';
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
};

/** How many elements a locator finds now. */
export const countOf = (locator: Locator) => (): Promise<number> => locator.count();
