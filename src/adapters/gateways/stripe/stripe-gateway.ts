import Stripe from 'stripe';
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

function describe(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) return `Stripe: ${error.message}`;
  return `Stripe could not be reached: ${(error as Error).message}`;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** A paid Checkout Session as a payment of its payment intent. */
function sessionPayment(session: Stripe.Checkout.Session): GatewayEvent {
  const paymentId = idOf(session.payment_intent);
  const currency = (session.currency ?? '').toUpperCase();
  const amount =
    session.amount_total === null ? null : fromStripeAmount(BigInt(session.amount_total), currency);
  if (paymentId === null || amount === null || currency === '') return { kind: 'ignored' };
  return {
    kind: 'payment_succeeded',
    paymentId,
    checkoutId: session.id,
    invoiceId: session.metadata?.invoice_id ?? null,
    amountMinor: amount,
    currency,
  };
}

/** Reads the events Remit acts on; every other type is acknowledged and ignored. */
export function readStripeEvent(event: Stripe.Event): GatewayEvent {
  switch (event.type) {
    case 'checkout.session.completed': {
      // A delayed method (bank debit) completes the session unpaid; the money counts only once it is `paid`.
      const session = event.data.object;
      return session.payment_status === 'paid' ? sessionPayment(session) : { kind: 'ignored' };
    }
    case 'checkout.session.async_payment_succeeded':
      return sessionPayment(event.data.object);
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      return {
        kind: 'payment_failed',
        paymentId: idOf(session.payment_intent),
        checkoutId: session.id,
        invoiceId: session.metadata?.invoice_id ?? null,
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const paymentId = idOf(charge.payment_intent);
      const currency = charge.currency.toUpperCase();
      const refunded = fromStripeAmount(BigInt(charge.amount_refunded), currency);
      if (paymentId === null || refunded === null) return { kind: 'ignored' };
      return { kind: 'payment_refunded', paymentId, refundedTotalMinor: refunded, currency };
    }
    default:
      return { kind: 'ignored' };
  }
}

/** Stripe through its official SDK: Checkout Sessions, signed webhooks, refunds. */
export function createStripeGateway(
  credentials: StripeCredentials,
  endpoint: StripeEndpoint = {},
): PaymentGateway {
  const stripe = new Stripe(credentials.secretKey, {
    ...endpoint,
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Remit' },
  });

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
        const session = await stripe.checkout.sessions.create(
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
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          rawBody,
          signature,
          credentials.webhookSecret,
          STRIPE_SIGNATURE_TOLERANCE_SECONDS,
          undefined,
          now.getTime(),
        );
      } catch (error) {
        throw new WebhookRejectedError(
          error instanceof Stripe.errors.StripeSignatureVerificationError
            ? error.message.split('\n')[0]!
            : 'unreadable event',
        );
      }
      return { eventId: event.id, eventType: event.type, event: readStripeEvent(event) };
    },

    async refund(input) {
      const amount = toStripeAmount(input.amountMinor, input.currency);
      if (amount === null) throw new GatewayError('stripe', 'Stripe cannot refund this amount exactly');
      try {
        const refund = await stripe.refunds.create(
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
        const session = await stripe.checkout.sessions.retrieve(checkoutId);
        if (session.payment_status === 'paid') {
          const event = sessionPayment(session);
          if (event.kind !== 'payment_succeeded') return { kind: 'pending' };
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
        await stripe.balance.retrieve();
      } catch (error) {
        throw new GatewayError('stripe', describe(error));
      }
    },
  };
}
