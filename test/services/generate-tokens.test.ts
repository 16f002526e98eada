/** Link tokens made in bulk (one call to the random source) look and behave like tokens made one at a time. */
import { describe, expect, it } from 'vitest';
import { generateToken, generateTokens } from '../../src/services/auth/secrets.ts';

describe('generateTokens', () => {
  it('makes count distinct 256-bit tokens in the form of generateToken', () => {
    const tokens = generateTokens('rl', 1000);
    expect(tokens).toHaveLength(1000);
    const format = /^rl_[A-Za-z0-9_-]{43}$/;
    expect(format.test(generateToken('rl'))).toBe(true);
    for (const token of tokens) expect(token).toMatch(format);
    expect(new Set(tokens).size).toBe(1000);
    // Each token decodes to its own 32 bytes: no two share a slice of the random buffer.
    const bytes = tokens.map((token) => Buffer.from(token.slice(3), 'base64url'));
    expect(bytes.every((b) => b.length === 32)).toBe(true);
    expect(new Set(bytes.map((b) => b.subarray(0, 8).toString('hex'))).size).toBe(1000);
    expect(generateTokens('rl', 0)).toEqual([]);
  });
});
