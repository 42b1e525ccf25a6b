import { findStandardByName, standardsOf, type Framework } from './framework.ts';
import type { PartialDate } from './partial-date.ts';

export interface SelectionEvidence {
  fieldworkStart?: PartialDate | null;
  publication?: PartialDate | null;
  /** Standard names the source rates; a name that exists in only one version settles it. */
  standardNames?: string[];
  /** Whether the source gives a resettlement rating (only the 2021 standards have one). */
  hasResettlement?: boolean;
}

export interface Selection {
  framework: Framework;
  /** How the version was chosen, for the record. */
  basis: string;
  /** Set when the evidence did not settle the version and the earliest candidate was taken. */
  ambiguity: string | null;
}

type Window = { from: string; to: string | null };

function overlaps(d: PartialDate, w: Window): boolean {
  return d.latest >= w.from && (w.to === null || d.earliest <= w.to);
}

/**
 * Which version of a framework family applies: the version follows the fieldwork start date; the
 * publication date is the fallback. When a month-precision date straddles the cut-over, the
 * standards the source names decide (e.g. "joint working" exists only in 2018). Otherwise the
 * earliest candidate is taken and the ambiguity is reported, never silently.
 */
export function selectFramework(family: Framework[], ev: SelectionEvidence): Selection | null {
  const sorted = [...family].sort((a, b) => a.effective.fieldworkFrom.localeCompare(b.effective.fieldworkFrom));
  if (sorted.length === 0) return null;
  let candidates = sorted;
  const basis: string[] = [];
  const narrow = (keep: Framework[], why: string) => {
    if (keep.length && keep.length < candidates.length) {
      candidates = keep;
      basis.push(why);
    }
  };
  if (ev.fieldworkStart) {
    narrow(
      sorted.filter((f) =>
        overlaps(ev.fieldworkStart!, { from: f.effective.fieldworkFrom, to: f.effective.fieldworkTo }),
      ),
      'fieldwork start date',
    );
  }
  // Named standards are direct evidence; the publication-date windows are only inferred from data.
  if (candidates.length > 1) {
    const names = ev.standardNames ?? [];
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
  if (candidates.length > 1 && ev.publication) {
    narrow(
      candidates.filter((f) =>
        overlaps(ev.publication!, { from: f.effective.publishedFrom, to: f.effective.publishedTo }),
      ),
      'publication date',
    );
  }
  const chosen = candidates[0]!;
  const ambiguity =
    candidates.length > 1
      ? `The dates fit ${candidates.map((c) => c.id).join(' and ')}; ` +
        `${chosen.id} was taken as the earliest. Check the report.`
      : null;
  return { framework: chosen, basis: basis.length ? basis.join(', then ') : 'only candidate version', ambiguity };
}
