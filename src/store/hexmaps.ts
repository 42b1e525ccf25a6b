import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAreaNames } from '../import/directory.ts';
import { englandAndWales, HexJsonSchema, type AuthorityHex, type HexJson, type HexLayout } from '../domain/hexmap.ts';

export const HEXMAP_DIR = resolve(import.meta.dirname, '..', '..', 'data', 'hexmaps');

/** A HexJSON file, validated; an error names the file and the field. */
export function readHexJson(path: string): HexJson {
  const parsed = HexJsonSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

let cached: { layout: HexLayout; hexes: AuthorityHex[] } | undefined;

/** The map of England and Wales, read once per process (the files are part of the release). */
export function englandAndWalesHexes(): { layout: HexLayout; hexes: AuthorityHex[] } {
  cached ??= englandAndWales(
    readHexJson(resolve(HEXMAP_DIR, 'uk-upper-tier-local-authorities.hexjson')),
    readHexJson(resolve(HEXMAP_DIR, 'wales-unitary-authorities.hexjson')),
    loadAreaNames(),
  );
  return cached;
}
