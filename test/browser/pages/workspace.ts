import { BasePage } from './base.ts';
import { InspectionPage } from './inspection.ts';

/** /workspace: the signed-in home. */
export class WorkspacePage extends BasePage {
  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
  }
  async startPlanning(): Promise<PlanInspectionPage> {
    await this.page.getByRole('button', { name: 'Plan an inspection' }).click();
    return new PlanInspectionPage(this.page, this.base);
  }
}

/** /workspace/inspections/new */
export class PlanInspectionPage extends BasePage {
  async create(v: { service: string; title: string }): Promise<InspectionPage> {
    await this.page.getByLabel('Service to inspect').selectOption({ label: v.service });
    await this.page.getByLabel('Title').fill(v.title);
    await this.page.getByRole('button', { name: 'Create inspection' }).click();
    await this.page.waitForURL(/\/workspace\/inspections\/[0-9a-f-]{36}$/);
    return new InspectionPage(this.page, this.base, this.page.url());
  }
}
