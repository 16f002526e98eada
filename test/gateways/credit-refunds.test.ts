import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processWebhookEvents } from '../../src/services/gateways/process-webhook-events.ts';
import { type FakePaypal, startFakePaypal } from '../support/fakes/paypal.ts';
import { type FakeStripe, startFakeStripe } from '../support/fakes/stripe.ts';
import { APP_URL, type GatewayHarness, startGatewayHarness } from './gateway-harness.ts';

const STRIPE = { secretKey: 'sk_test_remit_credit', webhookSecret: 'whsec_remit_credit' };
const PAYPAL = {
  clientId: 'AYcredit-client',
  clientSecret: 'EHcredit-secret',
  webhookId: '8PT597110X687430CREDIT',
};

let stripe: FakeStripe;
let paypal: FakePaypal;
let h: GatewayHarness;

beforeAll(async () => {
  stripe = await startFakeStripe(STRIPE);
  paypal = await startFakePaypal({ clientId: PAYPAL.clientId, clientSecret: PAYPAL.clientSecret });
  h = await startGatewayHarness({
    stripe: { host: '127.0.0.1', port: stripe.port, protocol: 'http' },
    paypal: { baseUrl: paypal.baseUrl, certUrlPrefixes: [`${paypal.baseUrl}/certs/`] },
  });
  for (const [provider, credentials] of [
    ['stripe', STRIPE],
    ['paypal', PAYPAL],
  ] as const) {
    const saved = await h.staff('PUT', `/api/v1/settings/gateways/${provider}`, {
      enabled: true,
      mode: 'test',
      credentials,
    });
    expect(saved.status).toBe(200);
  }
});

afterAll(async () => {
  await h?.close();
  await stripe?.close();
  await paypal?.close();
});

function deliverStripe(event: Record<string, unknown>) {
  const signed = stripe.sign(event, { timestamp: Math.floor(h.clock.now().getTime() / 1000) });
  return h.postWebhook('stripe', signed.body, {
    'content-type': 'application/json',
    'stripe-signature': signed.signature,
  });
}

function deliverPaypal(event: Record<string, unknown>) {
  const signed = paypal.sign(event, { webhookId: PAYPAL.webhookId, time: h.clock.now() });
  return h.postWebhook('paypal', signed.body, signed.headers);
}

/** An invoice of `amount` paid online in full, then cancelled: all of it is client credit on the credit note. */
async function paidThenCancelled(provider: 'stripe' | 'paypal', amount: string) {
  const { invoiceId, contactId } = await h.issuedInvoice('USD', amount);
  const browser = await h.contactBrowser(invoiceId, contactId);
  const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider });
  expect(started.status).toBe(201);
  const checkoutId = started.body.checkoutId as string;
  if (provider === 'stripe') {
    await deliverStripe(stripe.event('checkout.session.completed', stripe.pay(checkoutId)));
    await processWebhookEvents(h.deps);
  } else {
    paypal.approve(checkoutId);
    const back = await fetch(paypal.returnUrlOf(checkoutId).replace(APP_URL, h.baseUrl), {
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
  }
  const payment = await h.deps.db
    .selectFrom('payments')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  expect(payment).toMatchObject({ provider, status: 'succeeded' });
  const cancelled = await h.staff('POST', `/api/v1/invoices/${invoiceId}/cancel`, {
    reason: 'Not delivered',
  });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.creditNote.credit.remaining).toBe(amount);
  const client = (await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body.client;
  return { invoiceId, payment, creditNote: cancelled.body.creditNote, clientId: client.id as string };
}

const refund = (creditNoteId: string, body: unknown, headers?: Record<string, string>) =>
  h.staff('POST', `/api/v1/credit-notes/${creditNoteId}/refunds`, body, headers);

async function creditRefundRows(creditNoteId: string) {
  return h.deps.db
    .selectFrom('credit_refunds')
    .selectAll()
    .where('credit_note_id', '=', creditNoteId)
    .execute();
}

async function paymentRow(id: string) {
  return h.deps.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('refunding client credit through a gateway', () => {
  it('refunds through Stripe from the credited invoice’s payment; the invoice stays paid; the event changes nothing', async () => {
    const { invoiceId, payment, creditNote, clientId } = await paidThenCancelled('stripe', '300.00');

    const eligible = await h.staff('GET', `/api/v1/credit-notes/${creditNote.id}/refund-payments`);
    expect(eligible.status).toBe(200);
    expect(eligible.body.items).toEqual([
      {
        paymentId: payment.id,
        invoiceId,
        invoiceNumber: expect.any(String),
        creditedInvoice: true,
        provider: 'stripe',
        providerName: 'Stripe',
        paidOn: payment.paid_on,
        amount: '300.00',
        refundable: '300.00',
      },
    ]);

    const tooMuch = await refund(creditNote.id, {
      method: 'gateway',
      paymentId: payment.id,
      amount: '300.01',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].field).toBe('amount');

    const done = await refund(creditNote.id, {
      method: 'gateway',
      paymentId: payment.id,
      amount: '100.00',
    });
    expect(done.status).toBe(201);
    expect(done.body.credit).toMatchObject({ total: '300.00', refunded: '100.00', remaining: '200.00' });
    const refundCall = stripe.requests.filter((r) => r.path === '/v1/refunds').at(-1)!;
    expect(refundCall.body).toMatchObject({ payment_intent: payment.provider_payment_id, amount: '10000' });
    expect(refundCall.idempotencyKey).toContain(creditNote.id);
    expect(done.body.refunds).toEqual([
      {
        id: expect.any(String),
        amount: '100.00',
        method: 'gateway',
        refundedOn: payment.paid_on,
        reference: expect.stringMatching(/^re_test_/),
        paymentId: payment.id,
        provider: 'stripe',
        providerRefundId: expect.stringMatching(/^re_test_/),
        createdAt: expect.any(String),
      },
    ]);

    // The payment still counts in full for its invoice; the money back shows as credit refunded through it.
    const invoice = (await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body;
    expect(invoice.status).toBe('paid');
    expect(invoice.totals).toMatchObject({ amountPaid: '300.00', balanceDue: '0.00' });
    const payments = (await h.staff('GET', `/api/v1/invoices/${invoiceId}/payments`)).body.items;
    expect(payments[0]).toMatchObject({
      refundedAmount: '0.00',
      creditRefundedAmount: '100.00',
      countedAmount: '300.00',
    });
    expect((await h.staff('GET', `/api/v1/clients/${clientId}/credit`)).body.credit).toEqual([
      { currency: 'USD', amount: '200.00', creditNotes: 1 },
    ]);
    const events = (await h.staff('GET', `/api/v1/invoices/${invoiceId}/events`)).body.items;
    expect(events.map((e: { type: string }) => e.type)).toContain('credit_refunded_through_payment');

    // Stripe's charge.refunded (amount_refunded 100.00) is the credit refund already recorded.
    expect((await deliverStripe(stripe.refundEvent(payment.provider_payment_id!))).status).toBe(200);
    await processWebhookEvents(h.deps);
    expect(await paymentRow(payment.id)).toMatchObject({ refunded_minor: 0n, credit_refunded_minor: 10000n });
    expect((await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body.status).toBe('paid');

    // A refund of the payment itself (50.00) leaves 150.00 the provider can still give back.
    const paymentRefund = await h.staff(
      'POST',
      `/api/v1/invoices/${invoiceId}/payments/${payment.id}/gateway-refund`,
      { amount: '50.00' },
    );
    expect(paymentRefund.status).toBe(200);
    expect(paymentRefund.body.invoice.totals.balanceDue).toBe('50.00');
    await deliverStripe(stripe.refundEvent(payment.provider_payment_id!));
    await processWebhookEvents(h.deps);
    expect(await paymentRow(payment.id)).toMatchObject({
      refunded_minor: 5000n,
      credit_refunded_minor: 10000n,
    });
    const offline = await h.staff('POST', `/api/v1/invoices/${invoiceId}/payments/${payment.id}/refund`, {
      amount: '150.01',
    });
    expect(offline.status).toBe(422);

    // 200.00 of credit left, 150.00 left on the payment: an explicit 180.00 is refused, the default takes 150.00.
    const aboveRefundable = await refund(creditNote.id, {
      method: 'gateway',
      paymentId: payment.id,
      amount: '180.00',
    });
    expect(aboveRefundable.status).toBe(422);
    expect(aboveRefundable.body.errors[0]).toMatchObject({ field: 'amount' });
    expect(aboveRefundable.body.errors[0].message).toContain('150.00');
    const rest = await refund(creditNote.id, { method: 'gateway', paymentId: payment.id });
    expect(rest.status).toBe(201);
    expect(rest.body.credit).toMatchObject({ refunded: '250.00', remaining: '50.00' });
    expect(
      (await h.staff('GET', `/api/v1/credit-notes/${creditNote.id}/refund-payments`)).body.items,
    ).toEqual([]);
    expect(await paymentRow(payment.id)).toMatchObject({
      refunded_minor: 5000n,
      credit_refunded_minor: 25000n,
    });
  });

  it('refunds exactly once under concurrent requests and replays a retried Idempotency-Key', async () => {
    const { payment, creditNote } = await paidThenCancelled('stripe', '80.00');
    const before = stripe.requests.filter((r) => r.path === '/v1/refunds').length;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => refund(creditNote.id, { method: 'gateway', paymentId: payment.id })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'no_credit_left')).toBe(true);
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds').length - before).toBe(1);
    expect(await creditRefundRows(creditNote.id)).toHaveLength(1);
    expect(await paymentRow(payment.id)).toMatchObject({ credit_refunded_minor: 8000n, refunded_minor: 0n });

    const second = await paidThenCancelled('stripe', '40.00');
    const key = { 'idempotency-key': `credit-refund-${second.creditNote.id}` };
    const body = { method: 'gateway', paymentId: second.payment.id, amount: '10.00' };
    const first = await refund(second.creditNote.id, body, key);
    const retried = await refund(second.creditNote.id, body, key);
    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);
    expect(await creditRefundRows(second.creditNote.id)).toHaveLength(1);
  });

  it('records nothing when the provider refuses, and answers a problem naming the gateway', async () => {
    const { payment, creditNote } = await paidThenCancelled('stripe', '60.00');
    // Refunded at Stripe directly, unknown to Remit: Stripe now refuses more than what is left.
    const outside = await fetch(`http://127.0.0.1:${stripe.port}/v1/refunds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${STRIPE.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `payment_intent=${payment.provider_payment_id}&amount=5000`,
    });
    expect(outside.status).toBe(200);
    const refused = await refund(creditNote.id, {
      method: 'gateway',
      paymentId: payment.id,
      amount: '20.00',
    });
    expect(refused.status).toBe(502);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 502, code: 'gateway_error' });
    expect(refused.body.detail).toContain('greater than unrefunded');
    expect(await creditRefundRows(creditNote.id)).toHaveLength(0);
    expect(await paymentRow(payment.id)).toMatchObject({ credit_refunded_minor: 0n, refunded_minor: 0n });
    const note = (await h.staff('GET', `/api/v1/credit-notes/${creditNote.id}`)).body;
    expect(note.credit).toMatchObject({ refunded: '0.00', remaining: '60.00' });
    const events = (await h.staff('GET', `/api/v1/credit-notes/${creditNote.id}/events`)).body.items;
    expect(events.map((e: { type: string }) => e.type)).not.toContain('credit_refunded');

    // Within what Stripe has left it goes through.
    const fits = await refund(creditNote.id, { method: 'gateway', paymentId: payment.id, amount: '10.00' });
    expect(fits.status).toBe(201);
  });

  it('refuses payments the credit cannot go back through, naming the field', async () => {
    const { invoiceId, creditNote } = await paidThenCancelled('stripe', '50.00');
    const other = await paidThenCancelled('stripe', '50.00');
    const expectField = async (body: unknown, field: string, message?: string) => {
      const answer = await refund(creditNote.id, body);
      expect(answer.status).toBe(422);
      expect(answer.body.errors[0].field).toBe(field);
      if (message) expect(answer.body.errors[0].message).toContain(message);
    };
    await expectField({ method: 'gateway' }, 'paymentId');
    await expectField({ method: 'gateway', paymentId: other.payment.id }, 'paymentId', 'another client');
    await expectField({ method: 'gateway', paymentId: crypto.randomUUID() }, 'paymentId', 'No payment');
    await expectField({ method: 'bank_transfer', paymentId: other.payment.id }, 'paymentId');
    await expectField(
      { method: 'gateway', paymentId: other.payment.id, date: '2026-01-01' },
      'date',
      'leave date out',
    );

    // A payment recorded by hand on another invoice of the same client.
    const clientId = (await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body.client.id;
    const second = await h.staff('POST', '/api/v1/invoices', {
      clientId,
      currency: 'USD',
      lines: [{ description: 'More', quantity: '1', unitPrice: '20.00' }],
    });
    await h.staff('POST', `/api/v1/invoices/${second.body.id}/mark-sent`);
    const byHand = await h.staff('POST', `/api/v1/invoices/${second.body.id}/payments`, {
      amount: '20.00',
      method: 'bank_transfer',
    });
    expect(byHand.status).toBe(201);
    await expectField({ method: 'gateway', paymentId: byHand.body.payment.id }, 'paymentId', 'by hand');

    expect(await creditRefundRows(creditNote.id)).toHaveLength(0);
  });

  it('refunds through PayPal; the capture refund event changes nothing', async () => {
    const { invoiceId, payment, creditNote } = await paidThenCancelled('paypal', '120.00');
    const done = await refund(creditNote.id, { method: 'gateway', paymentId: payment.id, amount: '45.50' });
    expect(done.status).toBe(201);
    expect(done.body.refunds[0]).toMatchObject({
      provider: 'paypal',
      amount: '45.50',
      paymentId: payment.id,
    });
    const call = paypal.requests.filter((r) => r.path.endsWith('/refund')).at(-1)!;
    expect(call.body).toMatchObject({ amount: { value: '45.50', currency_code: 'USD' } });
    expect(call.requestId).toContain(creditNote.id);

    expect((await deliverPaypal(paypal.refundEvent(payment.provider_payment_id!))).status).toBe(200);
    await processWebhookEvents(h.deps);
    expect(await paymentRow(payment.id)).toMatchObject({ refunded_minor: 0n, credit_refunded_minor: 4550n });
    const invoice = (await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body;
    expect(invoice.status).toBe('paid');
    expect(invoice.totals.amountPaid).toBe('120.00');
  });
});
