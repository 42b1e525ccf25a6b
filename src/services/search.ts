import { coreName } from '../domain/service-directory.ts';
import type { Db } from '../store/db.ts';
import { listServices, type ServiceListFilters, type ServiceSearch } from '../store/register-repo.ts';

/**
 * What a search for a service looks for, from what a person typed: the words as typed; the name's
 * core, without the words sources add around it ("Bromley Youth Justice Service", "Bromley YOS" and
 * "London Borough of Bromley" all come to "bromley"), contained in a name or, for a slight
 * misspelling, alike by trigrams; and an ONS code ("E09000006") when the text is one.
 */
/**
 * How alike (0–1, pg_trgm word similarity) a name must be to count as a misspelling of what was
 * typed: 0.5 finds one or two letters wrong in a place name ("Bromly", "Lewsham") and not a different
 * place sharing a few letters ("Brent" is not "Bromley").
 */
export const SEARCH_SIMILARITY = 0.5;

const ONS_CODE = /^[EW]\d{8}$/i;

export function serviceSearch(q: string): ServiceSearch | null {
  const text = q.trim();
  if (!text) return null;
  return {
    text,
    core: coreName(text),
    code: ONS_CODE.test(text) ? text.toUpperCase() : null,
    similarity: null,
  };
}

/**
 * The services list, searched by any name. A name that is in the register finds just what holds
 * it; only when nothing does is a near spelling looked for ("Herefordshire" finds West Mercia, not
 * Hertfordshire; "Bromly", found nowhere, finds Bromley).
 */
export async function findServices(db: Db, visibleAt: Date, f: ServiceListFilters) {
  const found = await listServices(db, visibleAt, f);
  if (found.total > 0 || !f.search?.core) return found;
  return listServices(db, visibleAt, { ...f, search: { ...f.search, similarity: SEARCH_SIMILARITY } });
}
