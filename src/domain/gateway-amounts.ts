/**
 * Converting an invoice amount (minor units of its ISO 4217 currency) into what each payment provider expects, and
 * back, exactly. Providers do not always follow ISO 4217: Stripe counts some currencies in a unit of its own (ISK in
 * hundredths, KWD in thousandths with the last digit 0), PayPal takes HUF, JPY and TWD without decimals. An amount
 * that a provider cannot represent exactly is never rounded: the provider is simply not offered for it.
 */
import { currencyExponent, formatMinor, parseMoney } from './currency.ts';
import { pow10 } from './decimal.ts';

/** Rescales minor units from one exponent to another; null when it would lose a digit. */
function rescale(minor: bigint, from: number, to: number): bigint | null {
  if (to >= from) return minor * pow10(to - from);
  const factor = pow10(from - to);
  return minor % factor === 0n ? minor / factor : null;
}

// https://docs.stripe.com/currencies#zero-decimal and #three-decimal
const STRIPE_ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);
// Currencies Stripe does not settle in at all (no Checkout support).
const STRIPE_UNSUPPORTED = new Set([
  'XAU',
  'XAG',
  'XPT',
  'XPD',
  'XDR',
  'XTS',
  'XXX',
  'XSU',
  'XUA',
  'BOV',
  'CHE',
  'CHW',
]);

/** Stripe's unit for an amount: how many decimals its integer `amount` carries for this currency. */
export function stripeExponent(currency: string): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/**
 * Invoice minor units -> Stripe's integer amount; null when Stripe cannot take it exactly. Three-decimal
 * currencies must end in 0 at Stripe (12.345 KWD cannot be charged; 12.340 can).
 */
export function toStripeAmount(minor: bigint, currency: string): bigint | null {
  if (STRIPE_UNSUPPORTED.has(currency)) return null;
  const amount = rescale(minor, currencyExponent(currency), stripeExponent(currency));
  if (amount === null) return null;
  if (STRIPE_THREE_DECIMAL.has(currency) && amount % 10n !== 0n) return null;
  return amount;
}

/** Stripe's integer amount -> invoice minor units; null when it does not fit the ISO exponent. */
export function fromStripeAmount(amount: bigint, currency: string): bigint | null {
  return rescale(amount, stripeExponent(currency), currencyExponent(currency));
}

// https://developer.paypal.com/reference/currency-codes/
const PAYPAL_CURRENCIES = new Set([
  'AUD',
  'BRL',
  'CAD',
  'CNY',
  'CZK',
  'DKK',
  'EUR',
  'HKD',
  'HUF',
  'ILS',
  'JPY',
  'MYR',
  'MXN',
  'TWD',
  'NZD',
  'NOK',
  'PHP',
  'PLN',
  'GBP',
  'SGD',
  'SEK',
  'CHF',
  'THB',
  'USD',
]);
const PAYPAL_NO_DECIMALS = new Set(['HUF', 'JPY', 'TWD']);

function paypalExponent(currency: string): number {
  return PAYPAL_NO_DECIMALS.has(currency) ? 0 : currencyExponent(currency);
}

/** Invoice minor units -> PayPal's `amount.value` decimal string; null when PayPal cannot take it exactly. */
export function toPaypalValue(minor: bigint, currency: string): string | null {
  if (!PAYPAL_CURRENCIES.has(currency)) return null;
  const exponent = paypalExponent(currency);
  const units = rescale(minor, currencyExponent(currency), exponent);
  return units === null ? null : formatMinor(units, exponent);
}

/** PayPal's `value` ("12.34", "1500") -> invoice minor units; null when it is not a valid amount. */
export function fromPaypalValue(value: string, currency: string): bigint | null {
  if (!PAYPAL_CURRENCIES.has(currency) || !/^\d{1,15}(\.\d{1,3})?$/.test(value)) return null;
  try {
    return parseMoney(value, currencyExponent(currency), 'value');
  } catch {
    return null;
  }
}

// Currencies a 2Checkout (Verifone) account can bill in; amounts travel as decimal strings in ISO precision.
const TWOCHECKOUT_CURRENCIES = new Set([
  'AED',
  'ARS',
  'AUD',
  'BRL',
  'CAD',
  'CHF',
  'CLP',
  'CNY',
  'CZK',
  'DKK',
  'EUR',
  'GBP',
  'HKD',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'JPY',
  'KRW',
  'MXN',
  'MYR',
  'NOK',
  'NZD',
  'PHP',
  'PLN',
  'RON',
  'RUB',
  'SAR',
  'SEK',
  'SGD',
  'THB',
  'TRY',
  'UAH',
  'USD',
  'ZAR',
]);

/** Invoice minor units -> the decimal string of a 2Checkout buy-link price; null for a currency it cannot bill. */
export function toTwocheckoutPrice(minor: bigint, currency: string): string | null {
  if (!TWOCHECKOUT_CURRENCIES.has(currency)) return null;
  return formatMinor(minor, currencyExponent(currency));
}

/** A 2Checkout amount ("12.34") -> invoice minor units; null when it does not parse exactly. */
export function fromTwocheckoutPrice(value: string, currency: string): bigint | null {
  if (!TWOCHECKOUT_CURRENCIES.has(currency) || !/^\d{1,15}(\.\d{1,4})?$/.test(value)) return null;
  const [whole = '0', fraction = ''] = value.split('.');
  const exponent = currencyExponent(currency);
  // IPN amounts may carry trailing zeros beyond the currency's precision ("1500.00" JPY).
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > exponent) return null;
  return BigInt(whole) * pow10(exponent) + BigInt(trimmed.padEnd(exponent, '0') || '0');
}
