import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateContact,
  type Browser,
  createInvoice,
  createParty,
  type HttpResult,
  makeLink,
  type Party,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';

/**
 * Every refusal a client can meet in the portal, driven as a German contact and answered in German: a quote that
 * expired, was declined, accepted or invoiced already, or replaced by a newer version; a wrong password, a rate
 * limit, an expired link, an unknown quote, and the 202 confirmations. A reworded English sentence that the
 * problems messages no longer hold would come back in English here. The codes stay as they are, and staff keep
 * their own English advice.
 */
const PASSWORD = 'portal-password-1';
const GERMAN = { 'accept-language': 'de-DE,de;q=0.9' };

let h: PortalHarness;
let party: Party;
let german: Browser;

async function sentQuote(body: Record<string, unknown> = {}): Promise<{ id: string }> {
  const created = await h.staff('POST', '/api/v1/quotes', {
    clientId: party.clientId,
    taxes: [],
    lines: [{ description: 'Dachsanierung', quantity: '1', unitPrice: '4200.00' }],
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await h.staff('POST', `/api/v1/quotes/${created.body.id}/mark-sent`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return sent.body;
}

async function post(path: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  const body: HttpResult['body'] = await response.json();
  return { status: response.status, body };
}

function accept(quoteId: string, extra: Record<string, unknown> = {}) {
  return german.post(`/api/portal/v1/quotes/${quoteId}/accept`, { name: 'Anna Müller', ...extra });
}

beforeAll(async () => {
  h = await startPortalHarness();
  await h.staff('PATCH', '/api/v1/settings', { businessName: 'Dachdecker Nord' });
  party = await createParty(h, 'Müller Bau', [{ name: 'Anna', email: 'anna@mueller.example' }]);
  const patched = await h.staff('PATCH', `/api/v1/clients/${party.clientId}`, { language: 'de' });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  german = await activateContact(h, party.contacts[0]!, PASSWORD);
});

afterAll(async () => {
  await h?.close();
});

describe('portal refusals in the reader’s language', () => {
  it('tells a German client that an expired quote was valid until a German date, and whom to ask', async () => {
    const expired = await sentQuote({ issueDate: '2026-10-01', validUntil: '2026-10-31' });
    const late = await accept(expired.id);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      code: 'quote_expired',
      title: 'Konflikt',
      detail: 'Dieses Angebot war gültig bis 31. Oktober 2026; bitten Sie Dachdecker Nord um ein neues',
    });
    // Staff are still told what they can do about it, in English.
    const staff = await h.staff('POST', `/api/v1/quotes/${expired.id}/accept`, { name: 'Anna Müller' });
    expect(staff.status).toBe(409);
    expect(staff.body).toMatchObject({
      code: 'quote_expired',
      detail:
        'Cannot accept a quote that is expired: it was valid until 2026-10-31; extend it (edit validUntil) to ' +
        'make it open again',
    });
  });

  it('says a quote was already accepted, declined or invoiced', async () => {
    const quote = await sentQuote();
    expect((await accept(quote.id)).status).toBe(200);
    const twice = await accept(quote.id);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'quote_already_accepted',
      detail: 'Dieses Angebot wurde bereits angenommen',
    });
    const declineAccepted = await german.post(`/api/portal/v1/quotes/${quote.id}/decline`, {});
    expect(declineAccepted.body).toMatchObject({
      code: 'quote_already_accepted',
      detail: 'Dieses Angebot wurde bereits angenommen',
    });

    const declined = await sentQuote();
    expect((await german.post(`/api/portal/v1/quotes/${declined.id}/decline`, {})).status).toBe(200);
    const acceptDeclined = await accept(declined.id);
    expect(acceptDeclined.status).toBe(409);
    expect(acceptDeclined.body).toMatchObject({
      code: 'quote_declined',
      detail:
        'Dieses Angebot wurde abgelehnt; wenn Sie es sich anders überlegt haben, bitten Sie Dachdecker Nord um ein neues',
    });
    const declineTwice = await german.post(`/api/portal/v1/quotes/${declined.id}/decline`, {});
    expect(declineTwice.body.code).toBe('quote_declined');
    expect(declineTwice.body.detail).toBe(acceptDeclined.body.detail);

    const converted = await h.staff('POST', `/api/v1/quotes/${quote.id}/convert`, {});
    expect(converted.status, JSON.stringify(converted.body)).toBeLessThan(300);
    const invoiced = await accept(quote.id);
    expect(invoiced.status).toBe(409);
    expect(invoiced.body).toMatchObject({
      code: 'quote_already_invoiced',
      detail: 'Dieses Angebot wurde bereits angenommen und in eine Rechnung umgewandelt',
    });
  });

  it('says a quote was replaced by a newer version', async () => {
    const quote = await sentQuote();
    const stale = await accept(quote.id, { revision: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'quote_revised',
      detail:
        'Dieses Angebot wurde durch eine neuere Fassung ersetzt; laden Sie die Seite neu und lesen Sie die neue ' +
        'Fassung, bevor Sie antworten',
    });
  });

  it('says an unknown quote is not found', async () => {
    const unknown = await accept('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', detail: 'Angebot nicht gefunden' });
  });

  it('refuses a wrong password, then too many tries, in German', async () => {
    await resetRateLimits(h);
    const wrong = { email: 'anna@mueller.example', password: 'not-the-password' };
    const first = await post('/api/portal/v1/auth/login', wrong, GERMAN);
    expect(first.status).toBe(401);
    expect(first.body).toMatchObject({ code: 'unauthenticated', detail: 'E-Mail oder Passwort ist falsch' });
    let limited = first;
    for (let attempt = 0; attempt < 10 && limited.status !== 429; attempt++) {
      limited = await post('/api/portal/v1/auth/login', wrong, GERMAN);
    }
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(limited.body.title).toBe('Zu viele Anfragen');
    expect(limited.body.detail).toMatch(/^Zu viele Versuche; versuchen Sie es in \d+ Sekunden? erneut$/);
    await resetRateLimits(h);
  });

  it('says an expired link has expired, and confirms a fresh one in German', async () => {
    const invoice = await createInvoice(h, party.clientId);
    const expired = await makeLink(
      h,
      invoice.id,
      party.contacts[0]!.id,
      new Date('2026-09-01T00:00:00Z'),
      30,
    );
    const opened = await fetch(`${h.baseUrl}/api/portal/v1/links/${expired.token}`, { headers: GERMAN });
    expect(opened.status).toBe(410);
    expect(await opened.json()).toMatchObject({
      code: 'link_expired',
      title: 'Link abgelaufen',
      detail:
        'Dieser Link ist abgelaufen; lassen Sie sich einen neuen per E-Mail schicken (POST ' +
        '/api/portal/v1/links/resend mit dem Token)',
    });
    const resent = await post('/api/portal/v1/links/resend', { token: expired.token }, GERMAN);
    expect(resent).toEqual({
      status: 202,
      body: { message: 'Wenn der Link erneuert werden kann, ist ein neuer unterwegs' },
    });
  });

  it('confirms an emailed sign-in link or reset in the language asked for, English by default', async () => {
    await resetRateLimits(h);
    const email = { email: 'anna@mueller.example' };
    const link = await post('/api/portal/v1/auth/login-link', email, GERMAN);
    expect(link).toEqual({
      status: 202,
      body: { message: 'Wenn die Adresse Zugang zum Portal hat, ist eine E-Mail unterwegs' },
    });
    const reset = await post('/api/portal/v1/auth/password-reset', email, { 'accept-language': 'fr' });
    expect(reset.body.message).toBe('Si cette adresse a accès au portail, un e-mail est en route');
    const english = await post('/api/portal/v1/auth/password-reset', { email: 'nobody@example.com' });
    expect(english.body.message).toBe('If the address has portal access, an email is on its way');
    await resetRateLimits(h);
  });
});
