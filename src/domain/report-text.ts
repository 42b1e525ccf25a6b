import type { Framework, SampleRule } from './framework.ts';
import { standardsOf } from './framework.ts';
import { ADDRESSEE_LABELS, type Addressee } from './inspection-record.ts';

/**
 * The report's own words and how they are compared and placed. HMIP's youth justice reports open
 * with the Chief Inspector's foreword, give the ratings and recommendations, an overview, then one
 * section per standard (a narrative, then its strengths and areas for improvement as key findings),
 * and close with annexes on how the inspection was done. Inspectors write the words; the figures
 * (ratings, each key question's share of cases, the sample) come from the record when the report is
 * shown, so a figure in the report can never differ from the record.
 */

export interface ReportText {
  foreword: string;
  overview: string;
  /** By standard id; a standard with no narrative yet is absent. */
  narratives: Record<string, string>;
}

/** The longest any one section may be (a long HMIP standard section is about 1,500 words). */
export const SECTION_MAX = 20_000;

export const EMPTY_REPORT_TEXT: ReportText = { foreword: '', overview: '', narratives: {} };

export interface ReportSection {
  /** "foreword", "overview" or "standard:<id>" (also the form field's name, see sectionField). */
  key: string;
  label: string;
  /** For a standard's narrative: the standard's id. */
  standardId?: string;
}

/** The written sections in the report's order: foreword, overview, then each standard of the framework. */
export function reportSections(f: Framework): ReportSection[] {
  return [
    { key: 'foreword', label: 'Foreword' },
    { key: 'overview', label: 'Overview' },
    ...standardsOf(f).map((s) => ({ key: `standard:${s.id}`, label: `${s.id} ${s.name}`, standardId: s.id })),
  ];
}

/** A section's text in a version. */
export function sectionText(t: ReportText, s: ReportSection): string {
  if (s.standardId) return t.narratives[s.standardId] ?? '';
  return s.key === 'foreword' ? t.foreword : t.overview;
}

/** The form field that carries a section (standard ids hold dots, which form names keep as they are). */
export const sectionField = (s: ReportSection) => (s.standardId ? `narrative-${s.standardId}` : s.key);

export interface SectionComparison extends ReportSection {
  changed: boolean;
  before: string;
  after: string;
}

/**
 * Two versions section by section: which changed, with the old and the new text. Whitespace at the
 * ends and line-ending style do not count as a change (browsers send CRLF; a version saved from
 * the command line may not).
 */
export function compareReportTexts(f: Framework, before: ReportText, after: ReportText): SectionComparison[] {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  return reportSections(f).map((s) => {
    const a = sectionText(before, s);
    const b = sectionText(after, s);
    return { ...s, before: a, after: b, changed: norm(a) !== norm(b) };
  });
}

/** A section's text as paragraphs: split at blank lines, each paragraph's line breaks kept as spaces. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

// ---- recommendations: to a body by its real name ----

/**
 * Addressees whose code is not the name of any one body ("Police": which force? "YJS management
 * board": whose?), so a recommendation to them must name the body ("the Metropolitan Police",
 * "Bromley YJS management board"). The service itself and the Probation Service are one body each.
 */
export const NAME_REQUIRED: readonly Addressee[] = ['management_board', 'police', 'health', 'local_authority', 'other'];
export const addresseeNeedsName = (a: Addressee) => NAME_REQUIRED.includes(a);

/** The message when a recommendation's body is not named. */
export const ADDRESSEE_NAME_MISSING =
  'Enter the name of the body the recommendation is for, for example ' +
  '“Bromley YJS management board” or “the Metropolitan Police”';

/**
 * The name a recommendation's body is shown by, on the page, in the PDF and in the API: the name
 * recorded, else the service's own name (for the YJS), else the national body's name. Records taken
 * from published sources before names were required may have neither; they keep the code's label.
 */
export function addresseeDisplayName(
  r: { addressee: Addressee; addresseeName: string | null },
  serviceName: string,
): string {
  if (r.addresseeName) return r.addresseeName;
  if (r.addressee === 'yjs') return serviceName;
  if (r.addressee === 'probation') return 'the Probation Service';
  return ADDRESSEE_LABELS[r.addressee] ?? r.addressee;
}

// ---- the methodology annex ----

export interface SampleFacts {
  /** Cases inspected, by case type. */
  byType: { caseType: string; n: number }[];
  /** The service's case list, where the sample was drawn from one here. */
  caseList: { rowCount: number; drawn: boolean; rule: SampleRule | null } | null;
}

const percentText = (n: number) => `${n}%`;
/**
 * "7 court disposals"; a possessive label ("Victim's case") takes its plural possessive ("victims'
 * cases"), except where the noun is already plural ("children's cases").
 */
function casesOf(label: string, n: number): string {
  if (n === 1) return label;
  const possessive = /^(.*?)(\u2019|')s case$/.exec(label);
  if (!possessive) return `${label}s`;
  const [, noun, mark] = possessive as unknown as [string, string, string];
  return /(ren|men|people)$/.test(noun) ? `${noun}${mark}s cases` : `${noun}s${mark} cases`;
}
const listText = (xs: string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/**
 * The methodology annex in words: the sample (how many cases, how they were chosen) and how the
 * ratings were reached, from the framework's own rules (its case bands, how a standard is rated,
 * the panel's part and how far it may move a rating, and the overall rating's rule).
 */
export function methodologyText(f: Framework, sample: SampleFacts): { sample: string[]; ratings: string[] } {
  const label = (id: string) => f.ratingScale.find((r) => r.id === id)?.label ?? id;
  const caseLabel = (id: string) => (f.caseTypes.find((c) => c.id === id)?.label ?? id).toLowerCase();
  const total = sample.byType.reduce((t, x) => t + x.n, 0);
  const sampleText: string[] = [];
  sampleText.push(
    total
      ? `Inspectors assessed ${total} case${total === 1 ? '' : 's'}` +
          (sample.byType.length > 1 || sample.byType[0]?.caseType
            ? `: ${listText(sample.byType.map((x) => `${x.n} ${casesOf(caseLabel(x.caseType), x.n)}`))}.`
            : '.')
      : 'No cases were assessed.',
  );
  const cl = sample.caseList;
  if (cl?.drawn && cl.rule) {
    const strata = cl.rule.stratifyBy.map((s) => s.label.toLowerCase());
    sampleText.push(
      `The cases were drawn at random from the service\u2019s list of ${cl.rowCount} ` +
        `eligible case${cl.rowCount === 1 ? '' : 's'}, ` +
        `in proportion to the ${listText(strata)} of the cases on the list, with at least ${cl.rule.minPerStratum} ` +
        `from each group present. The sample\u2019s size follows the service\u2019s caseload. ` +
        'A case found unusable was replaced by another drawn at random from the same group, and the reason recorded.',
    );
  } else if (total) {
    sampleText.push(
      'The cases were chosen by the inspection team from the service\u2019s cases and added to the sample by hand ' +
        '(this framework gives no rule for drawing a sample from the service\u2019s case list).',
    );
  }
  sampleText.push(
    'Each case was assessed by an inspector against the key questions of the standards it is rated under, ' +
      'answering yes, no or not applicable to each.',
  );

  const ratingText: string[] = [];
  const sc = f.scoring;
  const standards = standardsOf(f);
  const byCases = standards.filter((s) => s.method === 'case_lowest_key_question');
  const judged = standards.filter((s) => s.method === 'judgement');
  if (sc?.caseBands.length && byCases.length) {
    const bands = [...sc.caseBands].sort((a, b) => b.atLeastPercent - a.atLeastPercent);
    const bandText = bands.map((b, i) => {
      const upper = i === 0 ? null : bands[i - 1]!.atLeastPercent;
      const range =
        upper === null
          ? `${percentText(b.atLeastPercent)} or more`
          : b.atLeastPercent === 0
            ? `under ${percentText(upper)}`
            : `${percentText(b.atLeastPercent)} to under ${percentText(upper)}`;
      return `${range}: ${label(b.rating)}`;
    });
    ratingText.push(
      `Standards rated from cases (${listText(byCases.map((s) => s.id))}): each key question's share of the ` +
        'cases it applied to that were answered yes gives a band, and the standard takes the band of its lowest ' +
        `key question. The bands are ${bandText.join('; ')}.`,
    );
  }
  if (judged.length)
    ratingText.push(
      `Standards rated by judgement (${listText(judged.map((s) => s.id))}): the ratings panel rated them on the ` +
        'evidence of the inspection as a whole.',
    );
  const steps = sc?.maxOverrideSteps;
  ratingText.push(
    'The ratings panel, chaired by the lead inspector, reviewed every rating. Where the panel decided a rating ' +
      'other than the one the case answers gave, it recorded its rationale, which is published with the rating' +
      (steps ? `; it may move a rating by at most ${steps} step${steps === 1 ? '' : 's'}.` : '.'),
  );
  const overall = sc?.overall;
  if (overall?.method === 'score_bands' && sc?.points) {
    const pts = Object.entries(sc.points)
      .sort((a, b) => b[1] - a[1])
      .map(([r, p]) => `${label(r)} ${p}`);
    const bands = overall.bands.map((b) => `${b.from}\u2013${b.to}: ${label(b.rating)}`);
    ratingText.push(
      `The overall rating comes from a score: each standard that counts scores points (${pts.join(', ')}), and ` +
        `the total gives the overall rating (${bands.join('; ')}).`,
    );
  } else if (overall) {
    const b = overall.judgementBounds;
    const within =
      b?.noBetterThanBestStandard && b.noWorseThanWorstStandard
        ? ', no better than the best and no worse than the worst of them'
        : b?.noBetterThanBestStandard
          ? ', no better than the best of them'
          : b?.noWorseThanWorstStandard
            ? ', no worse than the worst of them'
            : '';
    ratingText.push(
      `The ratings panel decided the overall rating from the standards\u2019 ratings${within}, ` +
        'and recorded its rationale.',
    );
  }
  return { sample: sampleText, ratings: ratingText };
}
