import { describe, expect, it } from 'vitest';
import {
  combineHexes,
  hexCentre,
  placeHexes,
  serviceForEachHex,
  type AuthorityHex,
  type HexJson,
} from '../../src/domain/hexmap.ts';
import { englandAndWalesHexes } from '../../src/store/hexmaps.ts';
import type { PublicEntry } from '../../src/store/register-repo.ts';
import { hexMapViewModel } from '../../src/web/map/view-model.ts';

const S3 = Math.sqrt(3);
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('hex geometry', () => {
  it('odd-r pushes odd rows half a hex right and counts rows northwards (up the screen)', () => {
    expect(hexCentre('odd-r', 0, 0)).toEqual({ x: 0, y: -0 });
    const up = hexCentre('odd-r', 0, 1);
    expect(up.x).toBeCloseTo(S3 / 2);
    expect(up.y).toBeCloseTo(-1.5);
    expect(hexCentre('odd-r', 0, 2).x).toBeCloseTo(0);
  });

  it('even-r pushes even rows right instead', () => {
    expect(hexCentre('even-r', 0, 0).x).toBeCloseTo(S3 / 2);
    expect(hexCentre('even-r', 0, 1).x).toBeCloseTo(0);
  });

  it('odd-q and even-q lift alternate columns by half a hex', () => {
    expect(hexCentre('odd-q', 1, 0)).toEqual({ x: 1.5, y: -S3 / 2 });
    expect(hexCentre('odd-q', 2, 0).y).toBeCloseTo(0);
    expect(hexCentre('even-q', 0, 0).y).toBeCloseTo(-S3 / 2);
    expect(hexCentre('even-q', 1, 0).y).toBeCloseTo(0);
  });

  it('places neighbours exactly one hex apart in every layout, negative rows included', () => {
    for (const layout of ['odd-r', 'even-r'] as const)
      for (const r of [-3, -2, 0, 1, 4]) {
        const a = hexCentre(layout, 2, r);
        expect(distance(a, hexCentre(layout, 3, r))).toBeCloseTo(S3);
        // A hex touches two hexes of the row above.
        const above = [1, 2, 3].map((q) => distance(a, hexCentre(layout, q, r + 1)));
        expect(above.filter((d) => Math.abs(d - S3) < 1e-9)).toHaveLength(2);
      }
    for (const layout of ['odd-q', 'even-q'] as const)
      for (const q of [-3, 0, 1, 2]) {
        const a = hexCentre(layout, q, 2);
        expect(distance(a, hexCentre(layout, q, 3))).toBeCloseTo(S3);
        const right = [1, 2, 3].map((r) => distance(a, hexCentre(layout, q + 1, r)));
        expect(right.filter((d) => Math.abs(d - S3) < 1e-9)).toHaveLength(2);
      }
  });

  it('fits every hex inside the viewBox with the margin', () => {
    const hexes: AuthorityHex[] = [
      { code: 'A', name: 'A', codes: ['A'], q: 0, r: 0 },
      { code: 'B', name: 'B', codes: ['B'], q: 3, r: 5 },
    ];
    const placed = placeHexes('odd-r', hexes, 10, 2);
    for (const h of placed.hexes)
      for (const p of h.points.split(' ')) {
        const [x, y] = p.split(',').map(Number) as [number, number];
        expect(x).toBeGreaterThanOrEqual(1.99);
        expect(y).toBeGreaterThanOrEqual(1.99);
        expect(x).toBeLessThanOrEqual(placed.width - 1.99);
        expect(y).toBeLessThanOrEqual(placed.height - 1.99);
      }
    // B is north (r 5): higher on the screen than A.
    expect(placed.hexes[1]!.y).toBeLessThan(placed.hexes[0]!.y);
  });
});

describe('combining layouts', () => {
  const file = (hexes: HexJson['hexes']): HexJson => ({ layout: 'odd-r', hexes });

  it('moves, renames and splits hexes, and refuses an odd row shift or two areas on one hex', () => {
    const a = file({ X: { n: 'X', q: 0, r: 0 }, OLD: { n: 'Old', q: 1, r: 0 } });
    const b = file({ '1': { n: 'Cymraeg', en: 'English', q: 0, r: 0 } });
    const m = combineHexes([
      {
        file: a,
        dq: 2,
        dr: 0,
        splits: {
          OLD: [
            { code: 'N1', name: 'New 1', codes: ['N1', 'OLD'], q: 1, r: 0 },
            { code: 'N2', name: 'New 2', codes: ['N2', 'OLD'], q: 1, r: 1 },
          ],
        },
      },
      { file: b, dq: 0, dr: 2, codeOf: (k) => ({ '1': 'W1' })[k], nameOf: (h) => h.en ?? h.n },
    ]);
    expect(m.hexes).toEqual([
      { code: 'X', name: 'X', codes: ['X'], q: 2, r: 0 },
      { code: 'N1', name: 'New 1', codes: ['N1', 'OLD'], q: 3, r: 0 },
      { code: 'N2', name: 'New 2', codes: ['N2', 'OLD'], q: 3, r: 1 },
      { code: 'W1', name: 'English', codes: ['W1'], q: 0, r: 2 },
    ]);
    expect(() => combineHexes([{ file: a, dq: 0, dr: 1 }])).toThrow(/even number/);
    expect(() =>
      combineHexes([
        { file: a, dq: 0, dr: 0 },
        { file: file({ Y: { n: 'Y', q: 0, r: 0 } }), dq: 0, dr: 0 },
      ]),
    ).toThrow(/Y and X share a hex/);
    expect(() => combineHexes([{ file: b, dq: 0, dr: 0, codeOf: () => undefined }])).toThrow(/no ONS code/);
  });

  it('England and Wales: every area once, Welsh areas by ONS code and English name, the new counties', () => {
    const { hexes } = englandAndWalesHexes();
    expect(hexes).toHaveLength(151 - 1 + 2 + 22);
    expect(new Set(hexes.map((h) => h.code)).size).toBe(hexes.length);
    expect(hexes.filter((h) => h.code.startsWith('W06'))).toHaveLength(22);
    expect(hexes.find((h) => h.code === 'W06000006')?.name).toBe('Wrexham');
    expect(hexes.find((h) => h.code === 'E06000064')?.codes).toContain('E10000006');
    expect(hexes.find((h) => h.code === 'E06000065')?.codes).toEqual(['E10000023', 'E06000065']);
    expect(hexes.some((h) => h.code === 'E10000006')).toBe(false);
    // Wales lies west of England: Cardiff left of every English hex on its row.
    const cardiff = hexes.find((h) => h.code === 'W06000015')!;
    const row = hexes.filter((h) => h.r === cardiff.r && h.code.startsWith('E'));
    expect(Math.min(...row.map((h) => h.q))).toBeGreaterThan(cardiff.q);
  });
});

describe('which service colours a hex', () => {
  const hex = (code: string, codes = [code]): AuthorityHex => ({ code, name: code, codes, q: 0, r: 0 });
  const svc = (id: string, codes: string[], published: string, overall: string | null = 'good') => ({
    serviceId: id,
    serviceName: id,
    serviceSlug: id,
    codes,
    overall,
    published,
  });

  it('colours every area a service covers, the newest inspection winning a shared area, none where none covers', () => {
    const result = serviceForEachHex(
      [hex('A'), hex('B'), hex('C', ['C', 'OLD']), hex('D')],
      [
        svc('joint', ['A', 'B'], '2020-01-01'),
        svc('county', ['OLD'], '2019-01-01'),
        svc('unitary', ['C'], '2024-01-01'),
      ],
    );
    expect(result.map((r) => r.service?.serviceId ?? null)).toEqual(['joint', 'joint', 'unitary', null]);
    const older = serviceForEachHex(
      [hex('C', ['C', 'OLD'])],
      [svc('county', ['OLD'], '2025-01-01'), svc('unitary', ['C'], '2024-01-01')],
    );
    expect(older[0]!.service?.serviceId).toBe('county');
  });

  it('the view model counts areas and services per category from the latest list it is given', () => {
    const map = {
      layout: 'odd-r' as const,
      hexes: [hex('A'), hex('B'), hex('C'), hex('D')].map((h, i) => ({ ...h, q: i })),
    };
    const entry = (id: string, overall: string | null): PublicEntry => ({
      inspectionId: `i-${id}`,
      ref: `${id}-2024`,
      serviceId: id,
      serviceSlug: id,
      serviceName: `${id} YJS`,
      region: 'London',
      nation: 'England',
      frameworkId: 'hmip-youth-2021',
      publication: { precision: 'day', earliest: '2024-01-01', latest: '2024-01-01' },
      overall,
      score: null,
      scoreMax: null,
    });
    const vm = hexMapViewModel(
      map,
      [entry('joint', 'outstanding'), entry('old', null)],
      new Map([
        ['joint', ['A', 'B']],
        ['old', ['C']],
      ]),
      '2024-06-01',
    );
    expect(vm.hexes.map((h) => h.category)).toEqual(['outstanding', 'outstanding', 'none', 'not_inspected']);
    expect(vm.hexes[0]!.service?.href).toBe('/services/joint');
    const key = Object.fromEntries(vm.key.map((k) => [k.category, [k.areas, k.services]]));
    expect(key).toMatchObject({ outstanding: [2, 1], none: [1, 1], not_inspected: [1, 0], good: [0, 0] });
  });
});
