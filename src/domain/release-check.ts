import type { Addressee } from './inspection-record.ts';
import { MONTHS } from './partial-date.ts';

/**
 * Reads the checkable facts a report or press release states about one inspection and checks
 * them against the record: rules-based, explainable, located (character offsets and sentence).
 */

export interface Located {
  start: number;
  end: number;
  sentence: string;
}

export interface ReleaseFacts {
  publication?: Located & { date: string; time: string | null };
  /**
   * The time of day the text says the report goes out (HH:MM, 24-hour): the time beside the
   * publication date ("on 12 January 2027 at 00.01", "at 00.01 on …") or the embargo line
   * ("EMBARGOED UNTIL 00:01").
   */
  publicationTime?: Located & { time: string };
  fieldwork?: Located & { month: string };
  score?: Located & { total: number; max: number };
  overall?: Located & { rating: string };
  recommendations: (Located & { count: number; addressee: Addressee | null })[];
}

export interface ReleaseRecord {
  publicationDate: string | null;
  /** The scheduled time of publication, UK wall clock (HH:MM), once there is a schedule. */
  publicationTime?: string | null;
  fieldworkStart: string | null;
  score: number | null;
  scoreMax: number | null;
  overall: string | null;
  recommendations: { addressee: string }[];
  recommendationsStated?: number | null;
}

export interface ReleaseFinding extends Located {
  severity: 'error' | 'warning';
  field: string;
  message: string;
}

const MONTH_RE = MONTHS.join('|');
const NUMBER_WORDS: Record<string, number> = {
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
};
const RATINGS: Record<string, string> = {
  outstanding: 'outstanding',
  good: 'good',
  'requires improvement': 'requires_improvement',
  inadequate: 'inadequate',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** "00.01", "4.31am", "12.01 a.m." as HH:MM on the 24-hour clock; null for what is no time of day. */
function clockTime(h: string, min: string, half: string | undefined): string | null {
  let hour = Number(h);
  const minute = Number(min);
  if (minute > 59) return null;
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (/^p/i.test(half) ? 12 : 0);
  }
  return hour > 23 ? null : `${pad(hour)}:${pad(minute)}`;
}
const monthNo = (m: string) => MONTHS.indexOf(m.toLowerCase()) + 1;

/** The longest sentence a claim or finding carries: a window around the claim when its sentence is longer. */
export const MAX_SENTENCE = 300;

function positionsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}
/** The index of the first entry ≥ x in the sorted list (its length when there is none). */
function lowerBound(list: number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * The sentences of a text, found once: where each starts, and the one holding a position. Breaks
 * come from Intl.Segmenter (the Unicode sentence rules, so "St. Helens" or "0.5" do not end a
 * sentence and "?" or "!" do), and every line break ends one too: headlines and list items carry no
 * full stop. Segmenting is linear in the text, and each question after it is a binary search.
 */
export interface SentenceIndex {
  /** The start of every sentence, ascending; the first is 0. */
  starts: number[];
  /** The number of the sentence holding a position. */
  of(position: number): number;
  /**
   * The sentence around a span: the whole sentence when it is at most MAX_SENTENCE long, else a
   * window around the span cut at word boundaries and marked with ellipses, so what a claim carries
   * does not grow with the text.
   */
  text(start: number, end: number): string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
/**
 * Segmenting one string costs time that grows faster than its length (each step of V8's segment
 * iterator costs time in the length of the string), so the segmenter is given a paragraph in
 * pieces of bounded length: each piece with some text either side as context, keeping the breaks
 * that fall inside the piece. The Unicode sentence rules look only a few characters either side of
 * a break, so the context decides it as the whole paragraph would.
 */
const SEGMENT_PIECE = 200;
const SEGMENT_CONTEXT = 40;

function sentenceStarts(prose: string, from: number, to: number, out: number[]) {
  out.push(from);
  for (let piece = from; piece < to; piece += SEGMENT_PIECE) {
    const lo = Math.max(from, piece - SEGMENT_CONTEXT);
    const hi = Math.min(to, piece + SEGMENT_PIECE + SEGMENT_CONTEXT);
    const end = Math.min(to, piece + SEGMENT_PIECE);
    for (const s of segmenter.segment(prose.slice(lo, hi))) {
      const at = lo + s.index;
      if (at >= end) break;
      // A piece's own start is not a break unless the segmenter, seeing the context, puts one there.
      if (at > from && at >= piece && (at > lo || lo === from) && at > out.at(-1)!) out.push(at);
    }
  }
}

export function sentenceIndex(text: string, joinLines = false): SentenceIndex {
  const fromSegmenter: number[] = [];
  // Text wrapped at a fixed width ("…published on 17 January\n2023.") breaks lines mid-sentence:
  // with joinLines only a blank line ends a paragraph, and a single line break reads as a space.
  const prose = joinLines ? asProse(text) : text;
  // Paragraphs are segmented one at a time (a line break always ends a sentence, so nothing is lost).
  for (let from = 0; from < prose.length;) {
    const nl = prose.indexOf('\n', from);
    const to = nl < 0 ? prose.length : nl + 1;
    sentenceStarts(prose, from, to, fromSegmenter);
    from = to;
  }
  const afterLines = joinLines ? [] : positionsOf(text, '\n').map((i) => i + 1);
  // Two ascending lists merged into one, without repeats.
  const starts: number[] = [];
  for (let i = 0, j = 0; i < fromSegmenter.length || j < afterLines.length;) {
    const next =
      j >= afterLines.length || (i < fromSegmenter.length && fromSegmenter[i]! <= afterLines[j]!)
        ? fromSegmenter[i++]!
        : afterLines[j++]!;
    if (next < text.length && starts.at(-1) !== next) starts.push(next);
  }
  if (starts[0] !== 0) starts.unshift(0);
  const of = (position: number) => Math.max(0, lowerBound(starts, position + 1) - 1);
  return {
    starts,
    of,
    text(start, end) {
      const from = starts[of(start)]!;
      const to = starts[lowerBound(starts, Math.max(end, start + 1))] ?? text.length;
      return to - from <= MAX_SENTENCE ? text.slice(from, to).trim() : excerpt(text, from, to, start, end);
    },
  };
}

/** The text with each single line break read as a space (the same length, so offsets hold). */
export const asProse = (text: string) => text.replace(/(?<!\n)\n(?!\n)/g, ' ');

/** The sentence around each span (see sentenceIndex). */
export function sentenceFinder(text: string): (start: number, end: number) => string {
  return sentenceIndex(text).text;
}

function excerpt(text: string, from: number, to: number, start: number, end: number): string {
  const room = MAX_SENTENCE - 2 - (end - start); // two ellipses at most
  if (room <= 0) return `${text.slice(start, start + MAX_SENTENCE - 1).trim()}…`;
  let lo = Math.max(from, start - Math.ceil(room / 2));
  let hi = Math.min(to, end + room - (start - lo));
  lo = Math.max(from, start - (room - (hi - end)));
  // Cut at a space, so no word is shown in part; unless the claim itself starts or ends the window.
  if (lo > from && !isSpace(text[lo - 1])) {
    let i = lo;
    while (i < start && !isSpace(text[i])) i++;
    if (i < start) lo = i + 1;
  }
  if (hi < to && !isSpace(text[hi])) {
    let i = hi - 1;
    while (i >= end && !isSpace(text[i])) i--;
    if (i >= end) hi = i;
  }
  return `${lo > from ? '…' : ''}${text.slice(lo, hi).trim()}${hi < to ? '…' : ''}`;
}

type Sentences = (start: number, end: number) => string;
const loc = (sentence: Sentences, m: RegExpExecArray): Located => {
  const end = m.index + m[0].length;
  return { start: m.index, end, sentence: sentence(m.index, end) };
};

export function addresseeOf(phrase: string): Addressee | null {
  const p = phrase.toLowerCase();
  if (/board|partnership/.test(p)) return 'management_board';
  if (/police|constabulary/.test(p)) return 'police';
  if (/health|nhs|integrated care/.test(p)) return 'health';
  if (/probation service/.test(p)) return 'probation';
  if (/council|local authority/.test(p)) return 'local_authority';
  if (/\b(yjs|yos|yot|yjt|yjps|youth (and )?justice|youth offending|service manager|head of service)\b/.test(p))
    return 'yjs';
  // "the Director of Children’s Services should": the council's officer for children.
  if (/\bchildren['’]?s\s+(?:social\s+)?services\b/.test(p)) return 'local_authority';
  // "made two recommendations to the service": the service inspected.
  if (/^\s*(?:the|this)\s+service\b/.test(p)) return 'yjs';
  return null;
}

/**
 * Every pattern here must take time linear in the text, whatever the text: the checker is public.
 * Gaps between a keyword and what it introduces are bounded (a real claim spans under 100
 * characters), so a keyword repeated with no end in sight is not rescanned to the end of the text
 * from every occurrence; and each pattern starts at a literal word or a word boundary.
 */
export function extractReleaseFacts(text: string, sentence: Sentences = sentenceFinder(text)): ReleaseFacts {
  const facts: ReleaseFacts = { recommendations: [] };
  // "available at https://www.justiceinspectorates.gov.uk/… from 13 June 2017": dots inside a URL do not end
  // the sentence.
  const day = `(\\d{1,2})(?:st|nd|rd|th)?\\s{1,10}(${MONTH_RE})\\s{1,10}(\\d{4})`;
  // A time of day: "00.01", "00:01", "4.31am", "12.01 a.m."; the am/pm is a short literal, bounded.
  const clock = `(\\d{1,2})[.:](\\d{2})(?:\\s{0,3}([ap]\\.?m)\\b\\.?)?`;
  const time = `(?:\\s{1,10}at\\s{1,10}${clock})?`;
  let m = new RegExp(
    `available(?:[^.\\n]|\\.(?=\\S)){0,200}?\\b(?:on|from)\\s{1,10}(?:the\\s{1,10})?${day}${time}`,
    'i',
  ).exec(text);
  if (m) {
    const at = m[4] ? clockTime(m[4], m[5]!, m[6]) : null;
    facts.publication = {
      ...loc(sentence, m),
      date: `${m[3]}-${pad(monthNo(m[2]!))}-${pad(Number(m[1]))}`,
      time: at,
    };
    if (at) facts.publicationTime = { ...facts.publication, time: at };
  }
  // The time before the date ("available … at 00.01 on 12 January"), else the embargo line. Each
  // starts at a literal word and its gap is bounded, so no occurrence is rescanned to the text's end.
  const stated =
    facts.publicationTime ??
    [
      new RegExp(`available(?:[^.\\n]|\\.(?=\\S)){0,200}?\\bat\\s{1,10}${clock}\\s{1,10}(?:on|from)\\b`, 'i'),
      new RegExp(`\\bembargo(?:ed)?\\b[^\\n\\d]{0,40}?\\b(?:until|till)\\s{1,10}${clock}`, 'i'),
    ].reduce<ReleaseFacts['publicationTime']>((found, re) => {
      if (found) return found;
      const t = re.exec(text);
      const at = t && clockTime(t[1]!, t[2]!, t[3]);
      return t && at ? { ...loc(sentence, t), time: at } : undefined;
    }, undefined);
  if (stated) facts.publicationTime = stated;
  m = new RegExp(`fieldwork[^.\\n]{0,200}?\\b(?:in|during)\\s{1,10}(${MONTH_RE})\\s{1,10}(\\d{4})`, 'i').exec(text);
  if (m) facts.fieldwork = { ...loc(sentence, m), month: `${m[2]}-${pad(monthNo(m[1]!))}` };
  m = /\b(\d{1,2})\s*(?:\/|out of(?: a possible)?(?: of)?)\s*(36|30)\b/i.exec(text);
  if (m) facts.score = { ...loc(sentence, m), total: Number(m[1]), max: Number(m[2]) };
  m =
    /overall rating of\s+[‘'"“]?(outstanding|good|requires improvement|inadequate)/i.exec(text) ??
    /\brated\s+[‘'"“]?(outstanding|good|requires improvement|inadequate)[’'"”]?\s+overall/i.exec(text);
  if (m) facts.overall = { ...loc(sentence, m), rating: RATINGS[m[1]!.toLowerCase()]! };
  const num = `(\\d+|${Object.keys(NUMBER_WORDS).join('|')})`;
  // "Five … are made for the service manager and three … for the board": each addressee ends where the next
  // count starts.
  // The optional verb between two runs of spaces is bounded on both sides, so a long run cannot be split every way.
  const madeFor =
    `\\b${num}\\s+recommendations?\\s{1,10}(?:is|are|was|were|have been|has been)?\\s` + `{0,10}made\\s+(?:for|to)\\s+`;
  const perBody = new RegExp(`${madeFor}([^.;,–\\n]{1,200}?)(?=\\s{1,10}and\\s+${num}\\b|[.;,–\\n]|$)`, 'gi');
  for (const r of text.matchAll(perBody)) {
    const n = NUMBER_WORDS[r[1]!.toLowerCase()] ?? Number(r[1]);
    facts.recommendations.push({ ...loc(sentence, r as RegExpExecArray), count: n, addressee: addresseeOf(r[2]!) });
  }
  const total = new RegExp(`\\bmakes\\s+${num}\\s+recommendations\\b(?!\\s+(?:to|for)\\s)`, 'i').exec(text);
  if (total)
    facts.recommendations.push({
      ...loc(sentence, total),
      count: NUMBER_WORDS[total[1]!.toLowerCase()] ?? Number(total[1]),
      addressee: null,
    });
  return facts;
}

const LABEL: Record<string, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

/** Checks stated facts against each other and against the record. */
export function checkRelease(text: string, record: ReleaseRecord | null): ReleaseFinding[] {
  const f = extractReleaseFacts(text);
  const out: ReleaseFinding[] = [];
  const add = (at: Located, severity: ReleaseFinding['severity'], field: string, message: string) =>
    out.push({ ...at, severity, field, message });
  if (f.publication && f.fieldwork && f.publication.date.slice(0, 7) < f.fieldwork.month) {
    add(
      f.publication,
      'error',
      'publication',
      `The text dates publication ${f.publication.date}, before its own fieldwork (${f.fieldwork.month}).`,
    );
  }
  if (!record) return out;
  if (f.publication && record.publicationDate && f.publication.date !== record.publicationDate) {
    add(
      f.publication,
      'error',
      'publication',
      `The text says publication on ${f.publication.date}; the record says ${record.publicationDate}.`,
    );
  }
  if (f.publicationTime && record.publicationTime && f.publicationTime.time !== record.publicationTime) {
    add(
      f.publicationTime,
      'error',
      'publication',
      `The text says the report is published at ${f.publicationTime.time}; ` +
        `it is scheduled for ${record.publicationTime} (UK time).`,
    );
  }
  if (f.fieldwork && record.fieldworkStart && f.fieldwork.month !== record.fieldworkStart.slice(0, 7)) {
    add(
      f.fieldwork,
      'error',
      'fieldwork',
      `The text says fieldwork in ${f.fieldwork.month}; the record says it started ${record.fieldworkStart}.`,
    );
  }
  if (f.score && record.score !== null && (f.score.total !== record.score || f.score.max !== record.scoreMax)) {
    add(
      f.score,
      'error',
      'score',
      `The text gives a score of ${f.score.total}/${f.score.max}; the record has ${record.score}/${record.scoreMax}.`,
    );
  }
  if (f.overall && record.overall && f.overall.rating !== record.overall) {
    add(
      f.overall,
      'error',
      'overall',
      `The text gives an overall rating of ${LABEL[f.overall.rating]}; ` +
        `the record has ${LABEL[record.overall] ?? record.overall}.`,
    );
  }
  const partial = (record.recommendationsStated ?? 0) > record.recommendations.length;
  for (const r of f.recommendations) {
    if (r.addressee && partial) {
      add(
        r,
        'warning',
        'recommendations',
        `The text says ${r.count} for the ${r.addressee.replace(/_/g, ' ')}; ` +
          `the register holds ${record.recommendations.length} of the ${record.recommendationsStated} ` +
          "recommendations' texts, so this cannot be checked.",
      );
      continue;
    }
    const held = r.addressee
      ? record.recommendations.filter((x) => x.addressee === r.addressee).length
      : (record.recommendationsStated ?? record.recommendations.length);
    if (r.count !== held) {
      const forWhom = r.addressee ? ` for the ${r.addressee.replace(/_/g, ' ')}` : '';
      add(
        r,
        'error',
        'recommendations',
        `The text says ${r.count} recommendation${r.count === 1 ? '' : 's'}${forWhom}; the record has ${held}.`,
      );
    }
  }
  return out;
}
