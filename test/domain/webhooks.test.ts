import { describe, expect, it } from 'vitest';
import {
  DISABLE_AFTER_FAILURES,
  MAX_ATTEMPTS,
  nextWebhookAttempt,
  shouldDisableEndpoint,
} from '../../src/domain/webhook-retry.ts';
import { signatureHeader, verifySignature } from '../../src/domain/webhook-signature.ts';
import { isPrivateAddress, parseWebhookUrl } from '../../src/domain/webhook-target.ts';

const now = new Date('2026-11-25T10:00:00Z');
const delayOf = (attempts: number, random: number) =>
  nextWebhookAttempt(attempts, now, random)!.getTime() - now.getTime();

describe('webhook retry schedule', () => {
  it('doubles from 30 s, caps at 8 h, jitters by +-25 % and gives up after the last attempt', () => {
    expect([1, 2, 3, 4].map((attempts) => delayOf(attempts, 0.5))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(delayOf(15, 0.5)).toBe(8 * 3_600_000);
    expect(delayOf(1, 0)).toBe(22_500);
    expect(delayOf(1, 0.999_999)).toBeLessThanOrEqual(37_500);
    expect(nextWebhookAttempt(MAX_ATTEMPTS, now, 0.5)).toBeNull();
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => delayOf(i + 1, 0.5)).reduce(
      (a, b) => a + b,
    );
    expect(total / 3_600_000).toBeGreaterThan(48);
    expect(total / 3_600_000).toBeLessThan(72);
  });

  it('disables an endpoint only after many failures over a day', () => {
    const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
    expect(shouldDisableEndpoint(DISABLE_AFTER_FAILURES, dayAgo, now)).toBe(true);
    expect(shouldDisableEndpoint(DISABLE_AFTER_FAILURES - 1, dayAgo, now)).toBe(false);
    expect(shouldDisableEndpoint(500, new Date(now.getTime() - 3_600_000), now)).toBe(false);
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"evt","type":"invoice.paid"}';
  it('verifies its own header, refuses another body, another secret and an old timestamp', () => {
    const header = signatureHeader('whsec_a', 1_700_000_000, body);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(header, body, 'whsec_a', 1_700_000_100)).toBe('valid');
    expect(verifySignature(header, `${body} `, 'whsec_a', 1_700_000_100)).toBe('mismatch');
    expect(verifySignature(header, body, 'whsec_b', 1_700_000_100)).toBe('mismatch');
    expect(verifySignature(header, body, 'whsec_a', 1_700_001_000)).toBe('stale');
    expect(verifySignature('v1=abc', body, 'whsec_a', 1_700_000_000)).toBe('malformed');
  });
});

describe('webhook targets', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['10.1.2.3', true],
    ['172.31.0.1', true],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['64:ff9b::7f00:1', true],
    ['8.8.8.8', false],
    ['93.184.215.14', false],
    ['2606:4700::1111', false],
    ['::ffff:8.8.8.8', false],
  ])('%s private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('parses http(s) URLs and says what is wrong with others', () => {
    const target = parseWebhookUrl('https://[2606:4700::1111]:8443/hook');
    expect(target).toMatchObject({ hostname: '2606:4700::1111', literalAddress: '2606:4700::1111' });
    expect(parseWebhookUrl('https://hooks.example.com/x')).toMatchObject({ literalAddress: null });
    expect(parseWebhookUrl('file:///etc/passwd')).toMatch(/http/);
    expect(parseWebhookUrl('https://a:b@example.com/')).toMatch(/password/);
    expect(parseWebhookUrl('/relative')).toMatch(/absolute/);
  });
});
