/** Page objects for the browser tests: each names what a person does on one page and what they see there. */
export { BasePage } from './base.ts';
export { countOf, eventually, textOf } from './expect-eventually.ts';
export { CasePage, CasesPage, InspectionPage, PanelPage, SamplePage } from './inspection.ts';
export { SignInPage } from './sign-in.ts';
export { AccountPage, UsersPage } from './users.ts';
export { PlanInspectionPage, WorkspacePage } from './workspace.ts';
export { ActionPage, ActionPlanPage, BoardPage } from './action-plan.ts';
export { ClaimsPage, HomePage, InspectionReportPage, PublicPage, ServicesPage } from './register.ts';
export { PressReleaseEditorPage, PressReleasePage, PreviewPage, PreviewsPage, SchedulePage } from './publication.ts';
export { FactualAccuracyPage } from './factual-accuracy.ts';
export { ComparePage, ReportTextPage, VersionsPage } from './report.ts';
