import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hmacHex,
  ipnDate,
  ipnReadReceipt,
  lengthPrefixed,
} from '../../src/adapters/gateways/twocheckout/twocheckout-signatures.ts';
import { processWebhookEvents } from '../../src/services/gateways/process-webhook-events.ts';
import { createFakeTwocheckout } from '../support/fakes/twocheckout.ts';
import { APP_URL, countRows, type GatewayHarness, startGatewayHarness } from './gateway-harness.ts';

const MERCHANT = 'REMIT1234';
const SECRET_KEY = 'ipn-secret-key-0123';
const SECRET_WORD = 'buy-link-secret-word';
const fake = createFakeTwocheckout({
  merchantCode: MERCHANT,
  secretKey: SECRET_KEY,
  secretWord: SECRET_WORD,
});

let h: GatewayHarness;

beforeAll(async () => {
  h = await startGatewayHarness({ twocheckout: { checkoutUrl: fake.checkoutUrl } });
  const saved = await h.staff('PUT', '/api/v1/settings/gateways/twocheckout', {
    enabled: true,
    credentials: { merchantCode: MERCHANT, secretKey: SECRET_KEY, buyLinkSecretWord: SECRET_WORD },
  });
  expect(saved.status).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

const postIpn = (body: string) =>
  h.postWebhook('twocheckout', body, { 'content-type': 'application/x-www-form-urlencoded' });

async function invoiceOf(id: string) {
  return (await h.staff('GET', `/api/v1/invoices/${id}`)).body;
}

async function buy(invoiceId: string, contactId: string) {
  const browser = await h.contactBrowser(invoiceId, contactId);
  const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'twocheckout' });
  expect(started.status).toBe(201);
  return fake.open(started.body.redirectUrl);
}

describe('2Checkout signatures', () => {
  it("reproduces the documentation's read-receipt example (secret AABBCCDDEEFF) as published", () => {
    const source = lengthPrefixed(['1', 'Software program', '20050303123434', '20050303123434']);
    expect(source).toBe('1116Software program14200503031234341420050303123434');
    expect(hmacHex('md5', 'AABBCCDDEEFF', source)).toBe('7bf97ed39681027d0c45aa45e3ea98f0');
    expect(
      ipnReadReceipt('md5', 'AABBCCDDEEFF', {
        pid: '1',
        pname: 'Software program',
        ipnDate: '20050303123434',
        date: '20050303123434',
      }),
    ).toBe('<EPAYMENT>20050303123434|7bf97ed39681027d0c45aa45e3ea98f0</EPAYMENT>');
  });

  it('counts lengths in bytes and writes an empty value as 0', () => {
    expect(lengthPrefixed(['Zoë', '', '0'])).toBe('4Zoë010');
  });
});

describe('2Checkout', () => {
  it('Pay Now -> signed buy-link -> paid -> IPN (SHA-256) -> Paid once, answered with the read receipt', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('EUR', '250.00');
    const order = await buy(invoiceId, contactId);
    expect(order.params).toMatchObject({
      dynamic: '1',
      price: '250.00',
      currency: 'EUR',
      qty: '1',
      merchant: MERCHANT,
    });

    // The return redirect is checked and only tells the client: the IPN is what pays the invoice.
    const back = await fetch(fake.returnUrl(order).replace(APP_URL, h.baseUrl), { redirect: 'manual' });
    expect(back.headers.get('location')).toBe(`${APP_URL}/portal/invoices/${invoiceId}?payment=pending`);
    const tampered = await fetch(fake.returnUrl(order, true).replace(APP_URL, h.baseUrl), {
      redirect: 'manual',
    });
    expect(tampered.headers.get('location')).toBe(`${APP_URL}/portal/invoices/${invoiceId}?payment=failed`);
    expect((await invoiceOf(invoiceId)).status).toBe('viewed');

    const at = h.clock.now();
    const ipn = fake.ipn(order, 'COMPLETE', at);
    const answered = await postIpn(ipn);
    expect(answered.status).toBe(200);
    expect(answered.text).toBe(fake.expectedReceipt(order, at, h.clock.now()));
    for (let i = 0; i < 10; i++) expect((await postIpn(ipn)).status).toBe(200);
    await Promise.all(Array.from({ length: 10 }, () => postIpn(ipn)));
    await postIpn(fake.ipn(order, 'AUTHRECEIVED', at));
    await processWebhookEvents(h.deps);
    const invoice = await invoiceOf(invoiceId);
    expect(invoice.status).toBe('paid');
    const payments = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .execute();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      provider: 'twocheckout',
      provider_payment_id: order.refno,
      amount_minor: 25000n,
    });
  });

  it('accepts the legacy MD5 HASH and SHA3-256, answering in the same scheme; REFUND restores the balance', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '60.00');
    const order = await buy(invoiceId, contactId);
    const at = h.clock.now();
    const md5 = await postIpn(fake.ipn(order, 'COMPLETE', at, { algorithm: 'md5' }));
    expect(md5.text).toBe(fake.expectedReceipt(order, at, h.clock.now(), 'md5'));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(invoiceId)).status).toBe('paid');

    const refund = await postIpn(fake.ipn(order, 'REFUND', at, { algorithm: 'sha3-256' }));
    expect(refund.text).toBe(fake.expectedReceipt(order, at, h.clock.now(), 'sha3-256'));
    await processWebhookEvents(h.deps);
    const invoice = await invoiceOf(invoiceId);
    expect(invoice.totals.balanceDue).toBe('60.00');
    expect(invoice.status).not.toBe('paid');
  });

  it('refuses forged, tampered and stale IPNs with 400, recording only rejections', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '15.00');
    const order = await buy(invoiceId, contactId);
    const events = await countRows(h, 'webhook_events');
    const rejections = await countRows(h, 'webhook_rejections');
    const now = h.clock.now();
    const responses = [
      await postIpn(fake.ipn(order, 'COMPLETE', now, { key: 'guessed-key' })),
      await postIpn(
        fake.ipn(order, 'COMPLETE', now).replace('IPN_TOTALGENERAL=15.00', 'IPN_TOTALGENERAL=1500.00'),
      ),
      await postIpn(fake.ipn(order, 'COMPLETE', new Date(now.getTime() - 3 * 24 * 3600_000))),
      await postIpn('REFNO=1&ORDERSTATUS=COMPLETE'),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    await processWebhookEvents(h.deps);
    expect(await countRows(h, 'webhook_events')).toBe(events);
    expect(await countRows(h, 'webhook_rejections')).toBe(rejections + 4);
    expect((await invoiceOf(invoiceId)).status).toBe('viewed');
  });

  it('bills JPY exactly and flags an IPN total other than the checkout asked for', async () => {
    const yen = await h.issuedInvoice('JPY', '1500');
    const order = await buy(yen.invoiceId, yen.contactId);
    expect(order.params.price).toBe('1500');
    await postIpn(fake.ipn(order, 'COMPLETE', h.clock.now()));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(yen.invoiceId)).status).toBe('paid');

    const other = await h.issuedInvoice('USD', '99.00');
    const short = await buy(other.invoiceId, other.contactId);
    await postIpn(fake.ipn(short, 'COMPLETE', h.clock.now(), { total: '9.90' }));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(other.invoiceId)).status).toBe('viewed');
    const payment = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', other.invoiceId)
      .executeTakeFirstOrThrow();
    expect(payment.status).toBe('pending');
    expect(payment.review_reason).toContain('the checkout asked for 99.00');
  });
});

describe('2Checkout IPNs Remit cannot use', () => {
  const ipnFields = (overrides: Record<string, string>): [string, string][] =>
    Object.entries({
      REFNO: String(700_000_000 + Math.floor(Math.random() * 1e8)),
      REFNOEXT: 'remit-not-ours',
      ORDERSTATUS: 'COMPLETE',
      CURRENCY: 'EUR',
      IPN_TOTALGENERAL: '10.00',
      'IPN_PID[]': '1',
      'IPN_PNAME[]': 'Something',
      ...overrides,
      IPN_DATE: ipnDate(h.clock.now()),
    });

  it('answers a signed IPN with missing or odd fields with the read receipt, and keeps it as ignored', async () => {
    const cases = [
      ipnFields({ REFNO: '' }),
      ipnFields({ REFNO: '12\u000034' }),
      ipnFields({ CURRENCY: 'XYZ1' }),
      ipnFields({ IPN_TOTALGENERAL: 'ten euros' }),
    ];
    const bodies = cases.map((fields) => fake.signFields(fields));
    for (const body of bodies) {
      const response = await postIpn(body);
      expect(response.status).toBe(200);
      expect(response.text).toMatch(/^<sig algo="sha256"/);
    }
    await processWebhookEvents(h.deps);
    const rows = await Promise.all(
      bodies.map((body) =>
        h.deps.db
          .selectFrom('webhook_events')
          .select(['state', 'ignored_reason', 'last_error'])
          .where('raw_body', '=', body)
          .executeTakeFirstOrThrow(),
      ),
    );
    const reasons = rows.map((row) => row.ignored_reason);
    expect(rows.map((row) => row.state)).toEqual(['ignored', 'ignored', 'ignored', 'ignored']);
    expect(reasons[0]).toContain('REFNO');
    expect(reasons[1]).toContain('REFNO is not a provider id');
    expect(reasons[2]).toContain('CURRENCY is not a currency code');
    expect(reasons[3]).toContain('IPN_TOTALGENERAL is not an amount');
  });

  it('ignores a paid IPN for a checkout Remit did not open', async () => {
    const fields = ipnFields({});
    expect((await postIpn(fake.signFields(fields))).status).toBe(200);
    await processWebhookEvents(h.deps);
    const row = await h.deps.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('event_id', '=', `${fields[0]![1]}:COMPLETE`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'ignored', last_error: null });
    expect(row.ignored_reason).toBe('Not a checkout Remit opened (remit-not-ours) and no invoice named');
  });
});
