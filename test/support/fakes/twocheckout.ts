import { randomBytes } from 'node:crypto';
import {
  buyLinkSignature,
  hmacHex,
  type IpnAlgorithm,
  ipnDate,
  lengthPrefixed,
  returnSignature,
} from '../../../src/adapters/gateways/twocheckout/twocheckout-signatures.ts';

/**
 * A stand-in for 2Checkout's hosted ConvertPlus checkout and IPN sender. The signing here is written out from the
 * documented scheme (length-prefixed values, HMAC with the secret key or buy-link secret word), and the documented
 * example is checked against it in the tests, so the fake and the adapter cannot agree on a wrong scheme.
 */
export interface TwocheckoutOrder {
  refno: string;
  reference: string;
  params: Record<string, string>;
}

export function createFakeTwocheckout(options: {
  merchantCode: string;
  secretKey: string;
  secretWord: string;
}) {
  return {
    checkoutUrl: 'https://fake-2checkout.test/checkout/buy',

    /** Opens the buy-link as 2Checkout would: refuses a link whose signature does not match. */
    open(buyLink: string): TwocheckoutOrder {
      const url = new URL(buyLink);
      const params = Object.fromEntries(url.searchParams);
      const { signature, ...signed } = params;
      if (params.merchant !== options.merchantCode) throw new Error('unknown merchant');
      if (signature !== buyLinkSignature(signed, options.secretWord))
        throw new Error('invalid buy-link signature');
      return {
        refno: String(100_000_000 + Math.floor(Math.random() * 1e8)),
        reference: params['order-ext-ref']!,
        params,
      };
    },

    /** The browser's return redirect after paying, signed with the buy-link secret word. */
    returnUrl(order: TwocheckoutOrder, tamper = false): string {
      const url = new URL(order.params['return-url']!);
      const appended: Record<string, string> = {
        refno: order.refno,
        total: order.params.price!,
        'total-currency': order.params.currency!,
      };
      appended.signature = returnSignature(appended, options.secretWord);
      if (tamper) appended.total = '0.01';
      for (const [name, value] of Object.entries(appended)) url.searchParams.set(name, value);
      return url.toString();
    },

    /** An IPN form body for the order, signed with `algorithm` (2Checkout sends HASH and SHA signatures). */
    ipn(
      order: TwocheckoutOrder,
      status: string,
      at: Date,
      signOptions: { algorithm?: IpnAlgorithm; key?: string; total?: string; currency?: string } = {},
    ): string {
      const fields: [string, string][] = [
        ['SALEDATE', at.toISOString().slice(0, 19).replace('T', ' ')],
        ['REFNO', order.refno],
        ['REFNOEXT', order.reference],
        ['ORDERNO', String(randomBytes(2).readUInt16BE())],
        ['ORDERSTATUS', status],
        ['PAYMETHOD', 'Visa/MasterCard'],
        ['FIRSTNAME', 'Zoë'],
        ['LASTNAME', 'Müller'],
        ['COMPANY', ''],
        ['CUSTOMEREMAIL', order.params.email ?? 'payer@example.com'],
        ['IPN_PID[]', '41821'],
        ['IPN_PNAME[]', order.params.prod!],
        ['IPN_QTY[]', '1'],
        ['CURRENCY', signOptions.currency ?? order.params.currency!],
        ['IPN_TOTALGENERAL', signOptions.total ?? order.params.price!],
        ['TEST_ORDER', '1'],
        ['IPN_DATE', ipnDate(at)],
      ];
      const algorithm = signOptions.algorithm ?? 'sha256';
      const key = signOptions.key ?? options.secretKey;
      const signature = hmacHex(algorithm, key, lengthPrefixed(fields.map(([, value]) => value)));
      const name =
        algorithm === 'md5' ? 'HASH' : algorithm === 'sha256' ? 'SIGNATURE_SHA2_256' : 'SIGNATURE_SHA3_256';
      // The legacy MD5 HASH always comes along; SHA signatures are added by newer accounts.
      const md5 = hmacHex('md5', key, lengthPrefixed(fields.map(([, value]) => value)));
      const all =
        algorithm === 'md5' ? [...fields, ['HASH', md5]] : [...fields, ['HASH', md5], [name, signature]];
      return new URLSearchParams(all as [string, string][]).toString();
    },

    /**
     * Any fields as an IPN body, signed as 2Checkout signs (SHA-256 and the legacy MD5 HASH): for IPNs whose content
     * is not what Remit expects.
     */
    signFields(fields: [string, string][], key = options.secretKey): string {
      const source = lengthPrefixed(fields.map(([, value]) => value));
      return new URLSearchParams([
        ...fields,
        ['HASH', hmacHex('md5', key, source)],
        ['SIGNATURE_SHA2_256', hmacHex('sha256', key, source)],
      ]).toString();
    },

    /** The read receipt 2Checkout expects back for an IPN it sent at `ipnAt`, answered at `answeredAt`. */
    expectedReceipt(
      order: TwocheckoutOrder,
      ipnAt: Date,
      answeredAt: Date,
      algorithm: IpnAlgorithm = 'sha256',
    ) {
      const date = ipnDate(answeredAt);
      const hash = hmacHex(
        algorithm,
        options.secretKey,
        lengthPrefixed(['41821', order.params.prod!, ipnDate(ipnAt), date]),
      );
      return algorithm === 'md5'
        ? `<EPAYMENT>${date}|${hash}</EPAYMENT>`
        : `<sig algo="${algorithm}" date="${date}">${hash}</sig>`;
    },
  };
}
