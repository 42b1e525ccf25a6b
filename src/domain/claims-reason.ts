/**
 * Why the claims checker gave a verdict, as data: a code and its values. The checker builds one
 * reason per verdict (and one for the inspection it checked against); the English sentence the API,
 * the CLI and the claims tests read is made from it here, and the public page makes the same
 * sentence in the visitor's language from the same reason (src/web/claims/reason.ts), so no
 * sentence is ever parsed back into its parts.
 */

/** A value a reason fills in, typed where a language shows it its own way. */
export type ReasonValue =
  | string
  | number
  /** A rating id ("requires_improvement"): its name. */
  | { rating: string }
  /** A date as the register gives it: "2025-01-07", "2025-01" or "2025". */
  | { date: string }
  /** A service's, region's or nation's English name: a language may have its own. */
  | { name: string }
  /** A standard as claims name it ("Assessment (court disposals)"). */
  | { standard: string }
  /** Whom recommendations are for (an addressee id, "management_board"). */
  | { addressee: string }
  /** Values joined as a list. */
  | { list: ReasonValue[]; join: ListJoin }
  | Reason;

export type ListJoin = 'or' | 'and' | 'comma' | 'semicolon';

export interface Reason {
  code: ReasonCode;
  params?: Record<string, ReasonValue>;
}

/**
 * The English of every reason, `{{value}}` where a value goes. A code with a `_one` form takes it
 * when its `count` is 1. The public page's English locale file holds the same texts (a unit test
 * makes the page's English of every code equal to this).
 */
export const REASON_EN = {
  checkedAgainst: 'Checked against {{ref}}: {{why}}.',
  whyAbout: "the inspection of {{service}} the text's claims fit best (the text gives no date of its own; {{when}})",
  whyLatest: 'the latest inspection of {{service}} published by {{asAt}} ({{when}})',
  whyLatestPossibly:
    'the latest inspection of {{service}} published by {{asAt}} ({{when}}, possibly published by then)',
  whyEarlier: 'the earlier inspection of {{service}} the sentence is about ({{when}})',
  whenNotHeld: 'publication date not held',
  whenDay: 'published {{date}}',
  whenMonth: 'published {{date}} (known to the month only)',
  whenYear: 'published {{date}} (known to the year only)',
  whenRange: 'published between {{from}} and {{to}} (known only between these dates)',
  earlierMissing: 'The sentence is about an earlier inspection of {{service}}; the register holds none it could be.',
  earlierMissingYear:
    'The sentence is about an earlier inspection of {{service}} ({{year}}); the register holds none it could be.',
  noInspection: 'No inspection of {{service}} in the register published by {{asAt}}.',
  noService: 'No service identified: the text names no service the register can identify.',
  holdsForOtherUndated:
    '{{explanation}} But the claim holds for {{ref}} ({{when}}), and the text gives no date, so which ' +
    'inspection it means is not known.',
  holdsForOtherNoDate:
    '{{explanation}} But the claim holds for {{ref}} ({{when}}), and the register does not say when that was ' +
    'published, so which inspection it means is not known.',
  notShownAbout:
    '{{explanation}} The text gives no date, and none of its other claims shows it is about {{ref}}; it may be ' +
    'about an inspection the register does not hold.',
  serviceFound: '{{name}} is {{service}} in the register.',
  serviceUnknown: 'The register has no service called {{name}}.',
  figure: 'The register holds ratings, not figures like this; no inspection record supports it.',
  countNational: 'services rated {{rating}} nationally as at {{asAt}}',
  countRegion: 'services rated {{rating}} in {{scope}} as at {{asAt}}',
  countOthersNational: 'other services rated {{rating}} nationally as at {{asAt}}',
  countOthersRegion: 'other services rated {{rating}} in {{scope}} as at {{asAt}}',
  countBasis: 'counted from the latest inspection of each service ({{refs}})',
  range: '{{min}} to {{max}}',
  couldChange_one: ' {{count}} service could change this: {{items}}.',
  couldChange: ' {{count}} services could change this: {{items}}.',
  couldChangeMore_one: ' {{count}} service could change this: {{items}}; ….',
  couldChangeMore: ' {{count}} services could change this: {{items}}; ….',
  uncertainItem: '{{service}} ({{why}})',
  uncertainDateStraddles:
    'an inspection published around that date, known only to the month or year, or only between two dates',
  uncertainUndated: 'an inspection with no known publication date',
  uncertainNoRecord: 'no inspection in the register known to be published by then',
  aggregateNoServicesNational: 'The register holds no services, so it cannot count {{what}}.',
  aggregateNoServicesRegion: 'The register holds no services in {{scope}}, so it cannot count {{what}}.',
  aggregateUndated:
    'The register has {{range}} {{what}}, not {{claimed}}; {{basis}}. The text gives no date, and such a count ' +
    'changes as inspections are published, so it may have held when the text was written.',
  aggregateContradicted: 'The register has {{range}} {{what}}, not {{claimed}}; {{basis}}.{{unknowns}}',
  aggregateSupported: 'The register has {{range}} {{what}}, {{basis}}.',
  aggregateConsistent: 'Consistent with the register, not confirmed: it has {{range}} {{what}}; {{basis}}.{{unknowns}}',
  publicationBeforeFieldwork: 'The text dates publication {{date}}, before the fieldwork it gives ({{month}}).',
  publicationConsistent: "Consistent with the register's {{when}}.",
  registerHasWhen: 'The register has {{when}}.',
  publicationSupported: 'Published {{date}}.',
  publicationRegisterHas: 'The register has publication on {{date}}.',
  nthContradicted:
    'The register certainly holds {{n}} {{rating}} ratings published after {{since}} up to {{until}}: {{refs}}.',
  nthConsistent:
    'Consistent with the register, not confirmed: it holds {{range}} {{rating}} ratings published from ' +
    '{{since}} to {{until}} ({{refs}}), and may not hold every inspection.',
  nthUnverifiable:
    'The register holds {{n}} {{rating}} ratings published from {{since}} to {{until}}, fewer than the text ' +
    'implies; it may not hold every inspection.',
  none: 'none',
  overallNotHeld: 'The register holds no overall rating for it.',
  overallSupported: 'Overall rating {{rating}}.',
  registerHasRating: 'The register has {{rating}}.',
  scoreNotHeld: 'The register holds no score for it.',
  scoreSupported: 'Score {{score}}/{{max}}.',
  scoreRegisterHas: 'The register has {{score}}/{{max}}.',
  score: '{{score}}/{{max}}',
  standardNotHeld: 'The register does not hold the {{standard}} rating.',
  standardSupported: '{{standard}}: {{rating}}.',
  standardSplit:
    'The register rates {{standard}} in court and out-of-court work differently ({{ratings}}); the text does ' +
    'not say which it means.',
  standardRegisterHas: 'The register has {{standard}} {{ratings}}.',
  standardsWhat: '{{ratings}} in {{n}} of {{of}}',
  standardsCannot: 'The register holds {{held}} standard ratings for it, so "{{what}}" cannot be checked.',
  standardsSupported: 'The register has {{what}}.',
  standardsRegisterHas: 'The register has {{n}} of {{of}} rated {{ratings}}.',
  standardsConsistent:
    'Consistent with the register, not confirmed: it holds {{held}} of {{of}} standard ratings, {{n}} of them ' +
    '{{ratings}}.',
  standardsContradicted:
    'The register holds {{held}} of {{of}} standard ratings, {{n}} of them {{ratings}}: {{range}} in all, not ' +
    '{{claimed}}.',
  resettlementNotRated: 'Resettlement was not rated.',
  resettlementNotHeld: 'The register does not hold a resettlement rating.',
  resettlementSupported: 'Resettlement: {{rating}}.',
  resettlementRegisterHas: 'The register has resettlement {{rating}}.',
  recommendationsNotHeld: 'The register does not hold the number of recommendations.',
  recommendationsSupported: '{{n}} recommendations.',
  recommendationsRegisterHas: 'The register has {{n}} recommendations.',
  addresseesPartial: "The register holds {{held}} of the {{stated}} recommendations' addressees.",
  addresseesNotHeld: "The register does not hold the recommendations' addressees.",
  addresseeSupported: '{{n}} for the {{addressee}}.',
  addresseeRegisterHas: 'The register has {{n}} for the {{addressee}}.',
  fieldworkNotHeld: 'The register does not hold the fieldwork dates.',
  fieldworkSupported: 'Fieldwork began {{date}}.',
  fieldworkRegisterHas: 'The register has fieldwork from {{date}}.',
  fieldworkNextMonth:
    'The register has fieldwork from {{date}}, a month from the text’s: sources name the month of a fieldwork loosely.',
  chiefNotHeld: 'The register does not name the Chief Inspector for it.',
  chiefSupported: 'Chief Inspector: {{name}}.',
  chiefRegisterHas: 'The register names {{name}}.',
  notChecked: 'Not checked.',
} as const;

/** Every reason code (a `_one` form is a form of its code, not a code). */
export type ReasonCode = Exclude<keyof typeof REASON_EN, `${string}_one`>;
export const REASON_CODES = (Object.keys(REASON_EN) as (keyof typeof REASON_EN)[]).filter(
  (k): k is ReasonCode => !k.endsWith('_one'),
);

export const reason = (code: ReasonCode, params?: Record<string, ReasonValue>): Reason =>
  params ? { code, params } : { code };
export const isReason = (v: ReasonValue): v is Reason => typeof v === 'object' && 'code' in v;

/** How a language shows a reason: its sentences and its way with each kind of value. */
export interface ReasonLanguage {
  /** The sentence of a code with its values filled in (already made text). */
  sentence(code: ReasonCode, values: Record<string, string>, count?: number): string;
  rating(id: string): string;
  date(iso: string): string;
  name(english: string): string;
  standard(name: string): string;
  addressee(id: string): string;
  join(items: string[], how: ListJoin): string;
}

/** A reason, or one of its values, as text in a language. */
export function renderReason(v: ReasonValue, lang: ReasonLanguage): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if ('code' in v) {
    const values: Record<string, string> = {};
    for (const [k, x] of Object.entries(v.params ?? {})) values[k] = renderReason(x, lang);
    const count = v.params?.count;
    return lang.sentence(v.code, values, typeof count === 'number' ? count : undefined);
  }
  if ('rating' in v) return lang.rating(v.rating);
  if ('date' in v) return lang.date(v.date);
  if ('name' in v) return lang.name(v.name);
  if ('standard' in v) return lang.standard(v.standard);
  if ('addressee' in v) return lang.addressee(v.addressee);
  return lang.join(
    v.list.map((x) => renderReason(x, lang)),
    v.join,
  );
}

const RATING_EN: Record<string, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};
const JOIN_EN: Record<ListJoin, string> = { or: ' or ', and: ' and ', comma: ', ', semicolon: '; ' };
const FILL = /{{(\w+)}}/g;

/** Fills a template's `{{value}}`s (one pass, linear in the template). */
export const fill = (template: string, values: Record<string, string>) =>
  template.replace(FILL, (_, k: string) => values[k] ?? '');

/** The checker's own English, as the API, the CLI and the tests read it. */
export const ENGLISH: ReasonLanguage = {
  sentence: (code, values, count) => {
    const one = count === 1 ? (REASON_EN as Record<string, string>)[`${code}_one`] : undefined;
    return fill(one ?? REASON_EN[code], values);
  },
  rating: (id) => RATING_EN[id] ?? id,
  date: (iso) => iso,
  name: (english) => english,
  standard: (name) => name,
  addressee: (id) => id.replace(/_/g, ' '),
  join: (items, how) => items.join(JOIN_EN[how]),
};

export const reasonText = (v: ReasonValue) => renderReason(v, ENGLISH);
