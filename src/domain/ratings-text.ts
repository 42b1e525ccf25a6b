import { findStandardByName, normaliseName, scoredStandards, type Framework, type RatingId } from './framework.ts';

/**
 * Text without a trailing parenthetical ("Good (court work)" → "Good"), found with indexOf: the
 * pattern /\s*\(.*\)\s*$/ it replaces backtracks over every run of spaces or brackets, which takes
 * time growing with the square of the text (imported cells are as long as a file allows).
 */
export function withoutTrailingParenthetical(text: string): string {
  const t = text.trimEnd();
  if (!t.endsWith(')')) return text;
  const open = t.indexOf('(');
  return open < 0 || t.slice(open).includes('\n') ? text : t.slice(0, open).trimEnd();
}

/**
 * Text without trailing dots and asterisks, in one pass from the end (a $-anchored /[.*]+$/ is quadratic on
 * long runs).
 */
function withoutTrailingDotsAndStars(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '.' || text[end - 1] === '*')) end--;
  return text.slice(0, end);
}

/** "Requires Improvement", "requires improvement", "RI" → "requires_improvement" on the framework's scale. */
export function normaliseRating(f: Framework, word: string): RatingId | null {
  const w = withoutTrailingDotsAndStars(withoutTrailingParenthetical(normaliseName(word))).trim();
  const aliases: Record<string, string> = {
    ri: 'requires_improvement',
    'requires improvements': 'requires_improvement',
  };
  const hit = f.ratingScale.find((r) => normaliseName(r.label) === w || r.id === w.replace(/ /g, '_'));
  if (hit) return hit.id;
  const alias = aliases[w];
  return alias && f.ratingScale.some((r) => r.id === alias) ? alias : null;
}

export interface ParsedRatings {
  ratings: Map<string, RatingId>;
  /** Parts of the text that could not be read as a rating for one named standard. */
  unparsed: string[];
  /** Standards given two different ratings by the text. */
  conflicts: string[];
}

/**
 * Reads the structured forms published summaries use, and only those:
 *   "reducing reoffending: poor; protecting the public: satisfactory"   (name: rating)
 *   "Outstanding: staff, reviewing; Good: assessment (court disposals)" (rating: names)
 *   "all 12 standards Outstanding"
 * An ambiguous name ("planning" when there are court and out-of-court planning standards)
 * is left unparsed rather than guessed.
 */
export function parseStandardRatings(f: Framework, text: string): ParsedRatings {
  const ratings = new Map<string, RatingId>();
  const unparsed: string[] = [];
  const conflicts: string[] = [];
  const set = (sid: string, r: RatingId) => {
    const prev = ratings.get(sid);
    if (prev && prev !== r) conflicts.push(sid);
    ratings.set(sid, r);
  };
  const all = /^all (\d+) standards (.+)$/i.exec(text.trim());
  if (all) {
    const r = normaliseRating(f, withoutTrailingParenthetical(all[2]!));
    const scored = scoredStandards(f);
    if (r && Number(all[1]) === scored.length) {
      scored.forEach((s) => set(s.id, r));
      return { ratings, unparsed, conflicts };
    }
  }
  for (const segment of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = segment.indexOf(':');
    if (colon < 0) {
      unparsed.push(segment);
      continue;
    }
    const left = segment.slice(0, colon).trim();
    const right = segment.slice(colon + 1).trim();
    const leftRating = normaliseRating(f, left);
    if (leftRating) {
      for (const name of right
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)) {
        const s = findStandardByName(f, name);
        if (s) set(s.id, leftRating);
        else unparsed.push(`${left}: ${name}`);
      }
      continue;
    }
    const s = findStandardByName(f, left);
    const r = normaliseRating(f, right);
    if (s && r) set(s.id, r);
    else unparsed.push(segment);
  }
  return { ratings, unparsed, conflicts: [...new Set(conflicts)] };
}

/** The standard names a ratings text mentions in its "name: rating" or "rating: names" parts. */
export function mentionedStandardNames(f: Framework, text: string): string[] {
  return text.split(';').flatMap((segment) => {
    const colon = segment.indexOf(':');
    if (colon < 0) return [];
    const left = segment.slice(0, colon).trim();
    const right = segment.slice(colon + 1);
    return (normaliseRating(f, left) ? right.split(',') : [left]).map((n) => n.trim()).filter(Boolean);
  });
}
