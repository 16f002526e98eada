import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local stand-in for the Stripe API: the endpoints Remit calls (Checkout Sessions, refunds, balance), with
 * Stripe's form-encoded requests, JSON objects, error envelope, Bearer keys and Idempotency-Key replay; and events
 * signed exactly as Stripe signs them (the SDK's own header generator, v1 HMAC-SHA256 over "t.payload").
 */
export interface FakeStripe {
  port: number;
  /** The endpoint registered in the Stripe dashboard; the hosted checkout page posts its events there. */
  webhookUrl: string | undefined;
  /**
   * Webhook deliveries made by the hosted checkout page (to `webhookUrl`), as Stripe sends them: after the browser
   * has been redirected. Await them to know the event reached the app.
   */
  webhookDeliveries: Promise<{ status: number; type: string }>[];
  sessions: Map<string, StripeObject>;
  requests: { method: string; path: string; idempotencyKey: string | null; body: Record<string, unknown> }[];
  /** The client pays the session: it becomes complete and paid, with a payment intent and a charge. */
  pay(
    sessionId: string,
    options?: { delayed?: boolean; amountTotal?: number; currency?: string },
  ): StripeObject;
  /** Where Stripe would send the browser after paying. */
  successUrlOf(sessionId: string): string;
  event(type: string, object: StripeObject): StripeObject;
  /** Signs an event now and posts it to `webhookUrl`, as Stripe delivers webhooks; resolves with the answer. */
  deliver(event: StripeObject): Promise<{ status: number; type: string }>;
  /**
   * Body and Stripe-Signature header of an event, signed with `secret` at `timestamp` (seconds). A string is signed
   * as it is, for bodies Stripe would never send (not JSON, wrong shapes).
   */
  sign(
    event: StripeObject | string,
    options?: { secret?: string; timestamp?: number },
  ): { body: string; signature: string };
  refundEvent(paymentIntentId: string): StripeObject;
  close(): Promise<void>;
}

type StripeObject = Record<string, any>;

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

/** Stripe's bracket notation (`line_items[0][price_data][currency]=usd`) into nested objects. */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '');
    let node = root;
    path.forEach((part, index) => {
      if (index === path.length - 1) node[part] = value;
      else node = node[part] ??= {};
    });
  }
  return root;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeStripe(options: {
  secretKey: string;
  webhookSecret: string;
  webhookUrl?: string;
}): Promise<FakeStripe> {
  const sessions = new Map<string, StripeObject>();
  const intents = new Map<string, StripeObject>();
  const charges = new Map<string, StripeObject>();
  const idempotent = new Map<string, { status: number; body: string }>();
  const requests: FakeStripe['requests'] = [];

  const send = (response: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
    response.end(text);
    return text;
  };
  const error = (response: ServerResponse, status: number, type: string, message: string, param?: string) =>
    send(response, status, { error: { type, message, ...(param ? { param } : {}) } });

  function handle(method: string, path: string, form: Record<string, any>, response: ServerResponse): string {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const item = form.line_items?.['0'];
      const unitAmount = Number(item?.price_data?.unit_amount);
      const quantity = Number(item?.quantity ?? 1);
      if (form.mode !== 'payment')
        return error(response, 400, 'invalid_request_error', 'Invalid mode', 'mode');
      if (!Number.isSafeInteger(unitAmount) || unitAmount < 1) {
        return error(
          response,
          400,
          'invalid_request_error',
          'Invalid integer',
          'line_items[0][price_data][unit_amount]',
        );
      }
      const currency = String(item.price_data.currency ?? '');
      if (currency !== currency.toLowerCase() || currency.length !== 3) {
        return error(response, 400, 'invalid_request_error', 'Invalid currency', 'currency');
      }
      const session: StripeObject = {
        id: id('cs'),
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: unitAmount * quantity,
        amount_subtotal: unitAmount * quantity,
        currency,
        client_reference_id: form.client_reference_id ?? null,
        customer_email: form.customer_email ?? null,
        metadata: form.metadata ?? {},
        payment_intent: null,
        success_url: form.success_url,
        cancel_url: form.cancel_url,
        livemode: false,
        created: Math.floor(Date.now() / 1000),
        line_items_requested: form.line_items,
        payment_intent_data: form.payment_intent_data ?? null,
      };
      session.url = `http://127.0.0.1:${port}/c/pay/${session.id}`;
      sessions.set(session.id, session);
      return send(response, 200, session);
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(path);
    if (method === 'GET' && sessionMatch) {
      const session = sessions.get(sessionMatch[1]!);
      if (!session)
        return error(
          response,
          404,
          'invalid_request_error',
          `No such checkout.session: '${sessionMatch[1]}'`,
          'session',
        );
      return send(response, 200, session);
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(String(form.payment_intent ?? ''));
      if (!intent)
        return error(response, 400, 'invalid_request_error', 'No such payment_intent', 'payment_intent');
      const charge = charges.get(intent.latest_charge)!;
      const amount = form.amount === undefined ? charge.amount - charge.amount_refunded : Number(form.amount);
      if (!Number.isSafeInteger(amount) || amount < 1 || amount > charge.amount - charge.amount_refunded) {
        return error(
          response,
          400,
          'invalid_request_error',
          'Refund amount is greater than unrefunded amount',
          'amount',
        );
      }
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      const refund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: charge.currency,
        charge: charge.id,
        payment_intent: intent.id,
        status: 'succeeded',
        created: Math.floor(Date.now() / 1000),
      };
      return send(response, 200, refund);
    }
    if (method === 'GET' && path === '/v1/balance') {
      return send(response, 200, { object: 'balance', available: [], pending: [], livemode: false });
    }
    return error(response, 404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path})`);
  }

  const webhookDeliveries: FakeStripe['webhookDeliveries'] = [];

  /** Signs and posts an event to the registered endpoint, the way Stripe delivers webhooks. */
  async function deliverWebhook(event: StripeObject) {
    if (!fake.webhookUrl) throw new Error('no webhookUrl registered with the fake Stripe');
    const signed = fake.sign(event);
    const response = await fetch(fake.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signed.signature },
      body: signed.body,
    });
    await response.arrayBuffer();
    return { status: response.status, type: String(event.type) };
  }

  /**
   * The hosted Checkout page at the session's `url` (no API key: it is the client's browser). GET shows the amount
   * and a card form; POST pays, redirects the browser to success_url, then delivers checkout.session.completed.
   */
  function hostedCheckout(
    method: string,
    sessionId: string,
    form: Record<string, any>,
    response: ServerResponse,
  ) {
    const session = sessions.get(sessionId);
    if (!session) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      return response.end('<!doctype html><title>Not found</title><h1>This checkout link is not valid</h1>');
    }
    if (method === 'POST' && session.status === 'open') {
      if (String(form.card ?? '').replace(/\s/g, '') !== '4242424242424242') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(checkoutPage(session, 'Your card was declined.'));
      }
      fake.pay(sessionId);
      response.writeHead(303, { location: fake.successUrlOf(sessionId) });
      response.end();
      webhookDeliveries.push(deliverWebhook(fake.event('checkout.session.completed', session)));
      return;
    }
    if (session.status !== 'open') {
      response.writeHead(303, { location: fake.successUrlOf(sessionId) });
      return response.end();
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(checkoutPage(session));
  }

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const text = await readBody(request);
    const hosted = /^\/c\/pay\/(\w+)$/.exec(url.pathname);
    if (hosted) {
      return hostedCheckout(
        request.method ?? 'GET',
        hosted[1]!,
        Object.fromEntries(new URLSearchParams(text)),
        response,
      );
    }
    const form = request.method === 'POST' ? parseStripeForm(text) : Object.fromEntries(url.searchParams);
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null;
    requests.push({ method: request.method ?? '', path: url.pathname, idempotencyKey, body: form });
    if (request.headers.authorization !== `Bearer ${options.secretKey}`) {
      return error(response, 401, 'invalid_request_error', 'Invalid API Key provided: sk_test_****');
    }
    if (idempotencyKey && request.method === 'POST') {
      const seen = idempotent.get(idempotencyKey);
      if (seen) {
        response.writeHead(seen.status, {
          'content-type': 'application/json',
          'idempotent-replayed': 'true',
        });
        return response.end(seen.body);
      }
    }
    const before = response.statusCode;
    const body = handle(request.method ?? '', url.pathname, form as Record<string, any>, response);
    if (idempotencyKey && request.method === 'POST' && response.statusCode < 500) {
      idempotent.set(idempotencyKey, { status: response.statusCode || before, body });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const sdk = new Stripe(options.secretKey);

  const fake: FakeStripe = {
    port,
    webhookUrl: options.webhookUrl,
    webhookDeliveries,
    sessions,
    requests,
    pay(sessionId, payOptions = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      const amount = payOptions.amountTotal ?? session.amount_total;
      const currency = payOptions.currency ?? session.currency;
      const intent = {
        id: id('pi'),
        object: 'payment_intent',
        amount,
        currency,
        status: payOptions.delayed ? 'processing' : 'succeeded',
        metadata: session.payment_intent_data?.metadata ?? {},
        latest_charge: id('ch'),
      };
      intents.set(intent.id, intent);
      charges.set(intent.latest_charge, {
        id: intent.latest_charge,
        object: 'charge',
        amount,
        amount_refunded: 0,
        currency,
        payment_intent: intent.id,
        refunded: false,
        paid: true,
        status: 'succeeded',
      });
      Object.assign(session, {
        status: 'complete',
        payment_status: payOptions.delayed ? 'unpaid' : 'paid',
        payment_intent: intent.id,
        amount_total: amount,
        currency,
      });
      return session;
    },
    successUrlOf(sessionId) {
      const session = sessions.get(sessionId)!;
      return String(session.success_url).replace('{CHECKOUT_SESSION_ID}', sessionId);
    },
    event(type, object) {
      return {
        id: id('evt'),
        object: 'event',
        api_version: '2026-10-28.endive',
        created: Math.floor(Date.now() / 1000),
        data: { object: structuredClone(object) },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      };
    },
    deliver: (event) => deliverWebhook(event),
    sign(event, signOptions = {}) {
      const body = typeof event === 'string' ? event : JSON.stringify(event, null, 2);
      const signature = sdk.webhooks.generateTestHeaderString({
        payload: body,
        secret: signOptions.secret ?? options.webhookSecret,
        timestamp: signOptions.timestamp ?? Math.floor(Date.now() / 1000),
      });
      return { body, signature };
    },
    refundEvent(paymentIntentId) {
      const intent = intents.get(paymentIntentId)!;
      return fake.event('charge.refunded', charges.get(intent.latest_charge)!);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A minimal stand-in for Stripe's hosted payment page: what is being paid, a card field, Pay and Back. */
function checkoutPage(session: StripeObject, declined?: string): string {
  const item = session.line_items_requested?.['0']?.price_data;
  const name = escapeHtml(String(item?.product_data?.name ?? 'Payment'));
  const amount = `${escapeHtml(String(session.currency).toUpperCase())} ${escapeHtml(String(session.amount_total))} (minor units)`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout (test)</title></head><body>
<main><h1>Pay ${name}</h1><p data-testid="checkout-amount">${amount}</p>
${declined ? `<p role="alert">${escapeHtml(declined)}</p>` : ''}
<form method="post"><label>Card number <input name="card" autocomplete="off"></label>
<button type="submit">Pay</button></form>
<p><a href="${escapeHtml(String(session.cancel_url))}">Back</a></p></main></body></html>`;
}
