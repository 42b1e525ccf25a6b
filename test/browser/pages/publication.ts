import { BasePage } from './base.ts';
import { textOf } from './expect-eventually.ts';

/** /workspace/inspections/:id/previews: embargoed preview links. */
export class PreviewsPage extends BasePage {
  readonly newLink = textOf(this.page.locator('#new-link'));
  async open(inspectionAddress: string): Promise<this> {
    await this.page.goto(`${inspectionAddress}/previews`);
    return this;
  }
  /** Creates a link for a named recipient; with `email`, the link is also emailed to them (once). */
  async create(recipient: string, kind: 'Press' | string, email?: string): Promise<void> {
    await this.page.getByLabel('Recipient', { exact: true }).fill(recipient);
    await this.page.getByLabel(kind, { exact: true }).check();
    if (email) await this.page.getByLabel('Email the link to (optional)').fill(email);
    await this.page.getByRole('button', { name: 'Create link' }).click();
  }
}

/** /preview/:token: the watermarked report a named recipient sees before publication, with the press release. */
export class PreviewPage extends BasePage {
  readonly watermark = textOf(this.page.locator('#watermark'));
  readonly releaseHeadline = textOf(this.page.locator('#press-release-headline'));
  /** The whole page's text: the report and the release under the watermark. */
  readonly text = textOf(this.page.locator('main'));
}

/** /workspace/inspections/:id/press-release: the publisher writes the release; saving checks its facts. */
export class PressReleaseEditorPage extends BasePage {
  readonly checks = textOf(this.page.locator('#release-checks'));
  async open(inspectionAddress: string): Promise<this> {
    await this.page.goto(`${inspectionAddress}/press-release`);
    return this;
  }
  async save(headline: string, body: string): Promise<void> {
    await this.page.getByLabel('Headline').fill(headline);
    await this.page.getByLabel('Release', { exact: true }).fill(body);
    await this.page.getByRole('button', { name: 'Save and check' }).click();
  }
}

/** /workspace/inspections/:id/schedule: the publication date and UK time. */
export class SchedulePage extends BasePage {
  async open(inspectionAddress: string): Promise<this> {
    await this.page.goto(`${inspectionAddress}/schedule`);
    return this;
  }
  /** Schedules publication at `date` (ISO) and `time` (24-hour UK); lands on the task list when accepted. */
  async schedule(date: string, time: string): Promise<void> {
    const [y, m, d] = date.split('-');
    await this.page.getByLabel('Day').fill(String(Number(d)));
    await this.page.getByLabel('Month').fill(String(Number(m)));
    await this.page.getByLabel('Year').fill(y!);
    await this.page.getByLabel('Time (UK)').fill(time);
    await this.page.getByRole('button', { name: 'Schedule publication' }).click();
  }
}

/** /inspections/:ref/press-release: the press release, public with the report. */
export class PressReleasePage extends BasePage {
  readonly headline = textOf(this.page.locator('h1#press-release-headline'));
  async open(ref: string): Promise<number | undefined> {
    return (await this.page.goto(`${this.base}/inspections/${ref}/press-release`))?.status();
  }
}
