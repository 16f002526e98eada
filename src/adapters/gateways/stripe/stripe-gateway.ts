import type Stripe from 'stripe';
import { z } from 'zod';
import { fromStripeAmount, toStripeAmount } from '../../../domain/gateway-amounts.ts';
import {
  type CheckoutRequest,
  GatewayError,
  type GatewayEvent,
  type PaymentGateway,
  type ReturnOutcome,
  type StartedCheckout,
  type VerifiedWebhook,
  WebhookRejectedError,
} from '../../../ports.ts';
import {
  currencyCode,
  ignored,
  invoiceIdOfRemit,
  providerId,
  readSignedJson,
  readWith,
} from '../webhook-payload.ts';

export interface StripeCredentials {
  secretKey: string;
  webhookSecret: string;
}

/** Where the API lives; tests point it at a local fake. */
export interface StripeEndpoint {
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

/** Stripe's own advice: reject signatures older than five minutes (replays). */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The SDK is loaded on first use: most installations never talk to Stripe, and it is large to load. */
let stripeSdk: typeof Stripe | null = null;
let loadingSdk: Promise<typeof Stripe> | null = null;
function loadStripeSdk(): Promise<typeof Stripe> {
  loadingSdk ??= import('stripe').then((module) => {
    stripeSdk = module.default;
    return module.default;
  });
  return loadingSdk;
}

function describe(error: unknown): string {
  if (stripeSdk && error instanceof stripeSdk.errors.StripeError) return `Stripe: ${error.message}`;
  return `Stripe could not be reached: ${(error as Error).message}`;
}

const safeAmount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Stripe expands some references into objects: either form gives the id. */
const reference = z
  .union([providerId, z.object({ id: providerId })])
  .transform((value) => (typeof value === 'string' ? value : value.id));
const metadata = z.object({ invoice_id: invoiceIdOfRemit.optional() }).nullish();

const paidSessionSchema = z.object({
  id: providerId,
  payment_intent: reference,
  amount_total: safeAmount,
  currency: currencyCode,
  metadata,
});
const failedSessionSchema = z.object({ id: providerId, payment_intent: reference.nullish(), metadata });
const chargeSchema = z.object({
  payment_intent: reference,
  currency: currencyCode,
  amount_refunded: safeAmount,
});

/** `schema` applied to the event's data.object, so a problem is named by its full path. */
function readObject<T>(event: unknown, schema: z.ZodType<T>) {
  return readWith(z.object({ data: z.object({ object: schema }) }), event, []);
}

/** A paid Checkout Session as a payment of its payment intent. */
function sessionPayment(session: z.infer<typeof paidSessionSchema>): GatewayEvent {
  const amount = fromStripeAmount(BigInt(session.amount_total), session.currency);
  if (amount === null) {
    return ignored(`The amount ${session.amount_total} cannot be expressed in ${session.currency} exactly`);
  }
  return {
    kind: 'payment_succeeded',
    paymentId: session.payment_intent,
    checkoutId: session.id,
    invoiceId: session.metadata?.invoice_id ?? null,
    amountMinor: amount,
    currency: session.currency,
  };
}

function paidSession(event: unknown): GatewayEvent {
  const read = readObject(event, paidSessionSchema);
  return read.ok ? sessionPayment(read.value.data.object) : read.event;
}

/** Reads the events Remit acts on from a parsed body; every other type is acknowledged and ignored. */
export function readStripeEvent(type: string, event: unknown): GatewayEvent {
  switch (type) {
    case 'checkout.session.completed': {
      // A delayed method (bank debit) completes the session unpaid; the money counts only once it is `paid`.
      const status = readObject(event, z.object({ payment_status: z.string().max(100) }));
      if (!status.ok) return status.event;
      const paymentStatus = status.value.data.object.payment_status;
      if (paymentStatus !== 'paid') {
        return ignored(
          `The session completed ${JSON.stringify(paymentStatus)}, not paid: it counts once paid`,
        );
      }
      return paidSession(event);
    }
    case 'checkout.session.async_payment_succeeded':
      return paidSession(event);
    case 'checkout.session.async_payment_failed': {
      const read = readObject(event, failedSessionSchema);
      if (!read.ok) return read.event;
      const session = read.value.data.object;
      return {
        kind: 'payment_failed',
        paymentId: session.payment_intent ?? null,
        checkoutId: session.id,
        invoiceId: session.metadata?.invoice_id ?? null,
      };
    }
    case 'charge.refunded': {
      const read = readObject(event, chargeSchema);
      if (!read.ok) return read.event;
      const charge = read.value.data.object;
      const refunded = fromStripeAmount(BigInt(charge.amount_refunded), charge.currency);
      if (refunded === null) {
        return ignored(
          `The refund of ${charge.amount_refunded} cannot be expressed in ${charge.currency} exactly`,
        );
      }
      return {
        kind: 'payment_refunded',
        paymentId: charge.payment_intent,
        refundedTotalMinor: refunded,
        currency: charge.currency,
      };
    }
    default:
      return ignored(`Remit does not act on ${type} events`);
  }
}

/** The `t=` of a Stripe-Signature header (the last one counts, as in the SDK's own parser). */
function signedAtSeconds(header: string): number {
  let timestamp = Number.NaN;
  for (const item of header.split(',')) {
    const [name, value] = item.split('=');
    if (name === 't') timestamp = Number.parseInt(value ?? '', 10);
  }
  return timestamp;
}

/** Stripe through its official SDK: Checkout Sessions, signed webhooks, refunds. */
export function createStripeGateway(
  credentials: StripeCredentials,
  endpoint: StripeEndpoint = {},
): PaymentGateway {
  let client: Promise<Stripe> | null = null;
  const stripe = () => {
    client ??= loadStripeSdk().then(
      (Sdk) =>
        new Sdk(credentials.secretKey, {
          ...endpoint,
          maxNetworkRetries: 2,
          timeout: 20_000,
          appInfo: { name: 'Remit' },
        }),
    );
    return client;
  };

  return {
    provider: 'stripe',

    canCharge: (amountMinor, currency) => {
      const amount = toStripeAmount(amountMinor, currency);
      return amount !== null && amount > 0n && amount <= BigInt(Number.MAX_SAFE_INTEGER);
    },

    async createCheckout(request: CheckoutRequest): Promise<StartedCheckout> {
      const amount = toStripeAmount(request.amountMinor, request.currency);
      if (amount === null || amount > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new GatewayError('stripe', `Stripe cannot charge this amount in ${request.currency} exactly`);
      }
      try {
        const session = await (await stripe()).checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: Number(amount),
                  product_data: { name: request.description },
                },
              },
            ],
            client_reference_id: request.invoiceId,
            metadata: { invoice_id: request.invoiceId },
            payment_intent_data: { metadata: { invoice_id: request.invoiceId } },
            ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
            success_url: request.returnUrl.replace('{CHECKOUT_ID}', '{CHECKOUT_SESSION_ID}'),
            cancel_url: request.cancelUrl,
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (!session.url) throw new GatewayError('stripe', 'Stripe did not return a payment page');
        return { checkoutId: session.id, redirectUrl: session.url };
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        throw new GatewayError('stripe', describe(error));
      }
    },

    async verifyAndParseWebhook(rawBody, headers, now): Promise<VerifiedWebhook> {
      const signature = headers['stripe-signature'];
      if (typeof signature !== 'string' || signature === '') {
        throw new WebhookRejectedError('missing Stripe-Signature header');
      }
      const verifier = (await stripe()).webhooks.signature;
      if (!verifier) throw new Error('the Stripe SDK has no webhook signature verifier');
      try {
        verifier.verifyHeader(
          rawBody,
          signature,
          credentials.webhookSecret,
          STRIPE_SIGNATURE_TOLERANCE_SECONDS,
          undefined,
          now.getTime(),
        );
      } catch (error) {
        throw new WebhookRejectedError(
          stripeSdk && error instanceof stripeSdk.errors.StripeSignatureVerificationError
            ? error.message.split('\n')[0]!
            : 'unreadable signature',
        );
      }
      // The SDK refuses signatures too old; one from too far ahead is as suspect (a clock off, or a replay made
      // ready in advance), so it gets the same tolerance.
      if (
        signedAtSeconds(signature) - Math.floor(now.getTime() / 1000) >
        STRIPE_SIGNATURE_TOLERANCE_SECONDS
      ) {
        throw new WebhookRejectedError('Timestamp in the future, outside the tolerance zone');
      }
      return readSignedJson(rawBody, { id: 'id', type: 'type' }, readStripeEvent);
    },

    async refund(input) {
      const amount = toStripeAmount(input.amountMinor, input.currency);
      if (amount === null) throw new GatewayError('stripe', 'Stripe cannot refund this amount exactly');
      try {
        const refund = await (await stripe()).refunds.create(
          { payment_intent: input.paymentId, amount: Number(amount) },
          { idempotencyKey: input.idempotencyKey },
        );
        if (refund.status === 'failed' || refund.status === 'canceled') {
          throw new GatewayError('stripe', `Stripe refused the refund (${refund.status})`);
        }
        return { refundId: refund.id };
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        throw new GatewayError('stripe', describe(error));
      }
    },

    async fetchStatus(checkoutId): Promise<ReturnOutcome> {
      try {
        const session = await (await stripe()).checkout.sessions.retrieve(checkoutId);
        if (session.payment_status === 'paid') {
          const read = paidSessionSchema.safeParse(session);
          const event = read.success ? sessionPayment(read.data) : null;
          if (event?.kind !== 'payment_succeeded') return { kind: 'pending' };
          return {
            kind: 'paid',
            event: { eventId: `return:${session.id}`, eventType: 'checkout.session.return', event },
          };
        }
        if (session.status === 'expired') return { kind: 'failed', reason: 'The payment page expired' };
        return { kind: 'pending' };
      } catch (error) {
        throw new GatewayError('stripe', describe(error));
      }
    },

    async checkConnection() {
      try {
        await (await stripe()).balance.retrieve();
      } catch (error) {
        throw new GatewayError('stripe', describe(error));
      }
    },
  };
}
