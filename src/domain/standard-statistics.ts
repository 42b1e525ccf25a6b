import { standardsOf, type Framework } from './framework.ts';

/**
 * Counts by standard: for each standard of the given frameworks (a standard with the same number,
 * name and domain in several versions is one row), how many services' latest inspections hold each
 * rating for it, and how many hold none. Only inspections under a framework that has the standard
 * count towards its row. Pure: the caller passes the latest inspections and the ratings held.
 */
export interface StandardRow {
  key: string;
  id: string;
  name: string;
  domain: string;
  /** The framework ids that have this standard. */
  frameworkIds: string[];
  /** Services by rating id, in the frameworks' scale order. */
  counts: Record<string, number>;
  /** Services whose latest inspection is under one of those frameworks but holds no rating for it. */
  notHeld: number;
  services: number;
}

export function countByStandard(
  frameworks: readonly Framework[],
  latest: readonly { inspectionId: string; frameworkId: string }[],
  ratings: ReadonlyMap<string, ReadonlyMap<string, string>>,
): StandardRow[] {
  const rows = new Map<string, StandardRow>();
  for (const f of frameworks)
    for (const d of f.domains)
      for (const s of d.standards) {
        const key = `${s.id}|${s.name}|${d.name}`;
        const row = rows.get(key) ?? {
          key,
          id: s.id,
          name: s.name,
          domain: d.name,
          frameworkIds: [],
          counts: Object.fromEntries(f.ratingScale.map((r) => [r.id, 0])),
          notHeld: 0,
          services: 0,
        };
        row.frameworkIds.push(f.id);
        rows.set(key, row);
      }
  const byFramework = new Map(frameworks.map((f) => [f.id, f]));
  for (const e of latest) {
    const f = byFramework.get(e.frameworkId);
    if (!f) continue;
    const held = ratings.get(e.inspectionId);
    for (const d of f.domains)
      for (const s of d.standards) {
        const row = rows.get(`${s.id}|${s.name}|${d.name}`)!;
        row.services += 1;
        const rating = held?.get(s.id);
        if (rating && rating in row.counts) row.counts[rating]! += 1;
        else row.notHeld += 1;
      }
  }
  const order = (f: Framework) => standardsOf(f).map((s) => s.id);
  const ids = [...new Set(frameworks.flatMap(order))];
  return [...rows.values()].sort(
    (a, b) => ids.indexOf(a.id) - ids.indexOf(b.id) || a.frameworkIds[0]!.localeCompare(b.frameworkIds[0]!),
  );
}
