import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoiceLink } from '../../src/services/portal/create-invoice-link.ts';
import {
  activateContact,
  type Browser,
  countEmails,
  createInvoice,
  createParty,
  makeLink,
  type Party,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
  takeEmail,
} from '../support/portal-harness.ts';

let h: PortalHarness;
let a: Party;
let b: Party;
let alice: Browser;
let bert: Browser;

async function sentQuote(clientId: string, body: Record<string, unknown> = {}) {
  const created = await h.staff('POST', '/api/v1/quotes', {
    clientId,
    taxes: [],
    terms: 'Payment within 30 days of the invoice',
    lines: [{ description: 'Workshop', quantity: '1', unitPrice: '800.00' }],
    ...body,
  });
  expect(created.status).toBe(201);
  const sent = await h.staff('POST', `/api/v1/quotes/${created.body.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body;
}

beforeAll(async () => {
  h = await startPortalHarness({ appUrl: 'https://billing.example.test' });
  await h.staff('PATCH', '/api/v1/settings', {
    email: 'office@studio.example',
    businessName: 'Studio North',
  });
  // Queued, never delivered here: a queued email keeps its link's token (encrypted) for the test to read.
  const smtp = await h.staff('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: 2525,
    security: 'none',
    fromAddress: 'billing@studio.example',
  });
  expect(smtp.status).toBe(200);
  a = await createParty(h, 'Client A', [
    { name: 'Alice A', email: 'alice@a.example' },
    { name: 'Andy A', email: 'andy@a.example' },
  ]);
  b = await createParty(h, 'Client B', [{ name: 'Bert B', email: 'bert@b.example' }]);
  alice = await activateContact(h, a.contacts[0]!);
  bert = await activateContact(h, b.contacts[0]!);
});

afterAll(async () => {
  await h?.close();
});

describe('quotes in the portal', () => {
  it('shows a contact their own client’s sent quotes only, never drafts, and 404 for any other', async () => {
    await resetRateLimits(h);
    const mine = await sentQuote(a.clientId);
    const theirs = await sentQuote(b.clientId);
    const draft = await h.staff('POST', '/api/v1/quotes', { clientId: a.clientId, lines: [] });

    const list = await alice.get('/api/portal/v1/quotes');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((q: { id: string }) => q.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(draft.body.id);
    expect(list.body.items.find((q: { id: string }) => q.id === mine.id)).toMatchObject({
      number: mine.number,
      status: 'sent',
      total: '800.00',
      validUntil: mine.validUntil,
    });

    for (const path of [`/api/portal/v1/quotes/${theirs.id}`, `/api/portal/v1/quotes/${theirs.id}/pdf`]) {
      expect((await alice.get(path)).status, path).toBe(404);
    }
    expect((await alice.get(`/api/portal/v1/quotes/${draft.body.id}`)).status).toBe(404);
    const foreignAccept = await alice.post(`/api/portal/v1/quotes/${theirs.id}/accept`, { name: 'Alice A' });
    expect(foreignAccept.status).toBe(404);
    expect((await h.staff('GET', `/api/v1/quotes/${theirs.id}`)).body.status).toBe('sent');

    const pdf = await alice.get(`/api/portal/v1/quotes/${mine.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await bert.get(`/api/portal/v1/quotes/${theirs.id}`)).status).toBe(200);
  });

  it('marks a quote viewed when a contact first opens it, never when staff read it', async () => {
    const quote = await sentQuote(a.clientId);
    await h.staff('GET', `/api/v1/quotes/${quote.id}`);
    expect((await h.staff('GET', `/api/v1/quotes/${quote.id}`)).body.status).toBe('sent');
    const opened = await alice.get(`/api/portal/v1/quotes/${quote.id}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'viewed', terms: 'Payment within 30 days of the invoice' });
    expect(opened.body.business.name).toBe('Studio North');
    expect(opened.body.project).toBeUndefined();
    const staff = (await h.staff('GET', `/api/v1/quotes/${quote.id}`)).body;
    expect(staff.status).toBe('viewed');
    expect(staff.viewedAt).toBe(h.clock.now().toISOString());
    await alice.get(`/api/portal/v1/quotes/${quote.id}`);
    const events = (await h.staff('GET', `/api/v1/quotes/${quote.id}/events`)).body.items;
    const views = events.filter((e: { type: string }) => e.type === 'viewed');
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      fromStatus: 'sent',
      toStatus: 'viewed',
      actor: { type: 'contact', id: a.contacts[0]!.id, name: 'Alice A' },
    });
  });

  it('opens the quote from the emailed link for that contact only, in a session that sees that quote alone', async () => {
    await resetRateLimits(h);
    const invoice = await createInvoice(h, a.clientId);
    const created = await h.staff('POST', '/api/v1/quotes', {
      clientId: a.clientId,
      lines: [{ description: 'Audit', quantity: '1', unitPrice: '100' }],
    });
    const other = await sentQuote(a.clientId);
    const sent = await h.staff('POST', `/api/v1/quotes/${created.body.id}/send`, {
      contactIds: [a.contacts[1]!.id],
    });
    expect(sent.status).toBe(200);
    const email = await takeEmail(h, 'quote', 'andy@a.example');
    expect(email!.text).toContain(`https://billing.example.test/portal/link/${email!.token}`);

    const andy = h.browser();
    const landing = await andy.get(`/portal/link/${email!.token}`);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe(`/portal/quotes/${created.body.id}`);
    expect((await h.staff('GET', `/api/v1/quotes/${created.body.id}`)).body.status).toBe('viewed');

    const me = await andy.get('/api/portal/v1/me');
    expect(me.body.scope).toEqual({ kind: 'quote_link', quoteId: created.body.id });
    andy.csrfToken = me.body.csrfToken;
    expect((await andy.get(`/api/portal/v1/quotes/${created.body.id}`)).status).toBe(200);
    const list = await andy.get('/api/portal/v1/quotes');
    expect(list.body.items.map((q: { id: string }) => q.id)).toEqual([created.body.id]);
    expect((await andy.get(`/api/portal/v1/quotes/${other.id}`)).status).toBe(404);
    // The quote's link grants no invoice.
    expect((await andy.get('/api/portal/v1/invoices')).body.items).toEqual([]);
    expect((await andy.get(`/api/portal/v1/invoices/${invoice.id}`)).status).toBe(404);
    expect((await andy.get(`/api/portal/v1/invoices/${invoice.id}/pdf`)).status).toBe(404);

    // And an invoice link's session sees no quote.
    const invoiceSent = await h.staff('POST', `/api/v1/invoices/${invoice.id}/send`, {
      contactIds: [a.contacts[1]!.id],
    });
    expect(invoiceSent.status).toBe(200);
    const invoiceEmail = await takeEmail(h, 'invoice', 'andy@a.example');
    const viaInvoice = h.browser();
    const invoiceLanding = await viaInvoice.get(`/portal/link/${invoiceEmail!.token}`);
    expect(invoiceLanding.headers.get('location')).toBe(`/portal/invoices/${invoice.id}`);
    expect((await viaInvoice.get('/api/portal/v1/quotes')).body.items).toEqual([]);
    expect((await viaInvoice.get(`/api/portal/v1/quotes/${created.body.id}`)).status).toBe(404);
    expect((await viaInvoice.get(`/api/portal/v1/invoices/${invoice.id}`)).status).toBe(200);

    // Someone else holding the quote link gets that contact's view, and the link's quote only.
    const accepted = await andy.post(`/api/portal/v1/quotes/${created.body.id}/accept`, { name: 'Andy A' });
    expect(accepted.status).toBe(200);
    expect(await takeEmail(h, 'quote_answer', 'office@studio.example')).not.toBeNull();
    expect((await h.staff('GET', `/api/v1/quotes/${created.body.id}`)).body.decision.by).toEqual({
      type: 'contact',
      contactId: a.contacts[1]!.id,
    });
  });

  it('emails a fresh link for an expired quote link to its own contact, answering alike for every link', async () => {
    await resetRateLimits(h);
    const quote = await sentQuote(a.clientId);
    const andy = a.contacts[1]!;
    const quoteLink = (now: Date, ttlDays: number) =>
      h.deps.db
        .transaction()
        .execute((trx) => createInvoiceLink(trx, { quoteId: quote.id, contactId: andy.id, now, ttlDays }));
    const expired = await quoteLink(new Date(h.clock.now().getTime() - 40 * 86_400_000), 30);

    const holder = h.browser();
    const landing = await holder.get(expired.path);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe(`/portal/link-unavailable#token=${expired.token}`);
    expect(holder.cookies.has('remit_portal')).toBe(false);

    const before = await countEmails(h, 'portal_link');
    const resent = await holder.post('/api/portal/v1/links/resend', { token: expired.token });
    const bogus = await holder.post('/api/portal/v1/links/resend', { token: 'rl_not-a-real-token' });
    expect(resent.status).toBe(202);
    expect(bogus.status).toBe(202);
    expect(bogus.body).toEqual(resent.body);
    expect(await countEmails(h, 'portal_link')).toBe(before + 1);
    const email = await takeEmail(h, 'portal_link', andy.email);
    expect(email).toMatchObject({ contact_id: andy.id, quote_id: quote.id, invoice_id: null });
    expect(email!.subject).toBe(`A new link to quote ${quote.number} from Studio North`);
    expect(email!.text).toContain(`https://billing.example.test/portal/link/${email!.token}`);
    expect(email!.text).toContain('View the quote');
    const fresh = await h.browser().get(`/portal/link/${email!.token}`);
    expect(fresh.status).toBe(303);
    expect(fresh.headers.get('location')).toBe(`/portal/quotes/${quote.id}`);

    // A revoked quote link, or one whose contact may no longer use the portal, gets the same answer and nothing.
    const revoked = await quoteLink(h.clock.now(), 30);
    await h.deps.db
      .updateTable('invoice_links')
      .set({ revoked_at: h.clock.now() })
      .where('id', '=', revoked.id)
      .execute();
    const unchanged = await countEmails(h, 'portal_link');
    const revokedAnswer = await h.browser().post('/api/portal/v1/links/resend', { token: revoked.token });
    expect(revokedAnswer.status).toBe(202);
    expect(revokedAnswer.body).toEqual(resent.body);
    expect(await countEmails(h, 'portal_link')).toBe(unchanged);

    // The same limit per link as an invoice link or an unknown token: the limit tells nothing either.
    await resetRateLimits(h);
    const untilLimited = async (token: string) => {
      for (let i = 1; i <= 10; i++) {
        const answer = await h.browser().post('/api/portal/v1/links/resend', { token });
        if (answer.status === 429) return i;
        expect(answer.status).toBe(202);
      }
      return 0;
    };
    const invoiceLink = await makeLink(h, (await createInvoice(h, a.clientId)).id, andy.id);
    const limits = [
      await untilLimited(expired.token),
      await untilLimited(invoiceLink.token),
      await untilLimited('rl_unknown-token'),
    ];
    expect(limits[0]).toBeGreaterThan(1);
    expect(new Set(limits).size).toBe(1);
    await resetRateLimits(h);
  });

  it('accepts with a typed name and optional note, records who, when and from where, and emails staff', async () => {
    const quote = await sentQuote(a.clientId);
    const nameless = await alice.post(`/api/portal/v1/quotes/${quote.id}/accept`, { name: ' ' });
    expect(nameless.status).toBe(400);
    expect(JSON.stringify(nameless.body)).toContain('name');
    const noCsrf = await alice.post(
      `/api/portal/v1/quotes/${quote.id}/accept`,
      { name: 'Alice A' },
      { csrf: false },
    );
    expect(noCsrf.status).toBe(403);

    const accepted = await alice.post(`/api/portal/v1/quotes/${quote.id}/accept`, {
      name: 'Alice Anderson',
      note: 'Start in January please',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.decision).toEqual({
      outcome: 'accepted',
      at: h.clock.now().toISOString(),
      name: 'Alice Anderson',
      note: 'Start in January please',
    });
    const staff = (await h.staff('GET', `/api/v1/quotes/${quote.id}`)).body;
    expect(staff.decision).toMatchObject({
      name: 'Alice Anderson',
      address: '127.0.0.1',
      by: { type: 'contact', contactId: a.contacts[0]!.id },
    });
    const notice = await takeEmail(h, 'quote_answer', 'office@studio.example');
    expect(notice).toMatchObject({
      quote_id: quote.id,
      subject: `Quote ${quote.number} accepted by Client A`,
    });
    expect(notice!.text).toContain('Alice Anderson accepted quote');
    expect(notice!.text).toContain('Start in January please');
    expect(notice!.text).toContain(`https://billing.example.test/app/quotes/${quote.id}`);

    const twice = await alice.post(`/api/portal/v1/quotes/${quote.id}/accept`, { name: 'Alice Anderson' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('quote_already_accepted');
    const decline = await alice.post(`/api/portal/v1/quotes/${quote.id}/decline`, {});
    expect(decline.status).toBe(409);
  });

  it('declines with a reason, emails staff, and refuses to accept an expired quote', async () => {
    const quote = await sentQuote(a.clientId);
    const declined = await alice.post(`/api/portal/v1/quotes/${quote.id}/decline`, { reason: 'Over budget' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      decision: { outcome: 'declined', note: 'Over budget' },
    });
    const notice = await takeEmail(h, 'quote_answer', 'office@studio.example');
    expect(notice!.subject).toBe(`Quote ${quote.number} declined by Client A`);
    expect(notice!.text).toContain('Reason: Over budget');
    const after = await alice.post(`/api/portal/v1/quotes/${quote.id}/accept`, { name: 'Alice A' });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('quote_declined');

    const expired = await sentQuote(a.clientId, { issueDate: '2026-10-01', validUntil: '2026-10-31' });
    expect((await alice.get(`/api/portal/v1/quotes/${expired.id}`)).body.status).toBe('expired');
    const late = await alice.post(`/api/portal/v1/quotes/${expired.id}/accept`, { name: 'Alice A' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('quote_expired');
  });

  it('converts to a draft invoice in the same transaction when automatic conversion is on', async () => {
    expect((await h.staff('PATCH', '/api/v1/settings', { quoteAutoConvert: true })).status).toBe(200);
    const quote = await sentQuote(a.clientId);
    const accepted = await alice.post(`/api/portal/v1/quotes/${quote.id}/accept`, { name: 'Alice A' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('invoiced');
    const staff = (await h.staff('GET', `/api/v1/quotes/${quote.id}`)).body;
    expect(staff.invoice).toMatchObject({ number: null });
    const invoice = (await h.staff('GET', `/api/v1/invoices/${staff.invoice.id}`)).body;
    expect(invoice).toMatchObject({ status: 'draft', currency: quote.currency });
    expect(invoice.totals.total).toBe(quote.totals.total);
    const notice = await takeEmail(h, 'quote_answer', 'office@studio.example');
    expect(notice!.text).toContain('A draft invoice was made from it');
    await h.staff('PATCH', '/api/v1/settings', { quoteAutoConvert: false });
  });
});
