import { execFileSync } from 'node:child_process';
import { randomBytes, sign as rsaSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';

type Json = Record<string, any>;

/**
 * A local stand-in for PayPal's REST API: OAuth2 client credentials, Orders v2 (create, approve, capture, get),
 * capture refunds, PayPal-Request-Id replay, and webhooks signed as PayPal signs them: RSA-SHA256 over
 * `transmissionId|transmissionTime|webhookId|crc32(body)` with a certificate it serves itself.
 */
export interface FakePaypal {
  baseUrl: string;
  certUrl: string;
  orders: Map<string, Json>;
  requests: { method: string; path: string; requestId: string | null; body: Json }[];
  /** The client approves the order on PayPal's page. */
  approve(orderId: string): void;
  /** Where PayPal sends the browser back after approval. */
  returnUrlOf(orderId: string): string;
  captureOf(orderId: string): Json;
  event(eventType: string, resource: Json): Json;
  /**
   * Body and headers of a signed delivery (optionally with another key, time or webhook id). A string is signed as
   * it is, for bodies PayPal would never send (not JSON, wrong shapes).
   */
  sign(
    event: Json | string,
    options: { webhookId: string; time?: Date; privateKey?: string },
  ): { body: string; headers: Record<string, string> };
  refundEvent(captureId: string): Json;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const newId = (length = 17) => randomBytes(length).toString('hex').toUpperCase().slice(0, length);

export async function startFakePaypal(options: {
  clientId: string;
  clientSecret: string;
}): Promise<FakePaypal> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-paypal-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=messageverificationcerts.paypal.com',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const privateKey = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  const certificate = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });

  const accessToken = `A21AA${newId(40)}`;
  const orders = new Map<string, Json>();
  const captures = new Map<string, Json>();
  const replays = new Map<string, { status: number; body: string }>();
  const requests: FakePaypal['requests'] = [];

  const send = (response: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': newId(13) });
    response.end(text);
    return { status, body: text };
  };
  const problem = (response: ServerResponse, status: number, name: string, issue: string) =>
    send(response, status, {
      name,
      message: issue,
      details: [{ issue, description: issue }],
      debug_id: newId(13),
    });

  function route(method: string, url: URL, body: Json, response: ServerResponse) {
    const p = url.pathname;
    if (method === 'POST' && p === '/v2/checkout/orders') {
      const unit = body.purchase_units?.[0];
      if (body.intent !== 'CAPTURE' || !unit?.amount?.value) {
        return problem(response, 400, 'INVALID_REQUEST', 'MISSING_REQUIRED_PARAMETER');
      }
      if (
        !/^\d+(\.\d{1,2})?$/.test(unit.amount.value) ||
        (['JPY', 'HUF', 'TWD'].includes(unit.amount.currency_code) && unit.amount.value.includes('.'))
      ) {
        return problem(response, 422, 'UNPROCESSABLE_ENTITY', 'DECIMAL_PRECISION');
      }
      const id = newId();
      const order = {
        id,
        intent: 'CAPTURE',
        status: 'PAYER_ACTION_REQUIRED',
        purchase_units: [{ ...unit }],
        experience: body.payment_source?.paypal?.experience_context ?? {},
        links: [
          { href: `${baseUrl}/v2/checkout/orders/${id}`, rel: 'self', method: 'GET' },
          { href: `${baseUrl}/checkoutnow?token=${id}`, rel: 'payer-action', method: 'GET' },
        ],
      };
      orders.set(id, order);
      const { experience: _experience, ...visible } = order;
      return send(response, 200, visible);
    }
    const capture = /^\/v2\/checkout\/orders\/(\w+)\/capture$/.exec(p);
    if (method === 'POST' && capture) {
      const order = orders.get(capture[1]!);
      if (!order) return problem(response, 404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
      if (order.status === 'COMPLETED')
        return problem(response, 422, 'UNPROCESSABLE_ENTITY', 'ORDER_ALREADY_CAPTURED');
      if (order.status !== 'APPROVED')
        return problem(response, 422, 'UNPROCESSABLE_ENTITY', 'ORDER_NOT_APPROVED');
      const unit = order.purchase_units[0];
      const captured = {
        id: newId(),
        status: 'COMPLETED',
        amount: unit.amount,
        final_capture: true,
        custom_id: unit.custom_id,
        invoice_id: unit.invoice_id,
        supplementary_data: { related_ids: { order_id: order.id } },
        refunded: '0',
      };
      captures.set(captured.id, captured);
      order.status = 'COMPLETED';
      unit.payments = { captures: [captured] };
      return send(response, 201, order);
    }
    const get = /^\/v2\/checkout\/orders\/(\w+)$/.exec(p);
    if (method === 'GET' && get) {
      const order = orders.get(get[1]!);
      return order
        ? send(response, 200, order)
        : problem(response, 404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
    }
    const refund = /^\/v2\/payments\/captures\/(\w+)\/refund$/.exec(p);
    if (method === 'POST' && refund) {
      const captured = captures.get(refund[1]!);
      if (!captured) return problem(response, 404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
      return send(response, 201, refundCapture(captured, body.amount?.value));
    }
    return problem(response, 404, 'NOT_FOUND', 'NOT_FOUND');
  }

  /** Refunds minor amounts with integer arithmetic over the decimal strings (2 or 0 decimals). */
  function refundCapture(captured: Json, value?: string): Json {
    const scale = captured.amount.value.includes('.') ? 100 : 1;
    const toUnits = (text: string) => Math.round(Number(text) * scale);
    const fromUnits = (units: number) => (scale === 100 ? (units / 100).toFixed(2) : String(units));
    const refundable = toUnits(captured.amount.value) - toUnits(captured.refunded);
    const amount = value === undefined ? refundable : toUnits(value);
    captured.refunded = fromUnits(toUnits(captured.refunded) + amount);
    const result = {
      id: newId(),
      status: 'COMPLETED',
      amount: { currency_code: captured.amount.currency_code, value: fromUnits(amount) },
      seller_payable_breakdown: {
        total_refunded_amount: { currency_code: captured.amount.currency_code, value: captured.refunded },
      },
      links: [
        { href: `${baseUrl}/v2/payments/refunds/${newId()}`, rel: 'self', method: 'GET' },
        { href: `${baseUrl}/v2/payments/captures/${captured.id}`, rel: 'up', method: 'GET' },
      ],
    };
    captured.lastRefund = result;
    return result;
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const text = await readBody(request);
    if (request.method === 'GET' && url.pathname === '/certs/paypal.pem') {
      response.writeHead(200, { 'content-type': 'application/x-pem-file' });
      return response.end(certificate);
    }
    if (request.method === 'POST' && url.pathname === '/v1/oauth2/token') {
      const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
      if (request.headers.authorization !== expected || text !== 'grant_type=client_credentials') {
        return send(response, 401, {
          error: 'invalid_client',
          error_description: 'Client Authentication failed',
        });
      }
      return send(response, 200, {
        scope: 'https://uri.paypal.com/services/payments',
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 32400,
      });
    }
    const body = text ? (JSON.parse(text) as Json) : {};
    const requestId = (request.headers['paypal-request-id'] as string | undefined) ?? null;
    requests.push({ method: request.method ?? '', path: url.pathname, requestId, body });
    if (request.headers.authorization !== `Bearer ${accessToken}`) {
      return send(response, 401, {
        error: 'invalid_token',
        error_description: 'Token signature verification failed',
      });
    }
    const replayKey = requestId && `${url.pathname}|${requestId}`;
    if (replayKey && replays.has(replayKey)) {
      const seen = replays.get(replayKey)!;
      response.writeHead(seen.status, { 'content-type': 'application/json' });
      return response.end(seen.body);
    }
    const result = route(request.method ?? '', url, body, response);
    if (replayKey && result.status < 300) replays.set(replayKey, result);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakePaypal = {
    baseUrl,
    certUrl: `${baseUrl}/certs/paypal.pem`,
    orders,
    requests,
    approve(orderId) {
      orders.get(orderId)!.status = 'APPROVED';
    },
    returnUrlOf(orderId) {
      const returnUrl = new URL(orders.get(orderId)!.experience.return_url);
      returnUrl.searchParams.set('token', orderId);
      returnUrl.searchParams.set('PayerID', newId(13));
      return returnUrl.toString();
    },
    captureOf(orderId) {
      return orders.get(orderId)!.purchase_units[0].payments.captures[0];
    },
    event(eventType, resource) {
      const { refunded: _refunded, lastRefund: _lastRefund, ...visible } = resource;
      return {
        id: `WH-${newId(8)}-${newId(16)}`,
        event_version: '1.0',
        create_time: new Date().toISOString(),
        resource_type: eventType.includes('REFUNDED') ? 'refund' : 'capture',
        resource_version: '2.0',
        event_type: eventType,
        summary: eventType,
        resource: structuredClone(visible),
      };
    },
    refundEvent(captureId) {
      return fake.event('PAYMENT.CAPTURE.REFUNDED', captures.get(captureId)!.lastRefund);
    },
    sign(event, signOptions) {
      const body = typeof event === 'string' ? event : JSON.stringify(event);
      const transmissionId = randomBytes(16).toString('hex');
      const transmissionTime = (signOptions.time ?? new Date()).toISOString();
      const message = `${transmissionId}|${transmissionTime}|${signOptions.webhookId}|${crc32(Buffer.from(body)) >>> 0}`;
      const signature = rsaSign(
        'RSA-SHA256',
        Buffer.from(message),
        signOptions.privateKey ?? privateKey,
      ).toString('base64');
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'paypal-transmission-id': transmissionId,
          'paypal-transmission-time': transmissionTime,
          'paypal-transmission-sig': signature,
          'paypal-cert-url': fake.certUrl,
          'paypal-auth-algo': 'SHA256withRSA',
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
