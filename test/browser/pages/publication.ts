import { BasePage } from './base.ts';
import { textOf } from './expect-eventually.ts';

/** /workspace/inspections/:id/previews: embargoed preview links. */
export class PreviewsPage extends BasePage {
  readonly newLink = textOf(this.page.locator('#new-link'));
  async open(inspectionAddress: string): Promise<this> {
    await this.page.goto(`${inspectionAddress}/previews`);
    return this;
  }
  async create(recipient: string, kind: 'Press' | string): Promise<void> {
    await this.page.getByLabel('Recipient', { exact: true }).fill(recipient);
    await this.page.getByLabel(kind, { exact: true }).check();
    await this.page.getByRole('button', { name: 'Create link' }).click();
  }
}

/** /preview/:token: the watermarked report a named recipient sees before publication, with the press release. */
export class PreviewPage extends BasePage {
  readonly watermark = textOf(this.page.locator('#watermark'));
  readonly releaseHeadline = textOf(this.page.locator('#press-release-headline'));
}

/** /inspections/:ref/press-release: the press release, public with the report. */
export class PressReleasePage extends BasePage {
  readonly headline = textOf(this.page.locator('h1#press-release-headline'));
  async open(ref: string): Promise<number | undefined> {
    return (await this.page.goto(`${this.base}/inspections/${ref}/press-release`))?.status();
  }
}
