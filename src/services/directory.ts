import type { ListedService } from '../domain/count-range.ts';
import { areaKeyOf, existedOn } from '../domain/service-directory.ts';
import { loadAreaNames } from '../import/directory.ts';
import type { Db } from '../store/db.ts';
import { readDirectory, serviceAreaCodes, serviceAreaKeys } from '../store/directory-repo.ts';

let areaNames: Map<string, string> | undefined;

/**
 * Every service of the directory as the counts need it: the register's own service where it holds
 * one (matched by the areas it covers), else the directory's entry, which the register holds no
 * record of. A service is counted only on days it may have existed.
 */
export async function listedServices(db: Db): Promise<ListedService[]> {
  areaNames ??= loadAreaNames();
  const names = areaNames;
  const [entries, held] = await Promise.all([readDirectory(db), serviceAreaKeys(db)]);
  const byKey = new Map(held.map((s) => [s.areaKey, s]));
  return entries.map((e) => {
    const key = areaKeyOf(e, names);
    const s = byKey.get(key);
    return {
      serviceId: s?.id ?? `directory:${key}`,
      serviceName: s?.name ?? e.name,
      region: e.region,
      existedOn: (day: string) => existedOn(e, day) !== 'no',
    };
  });
}

/**
 * The ONS codes each of the register's services covers: its own areas' codes, and every code of
 * the directory's entry for the same areas (which keeps a reorganised county's old code beside the
 * new ones, so a service inspected before the change still covers its area on the map).
 */
export async function areaCodesByService(db: Db): Promise<Map<string, string[]>> {
  areaNames ??= loadAreaNames();
  const names = areaNames;
  const [entries, held, own] = await Promise.all([readDirectory(db), serviceAreaKeys(db), serviceAreaCodes(db)]);
  const codes = new Map<string, Set<string>>();
  const add = (serviceId: string, list: readonly string[]) => {
    const set = codes.get(serviceId) ?? new Set<string>();
    for (const c of list) set.add(c);
    codes.set(serviceId, set);
  };
  for (const r of own) add(r.serviceId, [r.onsCode]);
  const byKey = new Map(held.map((s) => [s.areaKey, s.id]));
  for (const e of entries) {
    const id = byKey.get(areaKeyOf(e, names));
    if (id) add(id, e.onsCodes);
  }
  return new Map([...codes].map(([id, set]) => [id, [...set].sort()]));
}
