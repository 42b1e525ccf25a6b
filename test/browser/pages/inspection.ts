import type { Page } from 'playwright-core';
import { BasePage } from './base.ts';
import { countOf, textOf } from './expect-eventually.ts';

/** An inspection's task list (/workspace/inspections/:id) and the pages under it. */
export class InspectionPage extends BasePage {
  constructor(
    page: Page,
    base: string,
    /** The inspection's full address, e.g. http://127.0.0.1:1234/workspace/inspections/<id>. */
    readonly address: string,
  ) {
    super(page, base);
  }
  /** The status tag, e.g. "Fieldwork". */
  readonly status = textOf(this.page.locator('#status'));
  /** The inspection's reference, from the task list's caption ("<ref> · <framework>"). */
  readonly ref = async () => (await textOf(this.page.locator('.govuk-caption-l'))()).split(' · ')[0] ?? '';
  /** Who approved the ratings and report, and when (once approved). */
  readonly approval = textOf(this.page.locator('#approval'));
  async open(path = ''): Promise<this> {
    await this.page.goto(`${this.address}${path}`);
    return this;
  }
  /** Presses a transition button ("Start fieldwork", "Send to the rating panel"...). */
  async transition(label: string): Promise<void> {
    await this.page.getByRole('button', { name: label }).click();
  }
  async cases(): Promise<CasesPage> {
    await this.open('/cases');
    return new CasesPage(this.page, this.base, this.address);
  }
  async panel(): Promise<PanelPage> {
    await this.open('/panel');
    return new PanelPage(this.page, this.base, this.address);
  }
}

export type Answer = 'yes' | 'no' | 'na';

/** /workspace/inspections/:id/cases: the case sample. */
export class CasesPage extends InspectionPage {
  readonly rowCount = countOf(this.page.locator('#cases-table tbody tr'));
  /** Adds a case and opens its answer form. */
  async add(c: { ref: string; type: 'court' | 'out_of_court' }): Promise<CasePage> {
    await this.page.getByLabel('Case reference').fill(c.ref);
    await this.page
      .getByLabel(c.type === 'court' ? 'Court disposal' : 'Out-of-court disposal', { exact: true })
      .check();
    await this.page.getByRole('button', { name: 'Add case' }).click();
    await this.page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    return new CasePage(this.page, this.base, this.address);
  }
  /** Adds a case of a type named as the radios show it ("Children's case"), e.g. a case drawn in the sample. */
  async addOfType(ref: string, typeLabel: string): Promise<CasePage> {
    await this.page.getByLabel('Case reference').fill(ref);
    await this.page.getByLabel(typeLabel, { exact: true }).check();
    await this.page.getByRole('button', { name: 'Add case' }).click();
    await this.page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    return new CasePage(this.page, this.base, this.address);
  }
}

/**
 * /workspace/inspections/:id/case-list (the service sends its list) and /sample (the lead draws
 * the sample from it; the team reads it).
 */
export class SamplePage extends InspectionPage {
  readonly listSummary = textOf(this.page.locator('#case-list-summary'));
  readonly rule = textOf(this.page.locator('#sample-rule'));
  /** The case ids drawn, in the table's order. */
  readonly sampledIds = () => this.page.locator('#sample-table tbody tr th').allInnerTexts();
  async upload(csv: string): Promise<void> {
    await this.page
      .getByLabel(/Case list/)
      .setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await this.page.getByRole('button', { name: 'Send the case list' }).click();
  }
  async draw(): Promise<void> {
    await this.page.getByRole('button', { name: 'Draw the sample' }).click();
    await this.page.locator('#sample-table').waitFor();
  }
}

/** /workspace/inspections/:id/cases/:caseId: one case's answers. */
export class CasePage extends InspectionPage {
  async answer(answers: Readonly<Record<string, Answer | string>>): Promise<void> {
    for (const [kq, a] of Object.entries(answers))
      await this.page.locator(`input[name="answer-${kq.replace(/\./g, '-')}"][value="${a}"]`).check();
  }
  /** Saves and returns to the sample. */
  async save(): Promise<CasesPage> {
    await this.page.getByRole('button', { name: 'Save answers' }).click();
    await this.page.waitForURL(/\/cases$/);
    return new CasesPage(this.page, this.base, this.address);
  }
}

/** /workspace/inspections/:id/panel: the rating panel's judgements and the result. */
export class PanelPage extends InspectionPage {
  /** "26/36" */
  readonly score = textOf(this.page.locator('#panel-score'));
  /** The overall rating tag, e.g. "Good". */
  readonly overall = textOf(this.page.locator('#overall-result .govuk-tag'));
  async judge(standardId: string, rating: string, rationale: string): Promise<void> {
    const field = `#std-${standardId.replace(/\./g, '-')}`;
    await this.page.locator(`${field}-rating`).selectOption(rating);
    await this.page.locator(`${field}-rationale`).fill(rationale);
    await this.page.getByRole('button', { name: `Save ${standardId}` }).click();
    await this.page.waitForURL(/\/panel/);
  }
  /** When the panel sits, as the panel page states it ("23 November 2026 at 10:00 (UK time)", or "Not set"). */
  readonly panelDate = textOf(this.page.locator('#panel-date .govuk-summary-list__value'));
  /** Sets or changes the panel date through its own form (the day, month and year boxes and the time). */
  async setPanelDate(date: { day: string; month: string; year: string }, time: string): Promise<void> {
    await this.page.getByRole('link', { name: /^(Set|Change) the panel date$/ }).click();
    await this.page.waitForURL(/\/panel-date$/);
    await this.page.getByLabel('Day').fill(date.day);
    await this.page.getByLabel('Month').fill(date.month);
    await this.page.getByLabel('Year').fill(date.year);
    await this.page.getByLabel('Time (UK)').fill(time);
    await this.page.getByRole('button', { name: 'Save the panel date' }).click();
  }
  /** The panel's overall decision, where the framework leaves the overall rating to judgement. */
  async decideOverall(rating: string, rationale: string): Promise<void> {
    await this.page.locator('#overall-rating').selectOption(rating);
    await this.page.locator('#overall-rationale').fill(rationale);
    await this.page.getByRole('button', { name: 'Save overall decision' }).click();
    await this.page.waitForURL(/\/panel/);
  }
  /** Opens every key question's list of cases answered "no"; how many lists there are. */
  async openCasesAnsweredNo(): Promise<number> {
    const lists = this.page.locator('details.app-answered-no');
    const n = await lists.count();
    for (let i = 0; i < n; i++) await lists.nth(i).locator('summary').click();
    return n;
  }
}
