import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

/** Limits, concurrency, client credit (apply, refund, balance), void and cancel. */
let t: TestApp;
let clientId: string;
let otherClientId: string;

beforeAll(async () => {
  t = await startTestApp({ correctionsNeedCreditNote: true });
  clientId = (await t.call('POST', '/api/v1/clients', { name: 'Settle Ltd', currency: 'EUR' })).body.id;
  otherClientId = (await t.call('POST', '/api/v1/clients', { name: 'Elsewhere SA', currency: 'EUR' })).body
    .id;
});

afterAll(async () => {
  await t.close();
});

/** An issued invoice without tax: 4 units at 25.00 (100.00) unless lines say otherwise. */
async function issuedInvoice(extra: Record<string, unknown> = {}) {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId,
    currency: 'EUR',
    issueDate: '2026-11-20',
    taxes: [],
    lines: [{ description: 'Widget', quantity: '4', unitPrice: '25.00' }],
    ...extra,
  });
  expect(draft.status).toBe(201);
  const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body as { id: string; number: string; lines: { id: string }[] };
}

const invoiceOf = async (id: string) => (await t.call('GET', `/api/v1/invoices/${id}`)).body;
const credit = (invoiceId: string, body: Record<string, unknown> = {}) =>
  t.call('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, body);
const issue = (id: string) => t.call('POST', `/api/v1/credit-notes/${id}/issue`);
const pay = (invoiceId: string, amount: string) =>
  t.call('POST', `/api/v1/invoices/${invoiceId}/payments`, { method: 'bank_transfer', amount });
const fieldOf = (response: { body: any }) => response.body.errors?.[0]?.field;

describe('limits', () => {
  it('never credits more than the invoice total or a line quantity, in plain words', async () => {
    const invoice = await issuedInvoice();
    const tooMuch = await credit(invoice.id, { mode: 'amount', amount: '100.01', reason: 'Too much' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0]).toEqual({
      field: 'amount',
      label: expect.any(String),
      message: expect.stringContaining('only 100.00 EUR'),
    });
    const zero = await credit(invoice.id, { mode: 'amount', amount: '0', reason: 'Nothing' });
    expect(zero.status).toBe(422);
    expect(fieldOf(zero)).toBe('amount');

    const overQuantity = await credit(invoice.id, {
      mode: 'lines',
      lines: [{ invoiceLineId: invoice.lines[0]!.id, quantity: '5' }],
    });
    expect(overQuantity.status).toBe(422);
    expect(fieldOf(overQuantity)).toBe('lines.0.quantity');
    const twice = await credit(invoice.id, {
      mode: 'lines',
      lines: [
        { invoiceLineId: invoice.lines[0]!.id, quantity: '3' },
        { invoiceLineId: invoice.lines[0]!.id, quantity: '2' },
      ],
    });
    expect(fieldOf(twice)).toBe('lines.1.quantity');

    // Sequentially: 3 of 4 credited, then only 1 is left of that line.
    const first = await credit(invoice.id, {
      mode: 'lines',
      lines: [{ invoiceLineId: invoice.lines[0]!.id, quantity: '3' }],
    });
    expect((await issue(first.body.id)).status).toBe(200);
    const second = await credit(invoice.id, {
      mode: 'lines',
      lines: [{ invoiceLineId: invoice.lines[0]!.id, quantity: '2' }],
    });
    expect(second.status).toBe(422);
    expect(second.body.errors[0]).toEqual({
      field: 'lines.0.quantity',
      label: expect.any(String),
      message: 'Only 1 of "Widget" (invoiced 4) is left to credit',
    });
    const amount = await credit(invoice.id, { mode: 'amount', amount: '30.00', reason: 'More' });
    expect(fieldOf(amount)).toBe('amount');

    // Two drafts that each fit cannot both be issued.
    const a = await credit(invoice.id, { mode: 'amount', amount: '20.00', reason: 'A' });
    const b = await credit(invoice.id, { mode: 'amount', amount: '20.00', reason: 'B' });
    expect((await issue(a.body.id)).status).toBe(200);
    const refused = await issue(b.body.id);
    expect(refused.status).toBe(422);
    expect(fieldOf(refused)).toBe('amount');
    expect((await t.call('GET', `/api/v1/credit-notes/${b.body.id}`)).body).toMatchObject({
      status: 'draft',
      number: null,
    });
    // After a free amount, 'remaining' credits the uncredited amount as one line.
    const rest = await credit(invoice.id);
    expect(rest.status).toBe(201);
    expect(rest.body.lines).toMatchObject([
      {
        description: `Remaining amount of invoice ${invoice.number}`,
        unitPrice: '5.00',
        invoiceLineId: null,
      },
    ]);
    expect((await issue(rest.body.id)).status).toBe(200);
    const nothingLeft = await credit(invoice.id);
    expect(nothingLeft.status).toBe(422);
    expect(fieldOf(nothingLeft)).toBe('mode');
  });

  it('lets concurrent credit notes on one invoice never over-credit', async () => {
    const invoice = await issuedInvoice();
    const drafts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        credit(invoice.id, { mode: 'amount', amount: '30.00', reason: `Claim ${i}` }),
      ),
    );
    expect(drafts.every((draft) => draft.status === 201)).toBe(true);
    const results = await Promise.all(drafts.map((draft) => issue(draft.body.id)));
    expect(results.filter((result) => result.status === 200)).toHaveLength(3);
    expect(results.filter((result) => result.status === 422)).toHaveLength(3);
    const after = await invoiceOf(invoice.id);
    expect(after.totals).toMatchObject({ amountCredited: '90.00', balanceDue: '10.00' });
    expect(after.status).toBe('partially_paid');
    const numbers = results.filter((result) => result.status === 200).map((result) => result.body.number);
    expect(new Set(numbers).size).toBe(3);

    const cancels = await Promise.all(
      Array.from({ length: 3 }, () =>
        t.call('POST', `/api/v1/invoices/${invoice.id}/cancel`, { reason: 'Stop' }),
      ),
    );
    expect(cancels.map((cancel) => cancel.status).sort()).toEqual([200, 409, 409]);
    expect(await invoiceOf(invoice.id)).toMatchObject({
      status: 'credited',
      totals: { amountCredited: '100.00', balanceDue: '0.00' },
    });
  });
});

describe('client credit', () => {
  it('keeps what a paid invoice cannot take as credit, applies it elsewhere and refunds the rest', async () => {
    const paid = await issuedInvoice();
    expect((await pay(paid.id, '100.00')).status).toBe(201);
    const note = await credit(paid.id, { mode: 'amount', amount: '60.00', reason: 'Returned goods' });
    const issued = await issue(note.body.id);
    expect(issued.body.credit).toEqual({
      total: '60.00',
      applied: '0.00',
      refunded: '0.00',
      remaining: '60.00',
    });
    expect(await invoiceOf(paid.id)).toMatchObject({
      status: 'paid',
      totals: { amountPaid: '100.00', amountCredited: '0.00' },
    });
    expect((await t.call('GET', `/api/v1/clients/${clientId}/credit`)).body).toEqual({
      clientId,
      credit: [{ currency: 'EUR', amount: '60.00', creditNotes: 1 }],
    });

    const next = await issuedInvoice();
    const apply = (invoiceId: string, body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/invoices/${invoiceId}/apply-credit`, body);
    const over = await apply(next.id, { creditNoteId: note.body.id, amount: '60.01' });
    expect(over.status).toBe(422);
    expect(fieldOf(over)).toBe('amount');

    const applied = await apply(next.id, { creditNoteId: note.body.id, amount: '40.00' });
    expect(applied.status).toBe(200);
    expect(applied.body.invoice).toMatchObject({
      status: 'partially_paid',
      totals: { amountCredited: '40.00', balanceDue: '60.00' },
    });
    expect(applied.body.creditNote.credit).toMatchObject({ applied: '40.00', remaining: '20.00' });
    expect(applied.body.creditNote.allocations).toMatchObject([{ invoiceId: next.id, amount: '40.00' }]);

    // A payment may not take the balance below zero once credit counts.
    const overpay = await pay(next.id, '60.01');
    expect(overpay.status).toBe(422);
    const settled = await pay(next.id, '60.00');
    expect(settled.status).toBe(201);
    expect(settled.body.invoice).toMatchObject({ status: 'paid', totals: { balanceDue: '0.00' } });
    const closed = await apply(next.id, { creditNoteId: note.body.id, amount: '1.00' });
    expect(closed.status).toBe(409);

    // Other client, other currency, drafts.
    const elsewhere = await t.call('POST', '/api/v1/invoices', {
      clientId: otherClientId,
      currency: 'EUR',
      taxes: [],
      lines: [{ description: 'x', quantity: '1', unitPrice: '50.00' }],
    });
    await t.call('POST', `/api/v1/invoices/${elsewhere.body.id}/mark-sent`);
    const otherClient = await apply(elsewhere.body.id, { creditNoteId: note.body.id, amount: '1.00' });
    expect(otherClient.status).toBe(422);
    expect(fieldOf(otherClient)).toBe('creditNoteId');
    const usd = await issuedInvoice({ currency: 'USD' });
    const otherCurrency = await apply(usd.id, { creditNoteId: note.body.id, amount: '1.00' });
    expect(otherCurrency.status).toBe(422);
    expect(otherCurrency.body.errors[0].message).toMatch(/EUR.*USD/);

    const refund = (body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/credit-notes/${note.body.id}/refunds`, body);
    const tooMuch = await refund({ amount: '20.01', method: 'bank_transfer' });
    expect(fieldOf(tooMuch)).toBe('amount');
    const future = await refund({ amount: '5.00', method: 'bank_transfer', date: '2026-12-31' });
    expect(fieldOf(future)).toBe('date');
    const refunded = await refund({
      amount: '20.00',
      method: 'bank_transfer',
      date: '2026-11-25',
      reference: 'TR 9',
    });
    expect(refunded.status).toBe(201);
    expect(refunded.body.credit).toEqual({
      total: '60.00',
      applied: '40.00',
      refunded: '20.00',
      remaining: '0.00',
    });
    expect(refunded.body.refunds).toMatchObject([
      { amount: '20.00', method: 'bank_transfer', refundedOn: '2026-11-25', reference: 'TR 9' },
    ]);
    expect((await refund({ method: 'cash' })).status).toBe(409);
    expect((await t.call('GET', `/api/v1/clients/${clientId}/credit`)).body.credit).toEqual([]);

    const list = await t.call(
      'GET',
      `/api/v1/credit-notes?clientId=${clientId}&status=issued&invoiceId=${paid.id}`,
    );
    expect(list.body.items).toMatchObject([
      { id: note.body.id, total: '60.00', applied: '40.00', refunded: '20.00', remaining: '0.00' },
    ]);
  });

  it('counts credit in the dashboard receivables', async () => {
    const before = (await t.call('GET', '/api/v1/dashboard')).body.currencies.find(
      (c: any) => c.currency === 'EUR',
    );
    const invoice = await issuedInvoice();
    const mid = (await t.call('GET', '/api/v1/dashboard')).body.currencies.find(
      (c: any) => c.currency === 'EUR',
    );
    const minor = (amount: string) => Math.round(Number(amount) * 100);
    expect(minor(mid.outstanding.amount) - minor(before.outstanding.amount)).toBe(10000);
    const note = await credit(invoice.id, { mode: 'amount', amount: '30.00', reason: 'Partial' });
    await issue(note.body.id);
    const after = (await t.call('GET', '/api/v1/dashboard')).body.currencies.find(
      (c: any) => c.currency === 'EUR',
    );
    expect(minor(after.outstanding.amount) - minor(before.outstanding.amount)).toBe(7000);
  });
});

describe('void and cancel', () => {
  it('answers 409 to void with the setting on and cancels with a credit note instead', async () => {
    const invoice = await issuedInvoice();
    const voided = await t.call('POST', `/api/v1/invoices/${invoice.id}/void`, { reason: 'Duplicate' });
    expect(voided.status).toBe(409);
    expect(voided.body.code).toBe('credit_note_required');
    expect(voided.body.detail).toMatch(/credit note/);

    await pay(invoice.id, '30.00');
    const cancelled = await t.call('POST', `/api/v1/invoices/${invoice.id}/cancel`, { reason: 'Duplicate' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.creditNote).toMatchObject({
      status: 'issued',
      reason: 'Duplicate',
      credit: { total: '100.00', applied: '70.00', remaining: '30.00' },
    });
    expect(cancelled.body.invoice).toMatchObject({
      status: 'paid',
      totals: { amountPaid: '30.00', amountCredited: '70.00', balanceDue: '0.00' },
    });

    // Revising an invoice with issued credit notes is refused.
    const other = await issuedInvoice();
    const partial = await credit(other.id, { mode: 'amount', amount: '10.00', reason: 'x' });
    await issue(partial.body.id);
    const revised = await t.call('PATCH', `/api/v1/invoices/${other.id}`, {
      lines: [{ description: 'Widget', quantity: '5', unitPrice: '25.00' }],
    });
    expect(revised.status).toBe(409);
    expect(revised.body.detail).toMatch(/another credit note/);

    // With the setting off, issued invoices can be voided again.
    expect((await t.call('PATCH', '/api/v1/settings', { correctionsNeedCreditNote: false })).status).toBe(
      200,
    );
    const third = await issuedInvoice();
    expect((await t.call('POST', `/api/v1/invoices/${third.id}/void`, { reason: 'Duplicate' })).status).toBe(
      200,
    );
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'x', quantity: '1', unitPrice: '1' }],
    });
    expect((await t.call('POST', `/api/v1/invoices/${draft.body.id}/cancel`, { reason: 'x' })).status).toBe(
      409,
    );
    expect((await t.call('DELETE', `/api/v1/invoices/${draft.body.id}`)).status).toBe(204);
    await t.call('PATCH', '/api/v1/settings', { correctionsNeedCreditNote: true });
  });

  it('refuses a negative invoice total and points to credit notes', async () => {
    const draft = await t.call('POST', '/api/v1/invoices', {
      clientId,
      taxes: [],
      lines: [{ description: 'Refund', quantity: '1', unitPrice: '-200.00' }],
    });
    const refused = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].message).toMatch(/credit note/);
  });
});
