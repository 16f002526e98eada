import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateContact,
  type Browser,
  createParty,
  type HttpResult,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';

/**
 * What went wrong, said in the reader's language: a signed-in contact reads its client's language, a sign-in
 * without a session the browser's (Accept-Language) among the languages Remit speaks, else the organisation's. The
 * machine fields (type, code, the fields' paths) stay as they are, and staff read English.
 */
const PASSWORD = 'portal-password-1';

let h: PortalHarness;
let german: Browser;

async function post(path: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  const body: HttpResult['body'] = await response.json();
  return { status: response.status, type: response.headers.get('content-type'), body };
}

beforeAll(async () => {
  h = await startPortalHarness();
  const party = await createParty(h, 'Müller Bau', [{ name: 'Anna', email: 'anna@mueller.example' }]);
  const patched = await h.staff('PATCH', `/api/v1/clients/${party.clientId}`, { language: 'de' });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  german = await activateContact(h, party.contacts[0]!, PASSWORD);
  await createParty(h, 'Dupont', [{ name: 'Claire', email: 'claire@dupont.example' }]);
});

afterAll(async () => {
  await h?.close();
});

describe('problems in the portal reader’s language', () => {
  it('tells a German contact in German what is wrong with the new password, keeping paths and codes', async () => {
    const short = await german.post('/api/portal/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'kurz',
    });
    expect(short.status).toBe(422);
    expect(short.headers.get('content-type')).toContain('application/problem+json');
    expect(short.body).toMatchObject({
      type: 'https://remit.invalid/problems/validation',
      code: 'validation',
      title: 'Ungültige Eingabe',
      detail: 'Neues Passwort muss mindestens 10 Zeichen haben',
      errors: [
        {
          field: 'newPassword',
          label: 'Neues Passwort',
          message: 'Neues Passwort muss mindestens 10 Zeichen haben',
        },
      ],
    });

    const malformed = await german.post('/api/portal/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'x'.repeat(300),
      remember: true,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid_request');
    expect(malformed.body.title).toBe('Ungültige Anfrage');
    const byField = Object.fromEntries(
      malformed.body.errors.map((error: { field: string; message: string }) => [error.field, error.message]),
    );
    expect(byField).toEqual({
      newPassword: 'Neues Passwort darf höchstens 256 Zeichen lang sein',
      remember: 'Remember ist kein Feld, das diese Anfrage annimmt',
    });
    expect(malformed.body.detail).toMatch(/^2 Felder müssen korrigiert werden: /);

    await resetRateLimits(h);
    const wrong = await german.post('/api/portal/v1/me/password', {
      currentPassword: 'not-the-password',
      newPassword: 'a-long-new-password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({
      code: 'unauthenticated',
      title: 'Anmeldung erforderlich',
      detail: 'Das aktuelle Passwort ist falsch',
    });
  });

  it('answers a German contact in German whatever the browser asks for', async () => {
    const answer = await german.request(
      'GET',
      `/api/portal/v1/invoices/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      code: 'not_found',
      title: 'Nicht gefunden',
      detail: 'Rechnung nicht gefunden',
    });
  });

  it('answers a sign-in without a session in the language the browser asks for', async () => {
    await resetRateLimits(h);
    const french = await post(
      '/api/portal/v1/auth/login',
      { email: 'claire@dupont.example', password: 'wrong-password-1' },
      { 'accept-language': 'ja, fr-CH;q=0.9, en;q=0.5' },
    );
    expect(french.status).toBe(401);
    expect(french.type).toContain('application/problem+json');
    expect(french.body).toMatchObject({
      type: 'https://remit.invalid/problems/unauthenticated',
      code: 'unauthenticated',
      title: 'Connexion requise',
      detail: 'E-mail ou mot de passe incorrect',
    });

    const missing = await post(
      '/api/portal/v1/auth/login',
      { email: 'claire@dupont.example' },
      {
        'accept-language': 'fr',
      },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'password', label: 'Mot de passe', message: 'Mot de passe est obligatoire' },
    ]);
  });

  it("falls back to the organisation's language when the browser asks for none Remit speaks", async () => {
    await resetRateLimits(h);
    const unknown = await post(
      '/api/portal/v1/auth/login',
      { email: 'claire@dupont.example', password: 'wrong-password-1' },
      { 'accept-language': 'ja' },
    );
    expect(unknown.body.detail).toBe('Email or password is incorrect');
    await h.staff('PATCH', '/api/v1/settings', { locale: 'nl-NL' });
    try {
      const dutch = await post('/api/portal/v1/auth/login', {
        email: 'claire@dupont.example',
        password: 'x',
      });
      expect(dutch.body).toMatchObject({
        title: 'Aanmelden vereist',
        detail: 'E-mailadres of wachtwoord is onjuist',
      });
    } finally {
      await h.staff('PATCH', '/api/v1/settings', { locale: 'en-US' });
    }
  });

  it('keeps the staff API in English, whatever the browser asks for', async () => {
    const response = await post(
      '/api/v1/users',
      { email: 'new.user@example.com', role: 'finance', password: 'short' },
      { authorization: `Bearer ${h.adminToken}`, 'accept-language': 'de' },
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'validation',
      title: 'Invalid input',
      detail: 'Password must have at least 10 characters',
      errors: [
        { field: 'password', label: 'Password', message: 'Password must have at least 10 characters' },
      ],
    });
  });
});
