import type { Page } from 'playwright-core';
import { BasePage } from './base.ts';
import { countOf, textOf } from './expect-eventually.ts';

/** Any public page of the register, opened by its path. */
export class PublicPage extends BasePage {
  /** The hex map (home and statistics pages). */
  readonly map = new HexMapView(this.page);
  /** The classes on <body>: "js-enabled" once the inline script (allowed by its CSP hash) has run. */
  readonly bodyClass = async () => (await this.page.locator('body').getAttribute('class')) ?? '';
  /** Opens a path and returns the HTTP status. */
  async open(path: string): Promise<number> {
    const res = await this.page.goto(`${this.base}${path}`);
    return res!.status();
  }
  /** The language the page says it is in (`<html lang>`). */
  readonly language = async () => (await this.page.locator('html').getAttribute('lang')) ?? '';
  /** The language toggle in the header: each language is named in itself ("English", "Cymraeg"). */
  async chooseLanguage(name: 'English' | 'Cymraeg'): Promise<void> {
    await this.page.locator('.app-language-select').getByRole('link', { name }).click();
    await this.page.waitForLoadState();
  }
}

/** /services: the list of services with filters, sorting and pages. */
export class ServicesPage extends PublicPage {
  readonly rows = this.page.locator('#services-table tbody tr');
  readonly rowCount = countOf(this.rows);
  readonly firstRow = textOf(this.rows);
  readonly resultSummary = textOf(this.page.locator('#result-summary'));
  /** Whether the filter panel (a details element, collapsed on a phone) is open. */
  readonly filterPanelOpen = () => this.page.locator('#filter-panel').evaluate((d) => (d as HTMLDetailsElement).open);
  async openFilterPanel(): Promise<void> {
    await this.page.locator('#filter-panel summary').click();
  }
  async search(text: string): Promise<void> {
    await this.page.getByLabel('Service or area name').fill(text);
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }
  async filter(labels: string[]): Promise<void> {
    for (const l of labels) await this.page.getByLabel(l).check();
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }
  async removeFilter(name: string): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`Remove this filter\\s+${name}`) }).click();
  }
  async sortBy(column: string): Promise<void> {
    await this.page.getByRole('link', { name: column }).click();
  }
  async nextPage(): Promise<void> {
    await this.page.getByRole('link', { name: 'Next' }).click();
  }
}

/** /: the ratings overview, with the as-at form and links to the services behind each count. */
export class HomePage extends PublicPage {
  readonly asAtField = this.page.getByLabel('Show the register as at a date');
  readonly asAtValue = () => this.asAtField.inputValue();
  async showAsAt(date: string): Promise<void> {
    await this.asAtField.fill(date);
    await this.page.getByRole('button', { name: 'Show ratings' }).click();
  }
  /** A count's services are the list of services at that rating (as at the page's date): one of them, then its inspection. */
  async openBasis(rating: string, serviceName: string): Promise<InspectionReportPage> {
    await this.page.locator(`#basis-${rating}`).getByRole('link').click();
    await this.page.waitForURL(/\/services\?/);
    await this.page.getByRole('link', { name: `inspection of ${serviceName}` }).click();
    return new InspectionReportPage(this.page, this.base);
  }
}

/** /inspections/:ref */
export class InspectionReportPage extends PublicPage {
  /** "33/36" */
  readonly score = textOf(this.page.locator('#score'));
  readonly forewordVisible = () => this.page.locator('#foreword').isVisible();
}

/** /claims: the claims checker. */
export class ClaimsPage extends PublicPage {
  readonly summary = textOf(this.page.locator('#claims-summary'));
  async check(text: string): Promise<void> {
    await this.page.getByLabel('Text to check').fill(text);
    await this.page.getByRole('button', { name: 'Check claims' }).click();
  }
}

/** The hex map of local authority areas: what a hex says and shows, and the key's counts. */
export class HexMapView {
  constructor(readonly page: Page) {}
  private hex = (code: string) => this.page.locator(`#map svg [data-code="${code}"]`);
  /** The hex's accessible name (its title): "Bromley: Bromley YJS, Outstanding (published …)". */
  readonly label = (code: string) => async () => (await this.hex(code).getAttribute('aria-label')) ?? '';
  /** The colour the browser paints the hex with. */
  readonly fill = (code: string) => () =>
    this.hex(code)
      .locator('polygon')
      .evaluate((el) => getComputedStyle(el).fill);
  /** The area's row in the table beside the map. */
  readonly row = (code: string) => textOf(this.page.locator(`#map-areas-table tr[data-code="${code}"]`));
  readonly keyAreas = (category: string) =>
    textOf(this.page.locator(`#map-key tr[data-category="${category}"] td`).first());
  async openArea(code: string): Promise<void> {
    await this.hex(code).click();
  }
}
