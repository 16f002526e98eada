import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  activateContact,
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
let acme: Party;
let globex: Party;
let acmeInvoice: { id: string; number: string | null };
let acmeSecond: { id: string; number: string | null };
let acmeDraft: { id: string };
let acmeVoid: { id: string; number: string | null };
let globexInvoice: { id: string; number: string | null };

beforeAll(async () => {
  h = await startPortalHarness();
  await h.staff('PATCH', '/api/v1/settings', { businessName: 'Remit Test Studio' });
  acme = await createParty(h, 'Acme', [
    { name: 'Ada Acme', email: 'ada@acme.example' },
    { name: 'Bob Acme', email: 'bob@acme.example' },
  ]);
  globex = await createParty(h, 'Globex', [{ name: 'Gina Globex', email: 'gina@globex.example' }]);
  acmeInvoice = await createInvoice(h, acme.clientId);
  acmeSecond = await createInvoice(h, acme.clientId);
  acmeDraft = await createInvoice(h, acme.clientId, { issue: false });
  acmeVoid = await createInvoice(h, acme.clientId);
  expect(
    (await h.staff('POST', `/api/v1/invoices/${acmeVoid.id}/void`, { reason: 'Duplicate' })).status,
  ).toBe(200);
  globexInvoice = await createInvoice(h, globex.clientId);
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  h.clock.set('2026-11-25T10:00:00Z');
  await resetRateLimits(h);
});

const ada = () => acme.contacts[0]!;
const bob = () => acme.contacts[1]!;
const gina = () => globex.contacts[0]!;

describe('invitation, login, logout', () => {
  it('invites a contact by email, lets them set a password and signs them in with a safe cookie', async () => {
    const before = await h.staff('GET', `/api/v1/clients/${acme.clientId}/contacts`);
    expect(before.body.items.map((c: any) => c.portal.status)).toEqual(['not_invited', 'not_invited']);

    const invited = await h.staff('POST', `/api/v1/contacts/${ada().id}/portal/invite`);
    expect(invited.status).toBe(200);
    expect(invited.body.portal.status).toBe('invited');
    const email = await takeEmail(h, 'portal_invite', 'ada@acme.example');
    expect(email).toMatchObject({ to_name: 'Ada Acme', contact_id: ada().id, state: 'queued' });
    expect(email!.subject).toContain('Remit Test Studio');
    expect(email!.text).toContain('http://localhost:3000/portal/set-password#token=');

    const browser = h.browser();
    const weak = await browser.post('/api/portal/v1/auth/accept-invitation', {
      token: email!.token,
      password: 'short',
    });
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0].field).toBe('password');

    const accepted = await browser.post('/api/portal/v1/auth/accept-invitation', {
      token: email!.token,
      password: 'ada-portal-pass',
    });
    expect(accepted.status).toBe(200);
    const cookie = accepted.setCookies.find((c) => c.startsWith('remit_portal='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);

    const me = await browser.get('/api/portal/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      contact: { id: ada().id, name: 'Ada Acme', email: 'ada@acme.example' },
      client: { id: acme.clientId, name: 'Acme' },
      scope: { kind: 'account' },
    });

    // The invitation works once.
    const again = await h.browser().post('/api/portal/v1/auth/accept-invitation', {
      token: email!.token,
      password: 'another-password',
    });
    expect(again.status).toBe(401);

    const after = await h.staff('GET', `/api/v1/clients/${acme.clientId}/contacts`);
    expect(after.body.items[0].portal).toMatchObject({ status: 'active' });
    expect(after.body.items[0].portal.activatedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('logs in with email and password, rotating the session, and logs out', async () => {
    const browser = h.browser();
    const wrong = await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'wrong-password',
    });
    expect(wrong.status).toBe(401);
    const unknown = await browser.post('/api/portal/v1/auth/login', {
      email: 'nobody@acme.example',
      password: 'ada-portal-pass',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);

    const first = await browser.post('/api/portal/v1/auth/login', {
      email: 'ADA@acme.example',
      password: 'ada-portal-pass',
    });
    expect(first.status).toBe(200);
    const firstToken = browser.cookies.get('remit_portal')!;
    const second = await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    expect(second.status).toBe(200);
    const secondToken = browser.cookies.get('remit_portal')!;
    expect(secondToken).not.toBe(firstToken);

    // The session presented at login is gone: a planted or stolen pre-login id is worthless afterwards.
    const stale = h.browser();
    stale.cookies.set('remit_portal', firstToken);
    expect((await stale.get('/api/portal/v1/me')).status).toBe(401);
    expect((await browser.get('/api/portal/v1/me')).status).toBe(200);

    const out = await browser.post('/api/portal/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(browser.cookies.has('remit_portal')).toBe(false);
    const replay = h.browser();
    replay.cookies.set('remit_portal', secondToken);
    expect((await replay.get('/api/portal/v1/me')).status).toBe(401);
  });

  it('does not let a staff token or staff cookie into the portal, nor a portal cookie into the staff API', async () => {
    const staffAsPortal = await fetch(`${h.baseUrl}/api/portal/v1/me`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    expect(staffAsPortal.status).toBe(401);
    const browser = h.browser();
    await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    const portalCookieOnStaff = await fetch(`${h.baseUrl}/api/v1/clients`, {
      headers: { cookie: `remit_portal=${browser.cookies.get('remit_portal')}` },
    });
    expect(portalCookieOnStaff.status).toBe(401);
    const asStaffCookie = await fetch(`${h.baseUrl}/api/v1/clients`, {
      headers: { cookie: `remit_session=${browser.cookies.get('remit_portal')}` },
    });
    expect(asStaffCookie.status).toBe(401);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const browser = h.browser();
    await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    const body = { currentPassword: 'ada-portal-pass', newPassword: 'ada-portal-pass-2' };
    const missing = await browser.post('/api/portal/v1/me/password', body, { csrf: false });
    expect(missing.status).toBe(403);
    const saved = browser.csrfToken;
    browser.csrfToken = 'forged-token-value-of-some-length';
    expect((await browser.post('/api/portal/v1/me/password', body)).status).toBe(403);
    browser.csrfToken = saved;
    const changed = await browser.post('/api/portal/v1/me/password', body);
    expect(changed.status).toBe(200);
    // The CSRF token is also available to a page that reloads (the cookie itself is HttpOnly).
    expect((await browser.get('/api/portal/v1/me')).body.csrfToken).toBe(browser.csrfToken);
    const old = await h
      .browser()
      .post('/api/portal/v1/auth/login', { email: 'ada@acme.example', password: 'ada-portal-pass' });
    expect(old.status).toBe(401);
    const back = await browser.post('/api/portal/v1/me/password', {
      currentPassword: 'ada-portal-pass-2',
      newPassword: 'ada-portal-pass',
    });
    expect(back.status).toBe(200);
  });
});

describe('password reset and emailed sign-in', () => {
  it('answers the same for unknown addresses and emails a one-time reset link to a real account', async () => {
    const resetsBefore = await countEmails(h, 'portal_password_reset');
    const unknown = await h
      .browser()
      .post('/api/portal/v1/auth/password-reset', { email: 'nobody@acme.example' });
    const notInvited = await h
      .browser()
      .post('/api/portal/v1/auth/password-reset', { email: 'bob@acme.example' });
    const known = await h.browser().post('/api/portal/v1/auth/password-reset', { email: 'ada@acme.example' });
    expect([unknown.status, notInvited.status, known.status]).toEqual([202, 202, 202]);
    expect(unknown.body).toEqual(known.body);
    expect(await countEmails(h, 'portal_password_reset')).toBe(resetsBefore + 1);

    const signedIn = h.browser();
    await signedIn.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    const email = await takeEmail(h, 'portal_password_reset', 'ada@acme.example');
    expect(email!.text).toContain('/portal/reset-password#token=');
    const browser = h.browser();
    const reset = await browser.post('/api/portal/v1/auth/password-reset/confirm', {
      token: email!.token,
      password: 'ada-new-password',
    });
    expect(reset.status).toBe(200);
    expect((await browser.get('/api/portal/v1/me')).status).toBe(200);
    // Other sessions end with a reset; the old password is gone; the token worked once.
    expect((await signedIn.get('/api/portal/v1/me')).status).toBe(401);
    expect(
      (
        await h
          .browser()
          .post('/api/portal/v1/auth/login', { email: 'ada@acme.example', password: 'ada-portal-pass' })
      ).status,
    ).toBe(401);
    const reuse = await h.browser().post('/api/portal/v1/auth/password-reset/confirm', {
      token: email!.token,
      password: 'ada-third-password',
    });
    expect(reuse.status).toBe(401);
    // Put the usual password back for the other tests.
    await h.browser().post('/api/portal/v1/auth/password-reset', { email: 'ada@acme.example' });
    const again = await takeEmail(h, 'portal_password_reset', 'ada@acme.example');
    const restored = await h.browser().post('/api/portal/v1/auth/password-reset/confirm', {
      token: again!.token,
      password: 'ada-portal-pass',
    });
    expect(restored.status).toBe(200);
  });

  it('signs in without a password through an emailed link that works once and expires in 15 minutes', async () => {
    expect(
      (await h.browser().post('/api/portal/v1/auth/login-link', { email: 'ada@acme.example' })).status,
    ).toBe(202);
    const email = await takeEmail(h, 'portal_login_link', 'ada@acme.example');
    expect(email!.text).toContain('/portal/sign-in#token=');
    const browser = h.browser();
    const confirmed = await browser.post('/api/portal/v1/auth/login-link/confirm', { token: email!.token });
    expect(confirmed.status).toBe(200);
    expect((await browser.get('/api/portal/v1/me')).body.contact.id).toBe(ada().id);
    expect(
      (await h.browser().post('/api/portal/v1/auth/login-link/confirm', { token: email!.token })).status,
    ).toBe(401);

    await h.browser().post('/api/portal/v1/auth/login-link', { email: 'ada@acme.example' });
    const late = await takeEmail(h, 'portal_login_link', 'ada@acme.example');
    h.clock.set('2026-11-25T10:16:00Z');
    expect(
      (await h.browser().post('/api/portal/v1/auth/login-link/confirm', { token: late!.token })).status,
    ).toBe(401);
  });
});

describe("the contact's invoices", () => {
  it('lists only the own client, never drafts, void as void, with status filter and number search', async () => {
    const browser = h.browser();
    await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    const list = await browser.get('/api/portal/v1/invoices');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i: any) => i.id).sort();
    expect(ids).toEqual([acmeInvoice.id, acmeSecond.id, acmeVoid.id].sort());
    expect(ids).not.toContain(acmeDraft.id);
    expect(ids).not.toContain(globexInvoice.id);
    expect(list.body.items.find((i: any) => i.id === acmeVoid.id).status).toBe('void');
    expect(list.body.items[0]).toMatchObject({
      currency: 'USD',
      total: '300.00',
      balanceDue: expect.any(String),
    });

    const voids = await browser.get('/api/portal/v1/invoices?status=void');
    expect(voids.body.items.map((i: any) => i.id)).toEqual([acmeVoid.id]);
    const drafts = await browser.get('/api/portal/v1/invoices?status=draft');
    expect(drafts.status).toBe(400);
    const search = await browser.get(`/api/portal/v1/invoices?q=${encodeURIComponent(acmeSecond.number!)}`);
    expect(search.body.items.map((i: any) => i.id)).toEqual([acmeSecond.id]);
    const otherNumber = await browser.get(
      `/api/portal/v1/invoices?q=${encodeURIComponent(globexInvoice.number!)}`,
    );
    expect(otherNumber.body.items).toEqual([]);
    const page = await browser.get('/api/portal/v1/invoices?limit=2');
    expect(page.body.items).toHaveLength(2);
    const next = await browser.get(`/api/portal/v1/invoices?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
  });

  it('shows one invoice in full with branding, totals, payments and revision, and records the open', async () => {
    const paid = await h.staff('POST', `/api/v1/invoices/${acmeSecond.id}/payments`, {
      amount: '100.00',
      method: 'bank_transfer',
      reference: 'TRX-1',
      note: 'internal staff note',
    });
    expect(paid.status).toBe(201);
    const browser = h.browser();
    await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    const invoice = await browser.get(`/api/portal/v1/invoices/${acmeSecond.id}`);
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get('cache-control')).toBe('private, no-store');
    expect(invoice.body).toMatchObject({
      id: acmeSecond.id,
      number: acmeSecond.number,
      status: 'partially_paid',
      business: { name: 'Remit Test Studio' },
      lines: [{ description: 'Consulting', quantity: '2', unitPrice: '150.00', amount: '300.00' }],
      totals: { total: '300.00', amountPaid: '100.00', balanceDue: '200.00' },
      payments: [{ amount: '100.00', method: 'bank_transfer', reference: 'TRX-1' }],
      revision: { revision: 1 },
    });
    expect(JSON.stringify(invoice.body)).not.toContain('internal staff note');
    expect(invoice.body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    for (const id of [acmeDraft.id, globexInvoice.id, '00000000-0000-4000-8000-000000000000']) {
      const hidden = await browser.get(`/api/portal/v1/invoices/${id}`);
      expect(hidden.status).toBe(404);
    }

    const opens = await h.staff('GET', `/api/v1/invoices/${acmeSecond.id}/portal-opens`);
    expect(opens.body.items).toEqual([
      expect.objectContaining({ contactId: ada().id, lastOpenedAt: '2026-11-25T10:00:00.000Z', opens: 1 }),
    ]);
  });

  it('serves the PDF of an own invoice only', async () => {
    const browser = h.browser();
    await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    const response = await fetch(`${h.baseUrl}/api/portal/v1/invoices/${acmeInvoice.id}/pdf`, {
      headers: { cookie: `remit_portal=${browser.cookies.get('remit_portal')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await browser.get(`/api/portal/v1/invoices/${globexInvoice.id}/pdf`)).status).toBe(404);
    expect((await browser.get(`/api/portal/v1/invoices/${acmeDraft.id}/pdf`)).status).toBe(404);
  });
});

describe('invoice links', () => {
  it('opens the invoice from the emailed link with a session for that one invoice, and marks it viewed', async () => {
    const link = await makeLink(h, acmeInvoice.id, bob().id);
    const browser = h.browser();
    const landing = await browser.get(link.path);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe(`/portal/invoices/${acmeInvoice.id}`);
    expect(landing.setCookies.find((c) => c.startsWith('remit_portal='))).toMatch(/HttpOnly/i);

    const me = await browser.get('/api/portal/v1/me');
    expect(me.body).toMatchObject({
      contact: { id: bob().id },
      scope: { kind: 'invoice_link', invoiceId: acmeInvoice.id },
    });
    expect((await browser.get(`/api/portal/v1/invoices/${acmeInvoice.id}`)).status).toBe(200);
    // The link grants one invoice: not the client's others, not another client's.
    expect((await browser.get(`/api/portal/v1/invoices/${acmeSecond.id}`)).status).toBe(404);
    expect((await browser.get(`/api/portal/v1/invoices/${globexInvoice.id}`)).status).toBe(404);
    const list = await browser.get('/api/portal/v1/invoices');
    expect(list.body.items.map((i: any) => i.id)).toEqual([acmeInvoice.id]);

    const staffView = await h.staff('GET', `/api/v1/invoices/${acmeInvoice.id}`);
    expect(staffView.body.status).toBe('viewed');
    const opens = await h.staff('GET', `/api/v1/invoices/${acmeInvoice.id}/portal-opens`);
    expect(opens.body.items.map((o: any) => o.contactId)).toContain(bob().id);

    const json = await h.browser().get(`/api/portal/v1/links/${link.token}`);
    expect(json.status).toBe(200);
    expect(json.body.invoice.id).toBe(acmeInvoice.id);
    expect(json.body.csrfToken).toEqual(expect.any(String));
  });

  it('keeps the account session of a signed-in contact who opens a link from an email', async () => {
    const browser = h.browser();
    await browser.post('/api/portal/v1/auth/login', {
      email: 'ada@acme.example',
      password: 'ada-portal-pass',
    });
    const link = await makeLink(h, acmeSecond.id, ada().id);
    expect((await browser.get(link.path)).headers.get('location')).toBe(`/portal/invoices/${acmeSecond.id}`);
    expect((await browser.get('/api/portal/v1/me')).body.scope).toEqual({ kind: 'account' });
    expect((await browser.get(`/api/portal/v1/invoices/${acmeInvoice.id}`)).status).toBe(200);
    // A link of another contact replaces the session instead: the browser now acts for that contact's link only.
    const bobLink = await makeLink(h, acmeInvoice.id, bob().id);
    await browser.get(bobLink.path);
    expect((await browser.get('/api/portal/v1/me')).body).toMatchObject({
      contact: { id: bob().id },
      scope: { kind: 'invoice_link', invoiceId: acmeInvoice.id },
    });
  });

  it('never reveals the invoice behind an expired link and emails a fresh one to the contact', async () => {
    const expired = await makeLink(h, acmeInvoice.id, bob().id, new Date('2026-09-01T00:00:00Z'), 30);
    const browser = h.browser();
    const landing = await browser.get(expired.path);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe(`/portal/link-unavailable#token=${expired.token}`);
    expect(browser.cookies.has('remit_portal')).toBe(false);
    const json = await browser.get(`/api/portal/v1/links/${expired.token}`);
    expect(json.status).toBe(410);
    expect(json.body.code).toBe('link_expired');
    expect(JSON.stringify(json.body)).not.toContain(acmeInvoice.number!);

    const before = await countEmails(h, 'portal_link');
    const resent = await browser.post('/api/portal/v1/links/resend', { token: expired.token });
    const bogus = await browser.post('/api/portal/v1/links/resend', { token: 'rl_not-a-real-token' });
    expect(resent.status).toBe(202);
    expect(bogus.status).toBe(202);
    expect(bogus.body).toEqual(resent.body);
    expect(await countEmails(h, 'portal_link')).toBe(before + 1);
    const email = await takeEmail(h, 'portal_link', 'bob@acme.example');
    expect(email!.contact_id).toBe(bob().id);
    expect(email!.text).toContain('http://localhost:3000/portal/link/');
    expect(email!.subject).toBe(`A new link to invoice ${acmeInvoice.number} from Remit Test Studio`);
    const fresh = await h.browser().get(`/portal/link/${email!.token}`);
    expect(fresh.status).toBe(303);
    expect(fresh.headers.get('location')).toBe(`/portal/invoices/${acmeInvoice.id}`);

    // In the client's language, the expiry in the organisation's words for dates.
    await h.deps.db.updateTable('clients').set({ language: 'de' }).where('id', '=', acme.clientId).execute();
    try {
      const again = await makeLink(h, acmeInvoice.id, bob().id, new Date('2026-09-01T00:00:00Z'), 30);
      expect((await h.browser().post('/api/portal/v1/links/resend', { token: again.token })).status).toBe(
        202,
      );
      const german = await takeEmail(h, 'portal_link', 'bob@acme.example');
      expect(german!.subject).toBe(`Ein neuer Link zu Rechnung ${acmeInvoice.number} von Remit Test Studio`);
      expect(german!.text).toContain('Rechnung ansehen: http://localhost:3000/portal/link/');
      expect(german!.text).toMatch(/Der Link läuft am \d{1,2}\. \w+ 2026/);
    } finally {
      await h.deps.db
        .updateTable('clients')
        .set({ language: null })
        .where('id', '=', acme.clientId)
        .execute();
    }
  });

  it('lets staff list and revoke one link or all of a contact, ending the sessions they opened', async () => {
    const one = await makeLink(h, acmeInvoice.id, bob().id);
    const two = await makeLink(h, acmeSecond.id, bob().id);
    const holder = h.browser();
    await holder.get(one.path);
    expect((await holder.get('/api/portal/v1/me')).status).toBe(200);

    const revokeOne = await h.staff('POST', `/api/v1/contacts/${bob().id}/links/${one.id}/revoke`);
    expect(revokeOne.body).toEqual({ revoked: 1 });
    expect((await holder.get('/api/portal/v1/me')).status).toBe(401);
    expect((await h.browser().get(one.path)).headers.get('location')).toMatch(/^\/portal\/link-unavailable/);
    expect((await h.browser().get(`/api/portal/v1/links/${one.token}`)).status).toBe(404);
    // Resending a revoked link sends nothing.
    const before = await countEmails(h, 'portal_link');
    await h.browser().post('/api/portal/v1/links/resend', { token: one.token });
    expect(await countEmails(h, 'portal_link')).toBe(before);

    expect((await h.browser().get(two.path)).status).toBe(303);
    const links = await h.staff('GET', `/api/v1/contacts/${bob().id}/links`);
    expect(links.body.items.find((l: any) => l.id === one.id).state).toBe('revoked');
    expect(links.body.items.find((l: any) => l.id === two.id).state).toBe('active');
    expect(JSON.stringify(links.body)).not.toContain(two.token);

    const all = await h.staff('POST', `/api/v1/contacts/${bob().id}/links/revoke`);
    expect(all.body.revoked).toBeGreaterThanOrEqual(1);
    expect((await h.browser().get(`/api/portal/v1/links/${two.token}`)).status).toBe(404);
    // A link of another contact is not this contact's to revoke.
    const ginaLink = await makeLink(h, globexInvoice.id, gina().id);
    expect((await h.staff('POST', `/api/v1/contacts/${bob().id}/links/${ginaLink.id}/revoke`)).status).toBe(
      404,
    );
  });

  it('does not open a link whose invoice went back to another client or is a draft', async () => {
    const draftLink = await makeLink(h, acmeDraft.id, ada().id);
    expect((await h.browser().get(`/api/portal/v1/links/${draftLink.token}`)).status).toBe(404);
    const crossed = await makeLink(h, globexInvoice.id, ada().id);
    expect((await h.browser().get(`/api/portal/v1/links/${crossed.token}`)).status).toBe(404);
  });
});

describe('deactivation and archived clients', () => {
  it('cuts a deactivated contact off at once: login, links and sessions', async () => {
    const carol = (
      await h.staff('PATCH', `/api/v1/clients/${globex.clientId}`, {
        contacts: [
          { id: gina().id, name: 'Gina Globex', email: 'gina@globex.example' },
          { name: 'Carl Globex', email: 'carl@globex.example' },
        ],
      })
    ).body.contacts[1];
    const browser = await activateContact(h, carol);
    const link = await makeLink(h, globexInvoice.id, carol.id);
    expect((await browser.get('/api/portal/v1/me')).status).toBe(200);

    const off = await h.staff('POST', `/api/v1/contacts/${carol.id}/portal/deactivate`);
    expect(off.body.portal.status).toBe('deactivated');
    expect((await browser.get('/api/portal/v1/me')).status).toBe(401);
    const login = await h
      .browser()
      .post('/api/portal/v1/auth/login', { email: 'carl@globex.example', password: 'portal-password-1' });
    expect(login.status).toBe(401);
    expect((await h.browser().get(`/api/portal/v1/links/${link.token}`)).status).toBe(404);
    const resetsBefore = await countEmails(h, 'portal_password_reset');
    await h.browser().post('/api/portal/v1/auth/password-reset', { email: 'carl@globex.example' });
    expect(await countEmails(h, 'portal_password_reset')).toBe(resetsBefore);

    // Inviting again gives access back.
    await activateContact(h, carol, 'carl-new-password');
    const back = await h
      .browser()
      .post('/api/portal/v1/auth/login', { email: 'carl@globex.example', password: 'carl-new-password' });
    expect(back.status).toBe(200);
  });

  it('refuses contacts of an archived client, and their open sessions stop working', async () => {
    const initech = await createParty(h, 'Initech', [{ name: 'Ian Initech', email: 'ian@initech.example' }]);
    const invoice = await createInvoice(h, initech.clientId);
    const browser = await activateContact(h, initech.contacts[0]!);
    const link = await makeLink(h, invoice.id, initech.contacts[0]!.id);
    expect((await h.staff('PATCH', `/api/v1/clients/${initech.clientId}`, { archived: true })).status).toBe(
      200,
    );
    expect((await browser.get('/api/portal/v1/invoices')).status).toBe(401);
    const login = await h
      .browser()
      .post('/api/portal/v1/auth/login', { email: 'ian@initech.example', password: 'portal-password-1' });
    expect(login.status).toBe(401);
    expect((await h.browser().get(`/api/portal/v1/links/${link.token}`)).status).toBe(404);
    expect((await h.staff('POST', `/api/v1/contacts/${initech.contacts[0]!.id}/portal/invite`)).status).toBe(
      409,
    );
  });

  it('lets a one-time token win only once when two requests race with it', async () => {
    const dora = await createParty(h, 'Race Co', [{ name: 'Dora Race', email: 'dora@race.example' }]);
    await h.staff('POST', `/api/v1/contacts/${dora.contacts[0]!.id}/portal/invite`);
    const email = await takeEmail(h, 'portal_invite', 'dora@race.example');
    const results = await Promise.all(
      ['dora-password-1', 'dora-password-2'].map((password) =>
        h.browser().post('/api/portal/v1/auth/accept-invitation', { token: email!.token, password }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('keeps one portal account per email address', async () => {
    const twin = await createParty(h, 'Twin Co', [{ name: 'Ada Twin', email: 'Ada@Acme.example' }]);
    const clash = await h.staff('POST', `/api/v1/contacts/${twin.contacts[0]!.id}/portal/invite`);
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('email_taken');
  });
});
