import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../src/web/auth/plugin.ts';

const HOME = '/workspace';
/** Every character a Location header may carry (visible ASCII), and a leading single slash. */
const isSafeLocation = (s: string) => /^\/(?![/\\])[\x21-\x7e]*$/.test(s);

describe('safeReturnTo', () => {
  it.each([
    ['//evil.example/x'],
    ['/\\evil.example/x'],
    ['\\\\evil.example/x'],
    ['/\t/evil.example/x'],
    ['/\n/evil.example/x'],
    ['/\r\n/evil.example/x'],
    ['\t//evil.example/x'],
    [' //evil.example/x'],
    ['/.//evil.example/x'],
    ['/a/..//evil.example/x'],
    ['https://evil.example/x'],
    ['HTTPS://evil.example'],
    ['http:evil.example'],
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    [''],
  ])('sends %j to the workspace home', (value) => {
    expect(safeReturnTo(value)).toBe(HOME);
  });

  it('sends a very long value (over 2,000 characters) home', () => {
    expect(safeReturnTo(`/${'a'.repeat(5000)}`)).toBe(HOME);
    expect(safeReturnTo(`/${'a'.repeat(1000)}`)).toBe(`/${'a'.repeat(1000)}`);
  });

  it.each([undefined, null, 42, ['/workspace/tasks'], { toString: () => '/x' }])(
    'sends a non-string (%j) home',
    (value) => {
      expect(safeReturnTo(value)).toBe(HOME);
    },
  );

  it.each([
    ['/workspace/tasks', '/workspace/tasks'],
    ['/workspace/inspections/abc?tab=cases#case-3', '/workspace/inspections/abc?tab=cases#case-3'],
    // Escaped slashes are a path on this site, not another host: kept escaped.
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%09/evil.example/x', '/%09/evil.example/x'],
    // Characters a header cannot carry are percent-encoded, never passed through.
    ['/services?q=Bexley café', '/services?q=Bexley%20caf%C3%A9'],
    ['/inspections/ärger#ü', '/inspections/%C3%A4rger#%C3%BC'],
    ['/a\r\nSet-Cookie: x=1', '/aSet-Cookie:%20x=1'],
    ['/a\u0000b\u0007c', '/a%00b%07c'],
    // Whatever host a value names, only the path is ever sent back.
    ['//evil.example@site.invalid/x', '/x'],
  ])('keeps a path on this site: %j becomes %j', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it('always gives a same-site path a Location header can carry, whatever the input', () => {
    const pieces = [
      '/',
      '\\',
      '//',
      '\t',
      '\r',
      '\n',
      '%09',
      '%2F',
      '.',
      '..',
      ':',
      '@',
      '?',
      '#',
      'evil.example',
      'é',
      '☃',
      '\u0000',
      ' ',
      'http:',
      'javascript:',
    ];
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const out = safeReturnTo(a + b + c);
          expect(isSafeLocation(out), JSON.stringify(a + b + c) + ' -> ' + out).toBe(true);
        }
  });
});
