import { BasePage } from './base.ts';
import { textOf } from './expect-eventually.ts';

/** /workspace/users: the list of accounts and the form to create one. */
export class UsersPage extends BasePage {
  async open(): Promise<this> {
    await this.page.goto(`${this.base}/workspace/users`);
    return this;
  }
  async submitEmptyAccount(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }
  async openAccount(name: string): Promise<AccountPage> {
    await this.page.getByRole('link', { name }).click();
    return new AccountPage(this.page, this.base);
  }
}

/** /workspace/users/:id: one account, with its status and the actions on it. */
export class AccountPage extends BasePage {
  /** "Active" or "Deactivated". */
  readonly status = textOf(this.page.locator('#account-status'));
  /** Opens the confirmation step (nothing changes until it is confirmed). */
  async startDeactivating(): Promise<void> {
    await this.page.getByRole('button', { name: 'Deactivate account' }).click();
  }
  async goBack(): Promise<void> {
    await this.page.getByRole('link', { name: 'No, go back' }).click();
  }
}
