import { publishedBy, type PartialDate } from './partial-date.ts';

/** The facts the public register needs about one published inspection. */
export interface RegisterEntry {
  inspectionId: string;
  serviceId: string;
  serviceName: string;
  region: string;
  nation: string;
  frameworkId: string;
  publication: PartialDate | null;
  overall: string | null;
}

export interface LatestAsAt<E extends RegisterEntry = RegisterEntry> {
  asAt: string;
  /** The latest certainly-published inspection of each service. */
  latest: E[];
  /** Services whose latest may be a newer inspection whose date straddles asAt; the older one is counted. */
  uncertain: { counted: E; possiblyNewer: E }[];
  /** Inspections with no known publication date: they cannot be placed in time and are not counted. */
  undated: E[];
}

/**
 * Latest inspection per service as at a date (inclusive). Only inspections certainly published by
 * then count; month- or year-dated ones whose window straddles the date are reported, not guessed.
 */
export function latestPerService<E extends RegisterEntry>(entries: readonly E[], asAt: string): LatestAsAt<E> {
  const undated = entries.filter((e) => e.publication === null);
  const byService = new Map<string, E[]>();
  for (const e of entries) {
    if (!e.publication) continue;
    const list = byService.get(e.serviceId) ?? [];
    list.push(e);
    byService.set(e.serviceId, list);
  }
  const latest: E[] = [];
  const uncertain: LatestAsAt<E>['uncertain'] = [];
  const newer = (a: E, b: E) =>
    a.publication!.latest.localeCompare(b.publication!.latest) ||
    a.publication!.earliest.localeCompare(b.publication!.earliest);
  for (const list of byService.values()) {
    const certain = list.filter((e) => publishedBy(e.publication!, asAt) === 'certain').sort(newer);
    const top = certain.at(-1);
    if (!top) continue;
    latest.push(top);
    const possible = list
      .filter(
        (e) => publishedBy(e.publication!, asAt) === 'possible' && e.publication!.latest > top.publication!.latest,
      )
      .sort(newer)
      .at(-1);
    if (possible) uncertain.push({ counted: top, possiblyNewer: possible });
  }
  latest.sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  return { asAt, latest, uncertain, undated };
}

export function countBy<E>(entries: readonly E[], key: (e: E) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entries) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return m;
}
