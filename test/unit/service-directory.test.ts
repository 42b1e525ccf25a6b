import { describe, expect, it } from 'vitest';
import { loadAreaNames, loadDirectory } from '../../src/import/directory.ts';
import { parseIsoPartial } from '../../src/domain/partial-date.ts';
import {
  areaKeyOf,
  coreName,
  existedOn,
  isFormer,
  marksJointInspection,
  resolveService,
  type DirectoryEntry,
} from '../../src/domain/service-directory.ts';

const directory = loadDirectory();
const areas = loadAreaNames();
const nameOn = (text: string, day: string | null, code: string | null = null) => {
  const r = resolveService(directory, areas, text, day, code);
  return r.entry ? r.entry.name : `none: ${r.reason}`;
};

describe('the directory of youth justice services', () => {
  it('covers every English upper-tier authority and Welsh principal area, and marks placeholder names', () => {
    expect(directory).toHaveLength(163);
    const covered = new Set(directory.flatMap((e) => e.onsCodes));
    for (const code of areas.keys()) expect(covered, code).toContain(code);
    const placeholders = directory.filter((e) => !e.nameSourced).map((e) => e.name);
    expect(placeholders).toEqual(
      expect.arrayContaining(['Sunderland youth justice service', 'Windsor and Maidenhead youth justice service']),
    );
    // A service without a public source for its name never carries one.
    for (const e of directory.filter((x) => x.source === null)) expect(e.nameSourced).toBe(false);
    expect(directory.filter((e) => !isFormer(e))).toHaveLength(156);
  });

  it('reads the names sources use', () => {
    expect(coreName('Royal Borough of Greenwich')).toBe('greenwich');
    expect(coreName('Suffolk - JI')).toBe('suffolk');
    expect(coreName('An inspection of Tower Hamlets and City of London')).toBe('tower hamlets and city of london');
    expect(coreName('youth justice services in Conwy & Denbighshire - Joint_Inspection')).toBe(
      'conwy and denbighshire',
    );
    expect(nameOn('Royal Borough of Greenwich', '2023-06-20')).toMatch(/^Greenwich/);
    expect(nameOn('Hull', '2021-09-16')).toMatch(/Hull/);
    expect(nameOn('Suffolk - JI', '2023-01-18')).toMatch(/^Suffolk/);
    expect(nameOn('An inspection of Tower Hamlets and City of London', '2022-07-26')).toMatch(/^Tower Hamlets/);
    expect(nameOn('Halton', '2021-12-01')).toMatch(/^Cheshire/);
    expect(nameOn('Atlantis', '2024-01-01')).toMatch(/^none: no service in the directory/);
    expect(marksJointInspection('Suffolk - JI')).toBe(true);
    expect(marksJointInspection('youth offending services in Dorset - Joint_Inspection')).toBe(true);
    expect(marksJointInspection('Suffolk')).toBe(false);
  });

  it('picks Swansea, Neath Port Talbot and Bridgend by the date of the record', () => {
    for (const place of ['Swansea', 'Neath Port Talbot', 'Bridgend']) {
      expect(nameOn(place, '2012-05-01')).toBe(`${place} YOS (pre-2014)`);
      expect(nameOn(place, '2016-05-01')).toMatch(/^Western Bay/);
      expect(nameOn(place, '2019-03-21')).toMatch(/^Western Bay/);
      expect(nameOn(place, '2022-06-14')).toBe(`${place} YJS`);
      // In 2014 the old services ended and Western Bay began; the sources give only the year.
      expect(nameOn(place, '2014-06-01')).toMatch(/^none: .* do not date/);
      // Western Bay's end is not sourced: later in 2019 either could be meant.
      expect(nameOn(place, '2019-09-01')).toMatch(/^none: .* do not date/);
      expect(nameOn(place, null)).toMatch(/^none: .* no date/);
    }
    expect(nameOn('Bridgend', '2022-06-14', 'W06000013')).toBe('Bridgend YJS');
    // A service is never taken for a record dated before it existed.
    expect(nameOn('Cumberland', '2015-06-01')).toMatch(/^none: no service called or covering "Cumberland" existed/);
    expect(nameOn('Cumbria', '2015-06-01')).toBe('Cumbria YOS (county service)');
  });

  it('knows when a service existed, as precisely as its dates are known', () => {
    const e = (from: string | null, to: string | null, notBefore: string | null = null): DirectoryEntry => ({
      ...directory[0]!,
      existedFrom: from ? parseIsoPartial(from) : null,
      existedTo: to ? parseIsoPartial(to) : null,
      endedNotBefore: notBefore,
    });
    expect(existedOn(e('2013-06', null), '2013-05-31')).toBe('no');
    expect(existedOn(e('2013-06', null), '2013-06-15')).toBe('possible');
    expect(existedOn(e('2013-06', null), '2013-07-01')).toBe('certain');
    expect(existedOn(e(null, '2023-04'), '2023-03-31')).toBe('possible');
    expect(existedOn(e(null, '2023-04'), '2023-05-01')).toBe('no');
    expect(existedOn(e('2014', null, '2019-04-01'), '2019-03-31')).toBe('certain');
    expect(existedOn(e('2014', null, '2019-04-01'), '2025-01-01')).toBe('possible');
    expect(areaKeyOf({ onsCodes: ['E10000023', 'E06000065'] }, areas)).toBe('North Yorkshire');
    expect(areaKeyOf({ onsCodes: ['E10000021', 'E06000061', 'E06000062'] }, areas)).toBe(
      'North Northamptonshire; West Northamptonshire',
    );
    expect(areaKeyOf({ onsCodes: ['E10000006'] }, areas)).toBe('Cumbria');
  });
});
