import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', { name: 'Payer Ltd', currency: 'USD' });
  expect(client.status).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t.close();
});

/** A sent invoice of one line at `unitPrice`, no taxes. */
async function sentInvoice(unitPrice: string, currency = 'USD', extra: Record<string, unknown> = {}) {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId,
    currency,
    issueDate: '2026-11-20',
    paymentTerms: 'net_30',
    taxes: [],
    lines: [{ description: 'Work', quantity: '1', unitPrice }],
    ...extra,
  });
  expect(draft.status).toBe(201);
  const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body as { id: string; number: string; totals: { total: string } };
}

const pay = (invoiceId: string, body: Record<string, unknown>) =>
  t.call('POST', `/api/v1/invoices/${invoiceId}/payments`, { method: 'bank_transfer', ...body });

async function eventsOf(invoiceId: string) {
  const events = await t.call('GET', `/api/v1/invoices/${invoiceId}/events`);
  return events.body.items as {
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    data: any;
  }[];
}

describe('offline payments', () => {
  it('moves a sent invoice to partially paid, then to paid, and tells the timeline', async () => {
    const invoice = await sentInvoice('500.00');
    const first = await pay(invoice.id, {
      amount: '200.00',
      paidOn: '2026-11-24',
      reference: 'BACS 1234',
      note: 'First instalment',
    });
    expect(first.status).toBe(201);
    expect(first.body.payment).toMatchObject({
      amount: '200.00',
      currency: 'USD',
      paidOn: '2026-11-24',
      method: 'bank_transfer',
      reference: 'BACS 1234',
      note: 'First instalment',
      provider: 'offline',
      status: 'succeeded',
      countedAmount: '200.00',
      deletedAt: null,
    });
    expect(first.body.invoice.status).toBe('partially_paid');
    expect(first.body.invoice.totals).toMatchObject({ amountPaid: '200.00', balanceDue: '300.00' });

    // A JSON number is accepted as the amount; the date defaults to today in the organisation's zone.
    const second = await pay(invoice.id, { amount: 300, method: 'cheque' });
    expect(second.status).toBe(201);
    expect(second.body.payment.paidOn).toBe('2026-11-25');
    expect(second.body.invoice.status).toBe('paid');
    expect(second.body.invoice.totals).toMatchObject({ amountPaid: '500.00', balanceDue: '0.00' });

    const listed = await t.call('GET', `/api/v1/invoices/${invoice.id}/payments`);
    expect(listed.body.items.map((p: { amount: string }) => p.amount)).toEqual(['200.00', '300.00']);
    const summary = await t.call('GET', `/api/v1/invoices?q=${invoice.number}`);
    expect(summary.body.items[0]).toMatchObject({ status: 'paid', amountPaid: '500.00', balanceDue: '0.00' });

    const events = await eventsOf(invoice.id);
    expect(events.map((e) => [e.type, e.toStatus])).toEqual([
      ['created', 'draft'],
      ['status_changed', 'sent'],
      ['payment_recorded', null],
      ['status_changed', 'partially_paid'],
      ['payment_recorded', null],
      ['status_changed', 'paid'],
    ]);
    expect(events[2]!.data).toMatchObject({
      amount: '200.00',
      method: 'bank_transfer',
      reference: 'BACS 1234',
    });
  });

  it('refuses more than the balance with the balance in the message, and records nothing', async () => {
    const invoice = await sentInvoice('100.00');
    await pay(invoice.id, { amount: '40.00' });
    const before = await t.call('GET', `/api/v1/invoices/${invoice.id}`);
    const eventsBefore = (await eventsOf(invoice.id)).length;

    const over = await pay(invoice.id, { amount: '60.01' });
    expect(over.status).toBe(422);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.body.errors).toEqual([
      { field: 'amount', label: expect.any(String), message: expect.stringContaining('60.00 USD') },
    ]);

    const after = await t.call('GET', `/api/v1/invoices/${invoice.id}`);
    expect(after.body.totals).toEqual(before.body.totals);
    expect(after.body.status).toBe('partially_paid');
    expect((await t.call('GET', `/api/v1/invoices/${invoice.id}/payments`)).body.items).toHaveLength(1);
    expect(await eventsOf(invoice.id)).toHaveLength(eventsBefore);
  });

  it('rejects zero, negative, too precise and future amounts naming the field', async () => {
    const invoice = await sentInvoice('100.00');
    for (const [body, field] of [
      [{ amount: '0' }, 'amount'],
      [{ amount: '-5.00' }, 'amount'],
      [{ amount: '1.005' }, 'amount'],
      [{ amount: 'ten' }, 'amount'],
      [{ amount: '10', paidOn: '2026-11-26' }, 'paidOn'],
    ] as const) {
      const response = await pay(invoice.id, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.errors[0].field).toBe(field);
    }
    const impossibleDay = await pay(invoice.id, { amount: '10', paidOn: '2026-02-30' });
    expect(impossibleDay.status).toBe(400);
    expect(impossibleDay.body.errors[0].field).toBe('paidOn');
    const badMethod = await pay(invoice.id, { amount: '10', method: 'bitcoin' });
    expect(badMethod.status).toBe(400);
    expect(badMethod.body.errors[0].field).toBe('method');
    const missing = await t.call('POST', `/api/v1/invoices/${invoice.id}/payments`, { method: 'cash' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('amount');
    expect((await t.call('GET', `/api/v1/invoices/${invoice.id}/payments`)).body.items).toHaveLength(0);
  });

  it('refuses payments on drafts, void and paid invoices with a clear conflict', async () => {
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    const onDraft = await pay(draft.body.id, { amount: '5' });
    expect(onDraft.status).toBe(409);
    expect(onDraft.body.code).toBe('invoice_not_issued');
    expect(onDraft.body.detail).toMatch(/issue it first/);

    const toVoid = await sentInvoice('10.00');
    await t.call('POST', `/api/v1/invoices/${toVoid.id}/void`, { reason: 'Duplicate' });
    const onVoid = await pay(toVoid.id, { amount: '5' });
    expect(onVoid.status).toBe(409);
    expect(onVoid.body.code).toBe('invoice_void');

    const paid = await sentInvoice('10.00');
    expect((await pay(paid.id, { amount: '10' })).body.invoice.status).toBe('paid');
    const onPaid = await pay(paid.id, { amount: '1' });
    expect(onPaid.status).toBe(409);
    expect(onPaid.body.code).toBe('invoice_paid');

    const unknown = await pay('00000000-0000-4000-8000-000000000000', { amount: '1' });
    expect(unknown.status).toBe(404);
  });

  it('takes payments on an overdue invoice; it stops being overdue once paid', async () => {
    const invoice = await sentInvoice('80.00', 'USD', { issueDate: '2026-09-01' });
    expect((await t.call('GET', `/api/v1/invoices/${invoice.id}`)).body.status).toBe('overdue');
    const partial = await pay(invoice.id, { amount: '30' });
    expect(partial.body.invoice.status).toBe('overdue');
    const rest = await pay(invoice.id, { amount: '50' });
    expect(rest.body.invoice.status).toBe('paid');
  });

  it('deleting a payment restores the balance and the status, and keeps it on record', async () => {
    const invoice = await sentInvoice('100.00');
    const first = await pay(invoice.id, { amount: '30.00', reference: 'A' });
    const second = await pay(invoice.id, { amount: '70.00', reference: 'B' });
    expect(second.body.invoice.status).toBe('paid');

    const deleted = await t.call(
      'DELETE',
      `/api/v1/invoices/${invoice.id}/payments/${second.body.payment.id}`,
      {
        reason: 'Bounced cheque entered twice',
      },
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.invoice.status).toBe('partially_paid');
    expect(deleted.body.invoice.totals).toMatchObject({ amountPaid: '30.00', balanceDue: '70.00' });
    expect(deleted.body.payment).toMatchObject({
      countedAmount: '0.00',
      deleteReason: 'Bounced cheque entered twice',
    });
    expect(deleted.body.payment.deletedAt).not.toBeNull();

    const again = await t.call('DELETE', `/api/v1/invoices/${invoice.id}/payments/${second.body.payment.id}`);
    expect(again.status).toBe(409);

    const last = await t.call('DELETE', `/api/v1/invoices/${invoice.id}/payments/${first.body.payment.id}`);
    expect(last.body.invoice.status).toBe('sent');
    expect(last.body.invoice.totals).toMatchObject({ amountPaid: '0.00', balanceDue: '100.00' });

    const listed = await t.call('GET', `/api/v1/invoices/${invoice.id}/payments`);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items.every((p: { deletedAt: string | null }) => p.deletedAt !== null)).toBe(true);

    const events = await eventsOf(invoice.id);
    const deletions = events.filter((e) => e.type === 'payment_deleted');
    expect(deletions.map((e) => [e.data.amount, e.data.reference])).toEqual([
      ['70.00', 'B'],
      ['30.00', 'A'],
    ]);
    expect(events.slice(-4).map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ['payment_deleted', null, null],
      ['status_changed', 'paid', 'partially_paid'],
      ['payment_deleted', null, null],
      ['status_changed', 'partially_paid', 'sent'],
    ]);
    // With nothing paid any more it can be voided again.
    expect((await t.call('POST', `/api/v1/invoices/${invoice.id}/void`, { reason: 'x' })).status).toBe(200);

    const wrongInvoice = await sentInvoice('5.00');
    const elsewhere = await t.call(
      'DELETE',
      `/api/v1/invoices/${wrongInvoice.id}/payments/${first.body.payment.id}`,
    );
    expect(elsewhere.status).toBe(404);
  });

  it('refunds in part and in full restore the balance; a viewed invoice goes back to viewed', async () => {
    const invoice = await sentInvoice('100.00');
    // The client opened it: the portal records a `viewed` event and the status.
    await sql`update invoices set status = 'viewed' where id = ${invoice.id}`.execute(t.database.db);
    await sql`
      insert into invoice_events (invoice_id, type, from_status, to_status, actor_type, actor_name)
      values (${invoice.id}, 'viewed', 'sent', 'viewed', 'contact', 'Client')
    `.execute(t.database.db);
    const payment = await pay(invoice.id, { amount: '100.00', paidOn: '2026-11-22' });
    expect(payment.body.invoice.status).toBe('paid');
    const paymentId = payment.body.payment.id;
    const refundUrl = `/api/v1/invoices/${invoice.id}/payments/${paymentId}/refund`;

    const tooMuch = await t.call('POST', refundUrl, { amount: '100.01' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].field).toBe('amount');
    const early = await t.call('POST', refundUrl, { amount: '1', refundedOn: '2026-11-21' });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].field).toBe('refundedOn');

    const partial = await t.call('POST', refundUrl, { amount: '25.00', reason: 'Discount agreed later' });
    expect(partial.status).toBe(200);
    expect(partial.body.invoice.status).toBe('partially_paid');
    expect(partial.body.invoice.totals).toMatchObject({ amountPaid: '75.00', balanceDue: '25.00' });
    expect(partial.body.payment).toMatchObject({ refundedAmount: '25.00', countedAmount: '75.00' });
    expect(partial.body.payment.refunds).toMatchObject([
      { amount: '25.00', refundedOn: '2026-11-25', reason: 'Discount agreed later' },
    ]);

    const rest = await t.call('POST', refundUrl);
    expect(rest.status).toBe(200);
    expect(rest.body.invoice.status).toBe('viewed');
    expect(rest.body.invoice.totals).toMatchObject({ amountPaid: '0.00', balanceDue: '100.00' });
    expect(rest.body.payment.refunds.map((r: { amount: string }) => r.amount)).toEqual(['25.00', '75.00']);

    expect((await t.call('POST', refundUrl, { amount: '1' })).status).toBe(409);
    const deleteRefunded = await t.call('DELETE', `/api/v1/invoices/${invoice.id}/payments/${paymentId}`);
    expect(deleteRefunded.status).toBe(409);
    expect(deleteRefunded.body.code).toBe('payment_refunded');

    const events = await eventsOf(invoice.id);
    expect(events.filter((e) => e.type === 'payment_refunded').map((e) => e.data.amount)).toEqual([
      '25.00',
      '75.00',
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'status_changed',
      fromStatus: 'partially_paid',
      toStatus: 'viewed',
    });
  });

  it('keeps JPY and KWD amounts exact to their minor unit', async () => {
    const yen = await sentInvoice('123457', 'JPY');
    const fractionalYen = await pay(yen.id, { amount: '1.5' });
    expect(fractionalYen.status).toBe(422);
    expect(fractionalYen.body.errors[0].field).toBe('amount');
    const yenPart = await pay(yen.id, { amount: '100000' });
    expect(yenPart.body.payment.amount).toBe('100000');
    expect(yenPart.body.invoice.totals).toMatchObject({ amountPaid: '100000', balanceDue: '23457' });
    expect((await pay(yen.id, { amount: '23458' })).body.errors[0].message).toContain('23457 JPY');
    expect((await pay(yen.id, { amount: '23457' })).body.invoice.status).toBe('paid');

    const dinar = await sentInvoice('10.125', 'KWD');
    const dinarPart = await pay(dinar.id, { amount: '3.333' });
    expect(dinarPart.body.payment.amount).toBe('3.333');
    expect(dinarPart.body.invoice.totals).toMatchObject({ amountPaid: '3.333', balanceDue: '6.792' });
    expect((await pay(dinar.id, { amount: '0.0001' })).status).toBe(422);
    const dinarRest = await pay(dinar.id, { amount: '6.792' });
    expect(dinarRest.body.invoice.status).toBe('paid');
    const refund = await t.call(
      'POST',
      `/api/v1/invoices/${dinar.id}/payments/${dinarPart.body.payment.id}/refund`,
      { amount: '0.001' },
    );
    expect(refund.body.invoice.totals).toMatchObject({ amountPaid: '10.124', balanceDue: '0.001' });
    expect(refund.body.invoice.status).toBe('partially_paid');
    const stored = await t.database.db
      .selectFrom('invoices')
      .select('amount_paid_minor')
      .where('id', '=', dinar.id)
      .executeTakeFirstOrThrow();
    expect(stored.amount_paid_minor).toBe(10124n);
  });

  it('lets a finance user record payments, and needs authentication', async () => {
    const invoice = await sentInvoice('10.00');
    const byFinance = await t.call(
      'POST',
      `/api/v1/invoices/${invoice.id}/payments`,
      { amount: '1', method: 'cash' },
      t.financeToken,
    );
    expect(byFinance.status).toBe(201);
    const anonymous = await t.call('GET', `/api/v1/invoices/${invoice.id}/payments`, undefined, null);
    expect(anonymous.status).toBe(401);
  });
});
