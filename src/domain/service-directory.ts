import type { PartialDate } from './partial-date.ts';

/**
 * The directory of youth justice services of England and Wales, current and former: which local
 * authority areas each covers and when it existed. Published sources name a service in many ways
 * ("Royal Borough of Greenwich", "Hull", "Suffolk - JI", "An inspection of Tower Hamlets and City of
 * London"); a name and the record's date pick one service, or none, never a near miss.
 */

/** A source shown to the public: who published it, what it is called, when, and where it is. */
export interface PublicSource {
  publisher: string;
  /** Null where the source's own title is not known; a description is never passed off as a title. */
  title: string | null;
  /** ISO date, month or year, as precise as the source gives it. */
  date: string | null;
  url: string;
}

export interface DirectoryEntry {
  name: string;
  formerNames: string[];
  onsCodes: string[];
  nation: 'England' | 'Wales';
  region: string;
  existedFrom: PartialDate | null;
  existedTo: PartialDate | null;
  /** A former service whose end is not sourced: it certainly existed until this day and may have after. */
  endedNotBefore: string | null;
  /** False where no public source gives the service's name: the name is a placeholder. */
  nameSourced: boolean;
  source: PublicSource | null;
  notes: string | null;
}

export const isFormer = (e: Pick<DirectoryEntry, 'existedTo' | 'endedNotBefore'>) =>
  e.existedTo !== null || e.endedNotBefore !== null;

/**
 * Whether a service existed on a day: 'certain', 'possible' (its start or end is known only to a
 * month or year, or not at all) or 'no'. An unknown start is 'possible' for every earlier day.
 */
export function existedOn(e: DirectoryEntry, day: string): 'certain' | 'possible' | 'no' {
  let answer: 'certain' | 'possible' = 'certain';
  if (!e.existedFrom) answer = 'possible';
  else if (day < e.existedFrom.earliest) return 'no';
  else if (day < e.existedFrom.latest) answer = 'possible';
  if (e.existedTo) {
    if (day > e.existedTo.latest) return 'no';
    if (day >= e.existedTo.earliest) answer = 'possible';
  } else if (e.endedNotBefore && day >= e.endedNotBefore) answer = 'possible';
  return answer;
}

const SERVICE_WORDS =
  /\b(youth (offending|justice)( and early intervention)? (service|team)s?|yo[st]|yj[st]|yjeis|youth justice)\b/g;

/**
 * The core of a name as sources write it: lower case, "&" as "and", no report wording ("An
 * inspection of youth justice services in …", "- JI", "- Joint_Inspection"), no council style
 * ("Royal Borough of", "City of … Council") and no service words (YOS, YJS, youth justice service).
 */
export function coreName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_]+/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[’']/g, '')
    .replace(/\s+-\s*(ji|joint inspection)\s*$/, '')
    .replace(/\((re-inspection|pre-\d{4}|county service)\)/g, '')
    .replace(/^(a |an )?(joint )?inspection of /, '')
    .replace(/^(youth (offending|justice) (work|services?) in )/, '')
    .replace(/^(the )?(royal |london )?borough of /, '')
    .replace(/^(city and county of|city of|county of|county borough of) /, '')
    .replace(/\b(city|county|borough|metropolitan borough|county borough)? ?council$/, '')
    .replace(SERVICE_WORDS, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Short or older forms of area names that sources use. */
const AREA_ALIASES: Record<string, string> = {
  hull: 'kingston upon hull',
  'hull city': 'kingston upon hull',
  durham: 'county durham',
  'st. helens': 'st helens',
  'herefordshire county of': 'herefordshire',
  'bristol city of': 'bristol',
  'kingston upon hull city of': 'kingston upon hull',
  anglesey: 'isle of anglesey',
  'ynys mon': 'isle of anglesey',
  'rhondda cynon taff': 'rhondda cynon taf',
  southend: 'southend-on-sea',
  stockton: 'stockton-on-tees',
};

export type Resolution =
  { entry: DirectoryEntry; basis: string } | { entry: null; reason: string; candidates: DirectoryEntry[] };

/**
 * The service a source means by `text` on `day` (ISO date; null when the record has no date).
 * A name matches a service by its name or a former name, or by the one local authority area it
 * names; among the services that match, the record's date picks those that existed then. Two
 * services that both certainly existed, or none that certainly did and several that may have, is
 * no answer.
 */
export function resolveService(
  entries: readonly DirectoryEntry[],
  areaNames: ReadonlyMap<string, string>,
  text: string,
  day: string | null,
  onsCode: string | null = null,
): Resolution {
  const core = coreName(text);
  const area = AREA_ALIASES[core] ?? core;
  const byName = entries.filter((e) => [e.name, ...e.formerNames].some((n) => coreName(n) === core));
  const codes = onsCode
    ? [onsCode]
    : [...areaNames].filter(([, n]) => coreName(n) === area || n.toLowerCase() === area).map(([c]) => c);
  const byArea = codes.length ? entries.filter((e) => e.onsCodes.some((c) => codes.includes(c))) : [];
  // A name can be a service's and an area's at once ("Bridgend"): every service it can mean is a candidate.
  const pool = onsCode ? byArea : [...new Set([...byName, ...byArea])];
  const how = onsCode ? `ONS code ${onsCode}` : byName.length ? 'its name' : 'its local authority area';
  if (!pool.length)
    return { entry: null, reason: `no service in the directory is called or covers "${text}"`, candidates: [] };
  if (pool.length === 1 && (!day || existedOn(pool[0]!, day) !== 'no')) return { entry: pool[0]!, basis: `by ${how}` };
  if (!day)
    return {
      entry: null,
      reason: `"${text}" can mean ${pool.map((e) => e.name).join(' or ')}, and the record has no date to choose`,
      candidates: pool,
    };
  const certain = pool.filter((e) => existedOn(e, day) === 'certain');
  const possible = pool.filter((e) => existedOn(e, day) === 'possible');
  const chosen = certain.length ? certain : possible;
  if (chosen.length === 1) return { entry: chosen[0]!, basis: `by ${how} and the service that existed on ${day}` };
  return {
    entry: null,
    reason: chosen.length
      ? `"${text}" on ${day} can mean ${chosen.map((e) => e.name).join(' or ')}: the sources do not date ` +
        'their start and end closely enough to choose'
      : `no service called or covering "${text}" existed on ${day}`,
    candidates: chosen,
  };
}

/**
 * County codes replaced when the county was reorganised (ONS): a service that lists both the old code
 * and its successors covers the successors, by their current names.
 */
const SUPERSEDED: Record<string, readonly string[]> = {
  E10000006: ['E06000063', 'E06000064'], // Cumbria: Cumberland, Westmorland and Furness (2023)
  E10000021: ['E06000061', 'E06000062'], // Northamptonshire: North and West Northamptonshire (2021)
  E10000023: ['E06000065'], // North Yorkshire (2023)
  E10000027: ['E06000066'], // Somerset (2023)
};

/** The register's key for the areas a directory service covers (sorted area names), as services.area_key. */
export function areaKeyOf(e: Pick<DirectoryEntry, 'onsCodes'>, areaNames: ReadonlyMap<string, string>): string {
  const current = e.onsCodes.filter((c) => !SUPERSEDED[c]?.some((n) => e.onsCodes.includes(n)));
  return [...new Set(current.map((c) => areaNames.get(c) ?? c))].sort((a, b) => a.localeCompare(b)).join('; ');
}

/** Whether the service's name in the text marks a joint inspection ("Suffolk - JI", "- Joint_Inspection"). */
export const marksJointInspection = (text: string) =>
  /\s-\s*(ji|joint[ _]inspection)\s*$/i.test(text.trim()) || /^\s*a joint inspection of /i.test(text);
