import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIMS_RATE_LIMIT, loadConfig } from '../../src/config.ts';

describe('the claims checker allowance in the configuration', () => {
  it('is on by default, can be set or turned off, and refuses what is not a whole number', () => {
    expect(loadConfig({}).claimsRateLimitPerMinute).toBe(DEFAULT_CLAIMS_RATE_LIMIT);
    expect(DEFAULT_CLAIMS_RATE_LIMIT).toBeGreaterThan(0);
    expect(loadConfig({ CLAIMS_RATE_LIMIT_PER_MINUTE: '120' }).claimsRateLimitPerMinute).toBe(120);
    expect(loadConfig({ CLAIMS_RATE_LIMIT_PER_MINUTE: '0' }).claimsRateLimitPerMinute).toBe(0);
    for (const bad of ['-1', 'lots', '2.5']) expect(() => loadConfig({ CLAIMS_RATE_LIMIT_PER_MINUTE: bad })).toThrow(/CLAIMS_RATE_LIMIT_PER_MINUTE/);
  });
});
