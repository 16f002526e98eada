import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processWebhookEvents } from '../../src/services/gateways/process-webhook-events.ts';
import { makePng } from '../pdf/pdf-tools.ts';
import type { FakeStripe } from '../support/fakes/stripe.ts';
import { APP_URL, type GatewayHarness, type StripeHarness, startStripeHarness } from './gateway-harness.ts';

/**
 * Admins see what the providers sent: events by state and deliveries refused for their signature. An event whose
 * attempts ran out (a database outage, say) is retried by hand and then applies, once.
 */
const SECRET_KEY = 'sk_test_events_key';
const WEBHOOK_SECRET = 'whsec_events_secret';

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

describe('webhook events for admins', () => {
  it('retries an event whose attempts ran out: the invoice is paid once, and only failed events are retried', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '120.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
    const completed = stripe.event('checkout.session.completed', stripe.pay(started.body.checkoutId));
    expect((await deliver(completed)).status).toBe(200);
    // As after ten failed attempts during an outage: the job leaves it alone.
    await h.deps.db
      .updateTable('webhook_events')
      .set({ state: 'failed', attempts: 10, last_error: 'connection terminated unexpectedly' })
      .where('event_id', '=', completed.id)
      .execute();
    await processWebhookEvents(h.deps);
    expect((await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body.status).not.toBe('paid');

    const failed = await h.staff('GET', '/api/v1/webhook-events?state=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        provider: 'stripe',
        eventId: completed.id,
        eventType: 'checkout.session.completed',
        state: 'failed',
        attempts: 10,
        lastError: 'connection terminated unexpectedly',
      }),
    ]);

    const retried = await h.staff('POST', `/api/v1/webhook-events/${failed.body.items[0].id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ state: 'processed', attempts: 1, lastError: null });
    const invoice = (await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body;
    expect(invoice.status).toBe('paid');
    expect(invoice.totals.amountPaid).toBe('120.00');

    const again = await h.staff('POST', `/api/v1/webhook-events/${failed.body.items[0].id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('This event is processed: only failed events are retried');
    const payments = (await h.staff('GET', `/api/v1/invoices/${invoiceId}/payments`)).body.items;
    expect(payments).toHaveLength(1);
    expect((await h.staff('GET', '/api/v1/webhook-events?state=failed')).body.items).toEqual([]);
  });

  it('queues the receipt and staff notice with the shared layout and the logo on the app address', async () => {
    await h.staff('PATCH', '/api/v1/settings', { email: 'office@studio.example' });
    await h.deps.db
      .insertInto('settings_logo')
      .values({
        id: 1,
        image: makePng(20, 10, () => [0, 90, 200]),
        mime_type: 'image/png',
        width: 20,
        height: 10,
        updated_at: h.clock.now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '75.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
    expect(
      (await deliver(stripe.event('checkout.session.completed', stripe.pay(started.body.checkoutId)))).status,
    ).toBe(200);
    await processWebhookEvents(h.deps);
    const emails = await h.deps.db
      .selectFrom('email_outbox')
      .select(['kind', 'html'])
      .where('invoice_id', '=', invoiceId)
      .where('kind', 'in', ['receipt', 'payment_notice'])
      .execute();
    expect(emails.map((email) => email.kind).sort()).toEqual(['payment_notice', 'receipt']);
    for (const email of emails)
      expect(email.html).toContain(`src="${APP_URL}/api/portal/v1/branding/logo?v=`);
  });

  it('lists events Remit did not act on with the reason in words', async () => {
    const customer = stripe.event('customer.created', { id: 'cus_test_listed', object: 'customer' });
    expect((await deliver(customer)).status).toBe(200);
    expect((await deliver('{"truncated": ')).status).toBe(200);
    const ignored = await h.staff('GET', '/api/v1/webhook-events?state=ignored');
    expect(ignored.status).toBe(200);
    expect(ignored.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventId: customer.id,
          eventType: 'customer.created',
          state: 'ignored',
          ignoredReason: 'Remit does not act on customer.created events',
        }),
        expect.objectContaining({
          eventId: expect.stringMatching(/^body-sha256:/),
          eventType: 'unknown',
          state: 'ignored',
          ignoredReason: 'The body is not JSON',
        }),
      ]),
    );
    const processed = await h.staff('GET', '/api/v1/webhook-events?state=processed');
    expect(
      processed.body.items.every((item: { ignoredReason: unknown }) => item.ignoredReason === null),
    ).toBe(true);
  });

  it('shows deliveries refused for their signature, and names a bad filter', async () => {
    const forged = stripe.event('checkout.session.completed', {
      id: 'cs_forged',
      object: 'checkout.session',
    });
    expect((await deliver(forged, 'whsec_wrong_secret')).status).toBe(400);
    const list = await h.staff('GET', '/api/v1/webhook-events');
    expect(list.body.rejections[0]).toMatchObject({ provider: 'stripe', remoteAddress: '127.0.0.1' });
    expect(list.body.rejections[0].reason).toMatch(/signature/i);

    const bad = await h.staff('GET', '/api/v1/webhook-events?state=failed,lost');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['querystring.state.1']);
    const unknown = await h.staff(
      'POST',
      '/api/v1/webhook-events/6f1c2a8e-0000-4000-8000-000000000000/retry',
    );
    expect(unknown.status).toBe(404);
  });
});

/** A refund of a payment Remit has never seen, stored as the receiving route stores it, `received_at` ago. */
async function storeRefundOfUnknownPayment(state: 'received' | 'waiting', receivedAt: Date) {
  const row = await h.deps.db
    .insertInto('webhook_events')
    .values({
      provider: 'stripe',
      event_id: `evt_test_${crypto.randomUUID()}`,
      event_type: 'charge.refunded',
      raw_body: '{}',
      parsed: JSON.stringify({
        kind: 'payment_refunded',
        paymentId: `pi_test_${crypto.randomUUID()}`,
        refundedTotalMinor: '1000',
        currency: 'USD',
      }),
      state,
      received_at: receivedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function eventRow(id: string) {
  return h.deps.db
    .selectFrom('webhook_events')
    .select(['state', 'attempts', 'ignored_reason', 'processed_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

const HOUR = 60 * 60 * 1000;

describe('refunds waiting for a payment Remit does not know', () => {
  it('never hold back a new payment, however many of them wait', async () => {
    const before = h.clock.now().getTime();
    for (let i = 0; i < 120; i++) {
      await storeRefundOfUnknownPayment('waiting', new Date(before - HOUR - i * 1000));
    }
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '45.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
    expect(
      (await deliver(stripe.event('checkout.session.completed', stripe.pay(started.body.checkoutId)))).status,
    ).toBe(200);

    const summary = await processWebhookEvents(h.deps);
    expect((await h.staff('GET', `/api/v1/invoices/${invoiceId}`)).body.status).toBe('paid');
    expect(summary.processed).toBe(1);
    const stillWaiting = await h.deps.db
      .selectFrom('webhook_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('state', '=', 'waiting')
      .executeTakeFirstOrThrow();
    expect(Number(stillWaiting.n)).toBe(120);
  });

  it('are ignored with the reason once they have waited three days; younger ones keep waiting', async () => {
    const now = h.clock.now().getTime();
    const expired = await storeRefundOfUnknownPayment('waiting', new Date(now - 72 * HOUR - 60_000));
    const expiredOnArrival = await storeRefundOfUnknownPayment('received', new Date(now - 73 * HOUR));
    const young = await storeRefundOfUnknownPayment('received', new Date(now - 71 * HOUR));

    await processWebhookEvents(h.deps);
    const reason = 'No payment in Remit matches this refund after 3 days of waiting';
    for (const id of [expired, expiredOnArrival]) {
      expect(await eventRow(id)).toEqual({
        state: 'ignored',
        attempts: 1,
        ignored_reason: reason,
        processed_at: h.clock.now(),
      });
    }
    expect(await eventRow(young)).toEqual({
      state: 'waiting',
      attempts: 0,
      ignored_reason: null,
      processed_at: null,
    });
    const listed = (await h.staff('GET', '/api/v1/webhook-events?state=ignored')).body.items;
    expect(listed.find((item: { id: string }) => item.id === expired)).toMatchObject({
      eventType: 'charge.refunded',
      ignoredReason: reason,
    });
  });
});
