import { extractClaims } from './claims.ts';
import { labelOf, type Framework } from './framework.ts';
import { ADDRESSEE_LABELS, type Addressee } from './inspection-record.ts';

/** What the draft press release is built from: the structured record, nothing typed twice. */
export interface ReleaseSource {
  serviceName: string;
  framework: Framework;
  overall: string | null;
  score: number | null;
  scoreMax: number | null;
  chiefInspector: string | null;
  quote: string | null;
  findings: { kind: 'strength' | 'improvement'; text: string }[];
  recommendations: { addressee: Addressee; addresseeName: string | null }[];
  publicationDate: string | null;
  publicationTime: string | null;
  fieldworkStart: string | null;
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const word = (n: number) => WORDS[n] ?? String(n);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const longDate = (iso: string) => `${iso.slice(8, 10)} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const monthYear = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/**
 * A draft in the shape of HMIP's releases: headline with service and rating, lead paragraph,
 * the Chief Inspector's quote, strengths and concerns, recommendations by addressee, ENDS, and
 * numbered notes to editors filled from the framework and the record.
 */
export function draftPressRelease(s: ReleaseSource): { headline: string; body: string } {
  const rating = s.overall ? labelOf(s.framework, s.overall) : null;
  const headline = rating ? `‘${rating}’ rating for ${s.serviceName}` : `${s.serviceName}: inspection published`;
  const chief = s.chiefInspector ?? '[name of the Chief Inspector]';
  const parts: string[] = [];
  parts.push(
    rating
      ? `${s.serviceName} has received an overall rating of ‘${rating}’ ` +
          'following an inspection by His Majesty’s Inspectorate of Probation.'
      : `His Majesty’s Inspectorate of Probation has published its inspection of ${s.serviceName}.`,
  );
  const quote = s.quote?.trim() || '[Quote to be agreed with the Chief Inspector]';
  parts.push(`Chief Inspector of Probation, ${chief}, said: “${quote}”`);
  const strengths = s.findings.filter((f) => f.kind === 'strength');
  const concerns = s.findings.filter((f) => f.kind === 'improvement');
  if (strengths.length) parts.push(`Inspectors found:\n${strengths.map((f) => `  • ${f.text}`).join('\n')}`);
  if (concerns.length)
    parts.push(`However, inspectors also found:\n${concerns.map((f) => `  • ${f.text}`).join('\n')}`);
  const groups = new Map<string, number>();
  for (const r of s.recommendations) {
    const who = r.addresseeName ?? ADDRESSEE_LABELS[r.addressee];
    groups.set(who, (groups.get(who) ?? 0) + 1);
  }
  if (s.recommendations.length) {
    const each = [...groups].map(([who, n]) => `${word(n)} recommendation${n === 1 ? ' is' : 's are'} made for ${who}`);
    const count = s.recommendations.length;
    parts.push(`The report makes ${word(count)} recommendation${count === 1 ? '' : 's'}. ${cap(each.join('; '))}.`);
  }
  if (s.score !== null && s.scoreMax !== null)
    parts.push(`${s.serviceName} scored ${s.score}/${s.scoreMax} in the inspection.`);
  parts.push('ENDS');
  const domains = s.framework.domains.map((d) => d.name.toLowerCase());
  const scale = s.framework.ratingScale
    .map((r) => `‘${r.label}’`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' and $1');
  const notes = [
    `This service works with ${s.framework.ageRange ?? 'children'}.`,
    `The Inspectorate uses a ${word(s.framework.ratingScale.length)}-point scale: ${scale}, ` +
      `rating specific aspects of each service${s.framework.scoring ? ' and giving an overall rating' : ''}.`,
    `The inspection looked at ${domains.join(', ').replace(/, ([^,]*)$/, ' and $1')}.`,
    s.publicationDate
      ? `The report is available on the HM Inspectorate of Probation website on ${longDate(s.publicationDate)} ` +
        `at ${(s.publicationTime ?? '00:01').replace(':', '.')}.`
      : 'The report will be available on the HM Inspectorate of Probation website on [publication date] at 00.01.',
    'HM Inspectorate of Probation is the independent inspector of youth justice and probation services ' +
      'across England and Wales.',
    s.fieldworkStart
      ? `Fieldwork for this inspection took place in ${monthYear(s.fieldworkStart)}.`
      : 'Fieldwork dates: [to be confirmed].',
  ];
  parts.push(`Notes to editors\n${notes.map((n, i) => `  ${i + 1}. ${n}`).join('\n')}`);
  return { headline, body: parts.join('\n\n') };
}

const SAID_AFTER = /^,?\s{0,3}(?:(?:CBE|OBE|MBE|KC|QC|DBE|KBE|CB),?\s{0,3})?(?:said|says|added|commented)\b/i;
const SAID_BEFORE = /\b(?:said|says|added|commented)\s{1,3}$/i;

/**
 * The Chief Inspector the release quotes: the name in the attribution of a quote ("Chief Inspector
 * of Probation, Martin Jones, said:", "… said Martin Jones, Chief Inspector of Probation"), read by
 * the claims checker's own rule for naming the Chief Inspector. Null when the release names no
 * one there (a placeholder is no name), so a release never blanks a name the record has.
 */
export function quoteAttribution(text: string): string | null {
  for (const c of extractClaims(text)) {
    if (c.kind !== 'chief_inspector') continue;
    if (
      SAID_AFTER.test(text.slice(c.end, c.end + 40)) ||
      SAID_BEFORE.test(text.slice(Math.max(0, c.start - 20), c.start))
    )
      return c.name;
  }
  return null;
}
