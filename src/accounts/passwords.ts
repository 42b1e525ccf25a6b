import argon2 from 'argon2';

/** argon2id at the library's defaults (64 MiB, t=3, p=4): OWASP's recommended family. */
export const PASSWORD_HASH_COST = { memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;
type Cost = { memoryCost: number; timeCost: number; parallelism: number };
let cost: Cost = PASSWORD_HASH_COST;

/**
 * Lowers the cost of new hashes, for the test suite only: it creates and signs in hundreds of
 * accounts, and at the real cost hashing is a large share of its run time. Refused outside the
 * test runner, so the application always hashes at PASSWORD_HASH_COST. Verifying reads the cost
 * from the stored hash, so hashes made at either cost verify.
 */
export function lowerPasswordHashCostForTests(c: Cost): void {
  if (!process.env.VITEST) throw new Error('the password hash cost is only lowered under the test runner');
  cost = c;
}

export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, ...cost });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the email is unknown, so timing does not reveal which
 * accounts exist.
 */
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword(`no-such-user-${Math.random()}`));

export const MIN_PASSWORD_LENGTH = 12;
