import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeWebhookTransport } from '../../src/adapters/webhooks/node-webhook-transport.ts';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver-due-webhooks.ts';
import type { WebhookDeps } from '../../src/services/webhooks/webhook-deps.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_test_0123456789abcdef';
let t: TestApp;
let receiver: WebhookReceiver;
let deps: WebhookDeps;
let endpointId: string;

const deliver = () => deliverDueWebhooks(deps, { random: () => 0.5, timeoutMs: 2000 });

function expectProblem(
  response: { status: number; headers: Record<string, unknown>; body: any },
  field: string,
) {
  expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(String(response.headers['content-type'])).toContain('application/problem+json');
  expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
}

async function sentInvoice(clientId: string) {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId,
    currency: 'USD',
    issueDate: '2026-11-20',
    paymentTerms: 'net_30',
    taxes: [],
    lines: [{ description: 'Work', quantity: '1', unitPrice: '100.00' }],
  });
  expect(draft.status).toBe(201);
  const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body as { id: string; number: string };
}

beforeAll(async () => {
  t = await startTestApp();
  receiver = await startWebhookReceiver(SECRET);
  deps = { ...t.deps, secretKey: t.secretKey, transport: createNodeWebhookTransport() };
});

afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('webhook endpoints: bad input', () => {
  it.each([
    'http://127.0.0.1:9/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5/hook',
    'http://192.168.1.20/hook',
    'http://localhost:8080/hook',
    'ftp://93.184.215.14/hook',
    'http://user:pw@93.184.215.14/hook',
    'not a url',
  ])('refuses %s with problem+json naming url', async (url) => {
    const response = await t.call('POST', '/api/v1/webhook-endpoints', { url, eventTypes: ['invoice.paid'] });
    expectProblem(response, 'url');
  });

  it('names eventTypes, secret and unknown fields', async () => {
    const url = 'https://93.184.215.14/hook';
    expectProblem(await t.call('POST', '/api/v1/webhook-endpoints', { url, eventTypes: [] }), 'eventTypes');
    expectProblem(
      await t.call('POST', '/api/v1/webhook-endpoints', { url, eventTypes: ['invoice.exploded'] }),
      'eventTypes.0',
    );
    expectProblem(await t.call('POST', '/api/v1/webhook-endpoints', { eventTypes: ['invoice.paid'] }), 'url');
    expectProblem(
      await t.call('POST', '/api/v1/webhook-endpoints', {
        url,
        eventTypes: ['invoice.paid'],
        secret: 'short',
      }),
      'secret',
    );
    expectProblem(
      await t.call('PATCH', '/api/v1/settings/webhooks', { allowPrivateTargets: 'yes' }),
      'allowPrivateTargets',
    );
    const listed = await t.call('GET', '/api/v1/webhook-endpoints');
    expect(listed.body.items).toEqual([]);
  });

  it('accepts a public address, returns a generated secret once and never again', async () => {
    const created = await t.call('POST', '/api/v1/webhook-endpoints', {
      url: 'https://93.184.215.14/hook',
      eventTypes: ['invoice.paid', 'invoice.created'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.eventTypes).toEqual(['invoice.created', 'invoice.paid']);
    const read = await t.call('GET', `/api/v1/webhook-endpoints/${created.body.id}`);
    expect(read.body).not.toHaveProperty('secret');
    expect(JSON.stringify(read.body)).not.toContain(created.body.secret);
    const finance = await t.call('GET', '/api/v1/webhook-endpoints', undefined, t.financeToken);
    expect(finance.status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/webhook-endpoints/${created.body.id}`)).status).toBe(204);
  });
});

describe('webhook delivery to a real receiver', () => {
  it('publishes nothing while no endpoint listens', async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Unheard Ltd', currency: 'USD' });
    expect(client.status).toBe(201);
    const { rows } = await t.database.pool.query('select count(*)::int as n from outgoing_events');
    expect(rows[0].n).toBe(0);
  });

  it('signs every event, retries a failure with backoff and delivers the same event id again', async () => {
    const allowed = await t.call('PATCH', '/api/v1/settings/webhooks', { allowPrivateTargets: true });
    expect(allowed.body).toEqual({ allowPrivateTargets: true, retentionDays: 30 });
    const created = await t.call('POST', '/api/v1/webhook-endpoints', {
      url: receiver.url,
      description: 'Accounting sync',
      secret: SECRET,
      eventTypes: [
        'client.created',
        'client.updated',
        'invoice.created',
        'invoice.issued',
        'invoice.paid',
        'payment.recorded',
        'quote.accepted',
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('secret');
    endpointId = created.body.id;

    const client = await t.call('POST', '/api/v1/clients', { name: 'Hooked Ltd', currency: 'USD' });
    expect(
      (await t.call('PATCH', `/api/v1/clients/${client.body.id}`, { company: 'Hooked Group' })).status,
    ).toBe(200);
    const invoice = await sentInvoice(client.body.id);
    const paid = await t.call('POST', `/api/v1/invoices/${invoice.id}/payments`, {
      method: 'bank_transfer',
      amount: '100.00',
    });
    expect(paid.status).toBe(201);

    receiver.answers.push(503);
    const first = await deliver();
    expect(first).toEqual({ delivered: 5, retrying: 1, failed: 0 });
    expect(receiver.received).toHaveLength(6);
    expect(receiver.received.every((hook) => hook.signatureValid)).toBe(true);
    expect(new Set(receiver.received.map((hook) => hook.event.type))).toEqual(
      new Set([
        'client.created',
        'client.updated',
        'invoice.created',
        'invoice.issued',
        'invoice.paid',
        'payment.recorded',
      ]),
    );
    const paidEvent = receiver.received.find((hook) => hook.event.type === 'invoice.paid')!.event;
    expect(paidEvent.data.invoice).toMatchObject({ id: invoice.id, number: invoice.number, status: 'paid' });
    const payment = receiver.received.find((hook) => hook.event.type === 'payment.recorded')!.event;
    expect(payment.data.payment).toMatchObject({ amount: '100.00', currency: 'USD' });
    for (const hook of receiver.received) expect(hook.headers['remit-event-id']).toBe(hook.event.id);

    const retrying = await t.call('GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries?state=retrying`);
    expect(retrying.body.items).toHaveLength(1);
    const failedOnce = retrying.body.items[0];
    expect(failedOnce).toMatchObject({ attempts: 1, lastStatusCode: 503, state: 'retrying' });
    // 30 s x the fixed jitter factor (0.75 + 0.5 x 0.5 = 1): nothing before that.
    expect(new Date(failedOnce.nextAttemptAt).getTime() - t.clock.now().getTime()).toBe(30_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    t.clock.set(new Date(t.clock.now().getTime() + 31_000).toISOString());
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const again = receiver.received.filter((hook) => hook.event.id === failedOnce.eventId);
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toBe(again[0]!.body);

    const detail = await t.call('GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries/${failedOnce.id}`);
    expect(detail.body.state).toBe('delivered');
    expect(detail.body.attemptLog.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([
      503, 200,
    ]);
    expect(detail.body.attemptLog[0].responseExcerpt).toBe('try later');
    expect(JSON.parse(detail.body.body).id).toBe(failedOnce.eventId);
  });

  it('publishes quote acceptance from the document timeline', async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Quoted Ltd', currency: 'USD' });
    const quote = await t.call('POST', '/api/v1/quotes', {
      clientId: client.body.id,
      currency: 'USD',
      issueDate: '2026-11-20',
      taxes: [],
      lines: [{ description: 'Plan', quantity: '1', unitPrice: '50.00' }],
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    expect((await t.call('POST', `/api/v1/quotes/${quote.body.id}/mark-sent`)).status).toBe(200);
    expect((await t.call('POST', `/api/v1/quotes/${quote.body.id}/accept`, { name: 'Ann' })).status).toBe(
      200,
    );
    receiver.received.length = 0;
    await deliver();
    const accepted = receiver.received.find((hook) => hook.event.type === 'quote.accepted');
    expect(accepted?.event.data.quote).toMatchObject({ id: quote.body.id, status: 'accepted' });
  });

  it('redelivers on demand and sends a test event', async () => {
    const page = await t.call(
      'GET',
      `/api/v1/webhook-endpoints/${endpointId}/deliveries?state=delivered&limit=1`,
    );
    const delivery = page.body.items[0];
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const redelivered = await t.call(
      'POST',
      `/api/v1/webhook-endpoints/${endpointId}/deliveries/${delivery.id}/redeliver`,
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ state: 'pending', attempts: 0 });
    const test = await t.call('POST', `/api/v1/webhook-endpoints/${endpointId}/test`);
    expect(test.status).toBe(202);
    receiver.received.length = 0;
    expect(await deliver()).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    expect(receiver.received.map((hook) => hook.event.id).sort()).toEqual(
      [delivery.eventId, test.body.eventId].sort(),
    );
    expect(receiver.received.find((hook) => hook.event.type === 'webhook.test')?.signatureValid).toBe(true);
  });

  it('checks the address again at delivery: a private target is refused once the allowance is off', async () => {
    await t.call('PATCH', '/api/v1/settings/webhooks', { allowPrivateTargets: false });
    const client = await t.call('POST', '/api/v1/clients', { name: 'Late Ltd', currency: 'USD' });
    expect(client.status).toBe(201);
    receiver.received.length = 0;
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(receiver.received).toEqual([]);
    const retrying = await t.call('GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries?state=retrying`);
    expect(retrying.body.items[0].lastError).toMatch(/127\.0\.0\.1.*private/);
    expect(retrying.body.items[0].lastStatusCode).toBeNull();
    await t.call('PATCH', '/api/v1/settings/webhooks', { allowPrivateTargets: true });
  });

  it('turns an endpoint off after failing for long, and on again by hand', async () => {
    const since = new Date(t.clock.now().getTime() - 2 * 24 * 3_600_000);
    await t.database.pool.query(
      'update webhook_endpoints set consecutive_failures = 19, failing_since = $1 where id = $2',
      [since, endpointId],
    );
    t.clock.set(new Date(t.clock.now().getTime() + 3_600_000).toISOString());
    receiver.answers.push(500);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const endpoint = await t.call('GET', `/api/v1/webhook-endpoints/${endpointId}`);
    expect(endpoint.body).toMatchObject({ enabled: false, consecutiveFailures: 20 });
    expect(endpoint.body.disabledReason).toMatch(/20 failed attempts/);

    const waiting = await t.call('GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries?state=retrying`);
    const redeliver = await t.call(
      'POST',
      `/api/v1/webhook-endpoints/${endpointId}/deliveries/${waiting.body.items[0].id}/redeliver`,
    );
    expect(redeliver.status).toBe(409);
    expect(String(redeliver.headers['content-type'])).toContain('application/problem+json');
    t.clock.set(new Date(t.clock.now().getTime() + 24 * 3_600_000).toISOString());
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    const enabled = await t.call('PATCH', `/api/v1/webhook-endpoints/${endpointId}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
  });
});
