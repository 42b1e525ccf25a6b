import type { Page } from 'playwright-core';
import { BasePage } from './base.ts';
import { countOf, textOf } from './expect-eventually.ts';

/** /workspace/inspections/:id/report: the report's text, written as versions. */
export class ReportTextPage extends BasePage {
  constructor(
    page: Page,
    base: string,
    /** The inspection's workspace address, e.g. http://127.0.0.1:1234/workspace/inspections/<id>. */
    readonly inspection: string,
  ) {
    super(page, base);
  }
  /** "Version 2, saved by … on …." or "Nothing has been saved yet." */
  readonly version = textOf(this.page.locator('#report-version'));
  async open(): Promise<this> {
    await this.page.goto(`${this.inspection}/report`);
    return this;
  }
  async write(sections: { foreword?: string; overview?: string; narratives?: Record<string, string> }): Promise<void> {
    if (sections.foreword !== undefined)
      await this.page.getByLabel('Foreword (the Chief Inspector’s)').fill(sections.foreword);
    if (sections.overview !== undefined)
      await this.page.getByLabel('Overview', { exact: true }).fill(sections.overview);
    for (const [id, text] of Object.entries(sections.narratives ?? {}))
      await this.page.locator(`textarea[name="narrative-${id}"]`).fill(text);
  }
  /** Saves, landing on the versions page when the save succeeds. */
  async save(): Promise<VersionsPage> {
    await this.page.getByRole('button', { name: 'Save as a new version' }).click();
    return new VersionsPage(this.page, this.base, this.inspection);
  }
}

/** /workspace/inspections/:id/report/versions: every version, and the comparison form. */
export class VersionsPage extends BasePage {
  constructor(
    page: Page,
    base: string,
    readonly inspection: string,
  ) {
    super(page, base);
  }
  readonly count = countOf(this.page.locator('#versions-table tbody tr'));
  readonly banner = textOf(this.page.locator('#saved-banner'));
  async compare(from: number, to: number): Promise<ComparePage> {
    await this.page.getByLabel('Older version').selectOption(String(from));
    await this.page.getByLabel('Newer version').selectOption(String(to));
    await this.page.getByRole('button', { name: 'Compare' }).click();
    return new ComparePage(this.page, this.base);
  }
}

/** /workspace/inspections/:id/report/compare: each section changed or unchanged, old and new side by side. */
export class ComparePage extends BasePage {
  readonly changedCount = textOf(this.page.locator('#changed-count'));
  /** "Changed" or "Unchanged" for a section key ("foreword", "standard:2.1"). */
  readonly status = (key: string) =>
    textOf(this.page.locator(`[id="compare-${key.replace(':', '-')}"] .app-compare-status`));
}
