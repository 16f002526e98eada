import { describe, expect, it } from 'vitest';
import { ipKey, pairKey, senderAddress } from '../../src/services/rate-limit.ts';

describe('the address failed logins are counted under', () => {
  it('is the IPv4 address itself, also when written as IPv4-mapped IPv6', () => {
    expect(senderAddress('203.0.113.5')).toBe('203.0.113.5');
    expect(senderAddress('::ffff:203.0.113.5')).toBe('203.0.113.5');
  });

  it("is an IPv6 address's /64 network, however the address is written", () => {
    const network = '2001:db8:1:2::/64';
    expect(senderAddress('2001:db8:1:2:3:4:5:6')).toBe(network);
    expect(senderAddress('2001:db8:1:2::9')).toBe(network);
    expect(senderAddress('2001:DB8:0001:0002:ffff::1')).toBe(network);
    expect(senderAddress('2001:db8:1:3::1')).not.toBe(network);
  });

  it('so one subscriber hopping addresses inside its /64 meets the same counters', () => {
    expect(ipKey('staff', '2001:db8:1:2::a')).toBe(ipKey('staff', '2001:db8:1:2::b'));
    expect(pairKey('staff', 'Owner@Example.com', '2001:db8:1:2::a')).toBe(
      pairKey('staff', 'owner@example.com', '2001:db8:1:2:ffff:ffff:ffff:ffff'),
    );
  });
});
