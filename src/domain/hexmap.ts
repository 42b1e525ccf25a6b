import { z } from 'zod';

/**
 * Hex maps of local authorities: the layouts (HexJSON, from Open Innovations' hexmaps project, in
 * data/hexmaps/), their geometry, and which service colours each hex. Pure: the files are read by
 * store/hexmaps.ts; the SVG is written by web/macros/hexmap.njk from what this module computes.
 */

export const HEX_LAYOUTS = ['odd-r', 'even-r', 'odd-q', 'even-q'] as const;
export type HexLayout = (typeof HEX_LAYOUTS)[number];

/** A HexJSON file as Open Innovations publishes it: extra fields per hex are kept, not needed. */
export const HexJsonSchema = z.object({
  layout: z.enum(HEX_LAYOUTS),
  hexes: z.record(
    z.string(),
    z.looseObject({ n: z.string().min(1), en: z.string().optional(), q: z.number().int(), r: z.number().int() }),
  ),
});
export type HexJson = z.infer<typeof HexJsonSchema>;

/**
 * Where a hex's centre falls, in hex units (a hex's side is 1). HexJSON counts rows `r` upwards
 * (north) and columns `q` rightwards, so y is negated for the screen. Rows ("-r" layouts) have
 * pointy-topped hexes; "odd-r" pushes odd rows half a hex right, "even-r" even rows. Columns ("-q")
 * have flat-topped hexes; "odd-q" lifts odd columns half a hex, "even-q" even columns.
 */
export function hexCentre(layout: HexLayout, q: number, r: number): { x: number; y: number } {
  const s3 = Math.sqrt(3);
  const odd = (n: number) => Math.abs(n) % 2 === 1;
  switch (layout) {
    case 'odd-r':
      return { x: s3 * (q + (odd(r) ? 0.5 : 0)), y: -1.5 * r };
    case 'even-r':
      return { x: s3 * (q + (odd(r) ? 0 : 0.5)), y: -1.5 * r };
    case 'odd-q':
      return { x: 1.5 * q, y: -s3 * (r + (odd(q) ? 0.5 : 0)) };
    case 'even-q':
      return { x: 1.5 * q, y: -s3 * (r + (odd(q) ? 0 : 0.5)) };
  }
}

/** The six corners of a hex of side 1 around (0, 0): pointy-topped for rows, flat-topped for columns. */
export function hexCorners(layout: HexLayout): { x: number; y: number }[] {
  const pointy = layout.endsWith('-r');
  return Array.from({ length: 6 }, (_, i) => {
    const angle = (Math.PI / 180) * (60 * i + (pointy ? 30 : 0));
    return { x: Math.cos(angle), y: Math.sin(angle) };
  });
}

/** One local authority on the map: the ONS codes it stands for (current and former), and its place. */
export interface AuthorityHex {
  /** The code it is shown and linked by: the current ONS code. */
  code: string;
  name: string;
  /** Every code a service may cover this area by (a reorganised county's old code as well). */
  codes: string[];
  q: number;
  r: number;
}

/**
 * How one file's hexes join a combined map: moved by (dq, dr) and renamed to ONS codes. In a "-r"
 * layout a row moved by an odd number would shift half a hex against its neighbours, so dr must
 * be even there (dq even for "-q").
 */
export interface HexPart {
  file: HexJson;
  dq: number;
  dr: number;
  /** The ONS code a file's key stands for (the Welsh file is keyed by a local number). */
  codeOf?: (key: string) => string | undefined;
  /** English name: the Welsh file has the Welsh name in `n` and the English in `en`. */
  nameOf?: (hex: HexJson['hexes'][string]) => string;
  /** A reorganised area kept as one hex: the file's code → the code it is shown by and every code it covers. */
  renames?: Record<string, { code: string; name?: string; codes: string[] }>;
  /** A reorganised area drawn as several hexes: its code → the hexes that replace it. */
  splits?: Record<string, AuthorityHex[]>;
}

export function combineHexes(parts: readonly HexPart[]): { layout: HexLayout; hexes: AuthorityHex[] } {
  const layout = parts[0]?.file.layout;
  if (!layout) throw new Error('a hex map needs at least one layout');
  const out: AuthorityHex[] = [];
  for (const p of parts) {
    if (p.file.layout !== layout) throw new Error(`layouts differ: ${layout} and ${p.file.layout}`);
    const shift = layout.endsWith('-r') ? p.dr : p.dq;
    if (shift % 2 !== 0) throw new Error(`a ${layout} layout can only be moved by an even number of rows or columns`);
    for (const [key, h] of Object.entries(p.file.hexes)) {
      const code = p.codeOf ? p.codeOf(key) : key;
      if (!code) throw new Error(`no ONS code for hex ${key} (${h.n})`);
      // A split area's hexes are placed in the file's own coordinates, then moved with the rest.
      const hexes = p.splits?.[code] ?? [
        {
          code: p.renames?.[code]?.code ?? code,
          name: p.renames?.[code]?.name ?? (p.nameOf ? p.nameOf(h) : h.n),
          codes: p.renames?.[code]?.codes ?? [code],
          q: h.q,
          r: h.r,
        },
      ];
      for (const x of hexes) out.push({ ...x, q: x.q + p.dq, r: x.r + p.dr });
    }
  }
  const seen = new Map<string, string>();
  for (const h of out) {
    const at = `${h.q},${h.r}`;
    if (seen.has(at)) throw new Error(`${h.name} and ${seen.get(at)} share a hex at ${at}`);
    seen.set(at, h.name);
  }
  return { layout, hexes: out };
}

/** Hexes placed on the page: centres and corners scaled, and the box that holds them all. */
export interface PlacedHex extends AuthorityHex {
  x: number;
  y: number;
  points: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function placeHexes(
  layout: HexLayout,
  hexes: readonly AuthorityHex[],
  size = 10,
  margin = 2,
): { hexes: PlacedHex[]; width: number; height: number; viewBox: string } {
  const corners = hexCorners(layout);
  const centres = hexes.map((h) => hexCentre(layout, h.q, h.r));
  const xs = centres.flatMap((c) => corners.map((k) => c.x + k.x));
  const ys = centres.flatMap((c) => corners.map((k) => c.y + k.y));
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const width = round((Math.max(...xs) - minX) * size + 2 * margin);
  const height = round((Math.max(...ys) - minY) * size + 2 * margin);
  const placed = hexes.map((h, i) => {
    const x = (centres[i]!.x - minX) * size + margin;
    const y = (centres[i]!.y - minY) * size + margin;
    return {
      ...h,
      x: round(x),
      y: round(y),
      points: corners.map((k) => `${round(x + k.x * size)},${round(y + k.y * size)}`).join(' '),
    };
  });
  return { hexes: placed, width, height, viewBox: `0 0 ${width} ${height}` };
}

/** A service's latest inspection as at the map's date, with the areas the service covers. */
export interface ServiceOnMap {
  serviceId: string;
  serviceName: string;
  serviceSlug: string;
  codes: readonly string[];
  overall: string | null;
  /** The latest day its publication could be (ISO): the newer inspection wins a shared area. */
  published: string;
}

/**
 * Which service colours each hex: the one whose latest inspection is newest among those covering
 * any of the hex's codes (a county's old service and its successor both cover the area, and the
 * successor's report is the newer), or none, where no service covering it has been inspected.
 */
export function serviceForEachHex<H extends AuthorityHex, S extends ServiceOnMap>(
  hexes: readonly H[],
  services: readonly S[],
): { hex: H; service: S | null }[] {
  const byCode = new Map<string, S[]>();
  for (const s of services)
    for (const c of s.codes) {
      const list = byCode.get(c) ?? [];
      list.push(s);
      byCode.set(c, list);
    }
  return hexes.map((hex) => {
    const candidates = [...new Set(hex.codes.flatMap((c) => byCode.get(c) ?? []))];
    candidates.sort((a, b) => b.published.localeCompare(a.published) || a.serviceName.localeCompare(b.serviceName));
    return { hex, service: candidates[0] ?? null };
  });
}

/** The Welsh layout's local numbers as ONS codes (data/hexmaps/README.md). */
export const WALES_HEX_CODES: Readonly<Record<string, string>> = {
  '01': 'W06000011', // Swansea
  '02': 'W06000019', // Blaenau Gwent
  '03': 'W06000014', // Vale of Glamorgan
  '04': 'W06000015', // Cardiff
  '05': 'W06000018', // Caerphilly
  '06': 'W06000012', // Neath Port Talbot
  '07': 'W06000008', // Ceredigion
  '08': 'W06000003', // Conwy
  '09': 'W06000022', // Newport
  '10': 'W06000002', // Gwynedd
  '11': 'W06000024', // Merthyr Tydfil
  '12': 'W06000013', // Bridgend
  '13': 'W06000023', // Powys
  '14': 'W06000016', // Rhondda Cynon Taf
  '15': 'W06000021', // Monmouthshire
  '16': 'W06000010', // Carmarthenshire
  '17': 'W06000009', // Pembrokeshire
  '18': 'W06000004', // Denbighshire
  '19': 'W06000005', // Flintshire
  '20': 'W06000020', // Torfaen
  '21': 'W06000006', // Wrexham
  '22': 'W06000001', // Isle of Anglesey
};

/**
 * One map of England and Wales from the two layouts. The English layout predates the county
 * reorganisations of 2019–2023, so its old codes are shown by the new ones, and the old code still
 * counts (a service inspected before the change covered it). Cumbria became two authorities with
 * two services: its hex is split, Westmorland and Furness taking the empty place east of it.
 * Wales sits west of England: England moves 5 columns right, Wales 4 rows up (even: see HexPart),
 * so Cardiff lies beside Gloucestershire and Anglesey beside the Wirral.
 */
export function englandAndWales(
  england: HexJson,
  wales: HexJson,
  /** The register's own English names by ONS code (data/seed/local-authorities.csv), where it has one. */
  names: ReadonlyMap<string, string> = new Map(),
): { layout: HexLayout; hexes: AuthorityHex[] } {
  const cumbria = england.hexes.E10000006;
  const map = combineHexes([
    {
      file: england,
      dq: 5,
      dr: 0,
      renames: {
        E10000021: { code: 'E10000021', codes: ['E10000021', 'E06000061', 'E06000062'] },
        E10000023: { code: 'E06000065', codes: ['E10000023', 'E06000065'] },
        E10000027: { code: 'E06000066', codes: ['E10000027', 'E06000066'] },
      },
      splits: cumbria
        ? {
            E10000006: [
              { code: 'E06000063', name: 'Cumberland', codes: ['E06000063', 'E10000006'], q: cumbria.q, r: cumbria.r },
              {
                code: 'E06000064',
                name: 'Westmorland and Furness',
                codes: ['E06000064', 'E10000006'],
                q: cumbria.q + 1,
                r: cumbria.r,
              },
            ],
          }
        : {},
    },
    { file: wales, dq: 0, dr: 4, codeOf: (key) => WALES_HEX_CODES[key], nameOf: (h) => h.en ?? h.n },
  ]);
  // The layouts' names are not always the English ones (the Welsh file has "Wrecsam" alone).
  return { ...map, hexes: map.hexes.map((h) => ({ ...h, name: names.get(h.code) ?? h.name })) };
}
