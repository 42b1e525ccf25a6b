import { BasePage } from './base.ts';
import { WorkspacePage } from './workspace.ts';

/** /sign-in: the form as a person fills it in. */
export class SignInPage extends BasePage {
  async open(): Promise<this> {
    await this.page.goto(`${this.base}/sign-in`);
    return this;
  }
  async submit(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
  /** Signs in and waits for the workspace home. */
  async signIn(email: string, password = 'inspectorate-demo'): Promise<WorkspacePage> {
    await this.open();
    await this.submit(email, password);
    await this.page.waitForURL(/\/workspace$/);
    return new WorkspacePage(this.page, this.base);
  }
  async submitEmpty(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
