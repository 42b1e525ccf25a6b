import type { Addressee } from './inspection-record.ts';
import { countRatingRange, rangeText, UNCERTAINTY_TEXT, type ListedService } from './count-range.ts';
import type { RegisterEntry } from './register.ts';
import { addresseeOf, extractReleaseFacts, sentenceFinder, type Located } from './release-check.ts';

/**
 * The claims checker: finds checkable claims about inspections in English text and checks each
 * against the register as at a date. Rules-based and explainable: every claim carries the span
 * of text it came from, and every verdict the record it rests on or the reason it cannot be checked.
 */

export type Claim = Located &
  (
    | { kind: 'service'; name: string }
    | { kind: 'overall'; rating: string }
    | { kind: 'score'; total: number; max: number }
    | { kind: 'standard'; standard: string; rating: string }
    | { kind: 'resettlement'; rating: string }
    | { kind: 'recommendations'; count: number; addressee: Addressee | null }
    | { kind: 'publication'; date: string }
    | { kind: 'fieldwork'; month: string }
    | { kind: 'chief_inspector'; name: string }
    | { kind: 'aggregate'; count: number; rating: string; scope: string | null; others: boolean }
    | { kind: 'figure'; figure: string }
  );

const RATING = '(outstanding|good|requires improvement|inadequate)';
const Q = `[‘'"“]?`;
const QE = `[’'"”]?`;
const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};
const NUM = `(\\d+|${Object.keys(WORDS).join('|')})`;
const toNum = (s: string) => WORDS[s.toLowerCase()] ?? Number(s);
/** One to four capitalised words before the kind of service: "Bromley ", "Tower Hamlets ". */
const NAME_WORDS = `((?:[A-Z][A-Za-z&'’-]{0,40}\\s){1,4}?)`;
const SERVICE_KIND = '(Youth Justice Service|Youth Offending (?:Service|Team)|Youth Justice|YJS|YOS|YOT)';
/** Standard names as the press writes them: the same four as STANDARDS below. */
const STANDARD_NAMES = `(${[
  'governance and leadership',
  'leadership and governance',
  'staff',
  'partnerships? and services',
  'information and facilities',
].join('|')})`;
/** A place name of one to five words: "London", "Greater Manchester". */
const PLACE = '([A-Z][a-z]{1,30}(?: [A-Z][a-z]{1,30}){0,4})';
const rid = (s: string) => s.toLowerCase().replace(/ /g, '_');

/** Standard names as the press writes them, mapped to the register's names (2018/2021 standards). */
const STANDARDS: [RegExp, string][] = [
  [/governance and leadership|leadership and governance/i, 'Governance and leadership'],
  [/\bstaff(?:ing)?\b/i, 'Staff'],
  [/partnerships? and services/i, 'Partnerships and services'],
  [/information and facilities/i, 'Information and facilities'],
];

const at = (sentence: (start: number, end: number) => string, m: RegExpExecArray | RegExpMatchArray): Located => {
  const start = m.index!;
  return { start, end: start + m[0].length, sentence: sentence(start, start + m[0].length) };
};

/**
 * The text is anyone's (the checker is public), so every pattern takes time linear in it whatever it
 * holds: words and gaps have bounded lengths, no two quantifiers can share the same characters, and
 * a pattern with no literal start still does a bounded amount of work at each position. The
 * bookkeeping is linear too: a claim's sentence comes from sentence breaks found once, and spans
 * already claimed are marked in one array rather than compared with every earlier claim.
 */
export function extractClaims(text: string): Claim[] {
  const out: Claim[] = [];
  const sentence = sentenceFinder(text);
  const taken = new Uint8Array(text.length);
  const add = (c: Claim) => {
    out.push(c);
    taken.fill(1, c.start, c.end);
  };
  // Matches of one pattern do not overlap, so asking costs each character at most once per pattern.
  const overlaps = (s: number, e: number) => taken.subarray(s, e).includes(1);
  const all = (re: RegExp) => [
    ...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)),
  ];
  const named = new Set<string>();

  for (const m of all(new RegExp(`\\b${NAME_WORDS}${SERVICE_KIND}\\b`))) {
    // "‘Outstanding’ Bromley Youth Justice Service": the name starts after any quoted word.
    const name = m[1]!.replace(/^.*[’'"”]\s*/, '').trim();
    if (!name || /^(The|This|A|An|Each|Inspectorate|His|Her)$/i.test(name)) continue;
    // Each service is one claim, at its first mention.
    if (named.has(name)) continue;
    named.add(name);
    add({ kind: 'service', name, ...at(sentence, m) });
  }
  const facts = extractReleaseFacts(text, sentence);
  if (facts.publication)
    add({
      kind: 'publication',
      date: facts.publication.date,
      start: facts.publication.start,
      end: facts.publication.end,
      sentence: facts.publication.sentence,
    });
  if (facts.fieldwork)
    add({
      kind: 'fieldwork',
      month: facts.fieldwork.month,
      start: facts.fieldwork.start,
      end: facts.fieldwork.end,
      sentence: facts.fieldwork.sentence,
    });
  for (const m of all(new RegExp(`\\b(\\d{1,2})\\s*(?:\\/|out of(?: a possible)?(?: of)?)\\s*(36)\\b`, 'i')))
    add({ kind: 'score', total: Number(m[1]), max: Number(m[2]), ...at(sentence, m) });
  for (const m of all(
    new RegExp(
      [
        `overall rating of\\s+${Q}${RATING}${QE}`,
        `\\brated\\s+${Q}${RATING}${QE}\\s+overall`,
        `overall rating was\\s+${Q}${RATING}`,
      ].join('|'),
      'i',
    ),
  )) {
    add({ kind: 'overall', rating: rid(m[1] ?? m[2] ?? m[3]!), ...at(sentence, m) });
  }
  for (const m of all(
    new RegExp(
      [
        `(resettlement|reintegrating children into the community after custody)[^.]{0,60}?${Q}${RATING}${QE}`,
        `${Q}${RATING}${QE} recognition was also received for resettlement`,
      ].join('|'),
      'i',
    ),
  )) {
    add({ kind: 'resettlement', rating: rid(m[2] ?? m[3]!), ...at(sentence, m) });
  }
  for (const m of all(
    new RegExp(`${STANDARD_NAMES}\\s+(?:were|was)\\s+(?:also\\s+)?rated\\s+(?:as\\s+)?${Q}${RATING}${QE}`, 'i'),
  )) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    const std = STANDARDS.find(([re]) => re.test(m[1]!))![1];
    add({ kind: 'standard', standard: std, rating: rid(m[2]!), ...at(sentence, m) });
  }
  for (const r of facts.recommendations)
    add({
      kind: 'recommendations',
      count: r.count,
      addressee: r.addressee,
      start: r.start,
      end: r.end,
      sentence: r.sentence,
    });
  for (const m of all(new RegExp(`\\bmade\\s+${NUM}\\s+recommendations?\\s+(?:for|to)\\s+([^.;,–\\n]{1,200})`, 'i'))) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    add({ kind: 'recommendations', count: toNum(m[1]!), addressee: addresseeOf(m[2]!), ...at(sentence, m) });
  }
  // A name is two to five capitalised words of bounded length: the second form has no literal start,
  // so an unbounded name would be rescanned from every capital in a long run of capitalised words.
  const NAME = `((?:Dame |Sir )?[A-Z][a-z]{1,30}(?: [A-Z][a-z]{1,30}){1,4})`;
  const CHIEF = 'Chief Inspector of Probation';
  for (const m of all(new RegExp(`${CHIEF},?\\s+${NAME}|${NAME},\\s+${CHIEF}`))) {
    add({ kind: 'chief_inspector', name: (m[1] ?? m[2])!.trim(), ...at(sentence, m) });
  }
  // Aggregates: "only 4 other councils in London recognised as outstanding",
  // "Nationally, there are 17 Youth Justice services that have achieved an outstanding rating",
  // "one of 17 Outstanding nationally, 5 in London".
  for (const m of all(
    new RegExp(
      [
        `\\b${NUM}\\s+(other\\s+)?(?:councils|youth justice services|services|local authorities|YJSs)`,
        `\\s+in\\s+${PLACE}\\s+(?:recognised|rated|judged)\\s+(?:as\\s+)?${Q}${RATING}`,
      ].join(''),
      'gi',
    ),
  )) {
    add({
      kind: 'aggregate',
      count: toNum(m[1]!),
      others: !!m[2],
      scope: m[3]!,
      rating: rid(m[4]!),
      ...at(sentence, m),
    });
  }
  for (const m of all(
    new RegExp(
      [
        `(nationally,?\\s+)?there are\\s+${NUM}\\s+(?:youth justice services|services|councils|YJSs)`,
        `\\s+that have (?:achieved|received|been awarded)\\s+an?\\s+${Q}${RATING}${QE}\\s+rating`,
      ].join(''),
      'gi',
    ),
  )) {
    add({ kind: 'aggregate', count: toNum(m[2]!), others: false, scope: null, rating: rid(m[3]!), ...at(sentence, m) });
  }
  for (const m of all(
    new RegExp(
      [
        `one of\\s+${NUM}\\s+${Q}${RATING}${QE}\\s+(?:services\\s+)?nationally`,
        `(?:,\\s*${NUM}\\s+in\\s+([A-Z][a-z]{1,30}))?`,
      ].join(''),
      'gi',
    ),
  )) {
    add({ kind: 'aggregate', count: toNum(m[1]!), others: false, scope: null, rating: rid(m[2]!), ...at(sentence, m) });
    if (m[3])
      add({
        kind: 'aggregate',
        count: toNum(m[3]),
        others: false,
        scope: m[4]!,
        rating: rid(m[2]!),
        ...at(sentence, m),
      });
  }
  // Figures the register does not hold (reoffending rates, caseloads): found so they can be flagged.
  for (const m of all(/\b\d+(?:\.\d+)?\s*(?:per cent|%)|\b\d{2,}\s+children in care\b/gi)) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    add({ kind: 'figure', figure: m[0], ...at(sentence, m) });
  }
  return out.sort((a, b) => a.start - b.start);
}

// ---- checking ------------------------------------------------------------------------------

/** A public inspection as the checker needs it: the register's entry plus the facts claims are about. */
export interface ClaimsInspection extends Omit<RegisterEntry, 'inspectionId'> {
  ref: string;
  fieldworkStart: string | null;
  score: number | null;
  scoreMax: number | null;
  /** Standard name → rating, for the standards the register holds. */
  standards: Record<string, string | null>;
  resettlement: string | null | undefined;
  recommendations: Partial<Record<Addressee, number>>;
  recommendationsHeld: number;
  recommendationsStated: number | null;
  chiefInspector: string | null;
}

export interface ClaimsService {
  id: string;
  slug: string;
  name: string;
  formerNames: string[];
  areas: string[];
}

export interface Verdict {
  claim: Claim;
  /**
   * `consistent`: the register cannot decide the claim (a count whose range includes the claimed
   * figure) — not contradicted, and not confirmed either; the explanation names what is unknown.
   * `contradicted` is used only when the register is certain the claim is wrong.
   */
  verdict: 'supported' | 'consistent' | 'contradicted' | 'unverifiable';
  explanation: string;
  record: string | null;
  correct?: string;
}

const LABEL: Record<string, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/\b(the|london borough of|borough of|city of)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const SUFFIX = /\b(YJS|YOS|YOT|Youth Justice Service|Youth Offending (Service|Team))\b/gi;

/**
 * Finds services by name, former name or (when a service covers one area) area. The names are
 * normalised once, so a text naming thousands of services costs one lookup per name.
 */
function serviceResolver(services: ClaimsService[]): (name: string) => ClaimsService | null {
  const byName = new Map<string, Set<ClaimsService>>();
  const put = (key: string, s: ClaimsService) => byName.set(key, (byName.get(key) ?? new Set()).add(s));
  for (const s of services) {
    for (const x of [s.name, ...s.formerNames]) put(norm(x.replace(SUFFIX, '')), s);
    if (s.areas.length === 1) put(norm(s.areas[0]!), s);
  }
  return (name) => {
    const hits = byName.get(norm(name.replace(SUFFIX, '')));
    return hits?.size === 1 ? [...hits][0]! : null;
  };
}

export function resolveService(name: string, services: ClaimsService[]): ClaimsService | null {
  return serviceResolver(services)(name);
}

/**
 * The inspection a text is about when it gives no date of its own: the latest inspection, known to
 * the day, of the first service the text names. A press release without a date is about that
 * inspection, so its counts are checked as at its publication, not as at today.
 */
export function inspectionAbout(
  claims: Claim[],
  services: ClaimsService[],
  inspections: ClaimsInspection[],
): { ref: string; date: string } | null {
  const resolve = serviceResolver(services);
  for (const c of claims) {
    if (c.kind !== 'service') continue;
    const s = resolve(c.name);
    if (!s) continue;
    const dated = inspections
      .filter((i) => i.serviceId === s.id && i.publication?.precision === 'day')
      .sort((a, b) => a.publication!.earliest.localeCompare(b.publication!.earliest));
    const last = dated.at(-1);
    return last ? { ref: last.ref, date: last.publication!.earliest } : null;
  }
  return null;
}

export function checkClaims(
  claims: Claim[],
  services: ClaimsService[],
  inspections: ClaimsInspection[],
  asAt: string,
  options: { directory?: readonly ListedService[] } = {},
): Verdict[] {
  const resolve = serviceResolver(services);
  const subjectClaim = claims.find((c): c is Claim & { kind: 'service' } => c.kind === 'service' && !!resolve(c.name));
  const subject = subjectClaim ? resolve(subjectClaim.name) : null;
  // The inspection the text is about: the subject's latest as at the date, or the one published on the date it gives.
  const mine = subject
    ? inspections
        .filter((i) => i.serviceId === subject.id && i.publication && i.publication.latest <= asAt)
        .sort((a, b) => a.publication!.latest.localeCompare(b.publication!.latest))
    : [];
  const target = mine.at(-1) ?? null;
  // How many services had a rating (in a region): the same few questions are asked by every aggregate claim.
  const entries = inspections.map((i) => ({ ...i, inspectionId: i.ref }));
  const ranges = new Map<string, ReturnType<typeof countRatingRange<(typeof entries)[number]>>>();
  const rangeOf = (rating: string, scope: string | null) => {
    const key = `${rating}|${scope?.toLowerCase() ?? ''}`;
    if (!ranges.has(key))
      ranges.set(key, countRatingRange(entries, asAt, rating, { region: scope, directory: options.directory }));
    return ranges.get(key)!;
  };
  const fieldworkClaim = claims.find((c): c is Claim & { kind: 'fieldwork' } => c.kind === 'fieldwork');

  return claims.map((claim): Verdict => {
    const v = (
      verdict: Verdict['verdict'],
      explanation: string,
      record: string | null = target?.ref ?? null,
      correct?: string,
    ): Verdict => ({ claim, verdict, explanation, record, ...(correct ? { correct } : {}) });
    const noTarget = () =>
      v(
        'unverifiable',
        subject
          ? `The register holds no inspection of ${subject.name} published by ${asAt}.`
          : 'The text names no service the register can identify.',
        null,
      );
    switch (claim.kind) {
      case 'service': {
        const s = resolve(claim.name);
        return s
          ? v('supported', `${claim.name} is ${s.name} in the register.`, null)
          : v('unverifiable', `The register has no service called ${claim.name}.`, null);
      }
      case 'figure':
        return v(
          'unverifiable',
          'The register holds ratings, not figures like this; no inspection record supports it.',
          null,
        );
      case 'aggregate': {
        const range = rangeOf(claim.rating, claim.scope);
        // "N other services": the subject is left out when it is certainly one of them.
        const less = claim.others && subject && range.certain.some((e) => e.serviceId === subject.id) ? 1 : 0;
        const lessMaybe = claim.others && subject && range.couldChange.some((u) => u.serviceId === subject.id) ? 1 : 0;
        const min = range.min - less;
        const max = range.max - less - lessMaybe;
        const scope = claim.scope ? ` in ${claim.scope}` : ' nationally';
        const what = `${claim.others ? 'other ' : ''}services rated ${LABEL[claim.rating]}${scope} as at ${asAt}`;
        const basis = `counted from the latest inspection of each service (${range.certain
          .map((e) => e.ref)
          .slice(0, 30)
          .join(', ')})`;
        const open = range.couldChange.filter((u) => !(claim.others && subject && u.serviceId === subject.id));
        const unknowns = open.length
          ? ` ${open.length} ${open.length === 1 ? 'service' : 'services'} could change this: ${open
              .slice(0, 30)
              .map((u) => `${u.serviceName} (${UNCERTAINTY_TEXT[u.reason]})`)
              .join('; ')}${open.length > 30 ? '; …' : ''}.`
          : '';
        const count = rangeText({ min, max });
        if (claim.count < min || claim.count > max)
          return v(
            'contradicted',
            `The register has ${count} ${what}, not ${claim.count}; ${basis}.${unknowns}`,
            null,
            count,
          );
        if (min === max) return v('supported', `The register has ${count} ${what}, ${basis}.`, null);
        return v(
          'consistent',
          `Consistent with the register, not confirmed: it has ${count} ${what}; ${basis}.${unknowns}`,
          null,
        );
      }
      case 'publication': {
        if (fieldworkClaim && claim.date.slice(0, 7) < fieldworkClaim.month)
          return v(
            'contradicted',
            `The text dates publication ${claim.date}, before the fieldwork it gives (${fieldworkClaim.month}).`,
            target?.ref ?? null,
            target?.publication?.precision === 'day' ? target.publication.earliest : undefined,
          );
        if (!target?.publication) return noTarget();
        if (target.publication.precision !== 'day')
          return claim.date >= target.publication.earliest && claim.date <= target.publication.latest
            ? v(
                'supported',
                `Consistent with the register's ${target.publication.earliest.slice(0, 7)} (known to the month only).`,
              )
            : v(
                'contradicted',
                `The register has ${target.publication.earliest.slice(0, 7)}.`,
                target.ref,
                target.publication.earliest.slice(0, 7),
              );
        return claim.date === target.publication.earliest
          ? v('supported', `Published ${claim.date}.`)
          : v(
              'contradicted',
              `The register has publication on ${target.publication.earliest}.`,
              target.ref,
              target.publication.earliest,
            );
      }
      default:
        break;
    }
    if (!target) return noTarget();
    switch (claim.kind) {
      case 'overall':
        return !target.overall
          ? v('unverifiable', 'The register holds no overall rating for it.')
          : target.overall === claim.rating
            ? v('supported', `Overall rating ${LABEL[claim.rating]}.`)
            : v(
                'contradicted',
                `The register has ${LABEL[target.overall] ?? target.overall}.`,
                target.ref,
                LABEL[target.overall] ?? target.overall,
              );
      case 'score':
        return target.score === null
          ? v('unverifiable', 'The register holds no score for it.')
          : target.score === claim.total
            ? v('supported', `Score ${target.score}/${target.scoreMax}.`)
            : v(
                'contradicted',
                `The register has ${target.score}/${target.scoreMax}.`,
                target.ref,
                `${target.score}/${target.scoreMax}`,
              );
      case 'standard': {
        const r = target.standards[claim.standard];
        return !r
          ? v('unverifiable', `The register does not hold the ${claim.standard} rating.`)
          : r === claim.rating
            ? v('supported', `${claim.standard}: ${LABEL[r]}.`)
            : v('contradicted', `The register has ${claim.standard} ${LABEL[r] ?? r}.`, target.ref, LABEL[r] ?? r);
      }
      case 'resettlement':
        return !target.resettlement
          ? v(
              'unverifiable',
              target.resettlement === null
                ? 'Resettlement was not rated.'
                : 'The register does not hold a resettlement rating.',
            )
          : target.resettlement === claim.rating
            ? v('supported', `Resettlement: ${LABEL[claim.rating]}.`)
            : v(
                'contradicted',
                `The register has resettlement ${LABEL[target.resettlement]}.`,
                target.ref,
                LABEL[target.resettlement],
              );
      case 'recommendations': {
        if (!claim.addressee) {
          const total = target.recommendationsStated ?? (target.recommendationsHeld || null);
          return total === null
            ? v('unverifiable', 'The register does not hold the number of recommendations.')
            : total === claim.count
              ? v('supported', `${total} recommendations.`)
              : v('contradicted', `The register has ${total} recommendations.`, target.ref, String(total));
        }
        if ((target.recommendationsStated ?? 0) > target.recommendationsHeld)
          return v(
            'unverifiable',
            `The register holds ${target.recommendationsHeld} of the ${target.recommendationsStated} ` +
              "recommendations' addressees.",
          );
        const n = target.recommendations[claim.addressee] ?? 0;
        return n === claim.count
          ? v('supported', `${n} for the ${claim.addressee.replace(/_/g, ' ')}.`)
          : v(
              'contradicted',
              `The register has ${n} for the ${claim.addressee.replace(/_/g, ' ')}.`,
              target.ref,
              String(n),
            );
      }
      case 'fieldwork':
        return !target.fieldworkStart
          ? v('unverifiable', 'The register does not hold the fieldwork dates.')
          : target.fieldworkStart.slice(0, 7) === claim.month
            ? v('supported', `Fieldwork began ${target.fieldworkStart}.`)
            : v(
                'contradicted',
                `The register has fieldwork from ${target.fieldworkStart}.`,
                target.ref,
                target.fieldworkStart.slice(0, 7),
              );
      case 'chief_inspector':
        return !target.chiefInspector
          ? v('unverifiable', 'The register does not name the Chief Inspector for it.')
          : norm(target.chiefInspector) === norm(claim.name)
            ? v('supported', `Chief Inspector: ${target.chiefInspector}.`)
            : v('contradicted', `The register names ${target.chiefInspector}.`, target.ref, target.chiefInspector);
      default:
        return v('unverifiable', 'Not checked.');
    }
  });
}
