import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;

beforeAll(async () => {
  t = await startTestApp({ correctionsNeedCreditNote: true });
  const client = await t.call('POST', '/api/v1/clients', { name: 'Credit Ltd', currency: 'EUR' });
  expect(client.status).toBe(201);
  clientId = client.body.id;
});

afterAll(async () => {
  await t.close();
});

const VAT = { name: 'VAT', rate: '20' };

/** An issued invoice: 10 hours at 50.00 and 2 licences at 100.00, 20 % VAT: total 840.00. */
async function issuedInvoice(extra: Record<string, unknown> = {}, client = clientId) {
  const draft = await t.call('POST', '/api/v1/invoices', {
    clientId: client,
    currency: 'EUR',
    issueDate: '2026-11-20',
    paymentTerms: 'net_30',
    taxes: [VAT],
    lines: [
      { description: 'Consulting', quantity: '10', unitPrice: '50.00' },
      { description: 'Licence', quantity: '2', unitPrice: '100.00' },
    ],
    ...extra,
  });
  expect(draft.status).toBe(201);
  const sent = await t.call('POST', `/api/v1/invoices/${draft.body.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body as { id: string; number: string; lines: { id: string }[]; totals: { total: string } };
}

const invoiceOf = async (id: string) => (await t.call('GET', `/api/v1/invoices/${id}`)).body;
const credit = (invoiceId: string, body: Record<string, unknown> = {}) =>
  t.call('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, body);
const issue = (id: string) => t.call('POST', `/api/v1/credit-notes/${id}/issue`);

describe('creating and issuing', () => {
  it('reverses the whole invoice by default, numbers it in its own series and credits the balance', async () => {
    const invoice = await issuedInvoice();
    expect(invoice.totals.total).toBe('840.00');
    const draft = await credit(invoice.id, { reason: 'Order cancelled' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      number: null,
      status: 'draft',
      invoice: { id: invoice.id, number: invoice.number, issueDate: '2026-11-20' },
      client: { id: clientId },
      currency: 'EUR',
      issueDate: '2026-11-25',
      reason: 'Order cancelled',
      credit: { total: '840.00', applied: '0.00', refunded: '0.00', remaining: '0.00' },
    });
    expect(
      draft.body.lines.map((line: any) => [line.description, line.quantity, line.invoiceLineId]),
    ).toEqual([
      ['Consulting', '10', invoice.lines[0]!.id],
      ['Licence', '2', invoice.lines[1]!.id],
    ]);
    expect(draft.body.totals).toMatchObject({ subtotal: '700.00', taxTotal: '140.00', total: '840.00' });
    expect(draft.body.taxes).toEqual([
      { taxRateId: null, name: 'VAT', rate: '20', inclusive: false, compound: false },
    ]);

    const issued = await issue(draft.body.id);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      number: 'CN-2026-0001',
      status: 'issued',
      credit: { total: '840.00', applied: '840.00', refunded: '0.00', remaining: '0.00' },
    });
    expect(issued.body.allocations).toMatchObject([{ invoiceId: invoice.id, amount: '840.00' }]);

    const after = await invoiceOf(invoice.id);
    expect(after.status).toBe('credited');
    expect(after.totals).toMatchObject({
      total: '840.00',
      amountPaid: '0.00',
      amountCredited: '840.00',
      balanceDue: '0.00',
    });
    expect(after.creditNotes).toEqual([
      expect.objectContaining({
        id: draft.body.id,
        number: 'CN-2026-0001',
        status: 'issued',
        total: '840.00',
      }),
    ]);
    const events = (await t.call('GET', `/api/v1/invoices/${invoice.id}/events`)).body.items;
    expect(events.map((event: any) => event.type)).toEqual(
      expect.arrayContaining(['credit_note_issued', 'credit_applied', 'status_changed']),
    );
    expect(events.at(-1)).toMatchObject({ fromStatus: 'sent', toStatus: 'credited' });
    const timeline = (await t.call('GET', `/api/v1/credit-notes/${draft.body.id}/events`)).body.items;
    expect(timeline.map((event: any) => event.type)).toEqual(['created', 'status_changed']);

    // Issuing twice is refused; the next credit note takes the next number.
    expect((await issue(draft.body.id)).status).toBe(409);
  });

  it('credits chosen lines and quantities, keeping price, taxes and the invoice line', async () => {
    const invoice = await issuedInvoice();
    const draft = await credit(invoice.id, {
      mode: 'lines',
      lines: [{ invoiceLineId: invoice.lines[0]!.id, quantity: '2.5' }],
      reason: 'Fewer hours',
    });
    expect(draft.status).toBe(201);
    expect(draft.body.lines).toMatchObject([
      { description: 'Consulting', quantity: '2.5', unitPrice: '50.00', invoiceLineId: invoice.lines[0]!.id },
    ]);
    expect(draft.body.totals).toMatchObject({ subtotal: '125.00', taxTotal: '25.00', total: '150.00' });
    const issued = await issue(draft.body.id);
    expect(issued.body.credit).toMatchObject({ applied: '150.00', remaining: '0.00' });
    const after = await invoiceOf(invoice.id);
    expect(after.status).toBe('partially_paid');
    expect(after.totals).toMatchObject({
      amountPaid: '0.00',
      amountCredited: '150.00',
      balanceDue: '690.00',
    });

    // 'remaining' now credits what is left of each line.
    const rest = await credit(invoice.id);
    expect(rest.body.lines.map((line: any) => [line.description, line.quantity])).toEqual([
      ['Consulting', '7.5'],
      ['Licence', '2'],
    ]);
    expect(rest.body.totals.total).toBe('690.00');
  });

  it('credits a free amount with its reason, splitting the invoice tax out of the gross amount', async () => {
    const invoice = await issuedInvoice();
    const noReason = await credit(invoice.id, { mode: 'amount', amount: '120.00' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('reason');
    const draft = await credit(invoice.id, { mode: 'amount', amount: '120.00', reason: 'Goodwill discount' });
    expect(draft.status).toBe(201);
    expect(draft.body.lines).toMatchObject([
      { description: 'Goodwill discount', quantity: '1', unitPrice: '120.00', invoiceLineId: null },
    ]);
    expect(draft.body.lines[0].taxes).toEqual([
      { taxRateId: null, name: 'VAT', rate: '20', inclusive: true, compound: false },
    ]);
    expect(draft.body.totals).toMatchObject({ total: '120.00', inclusiveTaxTotal: '20.00' });
  });

  it('gives a free amount no tax when the invoice lines are taxed differently', async () => {
    const invoice = await issuedInvoice({
      taxes: [],
      lines: [
        { description: 'Books', quantity: '1', unitPrice: '100.00', taxes: [{ name: 'VAT', rate: '7' }] },
        { description: 'Service', quantity: '1', unitPrice: '100.00', taxes: [VAT] },
      ],
    });
    const draft = await credit(invoice.id, { mode: 'amount', amount: '50.00', reason: 'Late delivery' });
    expect(draft.status).toBe(201);
    expect(draft.body.lines[0].taxes).toEqual([]);
    expect(draft.body.totals).toMatchObject({ total: '50.00', taxTotal: '0.00', inclusiveTaxTotal: '0.00' });
  });

  it('edits and deletes drafts only', async () => {
    const invoice = await issuedInvoice();
    const draft = await credit(invoice.id, { reason: 'First' });
    const edited = await t.call('PATCH', `/api/v1/credit-notes/${draft.body.id}`, {
      reason: 'Wrong quantity',
      notes: 'Sorry',
      issueDate: '2026-11-24',
      lines: [
        {
          description: 'Consulting',
          quantity: '1',
          unitPrice: '50.00',
          taxes: [VAT],
          invoiceLineId: invoice.lines[0]!.id,
        },
      ],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ reason: 'Wrong quantity', notes: 'Sorry', issueDate: '2026-11-24' });
    expect(edited.body.totals.total).toBe('60.00');
    expect(edited.body.lines[0].invoiceLineId).toBe(invoice.lines[0]!.id);

    const early = await t.call('PATCH', `/api/v1/credit-notes/${draft.body.id}`, { issueDate: '2026-11-01' });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].field).toBe('issueDate');

    const other = await credit(invoice.id, { mode: 'amount', amount: '10.00', reason: 'x' });
    expect((await t.call('DELETE', `/api/v1/credit-notes/${other.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/credit-notes/${other.body.id}`)).status).toBe(404);

    await issue(draft.body.id);
    expect((await t.call('PATCH', `/api/v1/credit-notes/${draft.body.id}`, { notes: 'x' })).status).toBe(409);
    expect((await t.call('DELETE', `/api/v1/credit-notes/${draft.body.id}`)).status).toBe(409);
  });

  it('refuses drafts, void invoices and unknown lines', async () => {
    const draftInvoice = await t.call('POST', '/api/v1/invoices', {
      clientId,
      lines: [{ description: 'x', quantity: '1', unitPrice: '1' }],
    });
    const refused = await credit(draftInvoice.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('invoice_not_issued');
    expect((await credit('00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const invoice = await issuedInvoice();
    const unknownLine = await credit(invoice.id, {
      mode: 'lines',
      lines: [{ invoiceLineId: '00000000-0000-4000-8000-000000000000', quantity: '1' }],
    });
    expect(unknownLine.status).toBe(422);
    expect(unknownLine.body.errors[0].field).toBe('lines.0.invoiceLineId');
  });
});

describe('archived clients', () => {
  it("credits an archived client's invoice (draft, edit, issue, cancel) but makes it no new invoice or quote", async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Gone Ltd', currency: 'EUR' });
    const first = await issuedInvoice({}, client.body.id);
    const second = await issuedInvoice({}, client.body.id);
    const archived = await t.call('PATCH', `/api/v1/clients/${client.body.id}`, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);

    const draft = await credit(first.id, { mode: 'amount', amount: '120.00', reason: 'Late delivery' });
    expect(draft.status).toBe(201);
    expect(draft.body.client.id).toBe(client.body.id);
    const edited = await t.call('PATCH', `/api/v1/credit-notes/${draft.body.id}`, {
      notes: 'Agreed by phone',
    });
    expect(edited.status).toBe(200);
    const issued = await issue(draft.body.id);
    expect(issued.status).toBe(200);
    expect(issued.body.credit).toMatchObject({ total: '120.00', applied: '120.00' });
    expect((await invoiceOf(first.id)).totals.balanceDue).toBe('720.00');

    const cancelled = await t.call('POST', `/api/v1/invoices/${second.id}/cancel`, { reason: 'Closed down' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.invoice.status).toBe('credited');

    const invoice = await t.call('POST', '/api/v1/invoices', {
      clientId: client.body.id,
      lines: [{ description: 'More work', quantity: '1', unitPrice: '10.00' }],
    });
    expect(invoice.status).toBe(422);
    expect(invoice.body.errors[0].field).toBe('clientId');
    const quote = await t.call('POST', '/api/v1/quotes', {
      clientId: client.body.id,
      lines: [{ description: 'More work', quantity: '1', unitPrice: '10.00' }],
    });
    expect(quote.status).toBe(422);
    expect(quote.body.errors[0].field).toBe('clientId');
  });
});
