import type { Addressee } from './inspection-record.ts';

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
  fieldwork?: Located & { month: string };
  score?: Located & { total: number; max: number };
  overall?: Located & { rating: string };
  recommendations: (Located & { count: number; addressee: Addressee | null })[];
}

export interface ReleaseRecord {
  publicationDate: string | null;
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

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = MONTHS.join('|');
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };
const RATINGS: Record<string, string> = { outstanding: 'outstanding', good: 'good', 'requires improvement': 'requires_improvement', inadequate: 'inadequate' };

const pad = (n: number) => String(n).padStart(2, '0');
const monthNo = (m: string) => MONTHS.indexOf(m.toLowerCase()) + 1;

function sentenceAt(text: string, start: number, end: number): string {
  const before = text.lastIndexOf('\n', start);
  const stop = Math.max(text.lastIndexOf('. ', start), before);
  const from = stop < 0 ? 0 : stop + 1;
  const nextDot = text.indexOf('. ', end);
  const nextNl = text.indexOf('\n', end);
  const cands = [nextDot < 0 ? text.length : nextDot + 1, nextNl < 0 ? text.length : nextNl];
  return text.slice(from, Math.min(...cands)).trim();
}

const loc = (text: string, m: RegExpExecArray): Located => ({ start: m.index, end: m.index + m[0].length, sentence: sentenceAt(text, m.index, m.index + m[0].length) });

export function addresseeOf(phrase: string): Addressee | null {
  const p = phrase.toLowerCase();
  if (/board|partnership/.test(p)) return 'management_board';
  if (/police|constabulary/.test(p)) return 'police';
  if (/health|nhs|integrated care/.test(p)) return 'health';
  if (/probation service/.test(p)) return 'probation';
  if (/council|local authority/.test(p)) return 'local_authority';
  if (/\b(yjs|yos|yot|youth justice|youth offending|service manager|head of service)\b/.test(p)) return 'yjs';
  return null;
}

export function extractReleaseFacts(text: string): ReleaseFacts {
  const facts: ReleaseFacts = { recommendations: [] };
  // "available at https://www.justiceinspectorates.gov.uk/… from 13 June 2017": dots inside a URL do not end the sentence.
  let m = new RegExp(`available(?:[^.\\n]|\\.(?=\\S))*?\\b(?:on|from)\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_RE})\\s+(\\d{4})(?:\\s+at\\s+(\\d{1,2})[.:](\\d{2}))?`, 'i').exec(text);
  if (m) facts.publication = { ...loc(text, m), date: `${m[3]}-${pad(monthNo(m[2]!))}-${pad(Number(m[1]))}`, time: m[4] ? `${pad(Number(m[4]))}:${m[5]}` : null };
  m = new RegExp(`fieldwork[^.\\n]*?\\b(?:in|during)\\s+(${MONTH_RE})\\s+(\\d{4})`, 'i').exec(text);
  if (m) facts.fieldwork = { ...loc(text, m), month: `${m[2]}-${pad(monthNo(m[1]!))}` };
  m = /\b(\d{1,2})\s*(?:\/|out of(?: a possible)?(?: of)?)\s*(36|30)\b/i.exec(text);
  if (m) facts.score = { ...loc(text, m), total: Number(m[1]), max: Number(m[2]) };
  m = /overall rating of\s+[‘'"“]?(outstanding|good|requires improvement|inadequate)/i.exec(text) ?? /\brated\s+[‘'"“]?(outstanding|good|requires improvement|inadequate)[’'"”]?\s+overall/i.exec(text);
  if (m) facts.overall = { ...loc(text, m), rating: RATINGS[m[1]!.toLowerCase()]! };
  const num = `(\\d+|${Object.keys(NUMBER_WORDS).join('|')})`;
  // "Five … are made for the service manager and three … for the board": each addressee ends where the next count starts.
  const perBody = new RegExp(`\\b${num}\\s+recommendations?\\s+(?:is|are|was|were)?\\s*made\\s+(?:for|to)\\s+([^.;,–\\n]+?)(?=\\s+and\\s+${num}\\b|[.;,–\\n]|$)`, 'gi');
  for (const r of text.matchAll(perBody)) {
    const n = NUMBER_WORDS[r[1]!.toLowerCase()] ?? Number(r[1]);
    facts.recommendations.push({ ...loc(text, r as RegExpExecArray), count: n, addressee: addresseeOf(r[2]!) });
  }
  const total = new RegExp(`\\bmakes\\s+${num}\\s+recommendations\\b`, 'i').exec(text);
  if (total) facts.recommendations.push({ ...loc(text, total), count: NUMBER_WORDS[total[1]!.toLowerCase()] ?? Number(total[1]), addressee: null });
  return facts;
}

const LABEL: Record<string, string> = { outstanding: 'Outstanding', good: 'Good', requires_improvement: 'Requires improvement', inadequate: 'Inadequate' };

/** Checks stated facts against each other and against the record. */
export function checkRelease(text: string, record: ReleaseRecord | null): ReleaseFinding[] {
  const f = extractReleaseFacts(text);
  const out: ReleaseFinding[] = [];
  const add = (at: Located, severity: ReleaseFinding['severity'], field: string, message: string) => out.push({ ...at, severity, field, message });
  if (f.publication && f.fieldwork && f.publication.date.slice(0, 7) < f.fieldwork.month) {
    add(f.publication, 'error', 'publication', `The text dates publication ${f.publication.date}, before its own fieldwork (${f.fieldwork.month}).`);
  }
  if (!record) return out;
  if (f.publication && record.publicationDate && f.publication.date !== record.publicationDate) {
    add(f.publication, 'error', 'publication', `The text says publication on ${f.publication.date}; the record says ${record.publicationDate}.`);
  }
  if (f.fieldwork && record.fieldworkStart && f.fieldwork.month !== record.fieldworkStart.slice(0, 7)) {
    add(f.fieldwork, 'error', 'fieldwork', `The text says fieldwork in ${f.fieldwork.month}; the record says it started ${record.fieldworkStart}.`);
  }
  if (f.score && record.score !== null && (f.score.total !== record.score || f.score.max !== record.scoreMax)) {
    add(f.score, 'error', 'score', `The text gives a score of ${f.score.total}/${f.score.max}; the record has ${record.score}/${record.scoreMax}.`);
  }
  if (f.overall && record.overall && f.overall.rating !== record.overall) {
    add(f.overall, 'error', 'overall', `The text gives an overall rating of ${LABEL[f.overall.rating]}; the record has ${LABEL[record.overall] ?? record.overall}.`);
  }
  const partial = (record.recommendationsStated ?? 0) > record.recommendations.length;
  for (const r of f.recommendations) {
    if (r.addressee && partial) {
      add(r, 'warning', 'recommendations', `The text says ${r.count} for the ${r.addressee.replace(/_/g, ' ')}; the register holds ${record.recommendations.length} of the ${record.recommendationsStated} recommendations' texts, so this cannot be checked.`);
      continue;
    }
    const held = r.addressee ? record.recommendations.filter((x) => x.addressee === r.addressee).length : (record.recommendationsStated ?? record.recommendations.length);
    if (r.count !== held) {
      add(r, 'error', 'recommendations', `The text says ${r.count} recommendation${r.count === 1 ? '' : 's'}${r.addressee ? ` for the ${r.addressee.replace(/_/g, ' ')}` : ''}; the record has ${held}.`);
    }
  }
  return out;
}
