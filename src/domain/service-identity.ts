import type { ServiceRecord } from './inspection-record.ts';

/**
 * A service is identified by the local authority areas it covers, not by its name: "Bromley YOS"
 * and "Bromley YJS" are one service renamed; "Western Bay" (three areas) is not "Swansea YJS".
 */
export function areaKey(s: Pick<ServiceRecord, 'areas'>): string {
  return s.areas
    .map((a) => a.name)
    .sort((a, b) => a.localeCompare(b))
    .join('; ');
}

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Inspection refs are "<service-slug>-<year>[-n]" or "<service-slug>-undated[-n]". */
export function serviceSlugOf(ref: string): string {
  return ref.replace(/-(\d{4}|undated)(-\d+)?$/, '');
}
