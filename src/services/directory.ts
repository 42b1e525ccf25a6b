import type { ListedService } from '../domain/count-range.ts';
import { areaKeyOf, existedOn } from '../domain/service-directory.ts';
import { loadAreaNames } from '../import/directory.ts';
import type { Db } from '../store/db.ts';
import { readDirectory, serviceAreaKeys } from '../store/directory-repo.ts';

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
