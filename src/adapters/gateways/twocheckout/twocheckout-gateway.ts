import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fromTwocheckoutPrice, toTwocheckoutPrice } from '../../../domain/gateway-amounts.ts';
import {
  GatewayError,
  type GatewayEvent,
  type PaymentGateway,
  type VerifiedWebhook,
  WebhookRejectedError,
} from '../../../ports.ts';
import { bodyEventId, ignored, providerId, readWith } from '../webhook-payload.ts';
import {
  buyLinkSignature,
  hmacHex,
  type IpnAlgorithm,
  ipnDate,
  ipnReadReceipt,
  ipnSourceString,
  returnSignature,
  sameHex,
} from './twocheckout-signatures.ts';

export interface TwocheckoutCredentials {
  merchantCode: string;
  /** The account's secret key: signs IPNs and their read receipts. */
  secretKey: string;
  /** The buy-link secret word: signs ConvertPlus links and return redirects. */
  buyLinkSecretWord: string;
}

export interface TwocheckoutEndpoint {
  checkoutUrl?: string;
}

export const TWOCHECKOUT_CHECKOUT_URL = 'https://secure.2checkout.com/checkout/buy';
/** An IPN whose IPN_DATE is further than this from now is refused as a replay. */
export const IPN_TOLERANCE_MS = 26 * 60 * 60 * 1000;

const PAID_STATUSES = new Set(['COMPLETE', 'AUTHRECEIVED']);

function parseIpnDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

const ipnSchema = z.object({
  REFNO: providerId,
  ORDERSTATUS: z.string().regex(/^[A-Z_]{1,40}$/, { message: 'is not an order status' }),
  REFNOEXT: providerId.optional().or(z.literal('')),
  CURRENCY: z.string().regex(/^[A-Z]{3}$/, { message: 'is not a currency code' }),
  IPN_TOTALGENERAL: z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, { message: 'is not an amount' }),
});

type IpnName = { REFNO: string; ORDERSTATUS: string };

/**
 * Reads an IPN whose signature verified. `name` is its order and status (the event's identity), when both are
 * usable even if the rest is not.
 */
export function readIpn(fields: Map<string, string>): { name: IpnName | null; event: GatewayEvent } {
  const read = readWith(ipnSchema, Object.fromEntries(fields), []);
  if (!read.ok) {
    const named = ipnSchema.pick({ REFNO: true, ORDERSTATUS: true }).safeParse(Object.fromEntries(fields));
    return { name: named.success ? named.data : null, event: read.event };
  }
  const ipn = read.value;
  const status = ipn.ORDERSTATUS;
  const total = fromTwocheckoutPrice(ipn.IPN_TOTALGENERAL, ipn.CURRENCY);
  const result = (event: GatewayEvent) => ({ name: ipn, event });
  if (total === null)
    return result(ignored(`2Checkout totals in ${ipn.CURRENCY} cannot be ${ipn.IPN_TOTALGENERAL}`));
  if (PAID_STATUSES.has(status)) {
    return result({
      kind: 'payment_succeeded',
      paymentId: ipn.REFNO,
      checkoutId: ipn.REFNOEXT || null,
      invoiceId: null,
      amountMinor: total,
      currency: ipn.CURRENCY,
    });
  }
  // A REFUND notice is for the whole order (partial refunds are settled in the 2Checkout panel).
  if (status === 'REFUND') {
    return result({
      kind: 'payment_refunded',
      paymentId: ipn.REFNO,
      refundedTotalMinor: total,
      currency: ipn.CURRENCY,
    });
  }
  if (status === 'CANCELED' || status === 'REVERSED') {
    return result({
      kind: 'payment_failed',
      paymentId: ipn.REFNO,
      checkoutId: ipn.REFNOEXT || null,
      invoiceId: null,
    });
  }
  return result(ignored(`Remit does not act on orders in status ${status}`));
}

/** 2Checkout ConvertPlus buy-links, return signatures and IPN. */
export function createTwocheckoutGateway(
  credentials: TwocheckoutCredentials,
  mode: 'test' | 'live',
  endpoint: TwocheckoutEndpoint = {},
): PaymentGateway {
  const checkoutUrl = endpoint.checkoutUrl ?? TWOCHECKOUT_CHECKOUT_URL;
  const unsupported = async (): Promise<never> => {
    throw new GatewayError('twocheckout', 'Refund 2Checkout orders in the 2Checkout control panel');
  };

  return {
    provider: 'twocheckout',

    canCharge: (amountMinor, currency) =>
      amountMinor > 0n && toTwocheckoutPrice(amountMinor, currency) !== null,

    async createCheckout(request) {
      const price = toTwocheckoutPrice(request.amountMinor, request.currency);
      if (price === null)
        throw new GatewayError('twocheckout', `2Checkout cannot bill in ${request.currency}`);
      // Our reference for this checkout: it comes back as REFNOEXT in the IPN and ties the order to the invoice.
      const reference = `remit-${randomBytes(12).toString('hex')}`;
      const params: Record<string, string> = {
        merchant: credentials.merchantCode,
        dynamic: '1',
        'order-ext-ref': reference,
        'item-ext-ref': request.invoiceId,
        prod: request.description,
        price,
        qty: '1',
        type: 'PRODUCT',
        tangible: '0',
        currency: request.currency,
        'return-url': request.returnUrl.replace('{CHECKOUT_ID}', reference),
        'return-type': 'redirect',
        ...(request.customerEmail ? { email: request.customerEmail } : {}),
        ...(mode === 'test' ? { test: '1' } : {}),
      };
      params.signature = buyLinkSignature(params, credentials.buyLinkSecretWord);
      return { checkoutId: reference, redirectUrl: `${checkoutUrl}?${new URLSearchParams(params)}` };
    },

    async verifyAndParseWebhook(rawBody, _headers, now): Promise<VerifiedWebhook> {
      const fields = [...new URLSearchParams(rawBody.toString('utf8'))];
      const byName = new Map(fields);
      const provided: [IpnAlgorithm, string | undefined][] = [
        ['sha3-256', byName.get('SIGNATURE_SHA3_256')],
        ['sha256', byName.get('SIGNATURE_SHA2_256')],
        ['md5', byName.get('HASH')],
      ];
      // The strongest signature present decides.
      const chosen = provided.find(([, value]) => value !== undefined && value !== '');
      if (!chosen) throw new WebhookRejectedError('IPN carries no signature');
      const [algorithm, signature] = chosen;
      if (!sameHex(hmacHex(algorithm, credentials.secretKey, ipnSourceString(fields)), signature as string)) {
        throw new WebhookRejectedError('IPN signature does not match');
      }
      const sentAt = parseIpnDate(byName.get('IPN_DATE') ?? '');
      if (Number.isNaN(sentAt) || Math.abs(now.getTime() - sentAt) > IPN_TOLERANCE_MS) {
        throw new WebhookRejectedError('IPN_DATE outside the tolerance');
      }
      const { name, event } = readIpn(byName);
      return {
        eventId: name ? `${name.REFNO}:${name.ORDERSTATUS}` : bodyEventId(rawBody),
        eventType: `ipn.${name ? name.ORDERSTATUS.toLowerCase() : 'unknown'}`,
        event,
        acknowledgement: {
          contentType: 'text/html; charset=utf-8',
          body: ipnReadReceipt(algorithm, credentials.secretKey, {
            pid: byName.get('IPN_PID[]') ?? byName.get('IPN_PID[0]') ?? '',
            pname: byName.get('IPN_PNAME[]') ?? byName.get('IPN_PNAME[0]') ?? '',
            ipnDate: byName.get('IPN_DATE') ?? '',
            date: ipnDate(now),
          }),
        },
      };
    },

    refund: unsupported,

    async fetchStatus(_checkoutId, query) {
      // The return redirect only tells the client what happened; the IPN is what records the payment.
      const { signature, invoice: _invoice, checkout: _checkout, ...returned } = query;
      if (!signature || !sameHex(returnSignature(returned, credentials.buyLinkSecretWord), signature)) {
        return { kind: 'failed', reason: 'The return from 2Checkout could not be verified' };
      }
      return { kind: 'pending' };
    },

    async checkConnection() {
      // ConvertPlus has no authenticated read for a merchant code and secret word; check what can be checked.
      if (!/^\w{4,}$/.test(credentials.merchantCode)) {
        throw new GatewayError('twocheckout', 'The merchant code looks wrong');
      }
    },
  };
}
