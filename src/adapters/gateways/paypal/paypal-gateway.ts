import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { fromPaypalValue, toPaypalValue } from '../../../domain/gateway-amounts.ts';
import {
  GatewayError,
  type GatewayEvent,
  type PaymentGateway,
  type ReturnOutcome,
  type VerifiedWebhook,
  WebhookRejectedError,
} from '../../../ports.ts';
import { ignored, invoiceIdOfRemit, providerId, readSignedJson, readWith } from '../webhook-payload.ts';

export interface PaypalCredentials {
  clientId: string;
  clientSecret: string;
  webhookId: string;
}

export interface PaypalEndpoint {
  /** REST base URL; by default PayPal's sandbox or live host for the mode. */
  baseUrl?: string;
  /** Where signing certificates may be fetched from (URL prefixes); anything else is refused. */
  certUrlPrefixes?: string[];
}

export const PAYPAL_BASE_URLS = {
  test: 'https://api-m.sandbox.paypal.com',
  live: 'https://api-m.paypal.com',
};
const DEFAULT_CERT_PREFIXES = [
  'https://api.paypal.com/',
  'https://api-m.paypal.com/',
  'https://api.sandbox.paypal.com/',
  'https://api-m.sandbox.paypal.com/',
];
/** A signed delivery older than this is refused as a replay. */
export const PAYPAL_SIGNATURE_TOLERANCE_SECONDS = 300;

// biome-ignore lint/suspicious/noExplicitAny: the REST API's answers (webhook bodies go through zod schemas)
type Json = Record<string, any>;

// Certificates are few and long-lived; keep them for the process's life.
const certificateCache = new Map<string, KeyObject>();

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  if (typeof value !== 'string' || value === '') throw new WebhookRejectedError(`missing ${name} header`);
  return value;
}

const amountSchema = z.object({
  currency_code: z.string().regex(/^[A-Z]{3}$/, { message: 'is not a currency code' }),
  value: z.string().regex(/^\d{1,15}(\.\d{1,3})?$/, { message: 'is not an amount' }),
});
const captureSchema = z.object({
  id: providerId,
  amount: amountSchema,
  custom_id: invoiceIdOfRemit.optional(),
  supplementary_data: z
    .object({ related_ids: z.object({ order_id: providerId.optional() }).optional() })
    .optional(),
});
const deniedSchema = captureSchema.pick({ custom_id: true, supplementary_data: true }).extend({
  id: providerId.optional(),
});
const refundSchema = z.object({
  links: z
    .array(z.object({ rel: z.string().max(100), href: z.string().max(2000) }))
    .max(50)
    .optional(),
  seller_payable_breakdown: z.object({ total_refunded_amount: amountSchema.optional() }).optional(),
  amount: amountSchema.optional(),
});

function captureEvent(capture: z.infer<typeof captureSchema>, orderId: string | null): GatewayEvent {
  const { currency_code: currency, value } = capture.amount;
  const amount = fromPaypalValue(value, currency);
  if (amount === null) return ignored(`PayPal amounts in ${currency} cannot be ${value}`);
  return {
    kind: 'payment_succeeded',
    paymentId: capture.id,
    checkoutId: orderId ?? capture.supplementary_data?.related_ids?.order_id ?? null,
    invoiceId: capture.custom_id ?? null,
    amountMinor: amount,
    currency,
  };
}

/** `schema` applied to the event's resource, so a problem is named by its full path. */
function readResource<T>(event: unknown, schema: z.ZodType<T>) {
  return readWith(z.object({ resource: schema }), event, []);
}

/** Reads the webhook events Remit acts on. A capture counts only when its status is COMPLETED. */
export function readPaypalEvent(type: string, event: unknown): GatewayEvent {
  switch (type) {
    case 'PAYMENT.CAPTURE.COMPLETED': {
      const status = readResource(event, z.object({ status: z.string().max(100) }));
      if (!status.ok) return status.event;
      if (status.value.resource.status !== 'COMPLETED') {
        return ignored(`The capture is ${JSON.stringify(status.value.resource.status)}, not COMPLETED`);
      }
      const read = readResource(event, captureSchema);
      return read.ok ? captureEvent(read.value.resource, null) : read.event;
    }
    case 'PAYMENT.CAPTURE.DENIED': {
      const read = readResource(event, deniedSchema);
      if (!read.ok) return read.event;
      const resource = read.value.resource;
      return {
        kind: 'payment_failed',
        paymentId: resource.id ?? null,
        checkoutId: resource.supplementary_data?.related_ids?.order_id ?? null,
        invoiceId: resource.custom_id ?? null,
      };
    }
    case 'PAYMENT.CAPTURE.REFUNDED': {
      // The resource is the refund; its "up" link names the capture, its breakdown the total refunded so far.
      const read = readResource(event, refundSchema);
      if (!read.ok) return read.event;
      const resource = read.value.resource;
      const up = resource.links?.find((link) => link.rel === 'up')?.href;
      const captureId = providerId.safeParse(up ? /\/captures\/([^/?]+)/.exec(up)?.[1] : undefined);
      if (!captureId.success) return ignored('The refund does not name its capture (no "up" link to it)');
      const total = resource.seller_payable_breakdown?.total_refunded_amount ?? resource.amount;
      if (!total) return ignored('The refund does not say how much was refunded');
      const refunded = fromPaypalValue(total.value, total.currency_code);
      if (refunded === null)
        return ignored(`PayPal amounts in ${total.currency_code} cannot be ${total.value}`);
      return {
        kind: 'payment_refunded',
        paymentId: captureId.data,
        refundedTotalMinor: refunded,
        currency: total.currency_code,
      };
    }
    default:
      return ignored(`Remit does not act on ${type} events`);
  }
}

/** PayPal Orders v2 over fetch (the server SDK cannot change its base URL). */
export function createPaypalGateway(
  credentials: PaypalCredentials,
  mode: 'test' | 'live',
  endpoint: PaypalEndpoint = {},
): PaymentGateway {
  const baseUrl = (endpoint.baseUrl ?? PAYPAL_BASE_URLS[mode]).replace(/\/+$/, '');
  const certPrefixes = endpoint.certUrlPrefixes ?? DEFAULT_CERT_PREFIXES;
  let token: { value: string; expiresAt: number } | null = null;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await accessToken()}`,
          'content-type': 'application/json',
          prefer: 'return=representation',
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      throw new GatewayError('paypal', `PayPal could not be reached: ${(error as Error).message}`);
    }
    const json = (await response.json().catch(() => ({}))) as Json;
    return { status: response.status, json };
  }

  function failure(json: Json, status: number): GatewayError {
    const issue = json.details?.[0]?.issue ?? json.name ?? json.error ?? `HTTP ${status}`;
    return new GatewayError('paypal', `PayPal: ${issue}${json.message ? ` (${json.message})` : ''}`);
  }

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now() + 60_000) return token.value;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/v1/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      throw new GatewayError('paypal', `PayPal could not be reached: ${(error as Error).message}`);
    }
    const json = (await response.json().catch(() => ({}))) as Json;
    if (response.status !== 200 || typeof json.access_token !== 'string') {
      throw new GatewayError('paypal', 'PayPal refused the client id and secret');
    }
    token = { value: json.access_token, expiresAt: Date.now() + Number(json.expires_in ?? 300) * 1000 };
    return token.value;
  }

  async function signingKey(certUrl: string): Promise<KeyObject> {
    if (!certPrefixes.some((prefix) => certUrl.startsWith(prefix))) {
      throw new WebhookRejectedError('certificate URL is not a PayPal address');
    }
    const cached = certificateCache.get(certUrl);
    if (cached) return cached;
    try {
      const response = await fetch(certUrl, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const key = createPublicKey(await response.text());
      certificateCache.set(certUrl, key);
      return key;
    } catch {
      throw new WebhookRejectedError('signing certificate could not be read');
    }
  }

  async function capturedOutcome(order: Json): Promise<ReturnOutcome> {
    const capture = order.purchase_units?.[0]?.payments?.captures?.[0] as Json | undefined;
    if (!capture) return { kind: 'pending' };
    if (capture.status === 'COMPLETED') {
      const read = captureSchema.safeParse(capture);
      const event = read.success
        ? captureEvent(read.data, typeof order.id === 'string' ? order.id : null)
        : null;
      if (event?.kind !== 'payment_succeeded') return { kind: 'pending' };
      return { kind: 'paid', event: { eventId: `return:${capture.id}`, eventType: 'order.captured', event } };
    }
    if (capture.status === 'DECLINED' || capture.status === 'FAILED') {
      return { kind: 'failed', reason: 'PayPal declined the payment' };
    }
    return { kind: 'pending' };
  }

  return {
    provider: 'paypal',

    canCharge: (amountMinor, currency) => amountMinor > 0n && toPaypalValue(amountMinor, currency) !== null,

    async createCheckout(request) {
      const value = toPaypalValue(request.amountMinor, request.currency);
      if (value === null)
        throw new GatewayError('paypal', `PayPal cannot take this amount in ${request.currency}`);
      const { status, json } = await call(
        'POST',
        '/v2/checkout/orders',
        {
          intent: 'CAPTURE',
          purchase_units: [
            {
              reference_id: request.invoiceId,
              description: request.description.slice(0, 127),
              // PayPal refuses a second order with an invoice_id it has seen: one per checkout attempt.
              invoice_id: `${request.invoiceId}:${request.idempotencyKey.slice(0, 12)}`,
              custom_id: request.invoiceId,
              amount: { currency_code: request.currency, value },
            },
          ],
          payment_source: {
            paypal: {
              experience_context: {
                user_action: 'PAY_NOW',
                shipping_preference: 'NO_SHIPPING',
                return_url: request.returnUrl.replace('checkout={CHECKOUT_ID}', 'checkout='),
                cancel_url: request.cancelUrl,
              },
            },
          },
        },
        { 'paypal-request-id': request.idempotencyKey },
      );
      if (status !== 200 && status !== 201) throw failure(json, status);
      const approve = (json.links ?? []).find(
        (link: Json) => link.rel === 'payer-action' || link.rel === 'approve',
      );
      if (typeof json.id !== 'string' || !approve)
        throw new GatewayError('paypal', 'PayPal did not return a payment page');
      return { checkoutId: json.id, redirectUrl: String(approve.href) };
    },

    async verifyAndParseWebhook(rawBody, headers, now): Promise<VerifiedWebhook> {
      const transmissionId = header(headers, 'paypal-transmission-id');
      const transmissionTime = header(headers, 'paypal-transmission-time');
      const signature = header(headers, 'paypal-transmission-sig');
      const certUrl = header(headers, 'paypal-cert-url');
      const algorithm = header(headers, 'paypal-auth-algo');
      if (algorithm !== 'SHA256withRSA') throw new WebhookRejectedError(`unsupported algorithm ${algorithm}`);
      const sentAt = Date.parse(transmissionTime);
      if (
        Number.isNaN(sentAt) ||
        Math.abs(now.getTime() - sentAt) > PAYPAL_SIGNATURE_TOLERANCE_SECONDS * 1000
      ) {
        throw new WebhookRejectedError('transmission time outside the tolerance');
      }
      const signed = `${transmissionId}|${transmissionTime}|${credentials.webhookId}|${crc32(rawBody) >>> 0}`;
      const key = await signingKey(certUrl);
      if (!verify('RSA-SHA256', Buffer.from(signed), key, Buffer.from(signature, 'base64'))) {
        throw new WebhookRejectedError('signature does not match');
      }
      return readSignedJson(rawBody, { id: 'id', type: 'event_type' }, readPaypalEvent);
    },

    async refund(input) {
      const value = toPaypalValue(input.amountMinor, input.currency);
      if (value === null) throw new GatewayError('paypal', 'PayPal cannot refund this amount exactly');
      const { status, json } = await call(
        'POST',
        `/v2/payments/captures/${encodeURIComponent(input.paymentId)}/refund`,
        { amount: { currency_code: input.currency, value } },
        { 'paypal-request-id': input.idempotencyKey },
      );
      if ((status !== 200 && status !== 201) || typeof json.id !== 'string') throw failure(json, status);
      if (json.status === 'CANCELLED' || json.status === 'FAILED') {
        throw new GatewayError('paypal', `PayPal refused the refund (${json.status})`);
      }
      return { refundId: json.id };
    },

    async fetchStatus(orderId) {
      // Capturing is what takes the money; PayPal-Request-Id makes a repeated return capture once.
      const captured = await call(
        'POST',
        `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`,
        {},
        {
          'paypal-request-id': `capture-${orderId}`,
        },
      );
      if (captured.status === 200 || captured.status === 201) return capturedOutcome(captured.json);
      const issue = captured.json.details?.[0]?.issue;
      if (issue === 'ORDER_ALREADY_CAPTURED') {
        const order = await call('GET', `/v2/checkout/orders/${encodeURIComponent(orderId)}`);
        if (order.status === 200) return capturedOutcome(order.json);
      }
      if (issue === 'ORDER_NOT_APPROVED') return { kind: 'pending' };
      if (issue === 'INSTRUMENT_DECLINED')
        return { kind: 'failed', reason: 'PayPal declined the payment method' };
      throw failure(captured.json, captured.status);
    },

    async checkConnection() {
      token = null;
      await accessToken();
    },
  };
}
