import { BasePage } from './base.ts';
import { countOf, textOf } from './expect-eventually.ts';

/** Fills a GOV.UK date input (day, month, year) inside `scope` from an ISO date. */
async function fillDate(scope: import('playwright-core').Locator, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await scope.getByLabel('Day').fill(String(Number(d)));
  await scope.getByLabel('Month').fill(String(Number(m)));
  await scope.getByLabel('Year').fill(y!);
}

/** /workspace/services/:slug/plan: a service's action plan against its recommendations. */
export class ActionPlanPage extends BasePage {
  readonly sections = this.page.locator('#recommendations section');
  readonly recommendationCount = countOf(this.sections);
  readonly actionCount = countOf(this.page.locator('#recommendations tbody tr'));
  /** The status tag of the nth recommendation: "Not started", "Red", "Met"... */
  recommendationStatus = (n: number) => textOf(this.sections.nth(n).locator('h2 .govuk-tag'));
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
    await fillDate(section.getByRole('group', { name: 'Due date' }), a.due);
    await section.getByRole('button', { name: 'Add action' }).click();
    await this.page.waitForURL(/\/plan#rec-/);
  }
  async openAction(description: string): Promise<ActionPage> {
    await this.page.getByRole('link', { name: description }).click();
    await this.page.waitForURL(/\/plan\/actions\//);
    return new ActionPage(this.page, this.base);
  }
}

/** One action: its status, the progress form (with files) and the owner and due date form. */
export class ActionPage extends BasePage {
  /** "Not started", "In progress", "Done", "Overdue". */
  readonly status = textOf(this.page.locator('#action-status'));
  readonly fileLinks = countOf(this.page.locator('.govuk-inset-text a[download]'));
  async recordProgress(p: {
    state: string;
    note: string;
    evidence?: string;
    file?: { name: string; mimeType: string; buffer: Buffer };
  }): Promise<void> {
    await this.page.getByLabel(p.state, { exact: true }).check();
    await this.page.getByLabel('What has been done').fill(p.note);
    if (p.evidence) await this.page.getByLabel('Evidence (optional)').fill(p.evidence);
    if (p.file) await this.page.getByLabel('Evidence files (optional)').setInputFiles(p.file);
    await this.page.getByRole('button', { name: 'Save progress' }).click();
    await this.page.waitForLoadState('domcontentloaded');
  }
  /** Moves the due date, with the reason the board will see. */
  async moveDueDate(due: string, reason: string): Promise<void> {
    await fillDate(this.page.getByRole('group', { name: 'Due date' }), due);
    await this.page.getByLabel('Why the due date is changing').fill(reason);
    await this.page.getByRole('button', { name: 'Save owner and due date' }).click();
    await this.page.waitForLoadState('domcontentloaded');
  }
  readonly due = textOf(this.page.locator('.govuk-summary-list__row', { hasText: 'Due' }).locator('dd'));
}

/** /workspace/services/:slug/board: the management board's view, each recommendation once, reddest first. */
export class BoardPage extends BasePage {
  readonly recommendations = this.page.locator('.app-board__rec');
  readonly firstRecommendation = textOf(this.recommendations.first());
  /** The RAG tag of the first action of the first recommendation: "Red", "Amber" or "Green". */
  readonly firstActionRag = textOf(this.recommendations.first().locator('tbody tr').first().locator('.govuk-tag'));
  readonly summary = textOf(this.page.locator('#board-summary'));
  async open(slug: string): Promise<this> {
    await this.page.goto(`${this.base}/workspace/services/${slug}/board`);
    return this;
  }
  /** Agrees the recommendation numbered `position` as met, with the board's note. */
  async signOff(position: number, note: string): Promise<void> {
    const rec = this.recommendations.filter({ hasText: `Recommendation ${position} ` });
    await rec.getByLabel('Board’s note').fill(note);
    await rec.getByRole('button', { name: `Agree recommendation ${position} as met` }).click();
    await this.page.waitForURL(/\/board#rec-/);
  }
}
