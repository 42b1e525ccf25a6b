import { describe, expect, it } from 'vitest';
import { encodeHeader, ENCRYPTED_FORMAT, parseHeader, parseKeyFile } from '../../src/domain/backup-envelope.ts';

const good = {
  format: ENCRYPTED_FORMAT,
  cipher: 'aes-256-gcm',
  nonce: Buffer.alloc(12, 1).toString('base64'),
  kdf: { name: 'scrypt', salt: Buffer.alloc(16, 2).toString('base64'), N: 2 ** 15, r: 8, p: 1 },
} as const;

describe('encrypted backup header', () => {
  it('round-trips, and an ordinary backup header reads as plain', () => {
    expect(parseHeader(encodeHeader(good))).toEqual({ kind: 'encrypted', header: good });
    expect(parseHeader('{"format":"inspectorate-backup/1","tables":[]}')).toEqual({ kind: 'plain' });
    expect(parseHeader('hello')).toEqual({ kind: 'plain' });
  });

  it('refuses a wrong-length nonce or salt and a cost that would exhaust memory', () => {
    const bad = (h: object) => parseHeader(JSON.stringify({ ...good, ...h })).kind;
    expect(bad({ nonce: Buffer.alloc(8).toString('base64') })).toBe('invalid');
    expect(bad({ kdf: { ...good.kdf, salt: 'AAAA' } })).toBe('invalid');
    expect(bad({ kdf: { ...good.kdf, N: 2 ** 24 } })).toBe('invalid');
    expect(bad({ kdf: { ...good.kdf, N: 30000 } })).toBe('invalid');
    expect(bad({ cipher: 'aes-128-cbc' })).toBe('invalid');
    expect(bad({ kdf: { name: 'key-file' } })).toBe('encrypted');
  });
});

describe('key files', () => {
  it('take 32 bytes as hex, base64 or raw, and refuse anything else', () => {
    const k = Buffer.from([...Array(32).keys()]);
    expect(parseKeyFile(Buffer.from(`${k.toString('hex')}\n`))).toEqual(k);
    expect(parseKeyFile(Buffer.from(k.toString('base64')))).toEqual(k);
    expect(parseKeyFile(k)).toEqual(k);
    expect(parseKeyFile(Buffer.from('a passphrase in a file'))).toBeNull();
    expect(parseKeyFile(Buffer.from(k.toString('hex').slice(2)))).toBeNull();
  });
});
