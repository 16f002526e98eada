import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateContact,
  type Browser,
  createParty,
  type Party,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';

let h: PortalHarness;
let a: Party;
let alice: Browser;

const originalLines = [
  {
    description: 'Discovery workshop',
    quantity: '2',
    unitPrice: '450.00',
    taxes: [{ name: 'VAT', rate: '20' }],
  },
  { description: 'Prototype', quantity: '1', unitPrice: '1200.00' },
];

async function draftQuote(body: Record<string, unknown> = {}) {
  const created = await h.staff('POST', '/api/v1/quotes', {
    clientId: a.clientId,
    issueDate: '2026-11-20',
    validUntil: '2026-12-20',
    taxes: [],
    discount: { kind: 'percent', value: '5' },
    notes: 'Thank you for asking',
    terms: 'Half up front',
    lines: originalLines,
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function sentQuote(body: Record<string, unknown> = {}) {
  const draft = await draftQuote(body);
  const sent = await h.staff('POST', `/api/v1/quotes/${draft.id}/mark-sent`);
  expect(sent.status).toBe(200);
  return sent.body;
}

const revisionsOf = async (id: string) => (await h.staff('GET', `/api/v1/quotes/${id}/revisions`)).body.items;

beforeAll(async () => {
  h = await startPortalHarness();
  a = await createParty(h, 'Quoted Ltd', [{ name: 'Alice Quoted', email: 'alice@quoted.example' }]);
  alice = await activateContact(h, a.contacts[0]!);
});

afterAll(async () => {
  await h?.close();
});

describe('editing a sent quote', () => {
  it('saves a revision, keeps the version as sent readable with the same engine totals, and keeps the number', async () => {
    const sent = await sentQuote();
    expect(await revisionsOf(sent.id)).toMatchObject([
      { revision: 1, current: true, number: sent.number, total: sent.totals.total, note: 'As sent' },
    ]);
    const unedited = await h.staff('GET', `/api/v1/quotes/${sent.id}/revisions/1`);
    expect(unedited.status).toBe(200);
    expect(unedited.body.quote).toEqual(sent);

    h.clock.set('2026-11-25T10:01:00Z');
    const edited = await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, {
      lines: [...originalLines, { description: 'Extra round of changes', quantity: '1', unitPrice: '300' }],
      notes: 'Thank you, again',
      revisionNote: 'Client asked for one more round',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ number: sent.number, status: 'sent', notes: 'Thank you, again' });
    expect(edited.body.lines).toHaveLength(3);
    expect(edited.body.totals.total).not.toBe(sent.totals.total);

    const list = await revisionsOf(sent.id);
    expect(list).toMatchObject([
      {
        revision: 1,
        current: false,
        number: sent.number,
        total: sent.totals.total,
        validUntil: '2026-12-20',
        note: 'As sent',
        createdAt: sent.sentAt,
        createdBy: { type: 'api_token' },
      },
      {
        revision: 2,
        current: true,
        number: sent.number,
        total: edited.body.totals.total,
        note: 'Client asked for one more round',
        createdAt: h.clock.now().toISOString(),
        createdBy: { type: 'api_token' },
      },
    ]);

    // The earlier version reads exactly as the quote did when it was sent, figures included.
    const first = await h.staff('GET', `/api/v1/quotes/${sent.id}/revisions/1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: 1, current: false, note: 'As sent' });
    expect(first.body.quote).toEqual(sent);

    const second = await h.staff('GET', `/api/v1/quotes/${sent.id}/revisions/2`);
    expect(second.body.current).toBe(true);
    expect(second.body.quote).toEqual(edited.body);

    for (const missing of ['3', '0', 'two']) {
      const response = await h.staff('GET', `/api/v1/quotes/${sent.id}/revisions/${missing}`);
      expect(response.status, missing).toBe(404);
    }

    const third = await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, { terms: 'Net 14' });
    expect(third.status).toBe(200);
    expect(
      (await revisionsOf(sent.id)).map((r: { revision: number; current: boolean }) => [
        r.revision,
        r.current,
      ]),
    ).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);

    const events = (await h.staff('GET', `/api/v1/quotes/${sent.id}/events`)).body.items;
    const revised = events.filter((e: { type: string }) => e.type === 'revised');
    expect(revised.map((e: { data: any }) => e.data)).toEqual([
      {
        revision: 2,
        fields: ['lines', 'notes'],
        note: 'Client asked for one more round',
        total: edited.body.totals.total,
      },
      { revision: 3, fields: ['terms'], note: '', total: edited.body.totals.total },
    ]);
    expect(events.some((e: { type: string }) => e.type === 'updated')).toBe(false);
  });

  it('edits drafts in place without revisions, and saves none for an edit that changes nothing', async () => {
    const draft = await draftQuote();
    const edited = await h.staff('PATCH', `/api/v1/quotes/${draft.id}`, { notes: 'draft note' });
    expect(edited.status).toBe(200);
    expect(await revisionsOf(draft.id)).toEqual([]);
    expect((await h.staff('GET', `/api/v1/quotes/${draft.id}/revisions/1`)).status).toBe(404);
    const events = (await h.staff('GET', `/api/v1/quotes/${draft.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ type: 'updated', data: { fields: ['notes'], status: 'draft' } });

    const sent = await h.staff('POST', `/api/v1/quotes/${draft.id}/mark-sent`);
    const same = await h.staff('PATCH', `/api/v1/quotes/${draft.id}`, {
      notes: 'draft note',
      lines: originalLines,
      revisionNote: 'nothing really',
    });
    expect(same.status).toBe(200);
    // Lines given are written again (new ids); nothing the quote says changed.
    const withoutLineIds = ({ lines, ...quote }: { lines: { id: string }[] }) => ({
      ...quote,
      lines: lines.map(({ id: _id, ...line }) => line),
    });
    expect(withoutLineIds(same.body)).toEqual(withoutLineIds(sent.body));
    expect(await revisionsOf(draft.id)).toHaveLength(1);
  });

  it('sends a viewed quote back to Sent until the client opens the new version', async () => {
    await resetRateLimits(h);
    const sent = await sentQuote();
    expect((await alice.get(`/api/portal/v1/quotes/${sent.id}`)).body).toMatchObject({
      status: 'viewed',
      revision: 1,
    });
    const edited = await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, { validUntil: '2027-01-15' });
    expect(edited.body).toMatchObject({ status: 'sent', viewedAt: null, validUntil: '2027-01-15' });
    const events = (await h.staff('GET', `/api/v1/quotes/${sent.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ type: 'revised', fromStatus: 'viewed', toStatus: 'sent' });
    // The version as sent keeps the status it had when it was replaced.
    expect((await h.staff('GET', `/api/v1/quotes/${sent.id}/revisions/1`)).body.quote.status).toBe('viewed');

    const reopened = await alice.get(`/api/portal/v1/quotes/${sent.id}`);
    expect(reopened.body).toMatchObject({ status: 'viewed', revision: 2, validUntil: '2027-01-15' });
    expect((await h.staff('GET', `/api/v1/quotes/${sent.id}`)).body.status).toBe('viewed');
  });

  it('refuses an answer given to a version that has since changed, and records the version answered', async () => {
    await resetRateLimits(h);
    const sent = await sentQuote();
    const read = await alice.get(`/api/portal/v1/quotes/${sent.id}`);
    expect(read.body.revision).toBe(1);
    await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, {
      lines: [{ description: 'Prototype', quantity: '1', unitPrice: '1500.00' }],
    });

    const stale = await alice.post(`/api/portal/v1/quotes/${sent.id}/accept`, {
      name: 'Alice Quoted',
      revision: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('quote_revised');
    // The client is told in a client's words (the staff API keeps naming both versions).
    expect(stale.body.detail).toBe(
      'This quote was replaced by a newer version; reload the page and read it before answering',
    );
    const staleDecline = await alice.post(`/api/portal/v1/quotes/${sent.id}/decline`, { revision: 1 });
    expect(staleDecline.status).toBe(409);
    expect((await h.staff('GET', `/api/v1/quotes/${sent.id}`)).body.status).toBe('sent');

    const fresh = await alice.get(`/api/portal/v1/quotes/${sent.id}`);
    const accepted = await alice.post(`/api/portal/v1/quotes/${sent.id}/accept`, {
      name: 'Alice Quoted',
      revision: fresh.body.revision,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const events = (await h.staff('GET', `/api/v1/quotes/${sent.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ toStatus: 'accepted', data: { action: 'accept', revision: 2 } });
  });

  it('keeps accepted, declined and invoiced quotes locked, and a sent quote with its client and currency', async () => {
    const accepted = await sentQuote();
    await h.staff('POST', `/api/v1/quotes/${accepted.id}/accept`, { name: 'Alice Quoted' });
    const declined = await sentQuote();
    await h.staff('POST', `/api/v1/quotes/${declined.id}/decline`, { note: 'Too dear' });
    const invoiced = await sentQuote();
    await h.staff('POST', `/api/v1/quotes/${invoiced.id}/accept`, { name: 'Alice Quoted' });
    expect((await h.staff('POST', `/api/v1/quotes/${invoiced.id}/convert`, {})).status).toBe(200);
    for (const quote of [accepted, declined, invoiced]) {
      const refused = await h.staff('PATCH', `/api/v1/quotes/${quote.id}`, {
        notes: 'sneaky',
        revisionNote: 'x',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('quote_locked');
      expect(await revisionsOf(quote.id)).toMatchObject([{ revision: 1, current: true }]);
    }

    const sent = await sentQuote();
    const currency = await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, { currency: 'EUR' });
    expect(currency.status).toBe(422);
    expect(currency.body.errors[0].field).toBe('currency');
    const other = await createParty(h, 'Someone Else', []);
    const client = await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, { clientId: other.clientId });
    expect(client.status).toBe(422);
    expect(client.body.errors[0].field).toBe('clientId');
    const empty = await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, { lines: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe('lines');
    // Refused edits left nothing behind.
    expect(await revisionsOf(sent.id)).toHaveLength(1);
    const { parties: _parties, ...unchanged } = (await h.staff('GET', `/api/v1/quotes/${sent.id}`)).body;
    expect(unchanged).toEqual(sent);
  });

  it('shows revisions to staff only: portal sessions and unknown quotes get nothing', async () => {
    await resetRateLimits(h);
    const sent = await sentQuote();
    await h.staff('PATCH', `/api/v1/quotes/${sent.id}`, { notes: 'Changed' });
    for (const path of [`/api/v1/quotes/${sent.id}/revisions`, `/api/v1/quotes/${sent.id}/revisions/1`]) {
      expect((await alice.get(path)).status, path).toBe(401);
      expect((await h.browser().get(path)).status, path).toBe(401);
      expect((await h.staff('GET', path, undefined, h.financeToken)).status, path).toBe(200);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await h.staff('GET', `/api/v1/quotes/${unknown}/revisions`)).status).toBe(404);
    expect((await h.staff('GET', `/api/v1/quotes/${unknown}/revisions/1`)).status).toBe(404);
    // Revisions are the quote's own: another quote's numbers do not reach them.
    const other = await sentQuote();
    expect((await h.staff('GET', `/api/v1/quotes/${other.id}/revisions/2`)).status).toBe(404);
    // An invoice id is not a quote.
    const invoice = await h.staff('POST', '/api/v1/invoices', {
      clientId: a.clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect((await h.staff('GET', `/api/v1/quotes/${invoice.body.id}/revisions`)).status).toBe(404);

    const spec = await h.staff('GET', '/api/v1/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/quotes/{id}/revisions', '/api/v1/quotes/{id}/revisions/{revision}']),
    );
  });
});
