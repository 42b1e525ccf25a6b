import { loadFrameworks } from '../../src/store/frameworks.ts';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const write = (name: string, content: string) => {
  // files for the cases below
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('inspectorate rate', () => {
  it('reproduces a 33/36 Outstanding inspection from case answers (JSON)', async () => {
    const r = await runCli(['rate', 'examples/outstanding-33.json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.score).toEqual({ total: 33, max: 36 });
    expect(json.overall.rating).toBe('outstanding');
  });
  it('prints a table for people', async () => {
    const r = await runCli(['rate', 'examples/requires-improvement-16.json', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Score: 16\/36/);
    expect(r.out).toMatch(/Overall: Requires improvement/);
    expect(r.out).toMatch(/3\.4\s+Joint working\s+Requires improvement/);
  });
  it.each([
    ['missing file', ['rate', join(dir, 'nope.json')], /no such file/],
    ['not JSON', ['rate', write('bad.json', '{ "framework": ')], /not valid JSON/],
    [
      'bad answer',
      [
        'rate',
        write(
          'answer.json',
          JSON.stringify({
            framework: 'hmip-youth-2021',
            cases: [{ ref: 'A', type: 'court', answers: { '2.1.1': 'perhaps' } }],
          }),
        ),
      ],
      /cases\.0\.answers\.2\.1\.1: answer must be "yes", "no" or "na"/,
    ],
    [
      'unknown framework',
      ['rate', write('fw.json', JSON.stringify({ framework: 'hmip-2099' }))],
      /framework "hmip-2099" is not known/,
    ],
    [
      'override too far',
      [
        'rate',
        write(
          'ov.json',
          JSON.stringify({
            framework: 'hmip-youth-2021',
            cases: [{ ref: 'A', type: 'court', answers: { '2.1.1': 'yes', '2.1.2': 'yes', '2.1.3': 'yes' } }],
            overrides: { '2.1': { rating: 'inadequate', rationale: 'r' } },
          }),
        ),
      ],
      /moves 3 bands/,
    ],
    [
      'missing rationale',
      [
        'rate',
        write('rat.json', JSON.stringify({ framework: 'hmip-youth-2021', overrides: { '2.1': { rating: 'good' } } })),
      ],
      /overrides\.2\.1\.rationale/,
    ],
    ['bad format', ['rate', 'examples/outstanding-33.json', '--format', 'xml'], /--format must be/],
    ['no file', ['rate'], /give the input file/],
  ])('rejects %s with exit code 1 and a message naming the problem', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});

describe('other commands', () => {
  it('lists frameworks', async () => {
    const r = await runCli(['frameworks']);
    expect(r.code).toBe(0);
    // One line per framework file.
    expect(r.out.split('\n')).toHaveLength(loadFrameworks().length);
    expect(r.out).toMatch(/hmip-youth-2021\t2021\.1/);
  });
  it('unknown commands fail with usage', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unknown command "frobnicate"/);
  });
});

describe('./bin/inspectorate', () => {
  it('works as an executable and sets the exit code', () => {
    const ok = execFileSync('./bin/inspectorate', ['rate', 'examples/outstanding-33.json', '--format', 'table'], {
      encoding: 'utf8',
    });
    expect(ok).toMatch(/Score: 33\/36/);
    const bad = spawnSync('./bin/inspectorate', ['rate', join(dir, 'nope.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no such file/);
  }, 30_000);
});
