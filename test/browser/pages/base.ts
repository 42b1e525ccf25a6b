import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, expectNoSideScroll } from '../../helpers/browser.ts';
import { textOf } from './expect-eventually.ts';

/** What every page of the service has: a heading, an error summary, the accessibility check. */
export class BasePage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  readonly heading = () => textOf(this.page.locator('h1'))();
  readonly errorSummary = () => textOf(this.page.locator('.govuk-error-summary'))();
  url(): string {
    return this.page.url();
  }
  /** WCAG 2.2 A/AA and best practice: no axe violations on the page as it stands. */
  async expectAccessible(): Promise<void> {
    expect(await axeViolations(this.page), this.page.url()).toEqual([]);
  }
  /** WCAG 1.4.10 Reflow: narrowed to 320 px as zoom would, the page does not scroll sideways. */
  async expectNoSideScroll(): Promise<void> {
    await expectNoSideScroll(this.page);
  }
  /**
   * axe at 1280 px, then at 320 px after a reload (the layout a phone gets) with no sideways scroll;
   * back at 1280 px afterwards. `screenshot`: where to keep the 320 px page, when one is wanted.
   */
  async expectAccessibleAtBothWidths(screenshot?: string): Promise<void> {
    await this.page.setViewportSize({ width: 1280, height: 800 });
    await this.expectAccessible();
    await this.page.setViewportSize({ width: 320, height: 800 });
    await this.page.reload();
    await this.expectAccessible();
    await this.expectNoSideScroll();
    if (screenshot) await this.page.screenshot({ path: screenshot, fullPage: true });
    await this.page.setViewportSize({ width: 1280, height: 800 });
  }
}
