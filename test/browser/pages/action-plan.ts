import { BasePage } from './base.ts';
import { countOf, textOf } from './expect-eventually.ts';

/** /workspace/services/:slug/plan: a service's action plan against its latest recommendations. */
export class ActionPlanPage extends BasePage {
  readonly sections = this.page.locator('#recommendations section');
  readonly recommendationCount = countOf(this.sections);
  readonly actionCount = countOf(this.page.locator('#recommendations tbody tr'));
  async open(slug: string): Promise<this> {
    await this.page.goto(`${this.base}/workspace/services/${slug}/plan`);
    return this;
  }
  /** Adds an action under the nth recommendation (0-based, in the page's order). */
  async addAction(n: number, a: { description: string; owner: string; due: string }): Promise<void> {
    const section = this.sections.nth(n);
    await section.locator('summary').click();
    await section.getByLabel('Action', { exact: true }).fill(a.description);
    await section.getByLabel('Owner').fill(a.owner);
    await section.getByLabel('Due date').fill(a.due);
    await section.getByRole('button', { name: 'Add action' }).click();
    await this.page.waitForURL(/\/plan#rec-/);
  }
  async openAction(description: string): Promise<ActionPage> {
    await this.page.getByRole('link', { name: description }).click();
    return new ActionPage(this.page, this.base);
  }
}

/** One action: its status and the progress form. */
export class ActionPage extends BasePage {
  /** "Not started", "In progress", "Complete"... */
  readonly status = textOf(this.page.locator('#action-status'));
  async recordProgress(p: { state: string; note: string; evidence?: string }): Promise<void> {
    await this.page.getByLabel(p.state).check();
    await this.page.getByLabel('What has been done').fill(p.note);
    if (p.evidence) await this.page.getByLabel('Evidence (optional)').fill(p.evidence);
    await this.page.getByRole('button', { name: 'Save progress' }).click();
  }
}

/** /workspace/services/:slug/board: the management board's view of the plan, most urgent first. */
export class BoardPage extends BasePage {
  private readonly firstRow = this.page.locator('#board-table tbody tr').first();
  readonly firstRowText = textOf(this.firstRow);
  /** The RAG tag of the first row: "Red", "Amber" or "Green". */
  readonly firstRowRag = textOf(this.firstRow.locator('.govuk-tag'));
  async open(slug: string): Promise<this> {
    await this.page.goto(`${this.base}/workspace/services/${slug}/board`);
    return this;
  }
}
