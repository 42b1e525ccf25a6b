import { z } from 'zod';

/**
 * The envelope of an encrypted backup: one plain JSON line naming the scheme, then the AES-256-GCM
 * ciphertext of the ordinary JSON-lines backup, then the 16-byte GCM tag. The header line is plain
 * so `restore` can say what key it needs before it has one, and it is the GCM additional data, so
 * altering it (salt, nonce, scrypt cost) fails the tag check like altering the body does.
 *
 * Pure: bytes and strings in and out; the crypto and file handling live in store/backup.ts.
 */
export const ENCRYPTED_FORMAT = 'inspectorate-backup-encrypted/1';
export const CIPHER = 'aes-256-gcm';
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SALT_BYTES = 16;
/** scrypt cost for a new backup: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per derivation. */
export const SCRYPT_DEFAULT = { N: 2 ** 15, r: 8, p: 1 } as const;
/** A passphrase shorter than this is refused when making a backup (restore takes what it is given). */
export const MIN_PASSPHRASE = 12;
/** The header line is read before anything else; a longer first line is not an envelope. */
export const MAX_HEADER_BYTES = 4096;

const b64 = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .refine((s) => Buffer.from(s, 'base64').length === bytes, `must be ${bytes} bytes`);

const headerSchema = z.object({
  format: z.literal(ENCRYPTED_FORMAT),
  cipher: z.literal(CIPHER),
  nonce: b64(NONCE_BYTES),
  // A bounded cost, so a crafted header cannot make restore spend gigabytes of memory.
  kdf: z.discriminatedUnion('name', [
    z.object({
      name: z.literal('scrypt'),
      salt: b64(SALT_BYTES),
      N: z
        .number()
        .int()
        .min(2 ** 14)
        .max(2 ** 20)
        .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
      r: z.number().int().min(1).max(16),
      p: z.number().int().min(1).max(4),
    }),
    z.object({ name: z.literal('key-file') }),
  ]),
});

export type EnvelopeHeader = z.infer<typeof headerSchema>;

export function encodeHeader(h: EnvelopeHeader): string {
  return JSON.stringify(headerSchema.parse(h));
}

/**
 * Reads a first line. `plain` when it is not an envelope at all (the caller then treats the file as
 * an ordinary backup), `invalid` when it claims the envelope format but is malformed.
 */
export function parseHeader(
  line: string,
): { kind: 'encrypted'; header: EnvelopeHeader } | { kind: 'plain' } | { kind: 'invalid'; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'plain' };
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== ENCRYPTED_FORMAT)
    return { kind: 'plain' };
  const r = headerSchema.safeParse(raw);
  if (!r.success)
    return { kind: 'invalid', problem: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { kind: 'encrypted', header: r.data };
}

/**
 * A key file holds 32 random bytes: as 64 hex digits, as base64, or raw (e.g. `openssl rand -hex 32`).
 * Anything else is refused rather than stretched, so a mistyped path to some other file fails loudly.
 */
export function parseKeyFile(content: Buffer): Buffer | null {
  if (content.length === KEY_BYTES) return Buffer.from(content);
  const text = content.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return Buffer.from(text, 'base64');
  return null;
}
