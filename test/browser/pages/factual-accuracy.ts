import { BasePage } from './base.ts';
import { countOf, textOf } from './expect-eventually.ts';

/**
 * /workspace/inspections/:id/factual-accuracy: the draft, the check's state and deadline, the
 * comments with their answers; the service comments here and the lead answers and closes.
 */
export class FactualAccuracyPage extends BasePage {
  /** The check's state as the page names it ("Comments received"). */
  readonly state = textOf(this.page.locator('#fa-state'));
  readonly deadline = textOf(this.page.locator('#fa-deadline'));
  readonly commentCount = countOf(this.page.locator('.app-fa-comment'));
  /** The answer shown on comment `n` (from 1), e.g. "Not accepted The plan shows…". */
  answerOf = (n: number) =>
    textOf(
      this.page
        .locator('.app-fa-comment')
        .nth(n - 1)
        .locator('.app-fa-response'),
    );

  async open(inspectionId: string): Promise<this> {
    await this.page.goto(`${this.base}/workspace/inspections/${inspectionId}/factual-accuracy`);
    return this;
  }
  /** The service: a comment on one part of the report, chosen by its label ("1.1 Governance and leadership"). */
  async comment(section: string, text: string): Promise<void> {
    await this.page.getByLabel('Which part of the report is it about?').selectOption({ label: section });
    await this.page.getByLabel('Tell us about anything that is factually inaccurate').fill(text);
    await this.page.getByRole('button', { name: 'Send comment' }).click();
  }
  /** The lead: opens comment `n`'s answer form and saves an answer (text may be empty, to see the error). */
  async answer(n: number, response: 'Accepted' | 'Not accepted', text: string): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`(Answer|Change the answer) to comment ${n}$`) }).click();
    await this.saveAnswer(response, text);
  }
  /** The lead: opens comment `n`'s answer form (its own page), to answer it with `saveAnswer`. */
  async openAnswer(n: number): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`(Answer|Change the answer) to comment ${n}$`) }).click();
    await this.page.waitForURL(/\/factual-accuracy\/comments\//);
  }
  /** On the answer form: choose and save. */
  async saveAnswer(response: 'Accepted' | 'Not accepted', text: string): Promise<void> {
    await this.page.getByLabel(response, { exact: true }).check();
    await this.page.getByLabel('The change made to the report, or the reason it is not accepted').fill(text);
    await this.page.getByRole('button', { name: 'Save the answer' }).click();
  }
  async close(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close the factual-accuracy check' }).click();
  }
}
