import { lowerPasswordHashCostForTests } from '../../src/accounts/passwords.ts';

/**
 * Before each integration and browser test file: accounts made in tests (builders, demo accounts,
 * the users page) are hashed at a low argon2id cost, since the suite makes and signs in hundreds of
 * them. What is tested is the same (argon2id, a wrong password refused); the production cost is
 * asserted in test/unit/passwords.test.ts, where nothing lowers it.
 */
lowerPasswordHashCostForTests({ memoryCost: 4_096, timeCost: 1, parallelism: 1 });
