import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processWebhookEvents } from '../../src/services/gateways/process-webhook-events.ts';
import type { FakeStripe } from '../support/fakes/stripe.ts';
import { type GatewayHarness, type StripeHarness, startStripeHarness } from './gateway-harness.ts';

/**
 * Correctly signed Stripe deliveries whose content Remit cannot use (not JSON, missing fields, wrong types, an
 * invoice that is not ours) are acknowledged with 2xx so Stripe stops retrying, kept once as `ignored` with the
 * reason, and never retried by the job.
 */
const SECRET_KEY = 'sk_test_malformed_key';
const WEBHOOK_SECRET = 'whsec_malformed_secret';

let harness: StripeHarness;
let h: GatewayHarness;
let stripe: FakeStripe;
let deliver: StripeHarness['deliver'];

beforeAll(async () => {
  harness = await startStripeHarness({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
  ({ h, stripe, deliver } = harness);
});

afterAll(async () => {
  await harness?.close();
});

function rowsOf(eventId: string) {
  return h.deps.db.selectFrom('webhook_events').selectAll().where('event_id', '=', eventId).execute();
}

/** A paid Checkout Session that Remit did not open (the fake knows nothing of it), with this metadata. */
function foreignPaidSession(metadata: Record<string, unknown>) {
  return {
    id: `cs_test_foreign_${randomUUID().slice(0, 8)}`,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    payment_intent: `pi_test_foreign_${randomUUID().slice(0, 8)}`,
    amount_total: 5000,
    currency: 'usd',
    metadata,
  };
}

describe('Stripe events Remit cannot use', () => {
  it('a signed body that is not JSON is acknowledged and kept once, ignored with the reason', async () => {
    const body = 'this is { not JSON';
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    const rows = await h.deps.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('raw_body', '=', body)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'ignored', event_type: 'unknown' });
    expect(rows[0]!.ignored_reason).toMatch(/not JSON/);

    // PostgreSQL cannot store a NUL character in text: it is kept as U+FFFD.
    expect((await deliver('{"id": "evt_\u0000 raw NUL"')).status).toBe(200);
    const kept = await h.deps.db
      .selectFrom('webhook_events')
      .select(['raw_body', 'state'])
      .where('raw_body', '=', '{"id": "evt_\uFFFD raw NUL"')
      .execute();
    expect(kept).toEqual([{ raw_body: '{"id": "evt_\uFFFD raw NUL"', state: 'ignored' }]);
  });

  it('an invoice_id in the metadata that is not a UUID is ignored with the reason, and never retried', async () => {
    const event = stripe.event('checkout.session.completed', foreignPaidSession({ invoice_id: 'INV-0042' }));
    expect((await deliver(event)).status).toBe(200);
    await processWebhookEvents(h.deps);
    await processWebhookEvents(h.deps);
    const [row] = await rowsOf(event.id);
    expect(row).toMatchObject({ state: 'ignored', last_error: null });
    expect(row!.ignored_reason).toMatch(/invoice_id/);
    expect(row!.ignored_reason).toContain('INV-0042');
  });

  it('an event stored by an older version with a non-UUID invoice id is ignored at once, not retried', async () => {
    const stored = await h.deps.db
      .insertInto('webhook_events')
      .values({
        provider: 'stripe',
        event_id: 'evt_test_stored_before_upgrade',
        event_type: 'checkout.session.completed',
        raw_body: '{}',
        parsed: JSON.stringify({
          kind: 'payment_succeeded',
          paymentId: 'pi_test_old',
          checkoutId: 'cs_test_old',
          invoiceId: 'INV-0042',
          amountMinor: '5000',
          currency: 'USD',
        }),
        received_at: h.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await processWebhookEvents(h.deps);
    const row = await h.deps.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'ignored', attempts: 1, last_error: null });
    expect(row.ignored_reason).toBe('The stored reading of this event is not one Remit can use (invoiceId)');
  });

  it('an invoice id that is not one of ours is ignored with the reason', async () => {
    const stranger = randomUUID();
    const event = stripe.event('checkout.session.completed', foreignPaidSession({ invoice_id: stranger }));
    expect((await deliver(event)).status).toBe(200);
    await processWebhookEvents(h.deps);
    await processWebhookEvents(h.deps);
    const [row] = await rowsOf(event.id);
    expect(row).toMatchObject({ state: 'ignored', last_error: null, attempts: 1 });
    expect(row!.ignored_reason).toContain(stranger);
    expect(await h.deps.db.selectFrom('payments').select('id').execute()).toEqual([]);
  });

  it('missing fields and wrong types are named in the reason', async () => {
    const noCurrency = stripe.event('checkout.session.completed', {
      ...foreignPaidSession({}),
      currency: undefined,
    });
    const textAmount = stripe.event('charge.refunded', {
      id: 'ch_test_text_amount',
      object: 'charge',
      payment_intent: 'pi_test_text_amount',
      currency: 'usd',
      amount_refunded: '100',
    });
    const noObject = stripe.event('checkout.session.completed', {});
    noObject.data = null;
    for (const event of [noCurrency, textAmount, noObject]) expect((await deliver(event)).status).toBe(200);
    await processWebhookEvents(h.deps);
    const reasons = await Promise.all(
      [noCurrency, textAmount, noObject].map(async (event) => (await rowsOf(event.id))[0]!),
    );
    expect(reasons.map((row) => row.state)).toEqual(['ignored', 'ignored', 'ignored']);
    expect(reasons[0]!.ignored_reason).toMatch(/data\.object\.currency/);
    expect(reasons[1]!.ignored_reason).toMatch(/data\.object\.amount_refunded/);
    expect(reasons[2]!.ignored_reason).toMatch(/data/);
  });

  it('an event whose id or type is unusable is kept under a hash of its body', async () => {
    const body = JSON.stringify({ id: 'evt_\u0000nul', type: { nested: true }, data: { object: {} } });
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    const rows = await h.deps.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('raw_body', '=', body)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_id).toMatch(/^body-sha256:[0-9a-f]{64}$/);
    expect(rows[0]).toMatchObject({ state: 'ignored', event_type: 'unknown' });
  });

  it('refuses a signature dated in the future beyond the tolerance, like a stale one', async () => {
    const event = stripe.event('customer.created', { id: 'cus_test_future', object: 'customer' });
    const future = await deliver(event, { offsetSeconds: 301 });
    expect(future.status).toBe(400);
    expect(JSON.parse(future.text)).toMatchObject({ code: 'webhook_signature' });
    const rejection = await h.deps.db
      .selectFrom('webhook_rejections')
      .select('reason')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(rejection.reason).toMatch(/future/);
    expect(await rowsOf(event.id)).toEqual([]);
    // Clocks a little apart are fine.
    expect((await deliver(event, { offsetSeconds: 290 })).status).toBe(200);
  });
});

describe('Stripe webhook properties', () => {
  async function storedOnceAndSettled(body: string) {
    const first = await deliver(body);
    const second = await deliver(body);
    expect([first.status, second.status]).toEqual([200, 200]);
    await processWebhookEvents(h.deps);
    const rows = await h.deps.db.selectFrom('webhook_events').selectAll().execute();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.raw_body).toBe(body);
    expect(row!.last_error).toBeNull();
    return row!;
  }

  it('any signed JSON value: 200, stored once, ignored with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await h.deps.db.deleteFrom('webhook_events').execute();
        const row = await storedOnceAndSettled(JSON.stringify(value));
        expect(row.state).toBe('ignored');
        expect(row.ignored_reason).toMatch(/\w/);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('a real event with any field removed or replaced: 200, stored once, then applied or ignored with a reason', async () => {
    const { invoiceId, contactId } = await h.issuedInvoice('USD', '40.00');
    const browser = await h.contactBrowser(invoiceId, contactId);
    const started = await browser.post(`/api/portal/v1/invoices/${invoiceId}/pay`, { provider: 'stripe' });
    const template = stripe.event('checkout.session.completed', stripe.pay(started.body.checkoutId));
    const paths = [
      ['type'],
      ['data'],
      ['data', 'object'],
      ['data', 'object', 'id'],
      ['data', 'object', 'payment_status'],
      ['data', 'object', 'payment_intent'],
      ['data', 'object', 'amount_total'],
      ['data', 'object', 'currency'],
      ['data', 'object', 'metadata'],
      ['data', 'object', 'metadata', 'invoice_id'],
    ];
    const mutation = fc.record({
      path: fc.constantFrom(...paths),
      replacement: fc.option(fc.jsonValue(), { nil: undefined }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        await h.deps.db.deleteFrom('webhook_events').execute();
        const event = structuredClone(template);
        event.id = `evt_test_property_${run++}`;
        for (const { path, replacement } of mutations) {
          let node: any = event;
          for (const key of path.slice(0, -1)) {
            if (node === null || typeof node !== 'object') break;
            node = node[key];
          }
          if (node === null || typeof node !== 'object') continue;
          const last = path.at(-1)!;
          if (replacement === undefined) delete node[last];
          else node[last] = replacement;
        }
        const row = await storedOnceAndSettled(JSON.stringify(event));
        expect(row.event_id).toBe(event.id);
        expect(['processed', 'ignored']).toContain(row.state);
        if (row.state === 'ignored') expect(row.ignored_reason).toMatch(/\w/);
      }),
      { numRuns: 150 },
    );
  }, 180_000);
});
