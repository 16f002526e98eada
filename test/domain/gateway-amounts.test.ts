import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromPaypalValue,
  fromStripeAmount,
  fromTwocheckoutPrice,
  toPaypalValue,
  toStripeAmount,
  toTwocheckoutPrice,
} from '../../src/domain/gateway-amounts.ts';

describe('gateway amounts', () => {
  it('gives Stripe minor units in its own unit per currency', () => {
    expect(toStripeAmount(123450n, 'USD')).toBe(123450n);
    expect(toStripeAmount(1500n, 'JPY')).toBe(1500n);
    expect(toStripeAmount(12340n, 'KWD')).toBe(12340n);
    // Three-decimal currencies must end in 0 at Stripe; ISK is counted in hundredths there.
    expect(toStripeAmount(12345n, 'KWD')).toBeNull();
    expect(toStripeAmount(500n, 'ISK')).toBe(50000n);
    expect(fromStripeAmount(50000n, 'ISK')).toBe(500n);
    expect(fromStripeAmount(50001n, 'ISK')).toBeNull();
    expect(toStripeAmount(100n, 'XAU')).toBeNull();
  });

  it('gives PayPal decimal strings, without decimals for HUF, JPY and TWD', () => {
    expect(toPaypalValue(123450n, 'USD')).toBe('1234.50');
    expect(toPaypalValue(1500n, 'JPY')).toBe('1500');
    expect(toPaypalValue(120000n, 'HUF')).toBe('1200');
    expect(toPaypalValue(120050n, 'HUF')).toBeNull();
    expect(toPaypalValue(12340n, 'KWD')).toBeNull();
    expect(fromPaypalValue('1200', 'HUF')).toBe(120000n);
    expect(fromPaypalValue('12.3', 'USD')).toBe(1230n);
    expect(fromPaypalValue('1e3', 'USD')).toBeNull();
  });

  it('gives 2Checkout ISO-precision prices and reads IPN totals with trailing zeros', () => {
    expect(toTwocheckoutPrice(1500n, 'JPY')).toBe('1500');
    expect(fromTwocheckoutPrice('1500.00', 'JPY')).toBe(1500n);
    expect(fromTwocheckoutPrice('1500.50', 'JPY')).toBeNull();
    expect(fromTwocheckoutPrice('25.5', 'EUR')).toBe(2550n);
  });

  it('round-trips every amount exactly where the provider can take it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'HUF', 'ISK', 'TWD', 'BHD'),
        (minor, currency) => {
          const stripe = toStripeAmount(minor, currency);
          if (stripe !== null) expect(fromStripeAmount(stripe, currency)).toBe(minor);
          const paypal = toPaypalValue(minor, currency);
          if (paypal !== null) expect(fromPaypalValue(paypal, currency)).toBe(minor);
          const twocheckout = toTwocheckoutPrice(minor, currency);
          if (twocheckout !== null) expect(fromTwocheckoutPrice(twocheckout, currency)).toBe(minor);
        },
      ),
    );
  });
});
