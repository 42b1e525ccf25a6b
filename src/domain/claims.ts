import type { Addressee } from './inspection-record.ts';
import { countRatingRange, type ListedService, type UncertaintyReason } from './count-range.ts';
import type { RegisterEntry } from './register.ts';
import { MONTHS } from './partial-date.ts';
import { reason, reasonText, type Reason, type ReasonCode, type ReasonValue } from './claims-reason.ts';
import { addresseeOf, asProse, extractReleaseFacts, sentenceIndex, type Located } from './release-check.ts';

/**
 * The claims checker: finds checkable claims about inspections in English text and checks each
 * against the register as at a date. Rules-based and explainable: every claim carries the span
 * of text it came from, and every verdict the record it rests on or the reason it cannot be checked.
 */

export type Claim = Located & {
  /**
   * Set when the sentence places the claim at an earlier inspection than the one the text is about
   * ("This follows an inspection in 2019, when the service was rated Inadequate"): the year it
   * names, or null when it names none. Such a claim is checked against that inspection, not the latest.
   */
  earlier?: number | null;
} & (
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
    /** "Good or outstanding in 10 of 12 areas": how many of the inspection's standards had these ratings. */
    | { kind: 'standards_count'; count: number; of: number; ratings: string[] }
    /** "The first Inadequate rating given since July 2020": the place of this rating among those since a date. */
    | { kind: 'nth_since'; nth: number; rating: string; since: string }
    | { kind: 'figure'; figure: string }
  );

/** The four ratings in the forms prose gives them ("requires improvement", "requiring improvement", …). */
const RATING =
  '(outstanding|good|requires improvement|requiring improvement|require improvement|required improvement|inadequate)';
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
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};
const NUM = `(\\d+|${Object.keys(WORDS).join('|')})`;
const toNum = (s: string) => WORDS[s.toLowerCase()] ?? Number(s);
const MONTH_NAMES = MONTHS.join('|');
/** A place name of one to five words: "London", "Greater Manchester". */
const PLACE = '([A-Z][a-z]{1,30}(?: [A-Z][a-z]{1,30}){0,4})';
const rid = (s: string) => {
  const r = s.toLowerCase().replace(/\s+/g, ' ');
  return r.endsWith('improvement') ? 'requires_improvement' : r;
};
const pad = (n: number) => String(n).padStart(2, '0');
const monthNo = (m: string) => MONTHS.indexOf(m.toLowerCase()) + 1;

/**
 * The kinds of service, in any letter case: "Youth Justice Service", "youth offending team",
 * "Youth and Justice Service", "Youth Justice and Prevention Service", "YJS". A word of the name
 * before the kind must start with a capital (the kind need not), so "the youth justice system" names nothing.
 */
const SERVICE_KIND =
  '\\b(?:youth (?:and )?justice(?: and (?:prevention|early intervention))?(?: (?:service|team|partnership)s?)?' +
  '|youth offending (?:service|team)s?|yjs|yos|yot|yjt|yjps' +
  // "Leicester City Children & Young People’s Justice Service (CYPJS)", "Darlington Young People’s Engagement
  // and Justice Service": the young people's justice service, with one more word of what it does.
  "|(?:child(?:ren)?(?:['’]s)? (?:and|&) )?young people['’]s (?:[a-z]{3,20} (?:and|&) )?justice service|cypjs)\\b";
/** Words that start a capitalised run but are not a place: "The", "His Majesty's Inspectorate of Probation". */
const NOT_A_PLACE = new Set(
  [
    'the',
    'this',
    'that',
    'a',
    'an',
    'each',
    'every',
    'his',
    'her',
    'our',
    'their',
    'its',
    'inspectorate',
    'inspectorates',
    'probation',
    'hm',
    'hmip',
    'majesty',
    'welsh',
    'english',
    'national',
    'local',
    'government',
    'council',
    'england',
    'wales',
    'outgoing',
    'interim',
    'more',
    'most',
    'many',
    'some',
    'all',
    'as',
    'no',
    'other',
    'these',
    'those',
    'both',
    'several',
    'joint',
    'full',
    'inspection',
    'inspections',
    'report',
    'annual',
    'youth',
    'children',
    'chief',
    'inspector',
    // "the Manager of Gwynedd and Anglesey YJS", "Head of Bromley YOS": a role, then the place.
    'manager',
    'head',
    'director',
    'chair',
    'officer',
    'board',
    // "Ofsted and the Isle of Wight YOT": an inspectorate or a police or health body is not a place.
    'ofsted',
    'cqc',
    'hmicfrs',
    'estyn',
    'police',
    'constabulary',
    'nhs',
    // "“My YOS worker”": a pronoun or possessive determiner is not a place.
    'my',
    'your',
    'we',
    'i',
    'you',
    // "Inadequate youth justice service 'neglected' children": a rating in a headline is not a place.
    'outstanding',
    'good',
    'inadequate',
    // "a routine inspection in June of Surrey Youth Offending Service": a month is not a place.
    ...MONTHS,
  ].map((w) => w.toLowerCase()),
);
/** A capitalised name of one to five words opening a clause, as the subject of "was", "is" or "has been". */
const PLACE_SUBJECT = new RegExp(
  "(?:^|[,;:(]\\s{0,3}|\\.\\s{1,3})(\\p{Lu}[\\p{L}’'-]{1,30}" +
    "(?:\\s(?:and\\s|&\\s|of\\s|upon\\s)?\\p{Lu}[\\p{L}’'-]{1,30}){0,4})" +
    '\\s+(?:was|is|has\\s+been|had\\s+been)\\s+(?:overall\\s+)?$',
  'u',
);
/** Small words a place name holds between capitalised words: "Hammersmith and Fulham", "Kingston upon Thames". */
const CONNECTORS = new Set(['and', 'of', 'upon', 'on', 'the', 'under', '&']);
// Letters of any alphabet: Welsh names carry accents ("Ynys Môn").
const CAPITALISED = /^\p{Lu}[\p{L}.'’-]{0,40}$/u;
const POSSESSIVE = /[’']s?$/;
/** A word that ends a sentence: its stop, perhaps inside a closing quote or bracket ("‘Good’.", "(2019)."). */
const SENTENCE_END = /[.!?;:][’”"')]{0,3}$/;
const ABBREVIATION = /^(?:St|Mt|Ft)\.$/;

/**
 * The place before a kind of service: up to six words back, within the line, each capitalised or a
 * connector between capitalised words; a possessive ("Bromley's", "Surrey YOS'") ends the name.
 * Bounded work per match, so the scan is linear in the text.
 */
function placeBefore(text: string, at: number): { name: string; start: number } | null {
  const from = Math.max(0, at - 90);
  const window = text.slice(from, at);
  const line = window.lastIndexOf('\n');
  const part = window.slice(line + 1);
  if (!/ $/.test(part)) return null;
  const words = part.slice(0, -1).split(' ');
  const taken: string[] = [];
  for (let i = words.length - 1; i >= 0 && taken.length < 6; i--) {
    let w = words[i]!;
    // "‘Impressive’ youth justice services": a quoted word is not a name.
    if (/^[‘“"'].*[’”"']$/.test(w)) break;
    if (taken.length === 0) {
      // "Camden Council’s youth offending service": the council's place names the service.
      if (/^Council[’']s?$/.test(w) && i > 0) {
        // "Salford City Council’s", "Carmarthenshire County Council’s": the kind of council is not the place.
        if (/^(?:City|County|Borough|District)$/.test(words[i - 1]!) && i > 1 && CAPITALISED.test(words[i - 2]!)) i--;
        continue;
      }
      w = w.replace(POSSESSIVE, '');
    }
    // A word that ends a sentence is not part of the name after it: "rated ‘Good’. Hertfordshire YOT"
    // names Hertfordshire ("St." is a place's abbreviation, not an ending).
    if (SENTENCE_END.test(w) && !ABBREVIATION.test(w)) break;
    // An opening quote or bracket starts the name: "“County Durham Youth Justice Service has…".
    const opened = /^[‘“"'(]/.test(w);
    if (opened) w = w.slice(1);
    // "‘Impressive’ Surrey YOS": a quoted word is not part of the name.
    if (taken.length > 0 && /[’”"']$/.test(w)) break;
    if (CAPITALISED.test(w)) {
      // "Picture: Steve RidingLeeds Youth Justice Service": a caption run into the name without a space;
      // the name is the part after the last small letter followed by a capital ("McDonald" is one word).
      const runIn = /^(.*\p{Ll})(\p{Lu}[\p{L}'’-]*)$/u.exec(w);
      if (runIn && !/^(?:Mc|Mac|O['’])$/u.test(runIn[1]!)) {
        taken.unshift(runIn[2]!);
        break;
      }
      taken.unshift(w);
      if (opened) break;
      continue;
    }
    if (
      !opened &&
      CONNECTORS.has(w.toLowerCase()) &&
      taken.length > 0 &&
      i > 0 &&
      CAPITALISED.test(words[i - 1]!.replace(/^[‘“"'(]/, ''))
    ) {
      taken.unshift(w);
      continue;
    }
    // "Cornwall and the Isles of Scilly": "and the" before a place named "the … of …" joins two places in one
    // name (kept whole below); "Leeds and the Bradford YOT" is not read this way.
    if (
      !opened &&
      w === 'the' &&
      i > 1 &&
      /^(?:and|&)$/.test(words[i - 1]!) &&
      CAPITALISED.test(words[i - 2]!.replace(/^[‘“"'(]/, '')) &&
      taken.length >= 3 &&
      taken[1] === 'of'
    ) {
      taken.unshift(w);
      continue;
    }
    break;
  }
  // "Joint Inspection of Dorset Combined", "The Reading": the place starts after the last word that is not one.
  let cut = -1;
  taken.forEach((w, i) => {
    // "Cornwall and the Isles of Scilly": "the" after a connector, opening a place named "the … of …", is
    // inside one name, not the start of another ("Leeds and the Bradford YOT" is cut as before).
    if (w === 'the' && i >= 2 && /^(?:and|&)$/.test(taken[i - 1]!) && taken[i + 2] === 'of') return;
    if (NOT_A_PLACE.has(w.toLowerCase().replace(/[’']s$/, ''))) cut = i;
  });
  taken.splice(0, cut + 1);
  while (taken.length && CONNECTORS.has(taken[0]!.toLowerCase())) taken.shift();
  if (!taken.length) return null;
  const name = taken.join(' ');
  // "A South London Youth Justice Service": a part of a nation or of London is a region, not a service's place.
  if (/^(?:(?:North|South|East|West|Central|Inner|Outer)(?:[ -](?:East|West))? )?(?:London|England|Wales)$/.test(name))
    return null;
  return { name, start: from + line + 1 + part.lastIndexOf(name) };
}

/** A place name after "in": capitalised words, with the small words place names hold between them. */
const PLACE_AFTER_WORD = "\\p{Lu}[\\p{L}'’-]{1,30}";
const PLACE_AFTER = new RegExp(
  `^${PLACE_AFTER_WORD}(?: (?:and|upon|on|of|&) ${PLACE_AFTER_WORD}| ${PLACE_AFTER_WORD}){0,4}`,
  'u',
);
const placeOrNull = (raw: string): string | null => {
  const words = raw.split(' ');
  if (NOT_A_PLACE.has(words[0]!.toLowerCase())) return null;
  // "services in Torbay Youth Offending Team": the place ends where a word that is not one starts.
  const cut = words.findIndex((w, i) => i > 0 && NOT_A_PLACE.has(w.toLowerCase()));
  if (cut < 0) return raw;
  let n = cut;
  while (n > 1 && CONNECTORS.has(words[n - 1]!.toLowerCase())) n--;
  return words.slice(0, n).join(' ');
};

/**
 * The places after a kind of service: "youth offending services in Barking and Dagenham", "youth justice
 * work in Reading", and a list, "youth offending services, in Northamptonshire, Southwark, Isle of Wight,
 * Solihull and Staffordshire" (in a list with commas, the last "and" joins two places). Reads a bounded
 * window, so the work per kind is bounded.
 */
function placesAfter(text: string, at: number): { name: string; start: number; end: number }[] {
  const window = text.slice(at, at + 300);
  const lead = /^(?: work)?,? in /.exec(window);
  if (!lead) return [];
  const out: { name: string; start: number; end: number }[] = [];
  let pos = lead[0].length;
  const items: { raw: string; start: number }[] = [];
  for (;;) {
    const m = PLACE_AFTER.exec(window.slice(pos));
    if (!m) break;
    items.push({ raw: m[0], start: pos });
    pos += m[0].length;
    const sep = /^(?:, and |, )/.exec(window.slice(pos));
    if (!sep || items.length >= 12) break;
    pos += sep[0].length;
  }
  if (items.length > 1) {
    const last = items.pop()!;
    const and = last.raw.lastIndexOf(' and ');
    if (and > 0) {
      items.push({ raw: last.raw.slice(0, and), start: last.start });
      items.push({ raw: last.raw.slice(and + 5), start: last.start + and + 5 });
    } else items.push(last);
  }
  for (const it of items) {
    const name = placeOrNull(it.raw);
    // One place alone keeps its "and" ("Barking and Dagenham"); in a list, a place that is not one ends it.
    if (!name) {
      if (items.length > 1) break;
      continue;
    }
    out.push({ name, start: at + it.start, end: at + it.start + name.length });
  }
  return out;
}

/**
 * Standards by every name a framework gives them (their names and the aliases that are not a bare
 * common word), mapped to one name per standard: the 2018/2021 name, which later frameworks rename
 * ("Leadership and governance", "Staffing", "Assessing"). Checking compares through STANDARD_SAME.
 */
const STANDARD_NAMES: [string, string][] = [
  [
    'governance and leadership|leadership and governance|governance/leadership|leadership/governance|leadership' +
      // "governance" alone, the 2018 standard's first word; not the old framework's "governance and partnership".
      '|governance(?!\\s+and\\s+partnership)',
    'Governance and leadership',
  ],
  ['staffing|staff', 'Staff'],
  ['partnerships? and services|partnerships/services|partnership working|partnerships', 'Partnerships and services'],
  // "quality of information": the standard by what it asks about.
  ['information and facilities|quality of information', 'Information and facilities'],
  [
    // "delivery" alone is the 2025 frameworks' alias; "organisational delivery" is a domain and
    // "service delivery" the work as a whole, neither a standard.
    'implementation and delivery|implementation/delivery|out-of-court disposals? delivery|oocd delivery' +
      '|(?<!organisational |service )delivery',
    'Implementation and delivery',
  ],
  // "Assessments for court cases were outstanding": the plural names the standard too, but "assessments of
  // children’s needs" are particular pieces of work.
  ['assessments(?!\\s+of\\b)|assessment|assessing activity|assessing', 'Assessment'],
  ['planning activity|planning', 'Planning'],
  ['reviewing', 'Reviewing'],
  ['joint working', 'Joint working'],
  [
    'out-of-court disposal policy and provision|out of court disposal policy (?:and|&) provision' +
      // "the service’s out of court policies".
      '|oocd policy and provision|out[- ]of[- ]court (?:disposals? )?polic(?:y|ies)',
    'Out-of-court disposal policy and provision',
  ],
  ['resettlement policy and provision', 'Resettlement policy and provision'],
  ['work with victims', 'Work with victims'],
  ['reducing reoffending|work to reduce reoffending', 'Reducing reoffending'],
  ['protecting the public|work to protect the public', 'Protecting the public'],
  [
    'protecting children and young people|work to protect children and young people',
    'Protecting children and young people',
  ],
  ['ensuring the sentence (?:is|was) served|making sure the sentence is served', 'Ensuring the sentence is served'],
  ['governance and partnership(?: arrangements)?|effectiveness of governance', 'Governance and partnership'],
  [
    '(?:support/)?interventions to reduce reoffending|work to deliver interventions' +
      '|work on interventions to reduce offending',
    'Interventions to reduce reoffending',
  ],
  ['court work(?: and reports)?', 'Court work and reports'],
];
const STANDARD_RE = new RegExp(`\\b(?:${STANDARD_NAMES.map(([re]) => re).join('|')})\\b`, 'gi');
const STANDARD_RE_ONE = new RegExp(STANDARD_RE.source, 'i');
const standardName = (phrase: string) => STANDARD_WHOLE.find(([re]) => re.test(phrase))?.[1] ?? null;
// Patterns used once per match are compiled once.
const STANDARD_WHOLE = STANDARD_NAMES.map(([re, name]) => [new RegExp(`^(?:${re})$`, 'i'), name] as const);
const RATING_RE = new RegExp(RATING, 'i');
/** What the frameworks' standards are called when counted: "five areas", "12 aspects", "three categories". */
const AREAS_WORD = '(?:areas|aspects|standards|categories|domains)';
const SUPERLATIVE_BEFORE = /\b(?:the|its)\s+(?:(?!latest\b)[a-z]{2,20}est|only|first|best|worst)\s+(?:such\s+)?$/i;
const RATING_OR_HIGHEST = new RegExp(`${RATING}|\\bhighest\\b`, 'i');
const SECOND_RATING = new RegExp(`^\\s{0,5}(?:or|and|to)\\s+${Q}${RATING}`, 'i');
const SERVICE_KIND_RE = new RegExp(SERVICE_KIND, 'i');
/** "the staff of St Helens YJS": a standard's name followed by "of" and the service, or a place. */
const STANDARD_OF_SERVICE = new RegExp(`^\\s{1,3}of\\s{1,3}(?:the\\s+service\\b|${SERVICE_KIND})`, 'i');
const STANDARD_OF_PLACE = /^\s{1,3}of\s{1,3}\p{Lu}/u;
/**
 * Words before a standard's name that make it something else: "the Council’s staff", "Enfield’s staff", "our
 * staff" (the people of a body named before them; "its staff" and "the service’s staffing" may still be the
 * standard), and "in their assessment" (the inspectors' judgement). Keyed by the word as written; read on a
 * bounded window before it.
 */
const NOT_STANDARD_BEFORE: Record<string, RegExp> = {
  staff: /(?:\p{L}[’']s?|\b(?:our|your|my))\s{1,3}$/u,
  assessment: new RegExp(
    "\\b(?:in|according\\s+to)\\s{1,3}(?:their|our|his|her|its|the\\s+inspectors[’']?" +
      "|(?:the\\s+)?(?:inspectorate|hmip)[’']s)\\s{1,3}$",
    'i',
  ),
};
const QUOTED_RATING_BEFORE = new RegExp(`[‘'"“]${RATING}[’'"”]\\s{1,3}$`, 'i');
const QUOTED_RATING_AFTER = new RegExp(`^\\s{0,3}(?:\\(\\w{2,6}\\)\\s{1,3})?[‘'"“]${RATING}[’'"”]`, 'i');

/**
 * "the previous inspection", "an inspection in 2019", "in 2019, when", "received an ‘Inadequate’ rating
 * in 2020": a sentence about an earlier inspection (a rating placed in a year is that year's).
 */
const EARLIER = new RegExp(
  [
    '\\b(?:previous|last|earlier|prior|former)\\s+(?:inspection|review|rating)',
    // "an inspection in 2019", "last inspected in 2022 where it received …".
    '\\binspect(?:ion|ed)\\s+in\\s+((?:19|20)\\d\\d)\\b',
    // "We last inspected Birmingham Youth Offending Service in 2020, also awarding …".
    '\\blast\\s+inspected\\s+[^.\\n]{1,60}?\\s+in\\s+((?:19|20)\\d\\d)\\b',
    '\\bin\\s+((?:19|20)\\d\\d),?\\s+when\\b',
    '\\brating\\s+in\\s+((?:19|20)\\d\\d)\\b',
    // "A report published in 2020 of Cardiff YJS … deemed it to be inadequate": that year's report.
    '\\breport\\s+(?:was\\s+)?published\\s+in\\s+((?:19|20)\\d\\d)\\b',
  ].join('|'),
  'i',
);
/** Casework standards, which the court and out-of-court domains share by name. */
const CASEWORK = new Set(['Assessment', 'Planning', 'Implementation and delivery', 'Reviewing']);

const at = (sentence: (start: number, end: number) => string, m: RegExpExecArray | RegExpMatchArray): Located => {
  const start = m.index!;
  return { start, end: start + m[0].length, sentence: sentence(start, start + m[0].length) };
};

/** A place on the four-point scale ("highest", "second-lowest") as the rating it names. */
const RATING_AT_RANK: Record<string, string> = {
  highest: 'outstanding',
  'second highest': 'good',
  'second lowest': 'requires improvement',
  lowest: 'inadequate',
};
const ratingAtRank = (rank: string): string => RATING_AT_RANK[rank.toLowerCase().replace(/[\s-]+/, ' ')]!;

/** Bodies with "board" or "partnership" in their name that are not the service's own management board. */
const OTHER_BOARD = new RegExp(
  '\\b(?:youth\\s+justice\\s+board(?!\\s+(?:management|partnership))|yjb|community\\s+safety\\s+partnership' +
    '|safeguarding|health\\s+and\\s+well-?being\\s+board|criminal\\s+justice\\s+board|commissioner)\\b',
  'i',
);
/** Health bodies, whatever else their name holds ("NHS Kent Integrated Care Board", "a University Health Board"). */
const HEALTH_BODY = /\b(?:nhs|integrated\s+care|icb|clinical\s+commissioning|ccg|health\s+board)\b/i;
/** How a recipient's name starts: a capital, a determiner, or a body named in small letters ("police", "partners"). */
const RECIPIENT_START = new RegExp(
  '^(?:\\p{Lu}|(?:the|its|their|this|each|both|local|police|health|probation|partners?|children|youth|yjs|yos|yot' +
    '|nhs|council|management|board)\\b)',
  'u',
);
/** What ends a recipient: a clause about what the recommendations ask, a dash, a colon or a bracket. */
const RECIPIENT_END = new RegExp(
  '\\s(?:to|so|in\\s+order|including|which|who|that|should|must|will|on|about|around|regarding|with|as)\\b' +
    '|\\s[-–—]\\s|[:(]',
  'i',
);
/**
 * Who a count of recommendations is for, from the words after "for", "to" or "directed at": the body at the head
 * of the phrase, up to a clause about what the recommendations ask ("the board to ensure …", "Leeds YJS, including
 * that …"). null when the words name no body but a purpose ("to further improve the work of Leeds YJS"); undefined
 * when they name a body that cannot be told for sure: two kinds of body joined by "and" ("the service and the
 * board"), a board that is not the service's own (the Youth Justice Board, a health board), or one not known.
 */
function recipientOf(phrase: string): Addressee | null | undefined {
  const head = phrase.trim().split(RECIPIENT_END)[0]!.trim();
  if (!head || !RECIPIENT_START.test(head)) return null;
  const one = (part: string): Addressee | null | undefined => {
    if (OTHER_BOARD.test(part)) return undefined;
    if (HEALTH_BODY.test(part)) return 'health';
    // "the Chief Constable", "HM Prison and Probation Service", "children’s social care": bodies addresseeOf
    // does not name.
    if (/\bconstable\b/i.test(part)) return 'police';
    if (/\b(?:hmpps|probation)\b/i.test(part)) return 'probation';
    if (/\bchildren['’]?s\s+social\s+care\b/i.test(part)) return 'local_authority';
    return addresseeOf(part);
  };
  const whole = one(head);
  if (whole === undefined) return undefined;
  // "Avon and Somerset Police" is one body; "the service and the management board" two.
  const kinds = new Set(head.split(/\s+(?:and|&)\s+/).map(one));
  kinds.delete(null);
  if (kinds.has(undefined) || kinds.size > 1) return undefined;
  return whole ?? undefined;
}

/**
 * The text is anyone's (the checker is public), so every pattern takes time linear in it whatever it
 * holds: words and gaps have bounded lengths, no two quantifiers can share the same characters, and
 * a pattern with no literal start still does a bounded amount of work at each position. The
 * bookkeeping is linear too: sentences are segmented once, a claim's sentence is a binary search,
 * and spans already claimed are marked in one array rather than compared with every earlier claim.
 * Work done backwards or forwards from a match (a name before a kind of service, a list of
 * standards before "were rated") reads a bounded window.
 */
export function extractClaims(original: string): Claim[] {
  const out: Claim[] = [];
  // Patterns read the text with single line breaks as spaces (wrapped lines); names of services read
  // the original, where a line break ends a headline ("Published\nBromley YJS" names Bromley).
  const text = asProse(original);
  const sentences = sentenceIndex(original, true);
  const sentence = sentences.text;
  const taken = new Uint8Array(text.length);
  const add = (c: Claim) => {
    out.push(c);
    // A service's name can sit inside another claim ("makes six recommendations to Devon YJS"), so it claims no span.
    if (c.kind !== 'service') taken.fill(1, c.start, c.end);
  };
  // Matches of one pattern do not overlap, so asking costs each character at most once per pattern.
  const overlaps = (s: number, e: number) => taken.subarray(s, e).includes(1);
  const all = (re: RegExp) => [
    ...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)),
  ];
  const sentenceStart = (pos: number) => sentences.starts[sentences.of(pos)]!;
  const sentenceEnd = (pos: number) => sentences.starts[sentences.of(pos) + 1] ?? text.length;
  /** The earlier inspection a sentence places a claim at, if it does. */
  const earlierOf = (pos: number): number | null | undefined => {
    const s = text.slice(sentenceStart(pos), Math.min(sentenceEnd(pos), sentenceStart(pos) + 400));
    const m = EARLIER.exec(s);
    if (!m) return undefined;
    const year = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    return year ? Number(year) : null;
  };
  const withEarlier = <C extends Claim>(c: C): C => {
    const e = earlierOf(c.start);
    return e === undefined ? c : { ...c, earlier: e };
  };

  // ---- services ----
  const kinds: { start: number; end: number; nameStart: number }[] = [];
  const kindMatches = all(new RegExp(SERVICE_KIND, 'gi'));
  // "Darlington Young People’s Engagement and Justice Service (YPE&JS) … Overall, Darlington YPE&JS was rated":
  // capitals in brackets right after a kind of service are the text's own short form of it, a kind from then on.
  const shortForms = new Set<string>();
  for (const m of kindMatches) {
    const b = /^\s{0,2}\(([A-Z][A-Z&]{1,7}[A-Z])\)/.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 14));
    if (b && !SERVICE_KIND_RE.test(b[1]!) && shortForms.size < 5) shortForms.add(b[1]!);
  }
  if (shortForms.size) {
    const esc = [...shortForms].map((f) => f.replace(/[&]/g, '\\&'));
    const taken = new Set(kindMatches.map((m) => m.index));
    for (const m of all(new RegExp(`(?<![\\w&])(?:${esc.join('|')})(?![\\w&])`, 'g')))
      if (!taken.has(m.index)) kindMatches.push(m);
    kindMatches.sort((a, b) => a.index - b.index);
  }
  /** Where one place named after a kind of service ends ("youth offending in Leeds"): a rating may follow it. */
  const placedAfter: number[] = [];
  for (const m of kindMatches) {
    const before = placeBefore(original, m.index);
    kinds.push({ start: m.index, end: m.index + m[0].length, nameStart: before?.start ?? m.index });
    if (before) {
      const end = m.index + m[0].length;
      add({ kind: 'service', name: before.name, start: before.start, end, sentence: sentence(before.start, end) });
      continue;
    }
    // "the largest youth offending service in London": a superlative makes the place the field compared
    // in, not the service's.
    if (SUPERLATIVE_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    // The original text, where a line break ends the place ("services in South Tees\nForeword").
    const after = placesAfter(original, m.index + m[0].length);
    if (after.length === 1) placedAfter.push(after[0]!.end);
    after.forEach((p, i) => {
      // The first place's claim spans the kind too ("youth offending services in Barking and Dagenham").
      const start = i === 0 ? m.index : p.start;
      add({ kind: 'service', name: p.name, start, end: p.end, sentence: sentence(start, p.end) });
    });
  }
  // "A service to tackle youth offending in Reading": the work, placed, names the service there.
  for (const m of all(/\byouth offending(?= in )/gi)) {
    const after = placesAfter(original, m.index + m[0].length);
    if (after.length === 1) placedAfter.push(after[0]!.end);
    for (const p of after)
      add({ kind: 'service', name: p.name, start: p.start, end: p.end, sentence: sentence(p.start, p.end) });
  }
  /** Whether a kind of service, or "the service", ends within a few words before a position. */
  const serviceJustBefore = (pos: number) => {
    const from = Math.max(sentenceStart(pos), pos - 60);
    const gap = text.slice(from, pos);
    // "the council service received …": one word may stand between "the" and "service".
    if (/\b(?:the|this|whole)\s+(?:[\w-]{1,20}\s+)?service\b|\bit\b/i.test(gap)) return true;
    const k = kindBefore(pos);
    if (!!k && k.end <= pos && k.end >= from) return true;
    // "Hampshire Youth Offending Service (YOS) … Overall, Hampshire was assessed as ‘Good’": the place of a service
    // the text has named, as the subject of the verb just before.
    const subject = PLACE_SUBJECT.exec(gap);
    return !!subject && namedServices.has(sameServiceName(subject[1]!));
  };
  const namedServices = new Set(
    out.filter((c): c is Claim & { kind: 'service' } => c.kind === 'service').map((c) => sameServiceName(c.name)),
  );
  /** The last kind of service starting before a position (the kinds are in text order). */
  const kindBefore = (pos: number) => {
    let lo = 0;
    let hi = kinds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kinds[mid]!.start < pos) lo = mid + 1;
      else hi = mid;
    }
    return kinds[lo - 1];
  };
  /**
   * "no youth justice services were rated “inadequate” in 2022": a kind of service in the plural with no
   * place before it, just before a rating, is a tally of services, not one service's rating.
   */
  const servicesInPluralBefore = (pos: number) => {
    const k = kindBefore(pos);
    if (!k || k.nameStart !== k.start || pos - k.end > 30) return false;
    return /(?:services|teams|partnerships)$/i.test(text.slice(k.start, k.end));
  };
  /**
   * "The Western Bay service had previously been subject to a joint inspection in 2019 and was then rated
   * as ‘Inadequate’": a rating in a clause joined by "and" to a sentence whose subject is a service.
   */
  const SUBJECT_SERVICE = /^(?:[Tt]he\s+)?(?:\p{Lu}[\p{L}’'-]{0,30}\s+){1,5}(?:[Ss]ervice|[Tt]eam)\b/u;
  const serviceIsSubject = (pos: number) => {
    const start = sentenceStart(pos);
    if (
      !/\band\s+(?:was|were|has\s+been|had\s+been)\s+(?:then\s+|later\s+|subsequently\s+)?$/i.test(
        text.slice(Math.max(start, pos - 40), pos),
      )
    )
      return false;
    if (SUBJECT_SERVICE.test(text.slice(start, Math.min(pos, start + 120)))) return true;
    // Or a named kind of service opens the sentence: "Swansea YJS formed in 2019 and was rated …".
    const k = kindBefore(Math.min(pos, start + 120));
    return !!k && k.nameStart >= start && k.nameStart <= start + 4;
  };

  /**
   * "Leeds Youth Justice Service, run by the council with the police and health, has been rated …": a named
   * service opening the sentence, then an aside between commas, then the verb. The aside holds no other kind
   * of service (the last kind before the verb must be the one opening the sentence) and no rating.
   */
  const ASIDE =
    /^\s{0,2}(?:\([A-Za-z&]{2,8}\)\s{0,2})?,[^.;:\n]{1,160},\s{1,5}(?:(?:has|had)\s{1,5}been|was|is)\s{1,5}$/;
  const serviceBeforeAside = (pos: number) => {
    const k = kindBefore(pos);
    if (!k || k.nameStart > sentenceStart(pos) + 4 || k.nameStart < sentenceStart(pos) || pos - k.end > 200)
      return false;
    const gap = text.slice(k.end, pos);
    return ASIDE.test(gap) && !RATING_RE.test(gap);
  };

  const facts = extractReleaseFacts(text, sentence);
  if (facts.publication)
    add({
      kind: 'publication',
      date: facts.publication.date,
      start: facts.publication.start,
      end: facts.publication.end,
      sentence: facts.publication.sentence,
    });
  // "Report published on Tuesday, January 13, 2026": the month first, a weekday before it.
  for (const m of all(
    new RegExp(
      `\\bpublished\\b[^.\\n]{0,80}?\\bon\\s{1,10}(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s{1,10})?` +
        `(${MONTH_NAMES})\\s{1,10}(\\d{1,2})(?:st|nd|rd|th)?,?\\s{1,10}(\\d{4})`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    add({ kind: 'publication', date: `${m[3]}-${pad(monthNo(m[1]!))}-${pad(Number(m[2]))}`, ...at(sentence, m) });
  }
  // "The inspection report was published on 17 January 2023", "published their inspection report on 3 December 2024".
  for (const m of all(
    new RegExp(
      `\\bpublished\\b[^.\\n]{0,80}?\\bon\\s{1,10}(?:the\\s{1,10})?(\\d{1,2})(?:st|nd|rd|th)?` +
        `\\s{1,10}(${MONTH_NAMES})\\s{1,10}(\\d{4})`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    add({ kind: 'publication', date: `${m[3]}-${pad(monthNo(m[2]!))}-${pad(Number(m[1]))}`, ...at(sentence, m) });
  }
  if (facts.fieldwork)
    add({
      kind: 'fieldwork',
      month: facts.fieldwork.month,
      start: facts.fieldwork.start,
      end: facts.fieldwork.end,
      sentence: facts.fieldwork.sentence,
    });
  // "inspection undertaken … between 9 and 13 September 2024", "Joint Inspection of … in September and October 2022".
  const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
  for (const m of all(
    new RegExp(
      // "The inspection was led by HMI Probation in January 2020": who led it, then when.
      `\\b(?:fieldwork|inspection,?\\s+(?:which\\s+)?(?:was\\s+|were\\s+)?(?:undertaken|carried out|con` +
        `ducted|took place|led\\s+by)|(?:was|were)\\s+inspected|inspectors visited|(?:led|carried o` +
        `ut|conducted|received|underwent)\\s+an?\\s+(?:[\\w-]{1,20}\\s+){0,3}inspection|inspection\\s+of\\s+` +
        `[^.\\n]{1,60}?\\s+(?:undertaken|carried\\s+out|conducted|(?:that\\s+)?(?:had\\s+)?(?:taken|took)\\s+place)` +
        // "The inspection of Hampshire in June 2018 examined …": a few words naming what was inspected, then when.
        `|inspection\\s+of\\s+(?:[\\w’'&-]{1,30}\\s+){1,6}?(?=in\\s)` +
        // "following a week-long visit in January 2023", "found in the inspection in October 2018".
        `|(?:following|during|after|in)\\s+(?:an?|the)\\s+(?:[\\w-]{1,20}\\s+){0,2}(?:inspection|visit)` +
        // "following the inspection by His Majesty’s Inspectorate of Probation (HMIP) in September 2024".
        `(?:\\s+by\\s+(?:[\\w’'-]{1,30}\\s+){0,5}[\\w’'-]{1,30})?` +
        `(?=(?:\\s+\\([A-Za-z]{2,8}\\))?\\s+(?:in|during|between|from)\\s))` +
        `\\b[^.\\n]{0,120}?\\b` +
        `(?:in|during|between|from)\\s{1,10}` +
        `(?:${DAY}\\s{1,10}(?:and|to|-|–)\\s{1,10})?(?:${DAY}\\s{1,10})?(${MONTH_NAMES})` +
        `(?:\\s{1,10}(?:and|to|-|–)\\s{1,10}(?:${DAY}\\s{1,10})?(?:${MONTH_NAMES}))?\\s{1,10}(\\d{4})`,
      'gi',
    ),
  )) {
    if (/publish|report was|released/i.test(m[0]) || overlaps(m.index, m.index + m[0].length)) continue;
    if (out.some((c) => c.kind === 'fieldwork')) break;
    // "after an inspection in May 2019" may be an earlier one: read only when the sentence is about this one,
    // and a visit only when the sentence is about inspecting.
    if (/^(?:following|during|after|in|inspection\s+of)\b/i.test(m[0]) && earlierOf(m.index) !== undefined) continue;
    if (
      /^\S+\s+\S+\s+(?:[\w-]+\s+){0,2}visit\b/i.test(m[0]) &&
      !/inspect/i.test(text.slice(sentenceStart(m.index), sentenceEnd(m.index)).slice(0, 400))
    )
      continue;
    add({ kind: 'fieldwork', month: `${m[2]}-${pad(monthNo(m[1]!))}`, ...at(sentence, m) });
  }
  // "33/36", "a score of 0 out of 36", "given five marks out of a possible 36".
  for (const m of all(
    new RegExp(
      `\\b(\\d{1,2}|zero|${Object.keys(WORDS).join('|')})(?:\\s+(?:marks|points))?` +
        `\\s*(?:\\/|out of(?: a possible)?(?: of)?)\\s*(36)\\b`,
      'i',
    ),
  ))
    add(
      withEarlier({
        kind: 'score',
        total: m[1]!.toLowerCase() === 'zero' ? 0 : toNum(m[1]!),
        max: Number(m[2]),
        ...at(sentence, m),
      }),
    );

  // ---- standards counts: "‘outstanding’ in nine out of 13 key areas", "11 of the 13 standards were rated Good" ----
  // "four inspected aspects": the areas the inspection looked at, by another adjective.
  const AREAS = '(?:key\\s+|inspection\\s+|inspected\\s+|quality\\s+)?(?:areas|aspects|standards|categories|elements)';
  const RATINGS2 = `${Q}${RATING}${QE}(?:\\s+or\\s+${Q}${RATING}${QE})?`;
  const counted = (ratings: (string | undefined)[]) => [...new Set(ratings.filter(Boolean).map((r) => rid(r!)))];
  const countTail = (from: number, of: number) => {
    // "…, one was rated Requires Improvement and one was rated Outstanding",
    // "with two rated as ‘inadequate’, two ‘good’".
    const end = sentenceEnd(from);
    const tail = text.slice(from, Math.min(end, from + 200));
    for (const t of tail.matchAll(
      new RegExp(
        `(?:^|,|\\band\\b|\\bwith\\b)\\s{0,10}${NUM}\\s+(?:(?:was|were)\\s+)?(?:(?:rated|` +
          `judged|marked)\\s+)?(?:as\\s+)?${Q}${RATING}${QE}`,
        'gi',
      ),
    )) {
      const s = from + t.index + t[0].search(/\S/);
      if (overlaps(s, from + t.index + t[0].length)) continue;
      add({
        kind: 'standards_count',
        count: toNum(t[1]!),
        of,
        ratings: [rid(t[2]!)],
        start: s,
        end: from + t.index + t[0].length,
        sentence: sentence(s, from + t.index + t[0].length),
      });
    }
  };
  for (const m of all(
    new RegExp(
      `${RATINGS2}\\s+in\\s+(?:the\\s+)?(?:other|remaining\\s+)?${NUM}\\s+(?:out\\s+)?o` +
        `f\\s+(?:the\\s+|its\\s+)?${NUM}\\s+${AREAS}`,
      'gi',
    ),
  )) {
    add({
      kind: 'standards_count',
      count: toNum(m[3]!),
      of: toNum(m[4]!),
      ratings: counted([m[1], m[2]]),
      ...at(sentence, m),
    });
    const end = m.index + m[0].length;
    // "– including ‘partnerships and services’ and ‘implementation and delivery’": standards with that rating.
    const inc = /^[^.\n]{0,12}?\bincluding\b/i.exec(text.slice(end, end + 40));
    if (inc && !m[2]) listedStandards(end + inc[0].length, 'forward', rid(m[1]!));
    // "and ‘good’ in the remaining four areas"
    const rest = new RegExp(
      `^[^.\\n]{0,120}?\\b${Q}${RATING}${QE}\\s+in\\s+the\\s+(?:other|remaining)\\s+${NUM}\\s+${AREAS}`,
      'i',
    ).exec(text.slice(end, end + 200));
    if (rest) {
      const s = end + rest[0].search(new RegExp(`${Q}${RATING}`, 'i'));
      add({
        kind: 'standards_count',
        count: toNum(rest[2]!),
        of: toNum(m[4]!),
        ratings: [rid(rest[1]!)],
        start: s,
        end: end + rest[0].length,
        sentence: sentence(s, end + rest[0].length),
      });
    }
  }
  for (const m of all(
    new RegExp(
      // "performance on eight of our twelve quality standards judged to be ‘Inadequate’".
      `\\b${NUM}\\s+(?:out\\s+)?of\\s+(?:the\\s+|its\\s+|our\\s+|their\\s+)?${NUM}\\s+${AREAS}` +
        // "nine out of 12 aspects of their work ‘Outstanding’"
        `(?:\\s+of\\s+(?:their|its|the|this|that)\\s+(?:[\\w’']{1,20}\\s+)?work)?` +
        // "three out of four elements we inspect being rated as ‘Outstanding’": what the inspectors look at.
        `(?:\\s+(?:that\\s+)?we\\s+(?:inspect|inspected|rate|rated|looked\\s+at|assess|assessed))?\\s+(?:were` +
        `\\s+|was\\s+|being\\s+)?(?:(?:rated|judged(?:\\s+to\\s+be)?|marked|found\\s+to\\s+be|found\\s+to|` +
        `deemed(?:\\s+to\\s+be)?|considered(?:\\s+to\\s+be)?)\\s+)?(?:a` +
        `s\\s+)?${RATINGS2}`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    add({
      kind: 'standards_count',
      count: toNum(m[1]!),
      of: toNum(m[2]!),
      ratings: counted([m[3], m[4]]),
      ...at(sentence, m),
    });
    countTail(m.index + m[0].length, toNum(m[2]!));
  }
  // "Of the 12 areas covered, seven were rated ‘inadequate’ and five as ‘requires improvement’".
  for (const m of all(
    new RegExp(
      `\\bof\\s+the\\s+${NUM}\\s+${AREAS}(?:\\s+(?:covered|inspected|assessed|rated|looked\\s+at))?,?\\s+${NUM}\\s+` +
        `(?:was|were)\\s+(?:(?:rated|judged|deemed|found\\s+to\\s+be)\\s+)?(?:as\\s+)?${RATINGS2}`,
      'gi',
    ),
  )) {
    const s0 = m.index + m[0].search(new RegExp(`\\s${NUM}\\s+(?:was|were)\\b`, 'i')) + 1;
    const e0 = m.index + m[0].length;
    if (overlaps(s0, e0)) continue;
    add({
      kind: 'standards_count',
      count: toNum(m[2]!),
      of: toNum(m[1]!),
      ratings: counted([m[3], m[4]]),
      start: s0,
      end: e0,
      sentence: sentence(s0, e0),
    });
    countTail(e0, toNum(m[1]!));
  }
  // "looked at 12 aspects of the service's work and found that performance against eight of these
  // standards was inadequate".
  for (const m of all(
    new RegExp(
      `\\b(?:looked at|rated|assessed)\\s+${NUM}\\s+${AREAS}\\b[^.\\n]{0,120}?\\b${NUM}\\s+of\\s+(?:these|those|them)` +
        `(?:\\s+${AREAS})?\\s+(?:was|were)\\s+(?:(?:rated|judged|deemed|found\\s+to\\s+be)\\s+)?(?:as\\s+)?${RATINGS2}`,
      'gi',
    ),
  )) {
    const s0 = m.index + m[0].search(new RegExp(`\\b${NUM}\\s+of\\s+(?:these|those|them)`, 'i'));
    const e0 = m.index + m[0].length;
    if (overlaps(s0, e0)) continue;
    add({
      kind: 'standards_count',
      count: toNum(m[2]!),
      of: toNum(m[1]!),
      ratings: counted([m[3], m[4]]),
      start: s0,
      end: e0,
      sentence: sentence(s0, e0),
    });
  }
  // "looked at 12 aspects of the service and ranked every one of those inadequate".
  for (const m of all(
    new RegExp(
      `\\b(?:looked at|rated|assessed)\\s+${NUM}\\s+(?:different\\s+|separate\\s+)?${AREAS}\\b` +
        `[^.\\n]{0,80}?\\b(?:(?:ever` +
        `y|each)\\s+(?:one|part|area|aspect)\\b(?:\\s+of\\s+(?:those|them))?\\s+${Q}${RATING}${QE}` +
        `|${Q}${RATING}${QE}\\s+ratings?\\s+(?:in|for|across)` +
        `\\s+(?:every|each|all)\\s+(?:one|category|categories|area|areas|aspect|aspects|standard|standards)\\b)`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    add({
      kind: 'standards_count',
      count: toNum(m[1]!),
      of: toNum(m[1]!),
      ratings: [rid((m[2] ?? m[3])!)],
      ...at(sentence, m),
    });
  }
  // "awarding it the top rating for all 12 aspects of its work", "an ‘Outstanding’ rating in each of the 12
  // standards": every one of the areas named, at that rating (the top one being Outstanding).
  for (const m of all(
    new RegExp(
      `\\b(?:(?:the\\s+)?(?:top|highest)|${Q}${RATING}${QE})\\s+ratings?\\s+(?:for|in|across)\\s+` +
        `(?:all|each\\s+of|every\\s+one\\s+of)\\s+(?:the\\s+|its\\s+|their\\s+)?${NUM}\\s+${AREAS}\\b`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    const n = toNum(m[2]!);
    add({ kind: 'standards_count', count: n, of: n, ratings: [m[1] ? rid(m[1]) : 'outstanding'], ...at(sentence, m) });
  }
  // "The Inspectorate looked at 12 aspects of the YOS’s work … Five aspects of the YOS’s work were rated
  // ‘Inadequate’": a count of areas rated, of the number of areas the text said were looked at before it.
  const areasLookedAt = all(
    new RegExp(
      `\\b(?:looked at|rated|assessed|inspected)\\s+${NUM}\\s+(?:different\\s+|separate\\s+)?${AREAS}\\b`,
      'gi',
    ),
  );
  /** Each match of `pattern` counts areas (group `count`) at a rating (group `rating`), of the number
   *  of areas the text last said were looked at before the match; none said, no claim. */
  const countOfAreasLookedAt = (pattern: RegExp, count: number, rating: number) => {
    let looked = 0;
    for (const m of all(pattern)) {
      while (looked < areasLookedAt.length && areasLookedAt[looked]!.index < m.index) looked++;
      const total = areasLookedAt[looked - 1];
      if (!total || overlaps(m.index, m.index + m[0].length)) continue;
      const of = toNum(total[1]!);
      if (toNum(m[count]!) > of) continue;
      add({ kind: 'standards_count', count: toNum(m[count]!), of, ratings: [rid(m[rating]!)], ...at(sentence, m) });
    }
  };
  countOfAreasLookedAt(
    new RegExp(
      `\\b${NUM}\\s+${AREAS}(?:\\s+of\\s+(?:the|its|their)\\s+[^\\s.]{1,25}(?:\\s+work)?)?\\s+(?:were|was)\\s+` +
        `(?:rated|judged|marked|graded)\\s+(?:as\\s+)?${Q}${RATING}${QE}`,
      'gi',
    ),
    1,
    2,
  );

  // "In four of the 12 separate areas examined the service was rated ‘Outstanding’, while it was rated ‘Good’
  // in six and ‘Requires Improvement’ in two": the count first, then its rating, then the others each "in N".
  for (const m of all(
    new RegExp(
      `\\bin\\s+${NUM}\\s+(?:out\\s+)?of\\s+(?:the\\s+|its\\s+)?${NUM}\\s+(?:different\\s+|separate\\s+)?${AREAS}` +
        `(?:\\s+(?:examined|inspected|assessed|looked\\s+at))?,?\\s[^.\\n]{0,80}?\\b(?:was|were)\\s+` +
        `(?:rated|judged|graded|assessed)\\s+(?:as\\s+)?${Q}${RATING}${QE}`,
      'gi',
    ),
  )) {
    const end = m.index + m[0].length;
    if (overlaps(m.index, end)) continue;
    const of = toNum(m[2]!);
    if (toNum(m[1]!) > of) continue;
    add({ kind: 'standards_count', count: toNum(m[1]!), of, ratings: [rid(m[3]!)], ...at(sentence, m) });
    const tail = text.slice(end, Math.min(sentenceEnd(end), end + 200));
    for (const t of tail.matchAll(new RegExp(`${Q}${RATING}${QE}\\s+in\\s+${NUM}\\b(?!\\s+(?:out\\s+)?of\\b)`, 'gi'))) {
      const s0 = end + t.index;
      const e0 = s0 + t[0].length;
      if (overlaps(s0, e0) || toNum(t[2]!) > of) continue;
      add({
        kind: 'standards_count',
        count: toNum(t[2]!),
        of,
        ratings: [rid(t[1]!)],
        start: s0,
        end: e0,
        sentence: sentence(s0, e0),
      });
    }
  }
  // "We looked at 12 aspects of their work and they achieved the highest rating – ‘Outstanding’ – in four
  // categories": a rating in a number of areas, of the number the text said were looked at before it.
  countOfAreasLookedAt(
    new RegExp(
      `(?:\\b(?:top|highest)\\s+rating(?:\\s*[–—-]\\s*|\\s+of\\s+)|\\brated\\s+(?:as\\s+)?)${Q}${RATING}${QE}` +
        `(?:\\s*[–—-])?\\s+in\\s+${NUM}\\s+(?:different\\s+|separate\\s+)?${AREAS}\\b(?!\\s+(?:out\\s+)?of\\b)`,
      'gi',
    ),
    2,
    1,
  );

  // ---- ratings of standards ----
  /**
   * A list of standards next to a rating: backwards from "were rated X" to the start of the clause,
   * or forwards from "rated X for". Names are chained: each within a few words of the next, so a
   * standard named elsewhere in the sentence is not swept in. A list that says "out-of-court" or
   * "court" makes its casework standards (assessment, planning…) those of that domain.
   */
  function listedStandards(pos: number, direction: 'back' | 'forward', rating: string, loose = false) {
    const lo = direction === 'back' ? Math.max(sentenceStart(pos), pos - 300) : pos;
    const hi = direction === 'back' ? pos : Math.min(sentenceEnd(pos), pos + 300);
    const window = text.slice(lo, hi);
    const found = [...window.matchAll(STANDARD_RE)]
      .map((x) => ({
        s: lo + x.index,
        e: lo + x.index + x[0].length,
        name: standardName(x[0]),
      }))
      // "a ‘Good’ rating for the staff of St Helens Youth Justice Service": a name followed by "of" and the
      // service, or a place, means the people or the work of that service, not the standard.
      .filter((f) => {
        const after = text.slice(f.e, f.e + 40);
        return !STANDARD_OF_SERVICE.test(after) && !STANDARD_OF_PLACE.test(after);
      })
      // "the Council’s staff were described as “outstanding”", "in their assessment, …": the people of a body
      // named before them, and the inspectors' judgement, are not standards; nor is a list read past them.
      .map((f) => ({
        ...f,
        praise: NOT_STANDARD_BEFORE[text.slice(f.s, f.e).toLowerCase()]?.test(text.slice(Math.max(0, f.s - 40), f.s)),
      }));
    const chain: typeof found = [];
    // A bracket between two names ("assessment (court and out-of-court), planning") is read past.
    const glue = (a: number, b: number) => {
      const g = text.slice(a, b).replace(/\([^()\n]{0,80}\)/g, '');
      // "Newsroom Staff Lambeth Youth Justice Service Rated 'Good'": a kind of service between them ends the list.
      return (
        g.length <= 45 &&
        !RATING_RE.test(g) &&
        !SERVICE_KIND_RE.test(g) &&
        !/\b(?:rated|judged|while|whereas|but|meanwhile)\b|[;:]/i.test(g)
      );
    };
    if (direction === 'back') {
      let edge = hi;
      for (let i = found.length - 1; i >= 0; i--) {
        // The last name may be followed by a short phrase before the verb ("planning and the provision
        // of information and services were all rated"): a wider gap, once, next to the rating.
        if (found[i]!.praise) break;
        if (
          !glue(found[i]!.e, edge) &&
          !(edge === hi && glue(found[i]!.e, Math.min(edge, found[i]!.e + 45)) && edge - found[i]!.e <= 60)
        )
          break;
        chain.unshift(found[i]!);
        edge = found[i]!.s;
      }
    } else {
      let edge = lo;
      for (const f of found) {
        // The first name is what the rating is for ("rated X for the quality of its partnerships"), not a
        // word in a phrase after it: "rated 'good' in a watchdog report with members of staff praised".
        if (edge === lo && /\b(?:with|by|from|after|following|when|where|while)\b/i.test(text.slice(lo, f.s))) break;
        if (f.praise || !glue(edge, f.s)) break;
        chain.push(f);
        edge = f.e;
      }
    }
    if (!chain.length) return false;
    // "Staff were outstanding", "staff were described as ‘Good’": the people alone, in words that do not say
    // they were rated, are praise; with other standards in the list ("leadership and staff were good") the standard.
    if (loose && chain.length === 1 && /^staff$/i.test(text.slice(chain[0]!.s, chain[0]!.e))) return false;
    // "assessment (both court disposals and out-of-court disposals)": that standard in both domains;
    // the bracket then says nothing of the domain of the others in the list.
    const BOTH =
      /^\s{0,3}\((?:both\s+)?(?:for\s+)?court(?:\s+disposals?)?\s+and\s+out[- ]of[- ]court(?:\s+disposals?)?\)/i;
    const both = new Set(chain.filter((c) => BOTH.test(text.slice(c.e, c.e + 90))).map((c) => c.s));
    const span = text
      .slice(Math.max(sentenceStart(pos), chain[0]!.s - 50), Math.min(sentenceEnd(pos), chain.at(-1)!.e + 40))
      .replace(both.size ? /\((?:both\s+)?(?:for\s+)?court[^()\n]{0,60}\)/gi : /$^/, '');
    // "… children who have been sentenced by the courts. … found the planning of these cases was
    // ‘Inadequate’": a list about "these cases" or "these children" takes the domain of the sentence before.
    const previous =
      /\b(?:these|those)\s+(?:cases|children)\b/i.test(span) && sentenceStart(pos) > 0
        ? text.slice(Math.max(sentenceStart(sentenceStart(pos) - 1), sentenceStart(pos) - 300), sentenceStart(pos))
        : '';
    const domainOf = (t: string) =>
      /out[- ]of[- ]court/i.test(t)
        ? ' (out-of-court disposals)'
        : /(?<!of[- ])\bcourts?\b/i.test(t)
          ? ' (court disposals)'
          : '';
    // "In nearly all cases, out-of-court work was delivered to a high standard. Assessments, planning and joint
    // working were outstanding": a list that names no domain, after a sentence about the work of one domain
    // (and not the other), is about that work.
    const before =
      sentenceStart(pos) > 0
        ? text.slice(Math.max(sentenceStart(sentenceStart(pos) - 1), sentenceStart(pos) - 300), sentenceStart(pos))
        : '';
    const oneDomain =
      !both.size &&
      /out[- ]of[- ]court\s+(?:work|cases|disposals?)\b/i.test(before) !== /(?<!of[- ])\bcourts?\b/i.test(before);
    // The out-of-court disposal policy standard's own name says nothing of the domain of the others listed with it.
    const domain =
      domainOf(span.replace(/out[- ]of[- ]court (?:disposals? )?polic(?:y|ies)[^,.;\n]{0,20}/gi, '')) ||
      domainOf(previous) ||
      (oneDomain ? domainOf(before) : '');
    for (const c of chain) {
      if (!c.name || overlaps(c.s, c.e)) continue;
      if (c.name === 'Resettlement policy and provision') {
        add({ kind: 'resettlement', rating, start: c.s, end: c.e, sentence: sentence(c.s, c.e) });
        continue;
      }
      if (both.has(c.s) && CASEWORK.has(c.name)) {
        for (const d of [' (court disposals)', ' (out-of-court disposals)'])
          out.push(
            withEarlier({
              kind: 'standard',
              standard: `${c.name}${d}`,
              rating,
              start: c.s,
              end: c.e,
              sentence: sentence(c.s, c.e),
            }),
          );
        taken.fill(1, c.s, c.e);
        continue;
      }
      const standard = CASEWORK.has(c.name) ? `${c.name}${domain}` : c.name;
      add(withEarlier({ kind: 'standard', standard, rating, start: c.s, end: c.e, sentence: sentence(c.s, c.e) }));
    }
    return true;
  }
  const PREDICATE =
    `\\b(?:rated|judged|marked|graded|singled out|found to be|assessed)\\s+(?:as\\s+)` +
    `?(?:being\\s+)?${Q}${RATING}${QE}`;
  const predicates = all(new RegExp(PREDICATE, 'gi'));
  const twoRatings = (end: number) => SECOND_RATING.test(text.slice(end, end + 40));
  /** Predicates that rated standards, which are then not an overall rating. */
  const ofStandards = new Set<number>();
  for (const m of predicates) {
    const end = m.index + m[0].length;
    if (twoRatings(end) || overlaps(m.index, end)) continue;
    if (/\bresettlement\b/i.test(text.slice(Math.max(sentenceStart(m.index), m.index - 80), m.index))) {
      ofStandards.add(m.index);
      continue;
    }
    // "rated as ‘Good’ across assessing, planning and delivery", "rated ‘Outstanding’: Planning and …".
    const f = /^[’'"”]?(?:,?\s{1,5}(?:for|in|including|included|includes|across)\s|:\s{1,5})/i.exec(
      text.slice(end, end + 14),
    );
    if (
      listedStandards(m.index, 'back', rid(m[1]!)) ||
      (f && listedStandards(end + f[0].length, 'forward', rid(m[1]!)))
    )
      ofStandards.add(m.index);
  }
  // "awarded the service an “outstanding” rating for the quality of its partnerships and services",
  // "the ‘Requires Improvement’ rating for the out of court disposals assessment".
  for (const m of all(
    new RegExp(
      `(?:${Q}${RATING}${QE}\\s+(?:ratings?|grades?|judgements?)\\s+(?:given\\s+|awarded\\s+)?` +
        `|\\bwith\\s+${Q}${RATING}${QE}\\s+)(?:for|in)\\s+`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    listedStandards(m.index + m[0].length, 'forward', rid((m[1] ?? m[2])!));
  }
  // "while rating its 'implementation and delivery' as 'Outstanding'": standards named between the verb and "as".
  for (const m of all(
    new RegExp(
      `\\b(?:rating|rated|rates)\\s+(?:its\\s+|their\\s+|the\\s+)?${Q}(?=[a-z])` +
        `[^.\\n]{1,80}?\\s+as\\s+${Q}${RATING}${QE}`,
      'gi',
    ),
  )) {
    const head = m[0].slice(0, m[0].search(/\s+as\s+\S*$/));
    const names = /^\S+\s+(?:(?:its|their|the)\s+)?[‘'"“]?/i.exec(head)![0].length;
    if (!STANDARD_RE_ONE.test(head.slice(names, names + 60)) || STANDARD_RE_ONE.exec(head)!.index !== names) continue;
    listedStandards(m.index + head.length, 'back', rid(m[1]!));
  }
  // "received a rating of ‘Outstanding’ specifically for their leadership": a rating given for standards.
  for (const m of all(
    new RegExp(
      `\\ba\\s+rating\\s+of\\s+${Q}${RATING}${QE}\\s+(?:[a-z]{2,20}ly\\s+)?for\\s+(?:(?:its|their|the)\\s+)?`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    listedStandards(m.index + m[0].length, 'forward', rid(m[1]!));
  }
  // Phrasings that rate standards and never a service as a whole: "assessment and planning were
  // ‘inadequate’", "the area of governance and leadership was classified as ‘Requires Improvement’,
  // as was partnerships and services", "areas to be ‘Outstanding’, including planning and reviewing",
  // "implementation and delivery listed as ‘requiring improvement’". Each needs a standard named next to it.
  for (const m of all(
    new RegExp(
      `\\b(?:(?:was|were|are|is)(?:\\s+all)?|(?:listed|classified|described|graded)\\s+as` +
        // "The delivery of services with these children … received the highest rating of ‘Outstanding’".
        `|received\\s+the\\s+(?:highest|lowest)\\s+(?:possible\\s+)?rating\\s+of` +
        `|(?:judged\\s+|found\\s+|deemed\\s+)?to\\s+be)` +
        `\\s+${Q}${RATING}${QE}`,
      'gi',
    ),
  )) {
    const end = m.index + m[0].length;
    if (overlaps(m.index, end) || twoRatings(end)) continue;
    const rating = rid(m[1]!);
    const f = /^,?\s{1,5}(?:for|including|included|includes)\s/i.exec(text.slice(end, end + 14));
    const loose = /^(?:was|were|are|is|described)\b/i.test(m[0]);
    const back = listedStandards(m.index, 'back', rating, loose);
    if (!back && f) listedStandards(end + f[0].length, 'forward', rating);
    const asWas = /^,?\s{1,5}as\s+(?:was|were)\s/i.exec(text.slice(end, end + 16));
    if (back && asWas) listedStandards(end + asWas[0].length, 'forward', rating);
  }
  // "Governance and leadership, … planning, delivery … all received the inspectorate’s lowest rating": a place on
  // the four-point scale given to standards named before it.
  for (const m of all(
    new RegExp(
      `\\b(?:received|given|awarded|got)\\s+(?:the|its|their|the\\s+inspectorate['’]s)\\s+` +
        `((?:second[\\s-]+)?(?:highest|lowest))\\s+(?:possible\\s+)?(?:rating|grade)\\b(?!\\s+(?:of|scores?)\\b)`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    listedStandards(m.index, 'back', rid(ratingAtRank(m[1]!)));
  }
  // A list of standards with their ratings, each after a colon: "Governance and leadership:  inadequate – …".
  for (const m of all(new RegExp(`(${STANDARD_RE.source})\\s{0,3}:\\s{1,5}${Q}${RATING}${QE}(?![\\w-])`, 'gi'))) {
    const name = standardName(m[1]!);
    const e = m.index + m[1]!.length;
    if (!name || overlaps(m.index, e)) continue;
    add(
      withEarlier({
        kind: 'standard',
        standard: name,
        rating: rid(m[2]!),
        start: m.index,
        end: e,
        sentence: sentence(m.index, e),
      }),
    );
  }

  for (const m of all(
    new RegExp(
      [
        // A clause between dashes may come before the rating ("resettlement work – the services a
        // child needs on release, for example accommodation – which was separately rated as ‘Good’").
        // "Work to help children leaving custody to resettle in the community was given …": the work by its verb.
        `(resettlement|resettl(?:e|es|ed|ing)\\b|reintegrating children into the community after custody)` +
          `[^.]{0,240}?${Q}${RATING}${QE}`,
        `${Q}${RATING}${QE} recognition was also received for resettlement`,
      ].join('|'),
      'i',
    ),
  )) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    add({ kind: 'resettlement', rating: rid(m[2] ?? m[3]!), ...at(sentence, m) });
  }

  // ---- recommendations ----
  const FURTHER = '(?:(?:a\\s+further|another|the\\s+(?:other|remaining))\\s+)?';
  const BREAKDOWN_ITEM = new RegExp(
    `^${FURTHER}${NUM}\\s+(?:of\\s+(?:which|these|them|those)\\s+)?(?:recommendations?\\s+)?` +
      `(?:(?:are|were|is|was|being|have\\s+been|has\\s+been)\\s+)?` +
      `(?:for|to|at|(?:made|directed|addressed|aimed)\\s+(?:at|to|for))\\s+` +
      `([^.;,–\\n]{1,120}?)(?=\\s+and\\s+${FURTHER}${NUM}\\b|\\s[-—]\\s|[.;,–\\n]|$)`,
    'i',
  );
  const BREAKDOWN_NEXT = new RegExp(
    `^(?:\\s{0,3},\\s{0,3}(?:and\\s+|while\\s+|with\\s+)?|\\s+and\\s+|\\s+[-—]\\s+while\\s+)`,
    'i',
  );
  /** Counts for recipients in turn from `pos` ("four for the service, two for the police and one for health"). */
  const readBreakdown = (pos: number) => {
    // At most five recipients, each read from a bounded window: the work per call is bounded.
    for (let k = 0; k < 5; k++) {
      const item = BREAKDOWN_ITEM.exec(text.slice(pos, pos + 300));
      if (!item) break;
      const s0 = pos;
      const e0 = pos + item[0].length;
      const who = recipientOf(item[2]!);
      if (who && !overlaps(s0, e0))
        add({
          kind: 'recommendations',
          count: toNum(item[1]!),
          addressee: who,
          start: s0,
          end: e0,
          sentence: sentence(s0, e0),
        });
      const next = BREAKDOWN_NEXT.exec(text.slice(e0, e0 + 20));
      if (!next) break;
      pos = e0 + next[0].length;
    }
  };
  /** After one count for a recipient, the counts for others joined to it ("… for the board and two for the police"). */
  const breakdownAfter = (end: number) => {
    const next = BREAKDOWN_NEXT.exec(text.slice(end, end + 20));
    if (next) readBreakdown(end + next[0].length);
  };
  for (const r of facts.recommendations) {
    // "Two recommendations were made to the Youth Justice Board": who they are for, read as the counts below are.
    const to = /\bmade\s+(?:for|to)\s+/i.exec(text.slice(r.start, r.end));
    const who = to ? recipientOf(text.slice(r.start + to.index + to[0].length, r.end)) : r.addressee;
    if (who === undefined) continue;
    add({
      kind: 'recommendations',
      count: r.count,
      addressee: who,
      start: r.start,
      end: r.end,
      sentence: r.sentence,
    });
    if (who) breakdownAfter(r.end);
  }
  // "made 11 recommendations", "makes six recommendations to Devon YJS", "made the following eight recommendations".
  for (const m of all(
    new RegExp(
      // "made just three recommendations": an adverb before the count changes nothing.
      `\\b(?:made|makes|make|making)\\s+(?:just\\s+|only\\s+)?` +
        `(?:the\\s+following\\s+|a\\s+total\\s+of\\s+)?${NUM}\\s+recommendati` +
        `ons?\\b(?:\\s+(?:for|to)\\s+([^.;,–\\n]{1,200}))?`,
      'i',
    ),
  )) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    // "made eight recommendations to further improve the work of Leeds YJS": a purpose, so the count is the total.
    const who = m[2] ? recipientOf(m[2]) : null;
    if (who === undefined) continue;
    add({ kind: 'recommendations', count: toNum(m[1]!), addressee: who, ...at(sentence, m) });
  }
  // "There were seven recommendations stemming from this report", "the seven inspection recommendations",
  // "those 14 recommendations", "four recommendations that were made".
  for (const m of all(
    new RegExp(
      `\\b(?:(?:there\\s+(?:were|are)|the|those|these)\\s+${NUM}\\s+(?:inspection\\s+)?recommendations\\b` +
        `|${NUM}\\s+recommendations\\s+(?:that|which)\\s+(?:were|have\\s+been|had\\s+been)\\s+made\\b)` +
        `(?!\\s+(?:for|to|made\\s+to)\\b)`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    add({ kind: 'recommendations', count: toNum((m[1] ?? m[2])!), addressee: null, ...at(sentence, m) });
  }
  // A breakdown straight after the count: "makes eight recommendations – five for the Service Manager
  // at Reading YJS, and three for the management board", "ten recommendations, including two for the police",
  // "nine recommendations - four of which are for the service": each count and its recipient in turn.
  for (const m of all(
    new RegExp(
      // "Nine recommendations were made: six for …".
      `\\brecommendations(?:\\s{1,3}(?:were|are|have\\s{1,3}been)\\s{1,3}made)?\\s{0,3}(?:(?:[–—:-]|,)\\s{0,3}` +
        `(?:(?:including|with|of\\s+which|of\\s+these|of\\s+them)\\s+)?` +
        `|\\s{1,10}including\\s{1,10})(?=${FURTHER}${NUM}\\s)`,
      'gi',
    ),
  ))
    readBreakdown(m.index + m[0].length);
  // A breakdown by recipient, in the sentence or the one after a count: "Of these, five are for the
  // service manager, and one is for the board"; "three have been made to the police".
  for (const m of all(
    new RegExp(
      `\\b${NUM}\\s+(?:recommendations?\\s+|of\\s+(?:these|them|those|which)\\s+)?` +
        `(?:are|is|were|was|have been|has been)\\s+` +
        // "three recommendations are that the Director of Children’s Services should: …".
        `(?:made\\s+)?(?:for|to|(?:addressed|directed|aimed)\\s+(?:to|at)|that(?=\\s[^.;\\n]{1,120}?\\bshould\\b))` +
        // "a further two were for Avon and Somerset Police": "and" ends the recipient only before another count.
        `\\s+([^.;,–\\n]{1,120}?)(?=\\s{1,10}and\\s+${FURTHER}${NUM}\\b|\\s[-—]\\s|[.;,–\\n]|$)`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    // "Four of these are for Leeds YJS, including …. Four are for the board": the count of recommendations may
    // be two sentences back; only that much is read before the match.
    const n = sentences.of(m.index);
    const near = text.slice(
      Math.max(sentences.starts[Math.max(0, n - 2)]!, m.index - 2000),
      Math.min(sentenceEnd(m.index), m.index + 400),
    );
    if (!/recommendation/i.test(near)) continue;
    const who = recipientOf(m[2]!);
    if (!who) continue;
    add({ kind: 'recommendations', count: toNum(m[1]!), addressee: who, ...at(sentence, m) });
    breakdownAfter(m.index + m[0].length);
  }

  // "Another recommendation was directed at NHS North East": one more, to one addressee.
  for (const m of all(
    new RegExp(
      '\\b(?:another|one|a\\s+further)\\s+recommendation\\s+(?:was|is)\\s+(?:directed|addressed|made)' +
        '\\s+(?:at|to)\\s+([^.;,–\\n]{1,120})',
      'gi',
    ),
  )) {
    const who = recipientOf(m[1]!);
    if (!who || overlaps(m.index, m.index + m[0].length)) continue;
    add({ kind: 'recommendations', count: 1, addressee: who, ...at(sentence, m) });
  }

  // ---- the Chief Inspector, in any letter case, with honours after the name ----
  const NAME_WORD = "(?:Mc|Mac|O['’])?[A-Z][a-z]{1,30}(?:-[A-Z][a-z]{1,30})?";
  const NAME = `((?:Dame |Sir |Dr )?${NAME_WORD}(?: ${NAME_WORD}){1,3})`;
  const HONOURS = /^(?:CBE|OBE|MBE|KC|QC|DBE|KBE|CB)$/;
  // "Chief Inspectorate of Probation Martin Jones": the office miscalled by its body's name, as published.
  const CHIEF = '(?:(?:interim|acting|hm|outgoing)\\s+)?chief\\s+inspector(?:ate)?(?:\\s+of\\s+probation)?';
  const personAfterRe = new RegExp(`^,?\\s{1,3}${NAME}`);
  const personBeforeRe = new RegExp(`${NAME}(?:,?\\s{1,3}(?:CBE|OBE|MBE|KC|QC|DBE|KBE|CB))?,?\\s{0,3}(?:the\\s+)?$`);
  const personAfter = (pos: number) => {
    const m = personAfterRe.exec(text.slice(pos, pos + 120));
    if (!m) return null;
    const words = m[1]!.split(' ');
    while (words.length > 1 && (HONOURS.test(words.at(-1)!) || /^(?:Said|Says|Has|Is|Was)$/.test(words.at(-1)!)))
      words.pop();
    if (words.length < 2) return null;
    const name = words.join(' ');
    const start = pos + m[0].indexOf(m[1]!);
    return { name, start, end: start + name.length };
  };
  const personBefore = (pos: number) => {
    const window = text.slice(Math.max(0, pos - 80), pos);
    const m = personBeforeRe.exec(window);
    if (!m) return null;
    const start = pos - window.length + m.index + m[0].indexOf(m[1]!);
    return { name: m[1]!, start, end: start + m[1]!.length };
  };
  // "reflects Justin Russell following the publication of his final annual report as chief inspector": the
  // name, then words in small letters holding "his" or "her", then "as" the office.
  const subjectBeforeRe = new RegExp(`${NAME}\\s+((?:[a-z][\\w’'-]{0,24}\\s+){1,14})as\\s+(?:the\\s+)?$`);
  const subjectBefore = (pos: number) => {
    const window = text.slice(Math.max(sentenceStart(pos), pos - 160), pos);
    if (!/\b(?:his|her)\b/.test(window)) return null;
    const m = subjectBeforeRe.exec(window);
    if (!m || !/\b(?:his|her)\b/.test(m[2]!)) return null;
    const start = pos - window.length + m.index;
    return { name: m[1]!, start, end: start + m[1]!.length };
  };
  for (const m of all(new RegExp(`\\b${CHIEF}\\b`, 'gi'))) {
    const end = m.index + m[0].length;
    const p = personAfter(end) ?? personBefore(m.index) ?? subjectBefore(m.index);
    if (!p || /\b(?:Inspectorate|Probation|Justice|Service)\b/.test(p.name)) continue;
    const s = Math.min(p.start, m.index);
    const e = Math.max(p.end, end);
    if (overlaps(s, e)) continue;
    // The person is named without the title before the name ("Dame Glenys Stacey" is Glenys Stacey),
    // as honours after it are dropped: the claim is who it was, and the register holds names bare.
    const bare = p.name.replace(/^(?:Dame|Sir|Dr) /, '');
    add({ kind: 'chief_inspector', name: bare, start: s, end: e, sentence: sentence(s, e) });
  }

  // ---- aggregates ----
  // "only 4 other councils in London recognised as outstanding",
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
  // "one of five councils in London and one of 17 across the country with the highest category overall
  // rating": the rating is the one the sentence names, or Outstanding for "the highest".
  for (const m of all(
    new RegExp(
      `\\bone of\\s+(?:only\\s+)?${NUM}\\s+(?:(?:other\\s+)?(?:councils|services|local authorities|y` +
        `outh justice services|YJSs)\\s+)?(?:in\\s+${PLACE}|across the country|nationally` +
        `|in the country)`,
      'g',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    const rest = text.slice(m.index, Math.min(sentenceEnd(m.index), m.index + 300));
    const r = RATING_OR_HIGHEST.exec(rest);
    if (!r) continue;
    add({
      kind: 'aggregate',
      count: toNum(m[1]!),
      others: false,
      scope: m[2] ?? null,
      rating: r[1] ? rid(r[1]) : 'outstanding',
      ...at(sentence, m),
    });
  }
  // The place at the head of the sentence: "In London, the council is one of only two YJSs to achieve
  // this highest possible rating".
  for (const m of all(
    new RegExp(
      `\\bone of\\s+(?:only\\s+)?${NUM}\\s+(?:councils|services|local authorities|youth justice services|YJSs)\\b`,
      'g',
    ),
  )) {
    const from = sentenceStart(m.index);
    // Only a sentence's head within reach is read, so a text of one endless sentence costs no more.
    if (overlaps(m.index, m.index + m[0].length) || m.index - from > 200) continue;
    const head = new RegExp(`^\\s{0,3}In\\s+${PLACE},`).exec(text.slice(from, m.index));
    const r = RATING_OR_HIGHEST.exec(text.slice(m.index, Math.min(sentenceEnd(m.index), m.index + 300)));
    if (!head || !r) continue;
    add({
      kind: 'aggregate',
      count: toNum(m[1]!),
      others: false,
      scope: head[1]!,
      rating: r[1] ? rid(r[1]) : 'outstanding',
      ...at(sentence, m),
    });
  }

  // ---- overall ratings ----
  const NOT_OVERALL = new RegExp(
    // "rating for leadership" rates a standard; "rating for its Youth Justice Service" the service.
    // "rated outstanding in nine out of 13 areas", "rated outstanding in five categories, good in four".
    `^\\s{0,5}(?:in\\s+(?:the\\s+)?(?:other\\s+|remaining\\s+)?${NUM}\\s+` +
      `(?:(?:out\\s+)?of|(?:[a-z]{2,20}\\s+)?${AREAS_WORD})` +
      // "a rating of ‘Good’ chiefly for its staffing": an adverb before "for" changes nothing; "rated good for
      // “helping children thrive”" gives a reason (a quotation, or a verb in -ing that names no standard).
      `|(?:[a-z]{2,20}ly\\s+)?for\\s(?!(?:its|the|their)\\s+(?:[\\w’']{1,30}\\s+){0,3}?(?:youth|yjs|yos|yot)\\b)` +
      `(?!\\s{0,2}[“"‘']|(?!(?:${STANDARD_RE.source}))[a-z]{2,20}ing\\b)` +
      `|in\\s+(?:the\\s+)?(?:delivery|work|quality|relation))`,
    'i',
  );
  const notOverall = (end: number) => twoRatings(end) || NOT_OVERALL.test(text.slice(end, end + 40));
  /**
   * "with five specific aspects judged to be 'Outstanding'", "Five aspects of the YOS’s work were rated
   * ‘Inadequate’": a rating said of a number of areas rates standards, never the service as a whole.
   */
  const COUNTED_AREAS_BEFORE = new RegExp(
    // "with many areas individually being rated ‘Good’": a number in words ("many", "several") counts too.
    `\\b(?:${NUM}|many|several|some|most|other|various)\\s+(?:[a-z]{2,20}\\s+)?${AREAS_WORD}` +
      `(?:\\s+of\\s+(?:the|its|their)\\s+[^\\s.]{1,25}(?:\\s+work)?)?` +
      `\\s+(?:[a-z]{2,20}ly\\s+)?(?:(?:were|was|are|being)\\s+)?(?:[a-z]{2,20}ly\\s+)?` +
      `(?:(?:rated|judged|marked|graded|found|deemed|considered)\\s+)?(?:to\\s+be\\s+|as\\s+)?$`,
    'i',
  );
  /**
   * "the service only rescued from an overall ‘Inadequate’ rating", "narrowly avoided a ‘Good’ rating": a
   * rating the service escaped or fell short of is one it was not given.
   */
  const NOT_GIVEN_BEFORE =
    /\b(?:rescued|saved|spared|escaped|escaping|avoided|avoiding|missed(?:\s+out\s+on)?|short\s+of)\s+(?:from\s+)?$/i;
  /** "graded as ‘Inadequate’ in 2019": a rating placed in a year right after it is that year's. */
  const RATING_YEAR = /^[’'"”]?\s{1,3}in\s+((?:19|20)\d\d)\b/;
  const overall = (m: RegExpExecArray | RegExpMatchArray, rating: string, current = false) => {
    const end = m.index! + m[0].length;
    if (overlaps(m.index!, end) || notOverall(end)) return;
    if (COUNTED_AREAS_BEFORE.test(text.slice(Math.max(0, m.index! - 90), m.index!))) return;
    if (NOT_GIVEN_BEFORE.test(text.slice(Math.max(0, m.index! - 30), m.index!))) return;
    const c: Claim = { kind: 'overall', rating: rid(rating), ...at(sentence, m) };
    const year = RATING_YEAR.exec(text.slice(end, end + 12));
    // The later rating of "from X in 2018 to Y" is this inspection's, whatever years the sentence names.
    add(current ? c : year ? { ...c, earlier: Number(year[1]) } : withEarlier(c));
  };
  for (const m of all(
    new RegExp(
      [
        `overall (?:performance |inspection )?(?:rating|judgement|judgment|grade) (?:of|was|is|being)` +
          `\\s+${Q}${RATING}${QE}`,
        `overall rating (?:of|for) the service (?:was|is)\\s+${Q}${RATING}${QE}`,
        // "the overall judgement was that CYJS was good": what the judgement was, in a clause after "that".
        `overall (?:rating|judgement|judgment) (?:was|is) that [^.\\n]{1,40}? (?:was|is) ${Q}${RATING}${QE}`,
        `\\b(?:rated|be|as)\\s+${Q}${RATING}${QE}\\s+overall\\b`,
        // "received the highest 'outstanding' grade", "gave it an ‘Outstanding’ rating".
        `\\b(?:(?:received?|given|awarded|achieved)|(?:gave|give|gives)\\s+(?:it|them|the\\s+service|the\\s+team))` +
          `\\s+(?:an?|the)\\s+(?:(?:highest|lowest)\\s+(?:possible\\s+)?)?${Q}${RATING}${QE}\\s+(?:overall\\s+)?` +
          `(?:rating|grade|judgement)\\b`,
        `\\bfound\\s+(?:it|the service|the YJS|the YOS|the YOT)\\s+to\\s+be\\s+${Q}${RATING}${QE}`,
        `\\brated\\s+(?:the\\s+service|it)\\s+(?:as\\s+)?${Q}${RATING}${QE}`,
        // "was rated overall as ‘Requires improvement’", "pleased with the overall 'Good' rating".
        `\\brated\\s+overall\\s+as\\s+${Q}${RATING}${QE}`,
        `\\b(?:an?|the|its)\\s+overall\\s+${Q}${RATING}${QE}\\s+rating\\b`,
      ].join('|'),
      'gi',
    ),
  ))
    overall(m, m.slice(1).find(Boolean)!);
  for (const m of predicates) {
    if (ofStandards.has(m.index) || servicesInPluralBefore(m.index)) continue;
    if (serviceJustBefore(m.index) || serviceIsSubject(m.index) || serviceBeforeAside(m.index)) overall(m, m[1]!);
  }
  // Said of a service named just before: "was given a rating of ‘requires improvement’", "was deemed to
  // require improvement", "was found by HM Inspectorate of Probation to be ‘Inadequate’", "has been
  // assessed by the Inspectorate as ‘Outstanding’", "has gone from ‘inadequate’ to ‘good’" (the later one).
  for (const m of all(
    new RegExp(
      [
        `\\b(?:given|handed|awarded|received|awarding|giving)\\s+an?\\s+(?:overall\\s+)?rating\\s+of\\s+` +
          `${Q}${RATING}${QE}`,
        // "deemed it to be inadequate": the service as "it".
        `\\b(?:deemed|considered|judged)\\s+(?:it\\s+)?to\\s+(?:be\\s+)?${Q}${RATING}${QE}`,
        `\\b(?:found|assessed|judged|rated|graded)\\s+by\\s+[^.\\n]{1,60}?\\s+(?:to\\s+be|as)\\s+${Q}${RATING}${QE}`,
        `\\b(?:gone|go|went|moved|improved|risen|rose|climbed)\\s+(?:up\\s+)?from\\s+(?:an?\\s+)?` +
          `${Q}(?:outstanding|good|requires improvement|inadequate)${QE}` +
          `\\s+to\\s+(?:an?\\s+)?${Q}${RATING}${QE}`,
      ].join('|'),
      'gi',
    ),
  )) {
    // "Tameside YJS has been praised … They’ve been awarded a rating of ‘Good’": "they", in the passive, as the
    // service the sentence before names.
    const they =
      /\bthey(?:['’]ve|\s+have|\s+had|\s+were)\s+(?:been\s+)?$/i.test(text.slice(Math.max(0, m.index - 20), m.index)) &&
      SERVICE_KIND_RE.test(text.slice(Math.max(0, m.index - 300), sentenceStart(m.index)));
    if (serviceJustBefore(m.index) || they) overall(m, m.slice(1).find(Boolean)!);
  }
  // "improved from ‘Inadequate’ in 2015 and ‘Requiring improvement’ in 2019 to ‘Good’", "an improvement from
  // its ‘Requiring improvement’ rating in 2019 and ‘Inadequate’ in 2015": earlier ratings, each placed in its year.
  const EARLIER_RATING = `${Q}${RATING}${QE}(?:\\s+rating)?\\s+in\\s+((?:19|20)\\d\\d)\\b`;
  const TO_RATING = new RegExp(`^\\s+to\\s+(?:an?\\s+)?${Q}${RATING}${QE}`, 'i');
  const AND_EARLIER_RATING = new RegExp(`^,?\\s+and\\s+(?:(?:an?|the)\\s+)?${EARLIER_RATING}`, 'i');
  for (const m of all(
    new RegExp(`\\b(?:from|(?:graded|rated|judged)\\s+as)\\s+(?:(?:its|an?|the)\\s+)?${EARLIER_RATING}`, 'gi'),
  )) {
    let end = m.index + m[0].length;
    const items: { s: number; e: number; rating: string; year: number }[] = [
      { s: m.index, e: end, rating: m[1]!, year: Number(m[2]) },
    ];
    for (let k = 0; k < 4; k++) {
      const n = AND_EARLIER_RATING.exec(text.slice(end, end + 80));
      if (!n) break;
      items.push({ s: end + n[0].search(/\S/), e: end + n[0].length, rating: n[1]!, year: Number(n[2]) });
      end += n[0].length;
    }
    // "… to ‘Outstanding’": the later rating is this inspection's, said of a service named just before.
    const to = TO_RATING.exec(text.slice(end, end + 60));
    if (to && serviceJustBefore(m.index))
      overall(
        Object.assign([to[0].trimStart()], { index: end + to[0].search(/\S/) }) as unknown as RegExpMatchArray,
        to[1]!,
        true,
      );
    for (const it of items) {
      if (overlaps(it.s, it.e)) continue;
      add({
        kind: 'overall',
        rating: rid(it.rating),
        earlier: it.year,
        start: it.s,
        end: it.e,
        sentence: sentence(it.s, it.e),
      });
    }
  }
  // "the service … has been upgraded to ‘Requires Improvement’": the new rating of a service the sentence names.
  // "has upgraded it to "requires improvement"": the service as "it".
  for (const m of all(
    new RegExp(`\\b(?:upgraded|downgraded)\\s+(?:(?:it|them)\\s+)?to\\s+(?:an?\\s+)?${Q}${RATING}${QE}`, 'gi'),
  )) {
    const head = text.slice(Math.max(sentenceStart(m.index), m.index - 300), m.index);
    if (/\b(?:the|this) service\b/i.test(head) || SERVICE_KIND_RE.test(head)) overall(m, m[1]!);
  }
  // "The ‘Outstanding’ rating from His Majesty’s Inspectorate of Probation marks a turnaround".
  for (const m of all(
    new RegExp(`\\bthe\\s+${Q}${RATING}${QE}\\s+rating\\s+(?:from|by|given\\s+by)\\s+(?:hm|his|her|the)\\s`, 'gi'),
  ))
    overall(m, m[1]!);
  // "HM Inspectorate of Probation gave Surrey's Youth Offending Service the lowest possible rating of
  // 'inadequate'": a rating given to a named service, with no standard named, is its overall rating.
  for (const m of all(
    new RegExp(
      `\\b(?:gave|awarded)\\s+([^.\\n]{1,80}?)\\s+(?:the\\s+(?:lowest|highest)\\s+(?:possible\\s+)?|an?\\s+` +
        `(?:overall\\s+)?)rating\\s+of\\s+${Q}${RATING}${QE}`,
      'gi',
    ),
  )) {
    if (SERVICE_KIND_RE.test(m[1]!) && !STANDARD_RE_ONE.test(m[1]!)) overall(m, m[2]!);
  }
  // "found Kirklees Youth Justice Service (YJS) required improvement", "found the YOT to be ‘Good’".
  for (const m of all(
    new RegExp(`\\bfound\\s+([^.\\n]{1,80}?)\\s+(?:to\\s+be\\s+|was\\s+)?${Q}${RATING}${QE}`, 'gi'),
  )) {
    if (SERVICE_KIND_RE.test(m[1]!) && !STANDARD_RE_ONE.test(m[1]!) && !/\bthat\b/i.test(m[1]!)) overall(m, m[2]!);
  }
  // "The Inspectorate has given Bradford YOT a ‘Requires improvement’ rating": the rating a named service was given.
  for (const m of all(
    new RegExp(
      `\\b(?:gave|given|awarded|handed)\\s+([^.\\n]{1,80}?)\\s+(?:an?|the)\\s+(?:(?:highest|lowest)\\s+` +
        `(?:possible\\s+)?)?${Q}${RATING}${QE}\\s+(?:overall\\s+)?(?:rating|grade|judgement|mark)\\b`,
      'gi',
    ),
  )) {
    if (SERVICE_KIND_RE.test(m[1]!) && !STANDARD_RE_ONE.test(m[1]!)) overall(m, m[2]!);
  }
  // "Inspectors have rated Birmingham Youth Offending Service (YOS) as “requires improvement”", "which marked
  // Brent’s youth offending services (YOS) as ‘Good’".
  for (const m of all(
    new RegExp(
      `\\b(?:rated|marked|judged|graded|assessed)\\s+([^.\\n]{1,80}?)\\s+as\\s+(?:being\\s+)?${Q}${RATING}${QE}`,
      'gi',
    ),
  )) {
    if (SERVICE_KIND_RE.test(m[1]!) || /\bservice\b/i.test(m[1]!)) overall(m, m[2]!);
    // "During an inspection of Sefton YOT … rated the local authority as being ‘Requires improvement’": the
    // council that runs the service, in a sentence that names the service, stands for it.
    else if (
      /^(?:the\s+)?(?:local\s+authority|council)$/i.test(m[1]!) &&
      // Only the sentence's last 300 characters before the verb are read, so an endless sentence costs no more.
      SERVICE_KIND_RE.test(text.slice(Math.max(sentenceStart(m.index), m.index - 300), m.index))
    )
      overall(m, m[2]!);
  }
  // "received the lowest possible performance rating", "slapped its second lowest rating of ‘requires
  // improvement’ on Walsall YJS", "after receiving the second highest rating possible": a place on the
  // four-point scale, in a sentence that names a service, is its overall rating (the one named after "of",
  // where one is). "the highest overall rating score" ranks a score out of 36, not a rating.
  for (const m of all(
    new RegExp(
      `\\b(?:the|its|their|a)\\s+((?:second[\\s-]+)?(?:highest|lowest))\\s+(?:possible\\s+)?(?:overall\\s+)?` +
        `(?:performance\\s+)?(?:rating|grade|judgement)\\b(?!\\s+scores?\\b)(?:\\s+possible)?` +
        `(?:\\s+of\\s+${Q}${RATING}${QE})?`,
      'gi',
    ),
  )) {
    const s0 = sentenceStart(m.index);
    const said = text.slice(s0, Math.min(sentenceEnd(m.index), s0 + 400));
    if (!SERVICE_KIND_RE.test(said) || STANDARD_RE_ONE.test(text.slice(Math.max(s0, m.index - 60), m.index))) continue;
    overall(m, m[2] ?? ratingAtRank(m[1]!));
  }
  // Headlines: "Birmingham Youth Offending Service 'requires improvement'", "‘Inadequate’ Ceredigion Youth
  // Justice and Prevention Service", "inquiry into ‘inadequate’ youth offending service".
  for (const k of kinds) {
    const b = QUOTED_RATING_BEFORE.exec(text.slice(Math.max(0, k.nameStart - 40), k.nameStart));
    if (b) {
      const s0 = k.nameStart - b[0].length;
      overall(Object.assign([text.slice(s0, k.end)], { index: s0 }) as unknown as RegExpMatchArray, b[1]!);
    }
    const m = QUOTED_RATING_AFTER.exec(text.slice(k.end, k.end + 40));
    if (m)
      overall(
        Object.assign([text.slice(k.end, k.end + m[0].length)], { index: k.end }) as unknown as RegExpMatchArray,
        m[1]!,
      );
  }

  // "A service tackling youth offending in Leeds “requires improvement”": a quoted rating straight after the
  // one place a kind of service is placed in.
  for (const e of placedAfter) {
    const m = QUOTED_RATING_AFTER.exec(text.slice(e, e + 40));
    if (m) overall(Object.assign([text.slice(e, e + m[0].length)], { index: e }) as unknown as RegExpMatchArray, m[1]!);
  }

  // ---- "the first ‘Inadequate’ rating given to a Youth Justice Service since July 2020" ----
  for (const m of all(
    new RegExp(
      `\\b(${Object.keys(ORDINALS).join('|')}|\\d{1,3}(?:st|nd|rd|th))\\s+(?:${Q}${RATING}` +
        `${QE}\\s+(?:overall\\s+)?rating|(?:overall\\s+)?rating\\s+of\\s+${Q}${RATING}${QE})` +
        `[^.\\n]{0,80}?\\bsince\\s+(?:(${MONTH_NAMES})\\s+)?((?:19|20)\\d\\d)`,
      'gi',
    ),
  )) {
    const nth = ORDINALS[m[1]!.toLowerCase()] ?? parseInt(m[1]!, 10);
    add({
      kind: 'nth_since',
      nth,
      rating: rid((m[2] ?? m[3])!),
      since: m[4] ? `${m[5]}-${pad(monthNo(m[4]))}` : m[5]!,
      ...at(sentence, m),
    });
  }
  // "rated the service as inadequate - … only the second time any service has been given that since July
  // 2020": the rating is the last one the sentence names before the count.
  for (const m of all(
    new RegExp(
      `\\b(?:the\\s+)?(${Object.keys(ORDINALS).join('|')})\\s+time\\b[^.\\n]{0,60}?` +
        `\\b(?:given|awarded|rated|received)\\b[^.\\n]{0,30}?\\bsince\\s+(?:(${MONTH_NAMES})\\s+)?((?:19|20)\\d\\d)`,
      'gi',
    ),
  )) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    const head = text.slice(Math.max(sentenceStart(m.index), m.index - 200), m.index);
    const ratings = [...head.matchAll(new RegExp(`\\b${RATING}\\b`, 'gi'))];
    if (!ratings.length) continue;
    add({
      kind: 'nth_since',
      nth: ORDINALS[m[1]!.toLowerCase()]!,
      rating: rid(ratings.at(-1)![1]!),
      since: m[2] ? `${m[3]}-${pad(monthNo(m[2]))}` : m[3]!,
      ...at(sentence, m),
    });
  }

  // Figures the register does not hold (reoffending rates, caseloads): found so they can be flagged.
  for (const m of all(/\b\d+(?:\.\d+)?\s*(?:per cent|%)|\b\d{2,}\s+children in care\b/gi)) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    add({ kind: 'figure', figure: m[0], ...at(sentence, m) });
  }
  // A claim made twice (a headline and its first sentence) is one claim, at its first mention;
  // figures are kept each time, as the same figure can measure different things.
  const seen = new Set<string>();
  // "Dorset Combined Youth Justice Service … Dorset YJS": a later name made of the first words of a service
  // named before it is that service named short, not another one.
  const leadingWords = new Set<string>();
  return out
    .sort((a, b) => a.start - b.start)
    .filter((c) => {
      if (c.kind === 'figure') return true;
      if (c.kind === 'service') {
        const name = sameServiceName(c.name);
        if (leadingWords.has(name)) return false;
        const words = name.split(' ');
        for (let i = 1; i < words.length; i++) leadingWords.add(words.slice(0, i).join(' '));
      }
      const key = claimIdentity(c);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A service's name in any letter case, with "&" and "and" alike ("Conwy & Denbighshire" is Conwy and Denbighshire). */
const sameServiceName = (name: string) => name.toLowerCase().replace(/\s*&\s*/g, ' and ');

/** What makes two claims the same claim: the kind and its value, and a service's name as sameServiceName reads it. */
function claimIdentity(c: Claim): string {
  const { start: _s, end: _e, sentence: _t, ...rest } = c;
  return JSON.stringify(c.kind === 'service' ? { ...rest, name: sameServiceName(c.name) } : rest);
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
  /** The explanation as data (a code and its values), for a page that says it in another language. */
  reason: Reason;
  record: string | null;
  /** Which inspection the claim was checked against and why that one; null when none was. */
  basis: string | null;
  basisReason: Reason | null;
  correct?: string;
  correctValue?: ReasonValue;
}

/** Why a service could change a count (count-range.ts), as a reason. */
const UNCERTAIN_CODE: Record<UncertaintyReason, ReasonCode> = {
  'date-straddles': 'uncertainDateStraddles',
  undated: 'uncertainUndated',
  'no-record': 'uncertainNoRecord',
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
function buildResolver(services: ClaimsService[]): (name: string) => ClaimsService | null {
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

/**
 * The resolver of a register's services, made once per list of services: the checker keeps the
 * register as at a date and checks text after text against the same lists, and normalising every
 * name again for each text was a fifth of a check's time. Keyed by the lists themselves, so a
 * register read afresh gets its own, and one no longer referenced is collected with its resolver;
 * callers never change a list once they have passed it here.
 */
const resolvers = new WeakMap<readonly object[], WeakMap<readonly object[], (name: string) => ClaimsService | null>>();
const NO_DIRECTORY: readonly ListedService[] = [];
function serviceResolver(
  services: ClaimsService[],
  directory: readonly ListedService[] = NO_DIRECTORY,
): (name: string) => ClaimsService | null {
  let byDirectory = resolvers.get(services);
  if (!byDirectory) resolvers.set(services, (byDirectory = new WeakMap()));
  let resolve = byDirectory.get(directory);
  if (!resolve) {
    // Services of the directory the register holds no record for are still services: a claim about
    // one has "no inspection of it in the register", not "no service identified".
    const held = new Set(services.map((s) => s.id));
    const directoryOnly: ClaimsService[] = directory
      .filter((d) => !held.has(d.serviceId))
      .map((d) => ({ id: d.serviceId, slug: '', name: d.serviceName, formerNames: [], areas: [] }));
    resolve = buildResolver([...services, ...directoryOnly]);
    byDirectory.set(directory, resolve);
  }
  return resolve;
}

export function resolveService(name: string, services: ClaimsService[]): ClaimsService | null {
  return serviceResolver(services)(name);
}

/** The date an inspection counts from for the checker: its publication, as early as it may have been. */
const publishedBy = (i: ClaimsInspection, asAt: string) => !!i.publication && i.publication.earliest <= asAt;
const whenPublished = (i: ClaimsInspection): Reason =>
  !i.publication
    ? reason('whenNotHeld')
    : i.publication.precision === 'day'
      ? reason('whenDay', { date: { date: i.publication.earliest } })
      : i.publication.precision === 'range'
        ? reason('whenRange', { from: { date: i.publication.earliest }, to: { date: i.publication.latest } })
        : reason(i.publication.precision === 'month' ? 'whenMonth' : 'whenYear', {
            date: { date: i.publication.earliest.slice(0, i.publication.precision === 'month' ? 7 : 4) },
          });

/** Standard names as frameworks give them, mapped to the one name claims use. */
const STANDARD_SAME: Record<string, string> = {
  'leadership and governance': 'Governance and leadership',
  staffing: 'Staff',
  assessing: 'Assessment',
};
const baseStandard = (registerName: string) => {
  const base = registerName.replace(/\s*\((?:court|out-of-court) disposals\)$/i, '');
  return STANDARD_SAME[base.toLowerCase()] ?? base;
};
/** The register's ratings a claimed standard may mean: the same standard, in the domain the claim names if any. */
function standardRatings(claimed: string, held: Record<string, string | null>): string[] {
  const exact = Object.entries(held).filter(([k]) => k === claimed || STANDARD_SAME[k.toLowerCase()] === claimed);
  if (exact.length) return exact.map(([, r]) => r).filter((r): r is string => !!r);
  const base = claimed.replace(/\s*\((?:court|out-of-court) disposals\)$/i, '');
  const domain = claimed.slice(base.length);
  const same = Object.entries(held).filter(([k]) => baseStandard(k) === base);
  // "Assessment (court disposals)" against a framework with one assessment standard and no domains.
  if (domain && same.some(([k]) => k !== baseStandard(k) && /\(/.test(k))) return [];
  return same.map(([, r]) => r).filter((r): r is string => !!r);
}

/**
 * How many months apart two dates are ("2020-03-01" and "2020-02" are 1). Fieldwork runs for a week or more and
 * sources name its month loosely (a council's "24 to 28 February", the Inspectorate's "in March"), so a month next
 * to the register's neither confirms nor contradicts it.
 */
const monthsApart = (a: string, b: string) => {
  const n = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return Math.abs(n(a) - n(b));
};

/** How well an inspection fits the checkable claims of a text: supported minus contradicted. */
function fit(claims: Claim[], i: ClaimsInspection): number {
  let n = 0;
  for (const c of claims) {
    if (c.earlier !== undefined) continue;
    const agree = (ok: boolean | null) => {
      if (ok !== null) n += ok ? 1 : -1;
    };
    if (c.kind === 'overall') agree(i.overall ? i.overall === c.rating : null);
    if (c.kind === 'score') agree(i.score !== null ? i.score === c.total : null);
    if (c.kind === 'resettlement') agree(i.resettlement ? i.resettlement === c.rating : null);
    if (c.kind === 'publication')
      agree(i.publication ? c.date >= i.publication.earliest && c.date <= i.publication.latest : null);
    if (c.kind === 'fieldwork')
      agree(
        i.fieldworkStart && monthsApart(i.fieldworkStart, c.month) !== 1
          ? i.fieldworkStart.slice(0, 7) === c.month
          : null,
      );
    if (c.kind === 'chief_inspector') agree(i.chiefInspector ? sameName(i.chiefInspector, c.name) : null);
    if (c.kind === 'standard') {
      const r = standardRatings(c.standard, i.standards);
      agree(r.length ? r.every((x) => x === c.rating) : null);
    }
  }
  return n;
}

/** Names compared without bracketed titles or honours: "Sue McAllister (interim Chief Inspector)" is Sue McAllister. */
const personName = (s: string) =>
  norm(s.replace(/\([^)]{0,80}\)/g, ' ').replace(/\b(?:CBE|OBE|MBE|KC|QC|DBE|KBE|CB|Dame|Sir|Dr)\b/g, ' '));
const sameName = (a: string, b: string) => personName(a) === personName(b);

/**
 * The inspection a text is about when it gives no date of its own: of the inspections of the first
 * service the text names, the one its claims fit best (the latest when they fit several alike). An
 * undated article about a 2020 inspection is about that inspection, not the service's latest; and its
 * counts are checked as at that inspection's publication, not as at today.
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
      .filter((i) => i.serviceId === s.id && i.publication)
      .sort((a, b) => a.publication!.earliest.localeCompare(b.publication!.earliest));
    let best: ClaimsInspection | null = null;
    let bestFit = -Infinity;
    for (const i of dated) {
      const f = fit(claims, i);
      if (f >= bestFit) {
        best = i;
        bestFit = f;
      }
    }
    return best ? { ref: best.ref, date: best.publication!.latest } : null;
  }
  return null;
}

/** The inspections as the counts read them, made once per list (see serviceResolver). */
const entriesOf = new WeakMap<ClaimsInspection[], (ClaimsInspection & { inspectionId: string })[]>();
function registerEntries(inspections: ClaimsInspection[]) {
  let entries = entriesOf.get(inspections);
  if (!entries) entriesOf.set(inspections, (entries = inspections.map((i) => ({ ...i, inspectionId: i.ref }))));
  return entries;
}

export function checkClaims(
  claims: Claim[],
  services: ClaimsService[],
  inspections: ClaimsInspection[],
  asAt: string,
  options: {
    directory?: readonly ListedService[];
    /** The inspection the text is about, when the text gives no date and one was chosen by inspectionAbout. */
    about?: string;
    /**
     * Set when neither the text nor the caller gave the date (it is the inspection's, or today): a
     * count of services is then not called wrong, as it may have held when the text was written.
     */
    undated?: boolean;
  } = {},
): Verdict[] {
  const resolve = serviceResolver(services, options.directory);
  const subjectClaim = claims.find((c): c is Claim & { kind: 'service' } => c.kind === 'service' && !!resolve(c.name));
  const subject = subjectClaim ? resolve(subjectClaim.name) : null;
  const byService = new Map<string, ClaimsInspection[]>();
  for (const i of inspections) {
    if (!publishedBy(i, asAt)) continue;
    const list = byService.get(i.serviceId);
    if (list) list.push(i);
    else byService.set(i.serviceId, [i]);
  }
  for (const list of byService.values())
    list.sort((a, b) => a.publication!.earliest.localeCompare(b.publication!.earliest));
  const about = options.about ? (inspections.find((i) => i.ref === options.about) ?? null) : null;
  // How far the text's distinctive claims (not the Chief Inspector, who signs many reports) fit it.
  const aboutFit = about
    ? fit(
        claims.filter((c) => c.kind !== 'chief_inspector'),
        about,
      )
    : 0;
  /** The inspection a service's claims are checked against, and why that one. */
  const mainOf = (service: ClaimsService): { i: ClaimsInspection; why: Reason } | null => {
    if (about && about.serviceId === service.id)
      return { i: about, why: reason('whyAbout', { service: { name: service.name }, when: whenPublished(about) }) };
    const last = byService.get(service.id)?.at(-1);
    if (!last) return null;
    const possibly = last.publication!.latest > asAt;
    return {
      i: last,
      why: reason(possibly ? 'whyLatestPossibly' : 'whyLatest', {
        service: { name: service.name },
        asAt: { date: asAt },
        when: whenPublished(last),
      }),
    };
  };
  // The services a text names, by sentence: a claim in a sentence naming another service is about that one.
  const servicesBySentence = new Map<string, { start: number; s: ClaimsService }[]>();
  for (const c of claims)
    if (c.kind === 'service') {
      const s = resolve(c.name);
      if (s) servicesBySentence.set(c.sentence, [...(servicesBySentence.get(c.sentence) ?? []), { start: c.start, s }]);
    }
  const serviceOf = (c: Claim) =>
    servicesBySentence
      .get(c.sentence)
      ?.filter((x) => x.start <= c.start)
      .at(-1)?.s ?? subject;

  // How many services had a rating (in a region): the same few questions are asked by every aggregate claim.
  const entries = registerEntries(inspections);
  const ranges = new Map<string, ReturnType<typeof countRatingRange<(typeof entries)[number]>>>();
  const rangeOf = (rating: string, scope: string | null) => {
    const key = `${rating}|${scope?.toLowerCase() ?? ''}`;
    if (!ranges.has(key))
      ranges.set(key, countRatingRange(entries, asAt, rating, { region: scope, directory: options.directory }));
    return ranges.get(key)!;
  };
  const holdsAnyServiceIn = (scope: string | null) => {
    const inScope = (region: string | null | undefined) =>
      scope === null || (region ?? '').toLowerCase() === scope.toLowerCase();
    return entries.some((e) => inScope(e.region)) || (options.directory ?? []).some((d) => inScope(d.region));
  };
  const fieldworkClaim = claims.find((c): c is Claim & { kind: 'fieldwork' } => c.kind === 'fieldwork');

  return claims.map((claim): Verdict => {
    const service = claim.kind === 'service' ? null : serviceOf(claim);
    let checked: { i: ClaimsInspection; why: Reason } | null = service ? mainOf(service) : null;
    let missing: Reason | null = null;
    if (service && claim.earlier !== undefined) {
      // A claim about an earlier inspection: the one published in the year the sentence names, or the one before.
      const before = (byService.get(service.id) ?? []).filter((i) => !checked || i.ref !== checked.i.ref);
      const pick =
        claim.earlier === null
          ? before.filter((i) => !checked || i.publication!.earliest < checked.i.publication!.earliest).at(-1)
          : before.filter((i) => i.publication!.earliest.startsWith(String(claim.earlier))).at(-1);
      checked = pick
        ? { i: pick, why: reason('whyEarlier', { service: { name: service.name }, when: whenPublished(pick) }) }
        : null;
      if (!pick)
        missing = claim.earlier
          ? reason('earlierMissingYear', { service: { name: service.name }, year: claim.earlier })
          : reason('earlierMissing', { service: { name: service.name } });
    }
    const basisReason = checked ? reason('checkedAgainst', { ref: checked.i.ref, why: checked.why }) : null;
    const t = checked?.i ?? null;
    const v = (
      verdict: Verdict['verdict'],
      why: Reason,
      record: string | null = t?.ref ?? null,
      correct?: ReasonValue,
    ): Verdict => {
      const b = record ? basisReason : null;
      const correctText = correct === undefined ? undefined : reasonText(correct);
      return {
        claim,
        verdict,
        explanation: reasonText(why),
        reason: why,
        record,
        basis: b && reasonText(b),
        basisReason: b,
        ...(correctText ? { correct: correctText, correctValue: correct } : {}),
      };
    };
    const noTarget = () =>
      v(
        'unverifiable',
        missing ??
          (service
            ? reason('noInspection', { service: { name: service.name }, asAt: { date: asAt } })
            : reason('noService')),
        null,
      );
    /**
     * "Contradicted" only when certain: a text with no date of its own may be about another of the
     * service's inspections, so a claim one of them supports is not called wrong.
     */
    const contradicted = (explanation: Reason, correct: ReasonValue, holds: (i: ClaimsInspection) => boolean) => {
      if (service && claim.earlier === undefined) {
        // An inspection with no publication date held could be the one meant whatever the date; with
        // no date in the text, so could any of the service's inspections.
        const other = inspections
          .filter(
            (i) => i.serviceId === service.id && i.ref !== t?.ref && (options.about || !i.publication) && holds(i),
          )
          .at(-1);
        if (other)
          return v(
            'unverifiable',
            reason(options.about ? 'holdsForOtherUndated' : 'holdsForOtherNoDate', {
              explanation,
              ref: other.ref,
              when: whenPublished(other),
            }),
          );
      }
      // With no date in the text, the inspection is the one its claims fit best: a claim is called wrong
      // only when the text's other claims show it is about that inspection (the register may not hold
      // an older one the text is about).
      if (options.about && t && t.ref === options.about && claim.earlier === undefined) {
        const without = aboutFit - (claim.kind === 'chief_inspector' ? 0 : -1);
        // The Chief Inspector dates a text (each holds office a few years): one other claim that fits, such as
        // one of four ratings, does not outweigh that, so two are needed to call the name wrong.
        if (without < (claim.kind === 'chief_inspector' ? 2 : 1))
          return v('unverifiable', reason('notShownAbout', { explanation, ref: t.ref }));
      }
      return v('contradicted', explanation, t?.ref ?? null, correct);
    };
    const rating = (id: string) => ({ rating: id });
    const ratings = (ids: string[], join: 'or' | 'and' | 'comma') => ({ list: ids.map(rating), join });
    const range = (r: { min: number; max: number }): ReasonValue =>
      r.min === r.max ? r.min : reason('range', { min: r.min, max: r.max });
    const day = (date: string) => ({ date });
    switch (claim.kind) {
      case 'service': {
        const s = resolve(claim.name);
        return s
          ? v('supported', reason('serviceFound', { name: claim.name, service: { name: s.name } }), null)
          : v('unverifiable', reason('serviceUnknown', { name: claim.name }), null);
      }
      case 'figure':
        return v('unverifiable', reason('figure'), null);
      case 'aggregate': {
        const range_ = rangeOf(claim.rating, claim.scope);
        // "N other services": the subject is left out when it is certainly one of them.
        const less = claim.others && subject && range_.certain.some((e) => e.serviceId === subject.id) ? 1 : 0;
        const lessMaybe = claim.others && subject && range_.couldChange.some((u) => u.serviceId === subject.id) ? 1 : 0;
        const min = range_.min - less;
        const max = range_.max - less - lessMaybe;
        const what = reason(
          claim.others
            ? claim.scope
              ? 'countOthersRegion'
              : 'countOthersNational'
            : claim.scope
              ? 'countRegion'
              : 'countNational',
          { rating: rating(claim.rating), ...(claim.scope ? { scope: { name: claim.scope } } : {}), asAt: day(asAt) },
        );
        const basis = reason('countBasis', {
          refs: {
            list: range_.certain.map((e) => e.ref).slice(0, 30),
            join: 'comma',
          },
        });
        const open = range_.couldChange.filter((u) => !(claim.others && subject && u.serviceId === subject.id));
        const unknowns: ReasonValue = open.length
          ? reason(open.length > 30 ? 'couldChangeMore' : 'couldChange', {
              count: open.length,
              items: {
                list: open.slice(0, 30).map((u) =>
                  reason('uncertainItem', {
                    service: { name: u.serviceName },
                    why: reason(UNCERTAIN_CODE[u.reason]),
                  }),
                ),
                join: 'semicolon',
              },
            })
          : '';
        const count = range({ min, max });
        // A register that holds no service in the scope at all knows nothing to count: zero is not a
        // count of it, and "contradicted" must be certain.
        if (max === 0 && !holdsAnyServiceIn(claim.scope))
          return v(
            'unverifiable',
            claim.scope
              ? reason('aggregateNoServicesRegion', { scope: { name: claim.scope }, what })
              : reason('aggregateNoServicesNational', { what }),
            null,
          );
        const values = { range: count, what, claimed: claim.count, basis };
        if ((claim.count < min || claim.count > max) && options.undated)
          return v('unverifiable', reason('aggregateUndated', values), null);
        if (claim.count < min || claim.count > max)
          return v('contradicted', reason('aggregateContradicted', { ...values, unknowns }), null, count);
        if (min === max) return v('supported', reason('aggregateSupported', values), null);
        return v('consistent', reason('aggregateConsistent', { ...values, unknowns }), null);
      }
      case 'publication': {
        if (fieldworkClaim && claim.date.slice(0, 7) < fieldworkClaim.month)
          return v(
            'contradicted',
            reason('publicationBeforeFieldwork', { date: day(claim.date), month: day(fieldworkClaim.month) }),
            t?.ref ?? null,
            t?.publication?.precision === 'day' ? day(t.publication.earliest) : undefined,
          );
        if (!t?.publication) return noTarget();
        if (t.publication.precision !== 'day')
          return claim.date >= t.publication.earliest && claim.date <= t.publication.latest
            ? v('supported', reason('publicationConsistent', { when: whenPublished(t) }))
            : contradicted(
                reason('registerHasWhen', { when: whenPublished(t) }),
                day(t.publication.earliest.slice(0, 7)),
                (i) => !!i.publication && claim.date >= i.publication.earliest && claim.date <= i.publication.latest,
              );
        return claim.date === t.publication.earliest
          ? v('supported', reason('publicationSupported', { date: day(claim.date) }))
          : contradicted(
              reason('publicationRegisterHas', { date: day(t.publication.earliest) }),
              day(t.publication.earliest),
              (i) => i.publication?.earliest === claim.date,
            );
      }
      case 'nth_since': {
        // Inspections rated so after the date, up to the one the text is about (or the date checked as at).
        const until = t?.publication?.latest ?? asAt;
        const from = claim.since.length === 4 ? `${claim.since}-01-01` : `${claim.since}-01`;
        const to = claim.since.length === 4 ? `${claim.since}-12-31` : `${claim.since}-31`;
        const rated = inspections.filter(
          (i) => i.overall === claim.rating && i.publication && i.publication.earliest <= until,
        );
        const certain = rated.filter((i) => i.publication!.earliest > to && i.publication!.latest <= until);
        const possible = rated.filter((i) => i.publication!.latest >= from);
        const refs: ReasonValue = certain.length ? { list: certain.map((i) => i.ref), join: 'comma' } : reason('none');
        const values = { rating: rating(claim.rating), since: day(claim.since), until: day(until), refs };
        if (claim.nth < certain.length)
          return v(
            'contradicted',
            reason('nthContradicted', { ...values, n: certain.length }),
            t?.ref ?? null,
            String(certain.length),
          );
        return claim.nth <= possible.length
          ? v(
              'consistent',
              reason('nthConsistent', { ...values, range: range({ min: certain.length, max: possible.length }) }),
            )
          : v('unverifiable', reason('nthUnverifiable', { ...values, n: possible.length }));
      }
      default:
        break;
    }
    if (!t) return noTarget();
    switch (claim.kind) {
      case 'overall':
        return !t.overall
          ? v('unverifiable', reason('overallNotHeld'))
          : t.overall === claim.rating
            ? v('supported', reason('overallSupported', { rating: rating(claim.rating) }))
            : contradicted(
                reason('registerHasRating', { rating: rating(t.overall) }),
                rating(t.overall),
                (i) => i.overall === claim.rating,
              );
      case 'score': {
        // As the register holds them (a score with no maximum held says so, "33/null", as it always has).
        const score = { score: String(t.score), max: String(t.scoreMax) };
        return t.score === null
          ? v('unverifiable', reason('scoreNotHeld'))
          : t.score === claim.total
            ? v('supported', reason('scoreSupported', score))
            : contradicted(reason('scoreRegisterHas', score), reason('score', score), (i) => i.score === claim.total);
      }
      case 'standard': {
        const held = standardRatings(claim.standard, t.standards);
        const standard = { standard: claim.standard };
        if (!held.length) return v('unverifiable', reason('standardNotHeld', { standard }));
        if (held.every((r) => r === claim.rating))
          return v('supported', reason('standardSupported', { standard, rating: rating(claim.rating) }));
        if (held.some((r) => r === claim.rating))
          return v('unverifiable', reason('standardSplit', { standard, ratings: ratings(held, 'comma') }));
        const r = held[0]!;
        return contradicted(
          reason('standardRegisterHas', { standard, ratings: ratings(held, 'and') }),
          rating(r),
          (i) => standardRatings(claim.standard, i.standards).includes(claim.rating),
        );
      }
      case 'standards_count': {
        const held = Object.values(t.standards).filter((r): r is string => !!r);
        const n = held.filter((r) => claim.ratings.includes(r)).length;
        const unknown = claim.of - held.length;
        const claimed = ratings(claim.ratings, 'or');
        const what = reason('standardsWhat', { ratings: claimed, n: claim.count, of: claim.of });
        // "Three out of four inspected aspects of this work": a total below the fewest standards any framework
        // rates (seven) counts one domain's, which the register's list of ratings does not tell apart.
        if (unknown < 0 || !held.length || claim.of < 7)
          return v('unverifiable', reason('standardsCannot', { held: held.length, what }));
        if (unknown === 0)
          return n === claim.count
            ? v('supported', reason('standardsSupported', { what }))
            : contradicted(
                reason('standardsRegisterHas', { n, of: claim.of, ratings: claimed }),
                String(n),
                () => false,
              );
        const values = { held: held.length, of: claim.of, n, ratings: claimed };
        return claim.count >= n && claim.count <= n + unknown
          ? v('consistent', reason('standardsConsistent', values))
          : contradicted(
              reason('standardsContradicted', {
                ...values,
                range: range({ min: n, max: n + unknown }),
                claimed: claim.count,
              }),
              range({ min: n, max: n + unknown }),
              () => false,
            );
      }
      case 'resettlement':
        return !t.resettlement
          ? v('unverifiable', reason(t.resettlement === null ? 'resettlementNotRated' : 'resettlementNotHeld'))
          : t.resettlement === claim.rating
            ? v('supported', reason('resettlementSupported', { rating: rating(claim.rating) }))
            : contradicted(
                reason('resettlementRegisterHas', { rating: rating(t.resettlement) }),
                rating(t.resettlement),
                (i) => i.resettlement === claim.rating,
              );
      case 'recommendations': {
        if (!claim.addressee) {
          const total = t.recommendationsStated ?? (t.recommendationsHeld || null);
          return total === null
            ? v('unverifiable', reason('recommendationsNotHeld'))
            : total === claim.count
              ? v('supported', reason('recommendationsSupported', { n: total }))
              : contradicted(
                  reason('recommendationsRegisterHas', { n: total }),
                  String(total),
                  (i) => (i.recommendationsStated ?? i.recommendationsHeld) === claim.count,
                );
        }
        if ((t.recommendationsStated ?? 0) > t.recommendationsHeld)
          return v(
            'unverifiable',
            reason('addresseesPartial', { held: t.recommendationsHeld, stated: t.recommendationsStated! }),
          );
        if (!t.recommendationsHeld) return v('unverifiable', reason('addresseesNotHeld'));
        const n = t.recommendations[claim.addressee] ?? 0;
        const addressee = { addressee: claim.addressee };
        return n === claim.count
          ? v('supported', reason('addresseeSupported', { n, addressee }))
          : contradicted(
              reason('addresseeRegisterHas', { n, addressee }),
              String(n),
              (i) => (i.recommendations[claim.addressee!] ?? 0) === claim.count,
            );
      }
      case 'fieldwork':
        return !t.fieldworkStart
          ? v('unverifiable', reason('fieldworkNotHeld'))
          : t.fieldworkStart.slice(0, 7) === claim.month
            ? v('supported', reason('fieldworkSupported', { date: day(t.fieldworkStart) }))
            : monthsApart(t.fieldworkStart, claim.month) === 1
              ? v('unverifiable', reason('fieldworkNextMonth', { date: day(t.fieldworkStart) }))
              : contradicted(
                  reason('fieldworkRegisterHas', { date: day(t.fieldworkStart) }),
                  day(t.fieldworkStart.slice(0, 7)),
                  (i) => i.fieldworkStart?.slice(0, 7) === claim.month,
                );
      case 'chief_inspector':
        return !t.chiefInspector
          ? v('unverifiable', reason('chiefNotHeld'))
          : sameName(t.chiefInspector, claim.name)
            ? v('supported', reason('chiefSupported', { name: t.chiefInspector }))
            : contradicted(
                reason('chiefRegisterHas', { name: t.chiefInspector }),
                t.chiefInspector,
                (i) => !!i.chiefInspector && sameName(i.chiefInspector, claim.name),
              );
      default:
        return v('unverifiable', reason('notChecked'));
    }
  });
}
