import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processWebhookEvents } from '../../src/services/gateways/process-webhook-events.ts';
import { type FakePaypal, startFakePaypal } from '../support/fakes/paypal.ts';
import { APP_URL, countRows, type GatewayHarness, startGatewayHarness } from './gateway-harness.ts';

const CLIENT_ID = 'AYfake-client-id';
const CLIENT_SECRET = 'EHfake-client-secret';
const WEBHOOK_ID = '8PT597110X687430LKGECATA';

let paypal: FakePaypal;
let h: GatewayHarness;

beforeAll(async () => {
  paypal = await startFakePaypal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  h = await startGatewayHarness({
    paypal: { baseUrl: paypal.baseUrl, certUrlPrefixes: [`${paypal.baseUrl}/certs/`] },
  });
  const saved = await h.staff('PUT', '/api/v1/settings/gateways/paypal', {
    enabled: true,
    credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookId: WEBHOOK_ID },
  });
  expect(saved.status).toBe(200);
});

afterAll(async () => {
  await h?.close();
  await paypal?.close();
});

function deliver(
  event: Record<string, unknown> | string,
  options: { time?: Date; privateKey?: string; tamper?: boolean; certUrl?: string } = {},
) {
  const signed = paypal.sign(event, {
    webhookId: WEBHOOK_ID,
    time: options.time ?? h.clock.now(),
    ...(options.privateKey ? { privateKey: options.privateKey } : {}),
  });
  const body = options.tamper ? signed.body.replace('"COMPLETED"', '"COMPLETED" ') : signed.body;
  const headers = options.certUrl
    ? { ...signed.headers, 'paypal-cert-url': options.certUrl }
    : signed.headers;
  return h.postWebhook('paypal', body, headers);
}

async function invoiceOf(id: string) {
  return (await h.staff('GET', `/api/v1/invoices/${id}`)).body;
}

/** Pay Now, approve at PayPal, come back: answers the order id and where the browser was sent. */
async function payThroughPaypal(invoiceId: string, contactId: string) {
  const browser = await h.contactBrowser(invoiceId, contactId);
  const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'paypal' });
  expect(started.status).toBe(201);
  const orderId = started.body.checkoutId as string;
  expect(started.body.redirectUrl).toBe(`${paypal.baseUrl}/checkoutnow?token=${orderId}`);
  paypal.approve(orderId);
  const back = await fetch(paypal.returnUrlOf(orderId).replace(APP_URL, h.baseUrl), { redirect: 'manual' });
  return { orderId, status: back.status, location: back.headers.get('location') };
}

describe('PayPal', () => {
  it('Pay Now -> order -> approval -> capture on return -> Paid; the capture webhook changes nothing more', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '300.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const options = await browser.get(`/api/portal/v1/invoices/${invoiceId}/payment-options`);
    expect(options.body.options).toEqual([{ provider: 'paypal', name: 'PayPal' }]);

    const paid = await payThroughPaypal(invoiceId, contactId);
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`${APP_URL}/portal/invoices/${invoiceId}?payment=paid`);
    const create = paypal.requests.find((r) => r.path === '/v2/checkout/orders')!;
    expect(create.requestId).toBeTruthy();
    expect(create.body).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [{ custom_id: invoiceId, amount: { currency_code: 'USD', value: '300.00' } }],
    });
    expect(create.body.purchase_units[0].invoice_id).toContain(invoiceId);

    const invoice = await invoiceOf(invoiceId);
    expect(invoice.status).toBe('paid');
    const capture = paypal.captureOf(paid.orderId);
    const payments = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .execute();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      provider: 'paypal',
      provider_payment_id: capture.id,
      amount_minor: 30000n,
    });
    const receipts = await h.deps.db
      .selectFrom('email_outbox')
      .select('id')
      .where('invoice_id', '=', invoiceId)
      .where('kind', '=', 'receipt')
      .execute();
    expect(receipts).toHaveLength(1);

    const event = paypal.event('PAYMENT.CAPTURE.COMPLETED', capture);
    for (let i = 0; i < 10; i++) expect((await deliver(event)).status).toBe(200);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(concurrent.every((r) => r.status === 200)).toBe(true);
    await Promise.all([processWebhookEvents(h.deps), processWebhookEvents(h.deps)]);
    expect(
      await h.deps.db.selectFrom('payments').select('id').where('invoice_id', '=', invoiceId).execute(),
    ).toHaveLength(1);
    // Coming back a second time captures nothing more.
    const again = await fetch(paypal.returnUrlOf(paid.orderId).replace(APP_URL, h.baseUrl), {
      redirect: 'manual',
    });
    expect(again.status).toBe(303);
    expect(
      await h.deps.db.selectFrom('payments').select('id').where('invoice_id', '=', invoiceId).execute(),
    ).toHaveLength(1);
  });

  it('records the payment from the signed capture webhook alone (ten duplicates, ten concurrent: one payment)', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('EUR', '42.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'paypal' });
    const orderId = started.body.checkoutId as string;
    paypal.approve(orderId);
    // Captured by another path (the browser never came back to us): only the webhook tells.
    const token = paypal.requests.length;
    const captureResponse = await fetch(`${paypal.baseUrl}/v2/checkout/orders/${orderId}/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf()}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(captureResponse.status).toBe(201);
    expect(paypal.requests.length).toBeGreaterThan(token);
    const event = paypal.event('PAYMENT.CAPTURE.COMPLETED', paypal.captureOf(orderId));
    for (let i = 0; i < 10; i++) await deliver(event);
    await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    await processWebhookEvents(h.deps);
    const invoice = await invoiceOf(invoiceId);
    expect(invoice.status).toBe('paid');
    expect(
      await h.deps.db.selectFrom('payments').select('id').where('invoice_id', '=', invoiceId).execute(),
    ).toHaveLength(1);
  });

  it('refuses forged, tampered, stale and foreign-certificate deliveries with 400, recording only rejections', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '10.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'paypal' });
    paypal.approve(started.body.checkoutId);
    await fetch(`${paypal.baseUrl}/v2/checkout/orders/${started.body.checkoutId}/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf()}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const event = paypal.event('PAYMENT.CAPTURE.COMPLETED', paypal.captureOf(started.body.checkoutId));
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const events = await countRows(h, 'webhook_events');
    const rejections = await countRows(h, 'webhook_rejections');
    const responses = [
      await deliver(event, { privateKey: attacker }),
      await deliver(event, { tamper: true }),
      await deliver(event, { time: new Date(h.clock.now().getTime() - 301_000) }),
      await deliver(event, { certUrl: 'https://evil.example/cert.pem' }),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    await processWebhookEvents(h.deps);
    expect(await countRows(h, 'webhook_events')).toBe(events);
    expect(await countRows(h, 'webhook_rejections')).toBe(rejections + 4);
    expect((await invoiceOf(invoiceId)).status).toBe('viewed');
  });

  it('staff refund through PayPal (partial) restores the balance; the refund webhook changes nothing', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '90.00');
    const paid = await payThroughPaypal(invoiceId, contactId);
    const capture = paypal.captureOf(paid.orderId);
    const payment = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const refunded = await h.staff(
      'POST',
      `/api/v1/invoices/${invoiceId}/payments/${payment.id}/gateway-refund`,
      { amount: '30.00' },
    );
    expect(refunded.status).toBe(200);
    expect(refunded.body.invoice.totals.balanceDue).toBe('30.00');
    expect(refunded.body.invoice.status).toBe('partially_paid');
    const call = paypal.requests.filter((r) => r.path.endsWith('/refund')).at(-1)!;
    expect(call.body).toEqual({ amount: { currency_code: 'USD', value: '30.00' } });
    expect(call.requestId).toBeTruthy();
    await deliver(paypal.refundEvent(capture.id));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(invoiceId)).totals.balanceDue).toBe('30.00');
  });

  it('takes JPY without decimals, and is not offered for KWD or for HUF with fillér', async () => {
    const yen = await h.issuedInvoice('JPY', '1500');
    const paid = await payThroughPaypal(yen.invoiceId, yen.contactId);
    expect(paypal.orders.get(paid.orderId)!.purchase_units[0].amount).toEqual({
      currency_code: 'JPY',
      value: '1500',
    });
    expect((await invoiceOf(yen.invoiceId)).status).toBe('paid');

    for (const [currency, price] of [
      ['KWD', '12.340'],
      ['HUF', '1200.50'],
    ] as const) {
      const other = await h.issuedInvoice(currency, price);
      const browser = await h.contactBrowser(other.invoiceId, other.contactId);
      expect(
        (await browser.get(`/api/portal/v1/invoices/${other.invoiceId}/payment-options`)).body.options,
      ).toEqual([]);
      expect(
        (await browser.post(`/api/portal/v1/invoices/${other.invoiceId}/pay`, { provider: 'paypal' })).status,
      ).toBe(409);
    }
    const forints = await h.issuedInvoice('HUF', '1200');
    const hufPaid = await payThroughPaypal(forints.invoiceId, forints.contactId);
    expect(paypal.orders.get(hufPaid.orderId)!.purchase_units[0].amount).toEqual({
      currency_code: 'HUF',
      value: '1200',
    });
  });

  it('check connection reports refused credentials in words', async () => {
    expect((await h.staff('POST', '/api/v1/settings/gateways/paypal/check')).body).toMatchObject({
      ok: true,
    });
    await h.staff('PUT', '/api/v1/settings/gateways/paypal', { credentials: { clientSecret: 'wrong' } });
    const checked = await h.staff('POST', '/api/v1/settings/gateways/paypal/check');
    expect(checked.body).toEqual({ ok: false, message: 'PayPal refused the client id and secret' });
    await h.staff('PUT', '/api/v1/settings/gateways/paypal', {
      credentials: { clientSecret: CLIENT_SECRET },
    });
  });
});

async function tokenOf(): Promise<string> {
  const response = await fetch(`${paypal.baseUrl}/v1/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('PayPal deliveries Remit cannot use', () => {
  async function storedRow(where: { eventId?: string; rawBody?: string }) {
    let query = h.deps.db.selectFrom('webhook_events').selectAll();
    if (where.eventId) query = query.where('event_id', '=', where.eventId);
    if (where.rawBody) query = query.where('raw_body', '=', where.rawBody);
    return query.execute();
  }

  it('acknowledges signed bodies that are not JSON or not a PayPal event, and keeps them once as ignored', async () => {
    for (const body of ['<html>not json</html>', '{"event_type":"PAYMENT.CAPTURE.COMPLETED"}', '[1,2,3]']) {
      expect((await deliver(body)).status).toBe(200);
      expect((await deliver(body)).status).toBe(200);
      const rows = await storedRow({ rawBody: body });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ state: 'ignored' });
      expect(rows[0]!.ignored_reason).toMatch(/not JSON|id is missing|should be an object/);
    }
  });

  it('ignores a capture with a custom_id that is not a Remit invoice, or of the wrong types, without retrying', async () => {
    const capture = (customId: unknown, value: unknown) => ({
      id: `CAP${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
      status: 'COMPLETED',
      amount: { currency_code: 'USD', value },
      custom_id: customId,
    });
    const notUuid = paypal.event('PAYMENT.CAPTURE.COMPLETED', capture('INV-0042', '12.00'));
    const numeric = paypal.event('PAYMENT.CAPTURE.COMPLETED', capture(crypto.randomUUID(), 12));
    const stranger = crypto.randomUUID();
    const notOurs = paypal.event('PAYMENT.CAPTURE.COMPLETED', capture(stranger, '12.00'));
    for (const event of [notUuid, numeric, notOurs]) expect((await deliver(event)).status).toBe(200);
    await processWebhookEvents(h.deps);
    await processWebhookEvents(h.deps);
    const [a, b, c] = await Promise.all(
      [notUuid, numeric, notOurs].map(async (e) => (await storedRow({ eventId: e.id }))[0]!),
    );
    for (const row of [a, b, c]) expect(row).toMatchObject({ state: 'ignored', last_error: null });
    expect(a!.ignored_reason).toContain('resource.custom_id is not a Remit invoice id');
    expect(b!.ignored_reason).toContain('resource.amount.value should be a string');
    expect(c!.ignored_reason).toBe(`No invoice ${stranger} in Remit`);
  });
});
