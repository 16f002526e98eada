import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processWebhookEvents } from '../../src/services/gateways/process-webhook-events.ts';
import type { FakeStripe } from '../support/fakes/stripe.ts';
import { type GatewayHarness, type StripeHarness, startStripeHarness } from './gateway-harness.ts';

/**
 * Gateway payments held for review (amount or currency other than the checkout asked) wait for staff: accepted they
 * count like any payment and the client gets the receipt; rejected they never count. Accepting what would make the
 * books wrong is refused.
 */
const SECRET_KEY = 'sk_test_review_key';
const WEBHOOK_SECRET = 'whsec_review_secret';

let stripe: FakeStripe;
let h: GatewayHarness;
let deliver: StripeHarness['deliver'];
let harness: StripeHarness;

beforeAll(async () => {
  harness = await startStripeHarness({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
  ({ h, stripe, deliver } = harness);
});

afterAll(async () => {
  await harness?.close();
});

/** The client pays `unitPrice` invoice through Stripe, but Stripe reports `paid` (amount in minor units, currency). */
async function paymentInReview(unitPrice: string, paid: { amountTotal?: number; currency?: string }) {
  const { invoiceId, contactId } = await h.issuedInvoice('USD', unitPrice);
  const browser = await h.contactBrowser(invoiceId, contactId);
  const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
  expect(started.status).toBe(201);
  const event = stripe.event('checkout.session.completed', stripe.pay(started.body.checkoutId, paid));
  const delivered = await deliver(event);
  expect(delivered.status).toBe(200);
  await processWebhookEvents(h.deps);
  const payments = await h.staff('GET', `/api/v1/invoices/${invoiceId}/payments`);
  expect(payments.body.items).toHaveLength(1);
  return { invoiceId, paymentId: payments.body.items[0].id as string, contactId };
}

const review = (invoiceId: string, paymentId: string, body: unknown) =>
  h.staff('POST', `/api/v1/invoices/${invoiceId}/payments/${paymentId}/review`, body);

async function receiptsFor(invoiceId: string) {
  return h.deps.db
    .selectFrom('email_outbox')
    .select(['kind', 'to_address', 'text'])
    .where('invoice_id', '=', invoiceId)
    .where('kind', '=', 'receipt')
    .execute();
}

describe('payments held for review', () => {
  it('lists them for staff, with the reason, and shows the review on the payment', async () => {
    const { invoiceId, paymentId } = await paymentInReview('200.00', { amountTotal: 15000 });
    const list = await h.staff('GET', '/api/v1/payments/in-review');
    expect(list.status).toBe(200);
    const item = list.body.items.find((p: { id: string }) => p.id === paymentId);
    expect(item).toMatchObject({
      invoice: { id: invoiceId, clientName: expect.stringMatching(/^Client \d+$/) },
      amount: '150.00',
      currency: 'USD',
      provider: 'stripe',
      reason: 'paid 150.00, the checkout asked for 200.00',
    });
    const payment = (await h.staff('GET', `/api/v1/invoices/${invoiceId}/payments`)).body.items[0];
    expect(payment).toMatchObject({
      status: 'pending',
      countedAmount: '0.00',
      review: { reason: 'paid 150.00, the checkout asked for 200.00', decision: null, reviewedAt: null },
    });
    expect(await receiptsFor(invoiceId)).toEqual([]);
  });

  it('accepting counts the payment: partially paid, the balance falls, the receipt goes out, the list empties', async () => {
    const { invoiceId, paymentId, contactId } = await paymentInReview('200.00', { amountTotal: 15000 });
    const accepted = await review(invoiceId, paymentId, {
      decision: 'accept',
      note: 'Client paid less, agreed',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.invoice.status).toBe('partially_paid');
    expect(accepted.body.invoice.totals.balanceDue).toBe('50.00');
    expect(accepted.body.payment).toMatchObject({
      status: 'succeeded',
      countedAmount: '150.00',
      review: { decision: 'accepted', note: 'Client paid less, agreed' },
    });
    expect(accepted.body.payment.review.reviewedAt).toBe(h.clock.now().toISOString());

    const receipts = await receiptsFor(invoiceId);
    expect(receipts).toHaveLength(1);
    const contact = await h.deps.db
      .selectFrom('contacts')
      .select('email')
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(receipts[0]!.to_address).toBe(contact.email);
    expect(receipts[0]!.text).toContain('$150.00');
    expect(receipts[0]!.text).toContain('$50.00');

    const events = (await h.staff('GET', `/api/v1/invoices/${invoiceId}/events`)).body.items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['payment_needs_review', 'payment_accepted', 'status_changed']),
    );
    const list = await h.staff('GET', '/api/v1/payments/in-review');
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(paymentId);

    // Decided once: a second decision is a conflict and changes nothing.
    const again = await review(invoiceId, paymentId, { decision: 'reject', note: 'changed my mind' });
    expect(again.status).toBe(409);
    expect((await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body.totals.balanceDue).toBe('50.00');
  });

  it('rejecting needs a note and leaves the invoice as it was', async () => {
    const { invoiceId, paymentId } = await paymentInReview('80.00', { amountTotal: 9000 });
    const bare = await review(invoiceId, paymentId, { decision: 'reject' });
    expect(bare.status).toBe(422);
    expect(bare.body.errors.map((e: { field: string }) => e.field)).toEqual(['note']);
    const rejected = await review(invoiceId, paymentId, { decision: 'reject', note: 'Refunded at Stripe' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.payment).toMatchObject({
      status: 'failed',
      countedAmount: '0.00',
      review: { decision: 'rejected', note: 'Refunded at Stripe' },
    });
    expect(rejected.body.invoice.totals.balanceDue).toBe('80.00');
    expect(rejected.body.invoice.status).toBe('viewed');
    expect(await receiptsFor(invoiceId)).toEqual([]);
  });

  it('refuses to accept more than the balance, or another currency, and says what to do', async () => {
    const over = await paymentInReview('80.00', { amountTotal: 9000 });
    const tooMuch = await review(over.invoiceId, over.paymentId, { decision: 'accept' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.detail).toBe(
      '90.00 is more than the balance due of 80.00 USD: reject the payment and refund it at Stripe',
    );
    const euro = await paymentInReview('80.00', { currency: 'eur' });
    const wrongCurrency = await review(euro.invoiceId, euro.paymentId, { decision: 'accept' });
    expect(wrongCurrency.status).toBe(409);
    expect(wrongCurrency.body.detail).toContain('in EUR and the invoice in USD');
    for (const { invoiceId } of [over, euro]) {
      const invoice = (await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body;
      expect(invoice.totals.balanceDue).toBe('80.00');
    }
  });

  it('refuses a review of a payment that was never held, and bad input names the field', async () => {
    const { invoiceId } = await h.issuedInvoice('USD', '40.00');
    const recorded = await h.staff('POST', `/api/v1/invoices/${invoiceId}/payments`, {
      amount: '10.00',
      method: 'cash',
    });
    expect(recorded.status).toBe(201);
    const notHeld = await review(invoiceId, recorded.body.payment.id, { decision: 'accept' });
    expect(notHeld.status).toBe(409);
    const bad = await review(invoiceId, recorded.body.payment.id, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['decision']);
  });
});
