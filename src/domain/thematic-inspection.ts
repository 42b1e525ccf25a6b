import type { PartialDate } from './partial-date.ts';
import type { PublicSource } from './service-directory.ts';

/**
 * A thematic inspection: a subject inspected across several services or areas (for example, the
 * experiences of black and mixed heritage boys in the youth justice system), not one service's
 * inspection. It has no rating of any service, so it is listed apart from the register's records
 * and never counted in a service's rating, the statistics, the maps or the claims checker.
 */
export interface ThematicInspection {
  /** Stable public reference, e.g. "black-mixed-heritage-boys-2021". */
  ref: string;
  /** The report's title; a description where `titleKnown` is false (never passed off as the title). */
  title: string;
  titleKnown: boolean;
  /** As precise as the sources give it (a day, a month or a year). */
  publication: PartialDate;
  /** Who published the report. */
  publisher: string;
  /** The other inspectorates that took part, if it was a joint inspection. */
  partnerInspectorates: string[];
  /** What was sampled, in the sources' words, including what they do not name. */
  sampled: string;
  /** The register's services whose work was sampled, where a public source names them. */
  visitedServices: string[];
  /** The main public source, then any others. */
  sources: PublicSource[];
  notes: string | null;
}

/** A thematic inspection with the register services it visited, as a public page shows it. */
export interface ThematicListing extends Omit<ThematicInspection, 'visitedServices'> {
  visited: { slug: string; name: string }[];
}

/** Newest first; at the same date, by reference, so the order never depends on the database. */
export function compareThematic(a: { publication: PartialDate; ref: string }, b: typeof a): number {
  return b.publication.latest.localeCompare(a.publication.latest) || a.ref.localeCompare(b.ref);
}
