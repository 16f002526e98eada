import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfWorkerPool } from '../../src/adapters/pdf/pdf-worker-pool.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { processWebhookEvents } from '../../src/services/gateways/process-webhook-events.ts';
import { receiptAttachmentSource } from '../../src/services/payments/render-receipt-pdf.ts';
import { foldSpaces, pdfText } from '../pdf/pdf-tools.ts';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import { startSmtpServer, type TestSmtpServer, testMailer } from '../support/smtp.ts';
import { countRows, type GatewayHarness, startGatewayHarness } from './gateway-harness.ts';

const SECRET_KEY = 'sk_test_remit_fake_key';
const WEBHOOK_SECRET = 'whsec_remit_fake_secret';

let stripe: FakeStripe;
let h: GatewayHarness;
let smtp: TestSmtpServer;
// Receipts render in a worker thread, as the server renders them: in this thread they would hold up the event loop
// that the test's SMTP server shares, and the mailer would time out on its greeting.
const pdfPool = new PdfWorkerPool({ threads: 1 });
const receiptRenderer = pdfPool.background;

beforeAll(async () => {
  stripe = await startFakeStripe({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
  h = await startGatewayHarness({ stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } });
  const saved = await h.staff('PUT', '/api/v1/settings/gateways/stripe', {
    enabled: true,
    mode: 'test',
    credentials: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET },
  });
  expect(saved.status).toBe(200);
  smtp = await startSmtpServer();
  const smtpSaved = await h.staff('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Studio Billing',
    fromAddress: 'billing@studio.example',
  });
  expect(smtpSaved.status).toBe(200);
  expect((await h.staff('PATCH', '/api/v1/settings', { email: 'owner@studio.example' })).status).toBe(200);
});

afterAll(async () => {
  await pdfPool.close();
  await h?.close();
  await stripe?.close();
  await smtp?.close();
});

/** Signs like Stripe at the app's current time (or `ageSeconds` earlier) and posts to the webhook endpoint. */
function deliver(
  event: Record<string, unknown>,
  options: { ageSeconds?: number; secret?: string; tamper?: boolean } = {},
) {
  const timestamp = Math.floor(h.clock.now().getTime() / 1000) - (options.ageSeconds ?? 0);
  const signed = stripe.sign(event, { timestamp, ...(options.secret ? { secret: options.secret } : {}) });
  const body = options.tamper ? signed.body.replace('"livemode": false', '"livemode": true ') : signed.body;
  return h.postWebhook('stripe', body, {
    'content-type': 'application/json',
    'stripe-signature': signed.signature,
  });
}

/** Delivers the due emails as the server does, receipts with their PDF. */
function deliverWithReceipts() {
  return deliverDueEmails(h.deps, testMailer(), {
    receiptPdf: receiptAttachmentSource({ ...h.deps, receiptRenderer }),
  });
}

async function invoiceOf(id: string) {
  return (await h.staff('GET', `/api/v1/invoices/${id}`)).body;
}

async function payNow(invoiceId: string, contactId: string) {
  const browser = await h.contactBrowser(invoiceId, contactId);
  const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
  expect(started.status).toBe(201);
  return {
    browser,
    sessionId: started.body.checkoutId as string,
    redirectUrl: started.body.redirectUrl as string,
  };
}

describe('Stripe', () => {
  it('keeps credentials secret: the settings say only whether each is set', async () => {
    const read = await h.staff('GET', '/api/v1/settings/gateways/stripe');
    expect(read.body).toMatchObject({
      provider: 'stripe',
      enabled: true,
      configured: true,
      credentials: [
        { name: 'secretKey', set: true },
        { name: 'webhookSecret', set: true },
      ],
    });
    expect(JSON.stringify(read.body)).not.toContain(SECRET_KEY);
    const stored = await h.deps.db.selectFrom('gateway_settings').selectAll().executeTakeFirstOrThrow();
    expect(stored.credentials_encrypted).not.toContain(SECRET_KEY);
    expect((await h.staff('POST', '/api/v1/settings/gateways/stripe/check')).body).toMatchObject({
      ok: true,
    });
  });

  it('Pay Now -> Checkout Session -> paid -> signed webhook -> invoice Paid once, receipt queued', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '300.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const options = await browser.get(`/api/portal/v1/invoices/${invoiceId}/payment-options`);
    expect(options.body).toEqual({
      invoiceId,
      currency: 'USD',
      balanceDue: '300.00',
      options: [{ provider: 'stripe', name: 'Stripe' }],
    });
    const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
    expect(started.status).toBe(201);
    expect(started.body.redirectUrl).toContain(`127.0.0.1:${stripe.port}/c/pay/`);
    const request = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')!;
    expect(request.idempotencyKey).toMatch(/^[0-9a-f]{48}$/);
    expect(request.body).toMatchObject({
      mode: 'payment',
      metadata: { invoice_id: invoiceId },
      line_items: { 0: { quantity: '1', price_data: { currency: 'usd', unit_amount: '30000' } } },
    });
    // A second click reuses the open checkout.
    const again = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
    expect(again.body.checkoutId).toBe(started.body.checkoutId);

    const session = stripe.pay(started.body.checkoutId);
    const completed = stripe.event('checkout.session.completed', session);
    const delivered = await deliver(completed);
    expect(delivered.status).toBe(200);
    // Stored, not yet applied: the job does that.
    expect((await invoiceOf(invoiceId)).status).not.toBe('paid');
    await processWebhookEvents(h.deps);

    const invoice = await invoiceOf(invoiceId);
    expect(invoice.status).toBe('paid');
    expect(invoice.totals.balanceDue).toBe('0.00');
    const payments = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .execute();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      provider: 'stripe',
      provider_payment_id: session.payment_intent,
      amount_minor: 30000n,
      status: 'succeeded',
    });
    const receipts = await h.deps.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .where('kind', '=', 'receipt')
      .execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.text).toContain('$300.00');

    // The outbox worker delivers the receipt (its PDF attached) to the client and the notice to staff through a
    // real SMTP server.
    await deliverWithReceipts();
    const receipt = smtp.messages.find((m) => m.subject?.startsWith('Payment received for invoice'));
    expect(receipt?.text).toContain('we received your payment of $300.00');
    expect(receipt?.attachments.map((file) => file.contentType)).toEqual(['application/pdf']);
    expect(foldSpaces(await pdfText(receipt!.attachments[0]!.content))).toContain(
      'Payment method: Card through Stripe',
    );
    expect(smtp.recipients[smtp.messages.indexOf(receipt!)]).toEqual([receipts[0]!.to_address]);
    const notice = smtp.messages.find((m) => m.subject?.startsWith('Payment received: $300.00'));
    expect(smtp.recipients[smtp.messages.indexOf(notice!)]).toEqual(['owner@studio.example']);

    // The browser coming back reads the same outcome from Stripe and changes nothing more.
    const back = await fetch(stripe.successUrlOf(session.id).replace('http://localhost:3000', h.baseUrl), {
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(
      `http://localhost:3000/portal/invoices/${invoiceId}?payment=paid`,
    );
    expect(
      await h.deps.db.selectFrom('payments').select('id').where('invoice_id', '=', invoiceId).execute(),
    ).toHaveLength(1);
  }, 120_000);

  it('ten duplicate deliveries and ten concurrent ones give one payment', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '120.00');
    const { sessionId } = await payNow(invoiceId, contactId);
    const event = stripe.event('checkout.session.completed', stripe.pay(sessionId));
    for (let i = 0; i < 10; i++) expect((await deliver(event)).status).toBe(200);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(concurrent.map((r) => r.status)).toEqual(Array(10).fill(200));
    // A second event id for the same payment (Stripe retries with a new event on async success) also counts once.
    await deliver(stripe.event('checkout.session.async_payment_succeeded', stripe.sessions.get(sessionId)!));
    await Promise.all([
      processWebhookEvents(h.deps),
      processWebhookEvents(h.deps),
      processWebhookEvents(h.deps),
    ]);
    await processWebhookEvents(h.deps);
    const payments = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .execute();
    expect(payments).toHaveLength(1);
    expect((await invoiceOf(invoiceId)).status).toBe('paid');
    const events = await h.deps.db
      .selectFrom('webhook_events')
      .select('id')
      .where('event_id', '=', event.id)
      .execute();
    expect(events).toHaveLength(1);
    // And one receipt: queued with the payment, in its transaction, under the payment's dedupe key.
    const receipts = await h.deps.db
      .selectFrom('email_outbox')
      .select(['id', 'receipt_payment_id'])
      .where('invoice_id', '=', invoiceId)
      .where('kind', '=', 'receipt')
      .execute();
    expect(receipts).toEqual([{ id: expect.any(String), receipt_payment_id: payments[0]!.id }]);
  });

  it('a webhook delivered twice emails one receipt; with send_payment_receipts off, none', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '80.00');
    const { sessionId } = await payNow(invoiceId, contactId);
    const event = stripe.event('checkout.session.completed', stripe.pay(sessionId));
    expect((await deliver(event)).status).toBe(200);
    await processWebhookEvents(h.deps);
    expect((await deliver(event)).status).toBe(200);
    await processWebhookEvents(h.deps);
    const before = smtp.messages.length;
    await deliverWithReceipts();
    const { number } = await invoiceOf(invoiceId);
    const receipts = smtp.messages
      .slice(before)
      .filter((m) => m.subject?.startsWith(`Payment received for invoice ${number} `));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.attachments).toHaveLength(1);

    expect((await h.staff('PATCH', '/api/v1/settings', { sendPaymentReceipts: false })).status).toBe(200);
    try {
      const other = await h.issuedInvoice('USD', '90.00');
      const paid = await payNow(other.invoiceId, other.contactId);
      await deliver(stripe.event('checkout.session.completed', stripe.pay(paid.sessionId)));
      await processWebhookEvents(h.deps);
      expect((await invoiceOf(other.invoiceId)).status).toBe('paid');
      const kinds = await h.deps.db
        .selectFrom('email_outbox')
        .select('kind')
        .where('invoice_id', '=', other.invoiceId)
        .execute();
      expect(kinds.map((row) => row.kind)).toEqual(['payment_notice']);
    } finally {
      await h.staff('PATCH', '/api/v1/settings', { sendPaymentReceipts: true });
    }
  });

  it('forged, tampered and stale signatures get 400 and record nothing but a rejection', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '50.00');
    const { sessionId } = await payNow(invoiceId, contactId);
    const event = stripe.event('checkout.session.completed', stripe.pay(sessionId));
    const eventsBefore = await countRows(h, 'webhook_events');
    const rejectionsBefore = await countRows(h, 'webhook_rejections');
    const forged = await deliver(event, { secret: 'whsec_attacker' });
    const tampered = await deliver(event, { tamper: true });
    const stale = await deliver(event, { ageSeconds: 301 });
    const unsigned = await h.postWebhook('stripe', JSON.stringify(event), {
      'content-type': 'application/json',
    });
    for (const response of [forged, tampered, stale, unsigned]) {
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'webhook_signature' });
    }
    await processWebhookEvents(h.deps);
    expect(await countRows(h, 'webhook_events')).toBe(eventsBefore);
    expect(await countRows(h, 'webhook_rejections')).toBe(rejectionsBefore + 4);
    const rejection = await h.deps.db
      .selectFrom('webhook_rejections')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(Object.keys(rejection)).not.toContain('raw_body');
    expect((await invoiceOf(invoiceId)).status).toBe('viewed');
    // Within the 300 s tolerance it is accepted.
    expect((await deliver(event, { ageSeconds: 290 })).status).toBe(200);
  });

  it('counts checkout.session.completed only when paid; async success later pays, async failure does not', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '75.00');
    const { sessionId } = await payNow(invoiceId, contactId);
    const session = stripe.pay(sessionId, { delayed: true });
    await deliver(stripe.event('checkout.session.completed', session));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(invoiceId)).status).toBe('viewed');
    session.payment_status = 'paid';
    await deliver(stripe.event('checkout.session.async_payment_succeeded', session));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(invoiceId)).status).toBe('paid');

    const other = await h.issuedInvoice('USD', '75.00');
    const failed = await payNow(other.invoiceId, other.contactId);
    await deliver(
      stripe.event('checkout.session.async_payment_failed', stripe.pay(failed.sessionId, { delayed: true })),
    );
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(other.invoiceId)).status).toBe('viewed');
  });

  it('an amount or currency other than asked leaves the invoice unpaid and flags the payment', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '200.00');
    const { sessionId } = await payNow(invoiceId, contactId);
    await deliver(stripe.event('checkout.session.completed', stripe.pay(sessionId, { amountTotal: 100 })));
    await processWebhookEvents(h.deps);
    const invoice = await invoiceOf(invoiceId);
    expect(invoice.status).toBe('viewed');
    expect(invoice.totals.balanceDue).toBe('200.00');
    const payment = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(payment.status).toBe('pending');
    expect(payment.review_reason).toContain('the checkout asked for 200.00');

    const other = await h.issuedInvoice('USD', '200.00');
    const started = await payNow(other.invoiceId, other.contactId);
    await deliver(
      stripe.event('checkout.session.completed', stripe.pay(started.sessionId, { currency: 'eur' })),
    );
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(other.invoiceId)).status).toBe('viewed');
  });

  it('staff refund through Stripe (partial, then the rest) restores the balance; the refund event changes nothing', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '300.00');
    const { sessionId } = await payNow(invoiceId, contactId);
    const session = stripe.pay(sessionId);
    await deliver(stripe.event('checkout.session.completed', session));
    await processWebhookEvents(h.deps);
    const payment = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();

    const tooMuch = await h.staff(
      'POST',
      `/api/v1/invoices/${invoiceId}/payments/${payment.id}/gateway-refund`,
      {
        amount: '300.01',
      },
    );
    expect(tooMuch.status).toBe(422);
    const partial = await h.staff(
      'POST',
      `/api/v1/invoices/${invoiceId}/payments/${payment.id}/gateway-refund`,
      {
        amount: '100.00',
        reason: 'Discount agreed',
      },
    );
    expect(partial.status).toBe(200);
    expect(partial.body.invoice.status).toBe('partially_paid');
    expect(partial.body.invoice.totals.balanceDue).toBe('100.00');
    const refundCall = stripe.requests.filter((r) => r.path === '/v1/refunds').at(-1)!;
    expect(refundCall.body).toMatchObject({ payment_intent: session.payment_intent, amount: '10000' });
    expect(refundCall.idempotencyKey).toBeTruthy();

    await deliver(stripe.refundEvent(session.payment_intent));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(invoiceId)).totals.balanceDue).toBe('100.00');

    const rest = await h.staff(
      'POST',
      `/api/v1/invoices/${invoiceId}/payments/${payment.id}/gateway-refund`,
      {},
    );
    expect(rest.status).toBe(200);
    expect(rest.body.invoice.totals.balanceDue).toBe('300.00');
    expect(rest.body.invoice.status).not.toBe('paid');
    await deliver(stripe.refundEvent(session.payment_intent));
    await processWebhookEvents(h.deps);
    const refunds = await h.deps.db
      .selectFrom('payment_refunds')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .execute();
    expect(refunds.map((r) => r.amount_minor)).toEqual([10000n, 20000n]);
  });

  it('a refund delivered before its payment waits, then both settle once (refund at Stripe -> balance restored)', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '80.00');
    const { sessionId } = await payNow(invoiceId, contactId);
    const session = stripe.pay(sessionId);
    const completed = stripe.event('checkout.session.completed', session);
    // The refund is made at Stripe directly; its event overtakes the completion.
    const refundResponse = await fetch(`http://127.0.0.1:${stripe.port}/v1/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `payment_intent=${session.payment_intent}&amount=3000`,
    });
    expect(refundResponse.status).toBe(200);
    await deliver(stripe.refundEvent(session.payment_intent));
    await processWebhookEvents(h.deps);
    expect(
      await h.deps.db.selectFrom('payments').select('id').where('invoice_id', '=', invoiceId).execute(),
    ).toHaveLength(0);
    await deliver(completed);
    await processWebhookEvents(h.deps);
    await processWebhookEvents(h.deps);
    const invoice = await invoiceOf(invoiceId);
    expect(invoice.status).toBe('partially_paid');
    expect(invoice.totals.balanceDue).toBe('30.00');
  });

  it('converts JPY and KWD exactly, and is not offered for an amount it cannot take', async () => {
    const yen = await h.issuedInvoice('JPY', '1500');
    const yenPay = await payNow(yen.invoiceId, yen.contactId);
    expect(stripe.sessions.get(yenPay.sessionId)).toMatchObject({ currency: 'jpy', amount_total: 1500 });
    await deliver(stripe.event('checkout.session.completed', stripe.pay(yenPay.sessionId)));
    await processWebhookEvents(h.deps);
    const yenInvoice = await invoiceOf(yen.invoiceId);
    expect(yenInvoice.status).toBe('paid');
    expect(yenInvoice.totals.amountPaid ?? yenInvoice.totals.paid).toBe('1500');

    const dinar = await h.issuedInvoice('KWD', '12.340');
    const dinarPay = await payNow(dinar.invoiceId, dinar.contactId);
    expect(stripe.sessions.get(dinarPay.sessionId)).toMatchObject({ currency: 'kwd', amount_total: 12340 });
    await deliver(stripe.event('checkout.session.completed', stripe.pay(dinarPay.sessionId)));
    await processWebhookEvents(h.deps);
    expect((await invoiceOf(dinar.invoiceId)).status).toBe('paid');

    // Stripe takes three-decimal currencies only in multiples of ten: 12.345 KWD cannot be charged exactly.
    const odd = await h.issuedInvoice('KWD', '12.345');
    const browser = await h.contactBrowser(odd.invoiceId, odd.contactId);
    expect(
      (await browser.get(`/api/portal/v1/invoices/${odd.invoiceId}/payment-options`)).body.options,
    ).toEqual([]);
    const refused = await browser.post(`/api/portal/v1/invoices/${odd.invoiceId}/pay`, {
      provider: 'stripe',
    });
    expect(refused.status).toBe(409);
  });
});
