import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * 2Checkout (Verifone) signature schemes, pure so that the documentation's examples are test vectors:
 * - IPN: every value in the order received, each prefixed by its length in bytes (an empty value is just "0"),
 *   HMAC'd with the account's secret key: MD5 (legacy `HASH`), SHA-256 or SHA3-256 (`SIGNATURE_SHA2_256`,
 *   `SIGNATURE_SHA3_256`).
 * - IPN read receipt: IPN_PID[0], IPN_PNAME[0], IPN_DATE and the answer's DATE the same way.
 * - ConvertPlus buy-links and their return redirect: the signed parameters sorted by name, each value
 *   length-prefixed, HMAC-SHA256 with the buy-link secret word.
 */
export type IpnAlgorithm = 'md5' | 'sha256' | 'sha3-256';

export function lengthPrefixed(values: readonly string[]): string {
  return values.map((value) => (value === '' ? '0' : `${Buffer.byteLength(value, 'utf8')}${value}`)).join('');
}

export function hmacHex(algorithm: IpnAlgorithm, key: string, data: string): string {
  return createHmac(algorithm, key).update(data, 'utf8').digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase());
  const right = Buffer.from(b.toLowerCase());
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The fields that carry the IPN's own signatures, left out of the signed string. */
export const IPN_SIGNATURE_FIELDS = new Set(['HASH', 'SIGNATURE_SHA2_256', 'SIGNATURE_SHA3_256']);

/** The IPN's signed string: every received value except the signatures, in order. */
export function ipnSourceString(fields: readonly [string, string][]): string {
  return lengthPrefixed(fields.filter(([name]) => !IPN_SIGNATURE_FIELDS.has(name)).map(([, value]) => value));
}

/** The body 2Checkout expects back for an IPN, signed with the same algorithm it used. */
export function ipnReadReceipt(
  algorithm: IpnAlgorithm,
  key: string,
  input: { pid: string; pname: string; ipnDate: string; date: string },
): string {
  const hash = hmacHex(algorithm, key, lengthPrefixed([input.pid, input.pname, input.ipnDate, input.date]));
  return algorithm === 'md5'
    ? `<EPAYMENT>${input.date}|${hash}</EPAYMENT>`
    : `<sig algo="${algorithm}" date="${input.date}">${hash}</sig>`;
}

/** Parameters of a ConvertPlus buy-link that its signature covers. */
export const BUY_LINK_SIGNED_PARAMS = [
  'currency',
  'customer-ext-ref',
  'customer-ref',
  'description',
  'duration',
  'expiration',
  'item-ext-ref',
  'lock',
  'opt',
  'order-ext-ref',
  'price',
  'prod',
  'qty',
  'recurrence',
  'renewal-price',
  'return-type',
  'return-url',
  'tangible',
  'type',
] as const;

export function buyLinkSignature(params: Record<string, string>, secretWord: string): string {
  const names = BUY_LINK_SIGNED_PARAMS.filter((name) => params[name] !== undefined).sort();
  return hmacHex('sha256', secretWord, lengthPrefixed(names.map((name) => params[name] as string)));
}

/** The return redirect's signature: every returned parameter but `signature`, sorted by name. */
export function returnSignature(params: Record<string, string>, secretWord: string): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'signature')
    .sort();
  return hmacHex('sha256', secretWord, lengthPrefixed(names.map((name) => params[name] as string)));
}

/** 2Checkout's date format, YmdHis in UTC ("20050303123434"). */
export function ipnDate(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
