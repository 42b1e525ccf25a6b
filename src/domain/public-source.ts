import type { PublicSource } from './service-directory.ts';

export type { PublicSource };

/** Publishers of the sites the register's sources come from; any other site is named by its address. */
const PUBLISHERS: [RegExp, string][] = [
  // HMICFRS shares the justice inspectorates' domain: it comes first, so it is not taken for HMIP.
  [/^hmicfrs\.justiceinspectorates\.gov\.uk$/, 'HMICFRS'],
  [/(^|\.)justiceinspectorates\.gov\.uk$/, 'HM Inspectorate of Probation'],
  [/(^|\.)bbc\.(com|co\.uk)$|^feeds\.bbci\.co\.uk$/, 'BBC News'],
  [/(^|\.)cypnow\.co\.uk$/, 'Children & Young People Now'],
  [/(^|\.)itv\.com$/, 'ITV News'],
  [/^github\.com$/, 'GitHub'],
  [/(^|\.)newburytoday\.co\.uk$/, 'Newbury Today'],
];

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
};

/** Who published the page at an address, as far as the address tells. */
export function publisherOf(url: string): string {
  const host = hostOf(url);
  if (!host) return 'Unknown publisher';
  return PUBLISHERS.find(([re]) => re.test(host))?.[1] ?? host;
}

/** HMIP press release addresses carry their year and month (".../press-releases/2024/07/..."). */
export function dateInUrl(url: string): string | null {
  if (!/(^|\.)justiceinspectorates\.gov\.uk$/.test(hostOf(url) ?? '')) return null;
  const m = /\/press-releases\/(\d{4})\/(\d{2})\//.exec(url);
  return m ? `${m[1]}-${m[2]}` : null;
}

/**
 * Every source address of a record with its publisher, title and date: the details the data set
 * gives for an address, otherwise what the address itself tells (never a guessed title).
 */
export function sourcesOf(urls: readonly string[], known: readonly PublicSource[]): PublicSource[] {
  return urls.map(
    (url) =>
      known.find((k) => k.url === url) ?? { publisher: publisherOf(url), title: null, date: dateInUrl(url), url },
  );
}
