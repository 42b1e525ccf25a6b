import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  lowerPasswordHashCostForTests,
  PASSWORD_HASH_COST,
  verifyPassword,
} from '../../src/accounts/passwords.ts';

describe('password hashing', () => {
  it('hashes with argon2id at the production cost (64 MiB, t=3, p=4) unless a test lowers it', async () => {
    expect(PASSWORD_HASH_COST).toEqual({ memoryCost: 65_536, timeCost: 3, parallelism: 4 });
    const hash = await hashPassword('a sufficiently long passphrase');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(await verifyPassword(hash, 'a sufficiently long passphrase')).toBe(true);
    expect(await verifyPassword(hash, 'a sufficiently long passphrasf')).toBe(false);
  });

  it('refuses to lower the cost outside the test runner', () => {
    const vitest = process.env.VITEST;
    delete process.env.VITEST;
    try {
      expect(() => lowerPasswordHashCostForTests({ memoryCost: 4_096, timeCost: 1, parallelism: 1 })).toThrow(
        /only lowered under the test runner/,
      );
    } finally {
      process.env.VITEST = vitest;
    }
  });
});
