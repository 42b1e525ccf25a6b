import { existsSync } from 'node:fs';
import { LAUNCH_ARGS } from '../../src/web/inspection/pdf.ts';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** CI sets REQUIRE_BROWSER=1 so a missing browser fails the run instead of skipping the browser tests. */
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}
if (!browserAvailable)
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`);

/** One Chromium per test worker, shared by that worker's contexts; closed when the last context is. */
let shared: { browser: Promise<Browser>; contexts: number } | null = null;

/**
 * A fresh browser context: its own cookies and storage, so each is a separate person signed in.
 * Contexts share one Chromium process (starting Chromium took a second or two each time; a
 * context takes a few milliseconds), which exits when the last context is closed.
 */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  shared ??= {
    browser: chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS }),
    contexts: 0,
  };
  const mine = shared;
  mine.contexts += 1;
  const context = await (await mine.browser).newContext();
  let closed = false;
  return {
    context,
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close();
      mine.contexts -= 1;
      if (mine.contexts === 0) {
        if (shared === mine) shared = null;
        await (await mine.browser).close();
      }
    },
  };
}

/**
 * WCAG 2.2 A/AA and axe's best-practice rules: a page passes only with no violations.
 *
 * Legacy mode runs axe once inside the page. The default mode runs it per frame and then opens a
 * blank page to merge the frames' results, which took two to four times as long per check here;
 * the service's pages have no frames, so the merge has nothing to do. Only violations are kept
 * with their details: the check never reads the passes.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
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
 * Narrows the window as zooming in does, without reloading (zoom does not reload either), so it
 * works on a page reached by a POST too; then restores the viewport.
 */
export async function expectNoSideScroll(page: Page, width = 320): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: before?.height ?? 800 });
  try {
    // Two animation frames: the resize has been laid out and any resize handler has run.
    const { scrollWidth, innerWidth } = await page.evaluate(
      () =>
        new Promise<{ scrollWidth: number; innerWidth: number }>((done) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              done({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }),
            ),
          ),
        ),
    );
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
