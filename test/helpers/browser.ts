import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { LAUNCH_ARGS } from '../../src/web/inspection/pdf.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** CI sets REQUIRE_BROWSER=1 so a missing browser fails the run instead of skipping the browser tests. */
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}
if (!browserAvailable)
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`);

export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'insp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', ...LAUNCH_ARGS],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** WCAG 2.2 A/AA and axe's best-practice rules: a page passes only with no violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return r.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join('; ')})`,
  );
}

/**
 * WCAG 1.4.10 Reflow: at 320 CSS pixels wide (1280 px at 400% zoom) the page must not scroll
 * sideways; a wide table scrolls inside its own box instead (src/web/macros/scroll.njk).
 * Reloads the page at that width, so use it on a page reached by GET, then restores the viewport.
 */
export async function expectNoSideScroll(page: Page, width = 320): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: before?.height ?? 800 });
  try {
    await page.reload();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(innerWidth, page.url()).toBe(width);
    expect(scrollWidth, `${page.url()} is wider than ${width}px`).toBeLessThanOrEqual(innerWidth);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** Signs in through the real form, as a person would, and waits for the workspace. */
export async function signIn(page: Page, base: string, email: string, password = 'inspectorate-demo'): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/workspace$/);
}
