import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
let otherClientId: string;
let otherProjectId: string;

const line = { description: 'Website redesign', quantity: '2', unitPrice: '1500.00' };

async function draft(body: Record<string, unknown> = {}) {
  const created = await t.call('POST', '/api/v1/quotes', { clientId, lines: [line], taxes: [], ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    currency: 'EUR',
    contacts: [{ name: 'Priya Shah', email: 'priya@acme.example' }],
  });
  clientId = client.body.id;
  const other = await t.call('POST', '/api/v1/clients', { name: 'Globex' });
  otherClientId = other.body.id;
  otherProjectId = (
    await t.call('POST', '/api/v1/projects', { clientId: otherClientId, name: 'Globex site' })
  ).body.id;
});

afterAll(async () => {
  await t.close();
});

describe('quotes: drafts', () => {
  it('creates a draft with the shared body, totals and a valid-until date from the setting', async () => {
    await t.call('PATCH', '/api/v1/settings', { quoteValidityDays: 14 });
    const quote = await draft({
      issueDate: '2026-11-25',
      discount: { kind: 'percent', value: '10' },
      taxes: [{ name: 'VAT', rate: '20' }],
      notes: 'Thank you',
      terms: 'Half up front',
    });
    expect(quote).toMatchObject({
      number: null,
      status: 'draft',
      currency: 'EUR',
      issueDate: '2026-11-25',
      validUntil: '2026-12-09',
      notes: 'Thank you',
      terms: 'Half up front',
      decision: null,
      invoice: null,
      sentAt: null,
      viewedAt: null,
    });
    // 3000.00 less 10 % = 2700.00, VAT 20 % = 540.00
    expect(quote.totals).toMatchObject({ subtotal: '3000.00', discountTotal: '300.00', taxTotal: '540.00' });
    expect(quote.totals.total).toBe('3240.00');
    expect(quote.client).toEqual({ id: clientId, name: 'Acme Retail', company: '' });
    const read = await t.call('GET', `/api/v1/quotes/${quote.id}`);
    // The read adds the parties the document prints (seller, buyer, terms); the rest is what create answered.
    const { parties, ...body } = read.body;
    expect(body).toEqual(quote);
    expect(parties.buyer.name).toBe('Acme Retail');
    await t.call('PATCH', '/api/v1/settings', { quoteValidityDays: 30 });
  });

  it('refuses bad input with 422 naming the field, and saves nothing', async () => {
    const before = await t.deps.db
      .selectFrom('quotes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const cases: [Record<string, unknown>, string][] = [
      [{ clientId: '00000000-0000-4000-8000-000000000000' }, 'clientId'],
      [{ issueDate: '2026-11-25', validUntil: '2026-11-24' }, 'validUntil'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ projectId: otherProjectId }, 'projectId'],
      [{ validUntil: '2026-02-30' }, 'validUntil'],
      [{ lines: [{ description: ' ', quantity: '1', unitPrice: '1' }] }, 'lines.0.description'],
    ];
    for (const [body, field] of cases) {
      const response = await t.call('POST', '/api/v1/quotes', { clientId, lines: [line], ...body });
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const fields = [
        response.body.errors?.map((e: { field: string }) => e.field),
        response.body.field,
        response.body.detail,
      ]
        .flat()
        .join(' ');
      expect(fields, JSON.stringify(response.body)).toContain(field);
    }
    const after = await t.deps.db
      .selectFrom('quotes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after).toEqual(before);
  });

  it('edits a draft in place, and deletes drafts only', async () => {
    const quote = await draft();
    const edited = await t.call('PATCH', `/api/v1/quotes/${quote.id}`, {
      lines: [{ ...line, quantity: '3' }],
      validUntil: '2027-01-31',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'draft', number: null, validUntil: '2027-01-31' });
    expect(edited.body.totals.total).toBe('4500.00');
    const events = await t.call('GET', `/api/v1/quotes/${quote.id}/events`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['created', 'updated']);
    expect(events.body.items[1].data.fields).toEqual(['validUntil', 'lines']);

    const badDate = await t.call('PATCH', `/api/v1/quotes/${quote.id}`, { validUntil: '2026-01-01' });
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors[0].field).toBe('validUntil');

    expect((await t.call('DELETE', `/api/v1/quotes/${quote.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/quotes/${quote.id}`)).status).toBe(404);

    const sent = await draft();
    await t.call('POST', `/api/v1/quotes/${sent.id}/mark-sent`);
    const refused = await t.call('DELETE', `/api/v1/quotes/${sent.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/kept for the record/);
  });
});

describe('quotes: sending and numbering', () => {
  it('assigns the next number of the quote series when marked sent, apart from invoices', async () => {
    const invoice = await t.call('POST', '/api/v1/invoices', { clientId, lines: [line] });
    const issuedInvoice = await t.call('POST', `/api/v1/invoices/${invoice.body.id}/mark-sent`);
    expect(issuedInvoice.body.number).toMatch(/^INV-/);

    const quote = await draft({ issueDate: '2026-11-20' });
    const sent = await t.call('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect(sent.body.number).toMatch(/^Q-2026-\d{4}$/);
    expect(sent.body.sentAt).toBe('2026-11-25T10:00:00.000Z');
    const again = await t.call('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
    expect(again.status).toBe(409);

    const empty = await t.call('POST', '/api/v1/quotes', { clientId });
    const refused = await t.call('POST', `/api/v1/quotes/${empty.body.id}/mark-sent`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('lines');
  });

  it('gives gapless, unique numbers to quotes sent at the same time', async () => {
    const drafts = await Promise.all(Array.from({ length: 12 }, () => draft({ issueDate: '2031-03-01' })));
    const sent = await Promise.all(drafts.map((q) => t.call('POST', `/api/v1/quotes/${q.id}/mark-sent`)));
    expect(sent.map((r) => r.status)).toEqual(sent.map(() => 200));
    const numbers = sent.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `Q-2031-${String(i + 1).padStart(4, '0')}`));
  });

  it('keeps the number when a sent quote is edited, and records the changed fields with the revision', async () => {
    const quote = await draft();
    const sent = await t.call('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
    const edited = await t.call('PATCH', `/api/v1/quotes/${quote.id}`, {
      notes: 'Updated scope',
      terms: quote.terms,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ number: sent.body.number, status: 'sent', notes: 'Updated scope' });
    const events = (await t.call('GET', `/api/v1/quotes/${quote.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ type: 'revised', data: { fields: ['notes'], revision: 2 } });
    expect(events.at(-1).actor.type).toBe('api_token');
  });

  it('shows a sent quote as expired the day after its valid-until date, and lists by status', async () => {
    const quote = await draft({ issueDate: '2026-11-01', validUntil: '2026-11-24' });
    await t.call('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
    const read = await t.call('GET', `/api/v1/quotes/${quote.id}`);
    expect(read.body.status).toBe('expired');
    const expired = await t.call('GET', '/api/v1/quotes?status=expired');
    expect(expired.body.items.map((q: { id: string }) => q.id)).toContain(quote.id);
    const sent = await t.call('GET', '/api/v1/quotes?status=sent');
    expect(sent.body.items.map((q: { id: string }) => q.id)).not.toContain(quote.id);
    expect(sent.body.items.length).toBeGreaterThan(0);
    expect(sent.body.items.every((q: { status: string }) => q.status === 'sent')).toBe(true);

    // Valid through the whole valid-until day in the organisation's time zone.
    const today = await draft({ issueDate: '2026-11-01', validUntil: '2026-11-25' });
    await t.call('POST', `/api/v1/quotes/${today.id}/mark-sent`);
    expect((await t.call('GET', `/api/v1/quotes/${today.id}`)).body.status).toBe('sent');

    // Extending it opens it again.
    const extended = await t.call('PATCH', `/api/v1/quotes/${quote.id}`, { validUntil: '2026-12-31' });
    expect(extended.body.status).toBe('sent');
  });

  it('searches by number and client, and pages with a cursor', async () => {
    const globex = await t.call('POST', '/api/v1/quotes', { clientId: otherClientId, lines: [line] });
    const found = await t.call('GET', '/api/v1/quotes?q=globe');
    expect(found.body.items.map((q: { id: string }) => q.id)).toEqual([globex.body.id]);
    const sent = await t.call('POST', `/api/v1/quotes/${globex.body.id}/mark-sent`);
    const byNumber = await t.call('GET', `/api/v1/quotes?q=${sent.body.number}`);
    expect(byNumber.body.items.map((q: { id: string }) => q.id)).toEqual([globex.body.id]);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.call(
        'GET',
        `/api/v1/quotes?limit=5&sort=number${cursor ? `&cursor=${cursor}` : ''}`,
      );
      all.push(...page.body.items.map((q) => q.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const count = await t.deps.db
      .selectFrom('quotes')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(all).toHaveLength(Number(count.n));
    expect(new Set(all).size).toBe(all.length);
    const bad = await t.call('GET', '/api/v1/quotes?status=maybe');
    expect(bad.status).toBe(400);
  });
});

describe('quotes: the client’s answer and conversion', () => {
  async function sentQuote(body: Record<string, unknown> = {}) {
    const quote = await draft(body);
    const sent = await t.call('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
    expect(sent.status).toBe(200);
    return sent.body;
  }

  it('records an acceptance taken by phone, with name, time, address and staff user, once', async () => {
    const quote = await sentQuote();
    const nameless = await t.call('POST', `/api/v1/quotes/${quote.id}/accept`, { name: '  ' });
    expect(nameless.status).toBe(400);
    expect(JSON.stringify(nameless.body)).toContain('name');
    const accepted = await t.call('POST', `/api/v1/quotes/${quote.id}/accept`, {
      name: 'Priya Shah',
      note: 'Agreed on the phone',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.decision).toMatchObject({
      outcome: 'accepted',
      at: '2026-11-25T10:00:00.000Z',
      name: 'Priya Shah',
      note: 'Agreed on the phone',
      address: '127.0.0.1',
      by: { type: 'user' },
    });
    expect(accepted.body.decision.by.userId).toMatch(/^[0-9a-f-]{36}$/);
    const twice = await t.call('POST', `/api/v1/quotes/${quote.id}/accept`, { name: 'Priya Shah' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('quote_already_accepted');
    expect(twice.body.detail).toBe('Cannot accept a quote that is accepted: it has already been accepted');
    const locked = await t.call('PATCH', `/api/v1/quotes/${quote.id}`, { notes: 'sneaky' });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('quote_locked');
  });

  it('refuses to accept or convert a declined or an expired quote, with the reason', async () => {
    const declined = await sentQuote();
    const no = await t.call('POST', `/api/v1/quotes/${declined.id}/decline`, { note: 'Too expensive' });
    expect(no.status).toBe(200);
    expect(no.body).toMatchObject({
      status: 'declined',
      decision: { outcome: 'declined', note: 'Too expensive' },
    });
    for (const action of ['accept', 'convert']) {
      const refused = await t.call('POST', `/api/v1/quotes/${declined.id}/${action}`, { name: 'X' });
      expect(refused.status, action).toBe(action === 'accept' ? 409 : 400);
    }
    const convertDeclined = await t.call('POST', `/api/v1/quotes/${declined.id}/convert`, {});
    expect(convertDeclined.status).toBe(409);
    expect(convertDeclined.body.code).toBe('quote_declined');

    const expired = await sentQuote({ issueDate: '2026-10-01', validUntil: '2026-10-31' });
    const late = await t.call('POST', `/api/v1/quotes/${expired.id}/accept`, { name: 'Priya Shah' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('quote_expired');
    expect(late.body.detail).toContain('valid until 2026-10-31');
    const convertExpired = await t.call('POST', `/api/v1/quotes/${expired.id}/convert`, {});
    expect(convertExpired.status).toBe(409);
    expect(convertExpired.body.code).toBe('quote_expired');

    const notYet = await sentQuote();
    const early = await t.call('POST', `/api/v1/quotes/${notYet.id}/convert`, {});
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('quote_not_accepted');
  });

  it('converts an accepted quote to a draft invoice with the same figures, linked both ways, once', async () => {
    const quote = await sentQuote({
      lines: [
        {
          description: 'Design',
          quantity: '3',
          unitPrice: '99.99',
          unit: 'HUR',
          discount: { kind: 'percent', value: '5' },
        },
        { description: 'Hosting', quantity: '1', unitPrice: '20', taxes: [{ name: 'Extra', rate: '7.5' }] },
      ],
      discount: { kind: 'fixed', value: '10' },
      taxes: [{ name: 'VAT', rate: '20' }],
      notes: 'Quote notes',
      terms: 'Quote terms',
    });
    await t.call('POST', `/api/v1/quotes/${quote.id}/accept`, { name: 'Priya Shah' });
    const converted = await t.call('POST', `/api/v1/quotes/${quote.id}/convert`);
    expect(converted.status, JSON.stringify(converted.body)).toBe(200);
    const { quote: after, invoice } = converted.body;
    expect(after.status).toBe('invoiced');
    expect(after.invoice).toEqual({ id: invoice.id, number: null });
    expect(invoice.status).toBe('draft');
    expect(invoice.totals.total).toBe(quote.totals.total);
    expect(invoice.totals.taxes).toEqual(quote.totals.taxes);
    for (const key of ['lines', 'discount', 'taxes', 'notes', 'terms', 'client', 'currency']) {
      const strip = (value: unknown) =>
        JSON.parse(
          JSON.stringify(value, (k, v) =>
            k === 'id' && typeof v === 'string' && v.length === 36 && key === 'lines' ? undefined : v,
          ),
        );
      expect(strip(invoice[key]), key).toEqual(strip(quote[key]));
    }
    expect(invoice.issueDate).toBe('2026-11-25');
    const row = await t.deps.db
      .selectFrom('invoices')
      .select('quote_id')
      .where('id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(row.quote_id).toBe(quote.id);

    const twice = await t.call('POST', `/api/v1/quotes/${quote.id}/convert`, { issue: true });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('quote_already_invoiced');
    const events = (await t.call('GET', `/api/v1/quotes/${quote.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({
      fromStatus: 'accepted',
      toStatus: 'invoiced',
      data: { invoiceId: invoice.id },
    });
  });

  it('issues the invoice at once with issue: true', async () => {
    const quote = await sentQuote({ projectId: undefined });
    await t.call('POST', `/api/v1/quotes/${quote.id}/accept`, { name: 'Priya Shah' });
    const converted = await t.call('POST', `/api/v1/quotes/${quote.id}/convert`, { issue: true });
    expect(converted.status).toBe(200);
    expect(converted.body.invoice.status).toBe('sent');
    expect(converted.body.invoice.number).toMatch(/^INV-/);
    expect(converted.body.quote.invoice.number).toBe(converted.body.invoice.number);
  });

  it('serialises concurrent accepts and converts: one wins, the others get 409, one invoice', async () => {
    const quote = await sentQuote();
    const accepts = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.call('POST', `/api/v1/quotes/${quote.id}/accept`, { name: 'Priya Shah' }),
      ),
    );
    expect(accepts.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);

    const converts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.call('POST', `/api/v1/quotes/${quote.id}/convert`, { issue: i % 2 === 0 }),
      ),
    );
    expect(converts.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const invoices = await t.deps.db
      .selectFrom('invoices')
      .select('id')
      .where('quote_id', '=', quote.id)
      .execute();
    expect(invoices).toHaveLength(1);

    // Accept and convert racing on a sent quote: whatever the order, no error other than 409 and at most one invoice.
    const racing = await sentQuote();
    const [accept, convert] = await Promise.all([
      t.call('POST', `/api/v1/quotes/${racing.id}/accept`, { name: 'Priya Shah' }),
      t.call('POST', `/api/v1/quotes/${racing.id}/convert`, {}),
    ]);
    expect(accept.status).toBe(200);
    expect([200, 409]).toContain(convert.status);
    const final = (await t.call('GET', `/api/v1/quotes/${racing.id}`)).body;
    expect(final.status).toBe(convert.status === 200 ? 'invoiced' : 'accepted');
    const made = await t.deps.db
      .selectFrom('invoices')
      .select('id')
      .where('quote_id', '=', racing.id)
      .execute();
    expect(made).toHaveLength(convert.status === 200 ? 1 : 0);
  });
});
