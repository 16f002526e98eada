import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/services/auth/secrets.ts';
import {
  createInvoice,
  createParty,
  type Party,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';

/** "Copy portal link": staff make a fresh invoice link for one contact, POST /api/v1/invoices/:id/portal-link. */
let h: PortalHarness;
let acme: Party;
let globex: Party;
let solo: Party;

const NOW = '2026-11-25T10:00:00.000Z';
const THIRTY_DAYS_LATER = '2026-12-25T10:00:00.000Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  h = await startPortalHarness();
  acme = await createParty(h, 'Acme', [
    { name: 'Ada Acme', email: 'ada@acme.example' },
    { name: 'Bob Acme', email: 'bob@acme.example' },
  ]);
  globex = await createParty(h, 'Globex', [{ name: 'Gina Globex', email: 'gina@globex.example' }]);
  // One contact who can use the portal, one without an email address who cannot.
  solo = await createParty(h, 'Solo', [
    { name: 'Sam Solo', email: 'sam@solo.example' },
    { name: 'Front desk', email: '' },
  ]);
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  h.clock.set(NOW);
  await resetRateLimits(h);
});

const ada = () => acme.contacts[0]!;
const bob = () => acme.contacts[1]!;
const gina = () => globex.contacts[0]!;

function portalLink(invoiceId: string, body?: unknown, token?: string) {
  return h.staff('POST', `/api/v1/invoices/${invoiceId}/portal-link`, body, token);
}

/** The path of the absolute URL the API gave, to open it against the test server. */
function pathOf(url: string): string {
  return new URL(url).pathname;
}

async function events(invoiceId: string) {
  return (await h.staff('GET', `/api/v1/invoices/${invoiceId}/events`)).body.items as any[];
}

async function rowCounts() {
  const count = async (table: 'invoice_links' | 'invoice_events') =>
    Number(
      (
        await h.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { links: await count('invoice_links'), events: await count('invoice_events') };
}

describe('copy portal link', () => {
  it('makes a link that opens this one invoice in the portal for the chosen contact, and marks it viewed', async () => {
    const invoice = await createInvoice(h, acme.clientId);
    const other = await createInvoice(h, acme.clientId);
    const globexInvoice = await createInvoice(h, globex.clientId);

    const created = await portalLink(invoice.id, { contactId: bob().id });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['contact', 'expiresAt', 'url']);
    expect(created.body.contact).toEqual({ id: bob().id, name: 'Bob Acme', email: 'bob@acme.example' });
    expect(created.body.expiresAt).toBe(THIRTY_DAYS_LATER);
    // The same form as the links in emails: APP_URL/portal/link/<token>.
    expect(created.body.url).toMatch(/^http:\/\/localhost:3000\/portal\/link\/rl_[A-Za-z0-9_-]{20,}$/);
    // Nothing else about the client or invoice rides along.
    const text = JSON.stringify(created.body);
    for (const secret of [ada().email, ada().id, invoice.number!, acme.clientId]) {
      expect(text).not.toContain(secret);
    }

    // Only the token's hash is stored.
    const token = pathOf(created.body.url).split('/').at(-1)!;
    const stored = await h.deps.db
      .selectFrom('invoice_links')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ invoice_id: invoice.id, contact_id: bob().id, revoked_at: null });
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await h.staff('GET', `/api/v1/invoices/${invoice.id}`)).body.status).toBe('sent');
    const browser = h.browser();
    const landing = await browser.get(pathOf(created.body.url));
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe(`/portal/invoices/${invoice.id}`);
    expect((await browser.get('/api/portal/v1/me')).body).toMatchObject({
      contact: { id: bob().id },
      scope: { kind: 'invoice_link', invoiceId: invoice.id },
    });
    expect((await browser.get(`/api/portal/v1/invoices/${invoice.id}`)).status).toBe(200);
    expect((await browser.get(`/api/portal/v1/invoices/${other.id}`)).status).toBe(404);
    expect((await browser.get(`/api/portal/v1/invoices/${globexInvoice.id}`)).status).toBe(404);
    const list = await browser.get('/api/portal/v1/invoices');
    expect(list.body.items.map((i: any) => i.id)).toEqual([invoice.id]);

    // The first open by the contact marks it Viewed, as for emailed links.
    expect((await h.staff('GET', `/api/v1/invoices/${invoice.id}`)).body.status).toBe('viewed');
    const timeline = await events(invoice.id);
    const viewed = timeline.find((e) => e.type === 'viewed');
    expect(viewed).toMatchObject({ actor: { type: 'contact', id: bob().id }, toStatus: 'viewed' });
  });

  it('records on the timeline who made a link for whom, without the token', async () => {
    const invoice = await createInvoice(h, acme.clientId);
    const created = await portalLink(invoice.id, { contactId: ada().id });
    expect(created.status).toBe(201);
    const linkId = (
      await h.deps.db
        .selectFrom('invoice_links')
        .select('id')
        .where('invoice_id', '=', invoice.id)
        .where('contact_id', '=', ada().id)
        .executeTakeFirstOrThrow()
    ).id;
    const timeline = await events(invoice.id);
    const event = timeline.find((e) => e.type === 'portal_link_created');
    expect(event).toEqual({
      id: expect.any(String),
      type: 'portal_link_created',
      fromStatus: null,
      toStatus: null,
      actor: { type: 'api_token', id: expect.any(String), name: 'API token "tests"' },
      data: {
        linkId,
        contactId: ada().id,
        contactName: 'Ada Acme',
        contactEmail: 'ada@acme.example',
        expiresAt: THIRTY_DAYS_LATER,
      },
      at: NOW,
    });
    const token = pathOf(created.body.url).split('/').at(-1)!;
    expect(JSON.stringify(timeline)).not.toContain(token);
    // The staff list of the contact's links shows it, still without the token.
    const links = await h.staff('GET', `/api/v1/contacts/${ada().id}/links`);
    expect(links.body.items.find((l: any) => l.id === linkId)).toMatchObject({ state: 'active' });
    expect(JSON.stringify(links.body)).not.toContain(token);
  });

  it('lets finance staff make a link too', async () => {
    const invoice = await createInvoice(h, acme.clientId);
    const created = await portalLink(invoice.id, { contactId: bob().id }, h.financeToken);
    expect(created.status).toBe(201);
    expect(created.body.contact.id).toBe(bob().id);
    const event = (await events(invoice.id)).find((e) => e.type === 'portal_link_created');
    expect(event.actor.type).toBe('api_token');
    const financeTokenOwner = await h.deps.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select('users.role')
      .where('api_tokens.id', '=', event.actor.id)
      .executeTakeFirstOrThrow();
    expect(financeTokenOwner.role).toBe('finance');
    expect((await h.browser().get(pathOf(created.body.url))).headers.get('location')).toBe(
      `/portal/invoices/${invoice.id}`,
    );
  });

  it('leaves links already sent working: a fresh link is added, nothing is revoked', async () => {
    const invoice = await createInvoice(h, acme.clientId);
    const first = await portalLink(invoice.id, { contactId: bob().id });
    const second = await portalLink(invoice.id, { contactId: bob().id });
    expect(first.body.url).not.toBe(second.body.url);
    for (const url of [first.body.url, second.body.url]) {
      expect((await h.browser().get(`/api/portal/v1/links/${pathOf(url).split('/').at(-1)}`)).status).toBe(
        200,
      );
    }
  });

  it('picks the only contact who can use the portal when contactId is left out, and asks otherwise', async () => {
    const soloInvoice = await createInvoice(h, solo.clientId);
    const picked = await portalLink(soloInvoice.id, {});
    expect(picked.status).toBe(201);
    expect(picked.body.contact).toEqual({
      id: solo.contacts[0]!.id,
      name: 'Sam Solo',
      email: 'sam@solo.example',
    });
    // No body at all is the same as an empty one.
    const noBody = await portalLink(soloInvoice.id);
    expect(noBody.status).toBe(201);
    expect(noBody.body.contact.id).toBe(solo.contacts[0]!.id);

    const acmeInvoice = await createInvoice(h, acme.clientId);
    const before = await rowCounts();
    const ambiguous = await portalLink(acmeInvoice.id, {});
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.headers.get('content-type')).toContain('application/problem+json');
    expect(ambiguous.body.errors).toEqual([
      { field: 'contactId', label: expect.any(String), message: expect.stringMatching(/several/) },
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a contact of another client, an unknown one, or one who cannot use the portal, naming contactId', async () => {
    const invoice = await createInvoice(h, acme.clientId);
    const before = await rowCounts();

    const foreign = await portalLink(invoice.id, { contactId: gina().id });
    expect(foreign.status).toBe(422);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(foreign.body).toMatchObject({ status: 422, code: 'validation' });
    expect(foreign.body.errors.map((e: any) => e.field)).toEqual(['contactId']);
    // Nothing about the other client's contact comes back.
    expect(JSON.stringify(foreign.body)).not.toContain('Gina');

    const unknown = await portalLink(invoice.id, { contactId: UNKNOWN_ID });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: any) => e.field)).toEqual(['contactId']);
    expect(unknown.body.detail).toBe(foreign.body.detail);

    const malformed = await portalLink(invoice.id, { contactId: 'bob' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: any) => e.field)).toEqual(['contactId']);
    const extra = await portalLink(invoice.id, { contactId: bob().id, email: 'someone@else.example' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors.map((e: any) => e.field)).toEqual(['email']);

    const soloInvoice = await createInvoice(h, solo.clientId);
    const countsAfterIssue = await rowCounts();
    const noEmail = await portalLink(soloInvoice.id, { contactId: solo.contacts[1]!.id });
    expect(noEmail.status).toBe(422);
    expect(noEmail.body.errors[0]).toEqual({
      field: 'contactId',
      label: expect.any(String),
      message: expect.stringMatching(/email/),
    });
    expect(await rowCounts()).toEqual(countsAfterIssue);
    expect(countsAfterIssue.links).toBe(before.links);
  });

  it('refuses a contact whose portal access was deactivated', async () => {
    const party = await createParty(h, 'Cut Off Ltd', [{ name: 'Cora Cut', email: 'cora@cut.example' }]);
    const invoice = await createInvoice(h, party.clientId);
    expect(
      (await h.staff('POST', `/api/v1/contacts/${party.contacts[0]!.id}/portal/deactivate`)).status,
    ).toBe(200);
    const refused = await portalLink(invoice.id, { contactId: party.contacts[0]!.id });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toEqual({
      field: 'contactId',
      label: expect.any(String),
      message: expect.stringMatching(/deactivated/),
    });
    // Left out, there is no contact to pick either.
    const none = await portalLink(invoice.id, {});
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('contactId');
  });

  it('refuses drafts and void invoices with 409, writing nothing', async () => {
    const draft = await createInvoice(h, acme.clientId, { issue: false });
    const voided = await createInvoice(h, acme.clientId);
    expect(
      (await h.staff('POST', `/api/v1/invoices/${voided.id}/void`, { reason: 'Duplicate' })).status,
    ).toBe(200);
    const before = await rowCounts();

    const fromDraft = await portalLink(draft.id, { contactId: bob().id });
    expect(fromDraft.status).toBe(409);
    expect(fromDraft.headers.get('content-type')).toContain('application/problem+json');
    expect(fromDraft.body).toMatchObject({ status: 409, code: 'invoice_not_issued' });
    expect(fromDraft.body).not.toHaveProperty('url');

    const fromVoid = await portalLink(voided.id, { contactId: bob().id });
    expect(fromVoid.status).toBe(409);
    expect(fromVoid.body).toMatchObject({ status: 409, code: 'invoice_void' });

    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an invoice of an archived client, and answers 404 for an unknown invoice', async () => {
    const party = await createParty(h, 'Old Co', [{ name: 'Otto Old', email: 'otto@old.example' }]);
    const invoice = await createInvoice(h, party.clientId);
    expect((await h.staff('PATCH', `/api/v1/clients/${party.clientId}`, { archived: true })).status).toBe(
      200,
    );
    const archived = await portalLink(invoice.id, { contactId: party.contacts[0]!.id });
    expect(archived.status).toBe(409);
    expect(archived.body.code).toBe('client_archived');

    const missing = await portalLink(UNKNOWN_ID, { contactId: bob().id });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
  });

  it('offers no access once the link has expired, 30 days later', async () => {
    const invoice = await createInvoice(h, acme.clientId);
    const created = await portalLink(invoice.id, { contactId: ada().id });
    const token = pathOf(created.body.url).split('/').at(-1)!;

    h.clock.set('2026-12-25T09:59:00Z');
    expect((await h.browser().get(`/api/portal/v1/links/${token}`)).status).toBe(200);

    h.clock.set(THIRTY_DAYS_LATER);
    const browser = h.browser();
    const landing = await browser.get(pathOf(created.body.url));
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe(`/portal/link-unavailable#token=${token}`);
    expect(browser.cookies.has('remit_portal')).toBe(false);
    const json = await browser.get(`/api/portal/v1/links/${token}`);
    expect(json.status).toBe(410);
    expect(json.body.code).toBe('link_expired');
    expect(JSON.stringify(json.body)).not.toContain(invoice.id);
    expect((await browser.get(`/api/portal/v1/invoices/${invoice.id}`)).status).toBe(401);
  });

  it('is for staff only: no credentials, or a portal session, get 401', async () => {
    const invoice = await createInvoice(h, acme.clientId);
    const created = await portalLink(invoice.id, { contactId: bob().id });
    const browser = h.browser();
    await browser.get(pathOf(created.body.url));
    const asContact = await browser.post(`/api/v1/invoices/${invoice.id}/portal-link`, {
      contactId: bob().id,
    });
    expect(asContact.status).toBe(401);
    const anonymous = await h
      .browser()
      .post(`/api/v1/invoices/${invoice.id}/portal-link`, { contactId: bob().id });
    expect(anonymous.status).toBe(401);
  });
});
