import { findStandardByName, standardsOf, type Framework } from './framework.ts';
import type { PartialDate } from './partial-date.ts';

export interface SelectionEvidence {
  fieldworkStart?: PartialDate | null;
  publication?: PartialDate | null;
  /** Standard names the source rates; a name that exists in only one version settles it. */
  standardNames?: string[];
  /** Whether the source gives a resettlement rating (only the 2021 standards have one). */
  hasResettlement?: boolean;
  /** The report's title, which names the kind of inspection where a family runs several at once. */
  title?: string | null;
}

export interface Selection {
  framework: Framework;
  /** How the version was chosen, for the record. */
  basis: string;
  /** Set when the evidence did not settle the version and the earliest candidate was taken. */
  ambiguity: string | null;
  /**
   * Set when the record's own standards chose a version whose dates do not fit the record's
   * dates: a consistency finding about the record (or about the framework's dates).
   */
  conflict: string | null;
}

type Window = { from: string; to: string | null };

function overlaps(d: PartialDate, w: Window): boolean {
  return d.latest >= w.from && (w.to === null || d.earliest <= w.to);
}

/**
 * Which framework applies to a published record. The record's own evidence comes first: the kind
 * of inspection its title names, then the standards it rates (e.g. "joint working" exists only in
 * 2018, an out-of-court disposal policy rating only from 2021), because the dates overlap where one
 * set of standards replaced another (Wirral, 26 Oct 2021, was rated under the 2021 standards;
 * Cheshire, Dec 2021, still under 2018's). Dates decide only among what the evidence leaves: the
 * fieldwork start, then the publication date. When the evidence chose a version whose dates do not
 * fit the record, that disagreement is returned as a conflict, never hidden. When nothing settles
 * it, the earliest candidate is taken and the ambiguity is reported.
 */
export function selectFramework(family: Framework[], ev: SelectionEvidence): Selection | null {
  const sorted = [...family].sort(
    (a, b) => a.effective.fieldworkFrom.localeCompare(b.effective.fieldworkFrom) || a.id.localeCompare(b.id),
  );
  if (sorted.length === 0) return null;
  let candidates = sorted;
  const basis: string[] = [];
  const narrow = (keep: Framework[], why: string) => {
    if (keep.length && keep.length < candidates.length) {
      candidates = keep;
      basis.push(why);
    }
  };
  const title = ev.title?.trim().toLowerCase();
  if (title) {
    narrow(
      candidates.filter((f) => f.kind?.titlePrefixes.some((t) => title.startsWith(t.toLowerCase()))),
      'the kind of inspection its title names',
    );
  }
  const names = ev.standardNames ?? [];
  if (names.length || ev.hasResettlement) {
    const hasResettlementStandard = (f: Framework) =>
      standardsOf(f).some((s) => s.requiresCasesOfType === 'resettlement');
    narrow(
      candidates.filter(
        (f) =>
          names.every((n) => findStandardByName(f, n) !== undefined) &&
          (!ev.hasResettlement || hasResettlementStandard(f)),
      ),
      'the standards the source rates',
    );
  }
  const byEvidence = basis.length > 0;
  const fits = (f: Framework, d: PartialDate | null | undefined, from: string, to: string | null) =>
    !d || overlaps(d, { from, to });
  const fieldworkFits = (f: Framework) =>
    fits(f, ev.fieldworkStart, f.effective.fieldworkFrom, f.effective.fieldworkTo);
  const publicationFits = (f: Framework) => fits(f, ev.publication, f.effective.publishedFrom, f.effective.publishedTo);
  if (candidates.length > 1 && ev.fieldworkStart) narrow(candidates.filter(fieldworkFits), 'fieldwork start date');
  if (candidates.length > 1 && ev.publication) narrow(candidates.filter(publicationFits), 'publication date');
  const chosen = candidates[0]!;
  const ambiguity =
    candidates.length > 1
      ? `The evidence fits ${candidates.map((c) => c.id).join(' and ')}; ` +
        `${chosen.id} was taken as the earliest. Check the report.`
      : null;
  const misfits = [
    !fieldworkFits(chosen) && ev.fieldworkStart ? `fieldwork starting ${ev.fieldworkStart.earliest.slice(0, 7)}` : null,
    !publicationFits(chosen) && ev.publication ? `publication ${ev.publication.earliest.slice(0, 7)}` : null,
  ].filter((x): x is string => x !== null);
  const conflict =
    byEvidence && misfits.length
      ? `The standards the record rates are those of ${chosen.id}, but its ${misfits.join(' and ')} ` +
        `falls outside ${chosen.id}'s dates (fieldwork ${chosen.effective.fieldworkFrom} to ` +
        `${chosen.effective.fieldworkTo ?? 'now'}, publication ${chosen.effective.publishedFrom} to ` +
        `${chosen.effective.publishedTo ?? 'now'}): the record's date or the framework's dates are wrong.`
      : null;
  return {
    framework: chosen,
    basis: basis.length ? basis.join(', then ') : 'only candidate version',
    ambiguity,
    conflict,
  };
}

/** Whether fieldwork starting on `isoDate` falls inside the framework's fieldwork window. */
export const fieldworkInWindow = (f: Framework, isoDate: string) =>
  isoDate >= f.effective.fieldworkFrom && (f.effective.fieldworkTo === null || isoDate <= f.effective.fieldworkTo);

/** "fieldwork from 2021-04-01 to 2025-03-31" / "fieldwork from 2025-04-01 onwards": a framework's window in words. */
export const fieldworkWindowText = (f: Framework) => {
  const to = f.effective.fieldworkTo;
  return `fieldwork from ${f.effective.fieldworkFrom}${to ? ` to ${to}` : ' onwards'}`;
};

/**
 * The framework a new inspection with fieldwork starting on `isoDate` is planned under: among
 * `choices`, the one whose fieldwork window contains the date, the latest-starting if windows
 * overlap; null when none does.
 */
export function frameworkForFieldwork(choices: Framework[], isoDate: string): Framework | null {
  const fits = choices.filter((f) => fieldworkInWindow(f, isoDate));
  fits.sort((a, b) => b.effective.fieldworkFrom.localeCompare(a.effective.fieldworkFrom) || a.id.localeCompare(b.id));
  return fits[0] ?? null;
}
