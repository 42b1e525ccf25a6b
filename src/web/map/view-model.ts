import {
  placeHexes,
  serviceForEachHex,
  type AuthorityHex,
  type HexLayout,
  type ServiceOnMap,
} from '../../domain/hexmap.ts';
import type { PartialDate } from '../../domain/partial-date.ts';
import type { PublicEntry } from '../../store/register-repo.ts';
import { FOUR_POINT_ORDER } from '../view-helpers.ts';

/**
 * What colours a hex: a service's latest overall rating, "none" for a service last inspected under
 * a legacy framework with no overall rating, "not_inspected" for an area no inspected service
 * covers. The words for each are in web/macros/hexmap.njk (one place, for translation).
 */
export const MAP_CATEGORIES = [...FOUR_POINT_ORDER, 'none', 'not_inspected'] as const;
export type MapCategory = (typeof MAP_CATEGORIES)[number];

/**
 * One fill per category, as on the rating tags and the statistics charts. Every hex has a dark
 * outline, so each fill (even yellow and white) meets 3:1 against the page and its neighbours;
 * colour is never the only cue: every hex has a title, and the key and table say the same.
 * "No inspection held" is white with hatching, so it does not read as a pale rating.
 */
export const MAP_FILLS: Record<MapCategory, string> = {
  outstanding: '#00703c',
  good: '#28a197',
  requires_improvement: '#ffdd00',
  inadequate: '#d4351c',
  none: '#b1b4b6',
  not_inspected: 'url(#app-hex-none-held)',
};

export interface MapHex {
  code: string;
  name: string;
  points: string;
  category: MapCategory;
  fill: string;
  service: { name: string; href: string; ref: string; publication: PartialDate | null } | null;
}

export interface HexMapViewModel {
  asAt: string;
  viewBox: string;
  hexes: MapHex[];
  /** Areas and services by category: the key, with the numbers the map shows. */
  key: { category: MapCategory; fill: string; areas: number; services: number }[];
  /** Every area by name: the table that is the map's text alternative. */
  rows: MapHex[];
}

const categoryOf = (overall: string | null): MapCategory =>
  overall && (FOUR_POINT_ORDER as readonly string[]).includes(overall) ? (overall as MapCategory) : 'none';

/**
 * The hex map as at a date, from the same latest-per-service list the page's counts are made from
 * (domain/register.ts latestPerService over store listPublicEntries), so map and counts agree.
 */
export function hexMapViewModel(
  map: { layout: HexLayout; hexes: readonly AuthorityHex[] },
  latest: readonly PublicEntry[],
  codesByService: ReadonlyMap<string, readonly string[]>,
  asAt: string,
): HexMapViewModel {
  const onMap: (ServiceOnMap & { entry: PublicEntry })[] = latest.map((e) => ({
    serviceId: e.serviceId,
    serviceName: e.serviceName,
    serviceSlug: e.serviceSlug,
    codes: codesByService.get(e.serviceId) ?? [],
    overall: e.overall,
    published: e.publication?.latest ?? '',
    entry: e,
  }));
  const placed = placeHexes(map.layout, map.hexes);
  const hexes: MapHex[] = serviceForEachHex(placed.hexes, onMap).map(({ hex, service }) => {
    const category = service ? categoryOf(service.overall) : 'not_inspected';
    return {
      code: hex.code,
      name: hex.name,
      points: hex.points,
      category,
      fill: MAP_FILLS[category],
      service: service
        ? {
            name: service.serviceName,
            href: `/services/${service.serviceSlug}`,
            ref: service.entry.ref,
            publication: service.entry.publication,
          }
        : null,
    };
  });
  const key = MAP_CATEGORIES.map((category) => {
    const inCategory = hexes.filter((h) => h.category === category);
    return {
      category,
      fill: MAP_FILLS[category],
      areas: inCategory.length,
      services: new Set(inCategory.flatMap((h) => (h.service ? [h.service.href] : []))).size,
    };
  });
  return {
    asAt,
    viewBox: placed.viewBox,
    hexes,
    key,
    rows: [...hexes].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
