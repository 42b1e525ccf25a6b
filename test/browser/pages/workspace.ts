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
  async create(v: {
    service: string;
    title: string;
    /** The framework's name as the radios show it; else the one the form preselects. */
    framework?: string;
    /** Inspectors to tick for the team, by name. */
    team?: string[];
  }): Promise<InspectionPage> {
    await this.page.getByLabel('Service to inspect').selectOption({ label: v.service });
    if (v.framework) await this.page.getByRole('radio', { name: v.framework }).check();
    for (const name of v.team ?? []) await this.page.getByRole('checkbox', { name }).check();
    await this.page.getByLabel('Title').fill(v.title);
    await this.page.getByRole('button', { name: 'Create inspection' }).click();
    await this.page.waitForURL(/\/workspace\/inspections\/[0-9a-f-]{36}$/);
    return new InspectionPage(this.page, this.base, this.page.url());
  }
}
