import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { fromPaypalValue, toPaypalValue } from '../../../domain/gateway-amounts.ts';
import {
  GatewayError,
  type GatewayEvent,
  type PaymentGateway,
  type ReturnOutcome,
  type VerifiedWebhook,
  WebhookRejectedError,
} from '../../../ports.ts';

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

// biome-ignore lint/suspicious/noExplicitAny: provider JSON, read defensively field by field
type Json = Record<string, any>;

// Certificates are few and long-lived; keep them for the process's life.
const certificateCache = new Map<string, KeyObject>();

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  if (typeof value !== 'string' || value === '') throw new WebhookRejectedError(`missing ${name} header`);
  return value;
}

function captureEvent(capture: Json, orderId: string | null): GatewayEvent {
  const currency = String(capture.amount?.currency_code ?? '');
  const amount = fromPaypalValue(String(capture.amount?.value ?? ''), currency);
  if (typeof capture.id !== 'string' || amount === null) return { kind: 'ignored' };
  return {
    kind: 'payment_succeeded',
    paymentId: capture.id,
    checkoutId: orderId ?? capture.supplementary_data?.related_ids?.order_id ?? null,
    invoiceId: typeof capture.custom_id === 'string' ? capture.custom_id : null,
    amountMinor: amount,
    currency,
  };
}

/** Reads the webhook events Remit acts on. A capture counts only when its status is COMPLETED. */
export function readPaypalEvent(event: Json): GatewayEvent {
  const resource = (event.resource ?? {}) as Json;
  switch (event.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED':
      return resource.status === 'COMPLETED' ? captureEvent(resource, null) : { kind: 'ignored' };
    case 'PAYMENT.CAPTURE.DENIED':
      return {
        kind: 'payment_failed',
        paymentId: typeof resource.id === 'string' ? resource.id : null,
        checkoutId: resource.supplementary_data?.related_ids?.order_id ?? null,
        invoiceId: typeof resource.custom_id === 'string' ? resource.custom_id : null,
      };
    case 'PAYMENT.CAPTURE.REFUNDED': {
      // The resource is the refund; its "up" link names the capture, its breakdown the total refunded so far.
      const up = (resource.links ?? []).find((link: Json) => link.rel === 'up')?.href as string | undefined;
      const captureId = up ? /\/captures\/([^/?]+)/.exec(up)?.[1] : undefined;
      const total = resource.seller_payable_breakdown?.total_refunded_amount ?? resource.amount;
      const currency = String(total?.currency_code ?? '');
      const refunded = fromPaypalValue(String(total?.value ?? ''), currency);
      if (!captureId || refunded === null) return { kind: 'ignored' };
      return { kind: 'payment_refunded', paymentId: captureId, refundedTotalMinor: refunded, currency };
    }
    default:
      return { kind: 'ignored' };
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
      const event = captureEvent(capture, order.id);
      if (event.kind !== 'payment_succeeded') return { kind: 'pending' };
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
      let event: Json;
      try {
        event = JSON.parse(rawBody.toString('utf8')) as Json;
      } catch {
        throw new WebhookRejectedError('body is not JSON');
      }
      if (typeof event.id !== 'string' || typeof event.event_type !== 'string') {
        throw new WebhookRejectedError('not a PayPal event');
      }
      return { eventId: event.id, eventType: event.event_type, event: readPaypalEvent(event) };
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
