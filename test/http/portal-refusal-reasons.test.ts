/**
 * The portal's refusals say why, as the staff API's do: a cookie whose session is over gets `session_expired`, a
 * write without the session's token `csrf_token_invalid`, which GET /me hands out again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateContact,
  createParty,
  type PortalHarness,
  startPortalHarness,
} from '../support/portal-harness.ts';

let h: PortalHarness;

beforeAll(async () => {
  h = await startPortalHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('portal refusals carry a reason', () => {
  it('refuses a write without the token with csrf_token_invalid, and GET /me hands the token out again', async () => {
    const party = await createParty(h, 'Reasons Ltd', [{ name: 'Rae Reason', email: 'rae@reasons.example' }]);
    const browser = await activateContact(h, party.contacts[0]!, 'rae-portal-pass');
    const issued = browser.csrfToken;
    const refused = await browser.post(
      '/api/portal/v1/me/password',
      { currentPassword: 'rae-portal-pass', newPassword: 'rae-portal-pass-2' },
      { csrf: false },
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', reason: 'csrf_token_invalid' });
    browser.csrfToken = null;
    const me = await browser.get('/api/portal/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(issued);
  });

  it('says session_expired for a cookie whose session ended, and no reason without a cookie', async () => {
    const party = await createParty(h, 'Ended Ltd', [{ name: 'Ed Ended', email: 'ed@ended.example' }]);
    const browser = await activateContact(h, party.contacts[0]!, 'ed-portal-pass');
    const cookies = new Map(browser.cookies);
    expect((await browser.post('/api/portal/v1/auth/logout')).status).toBe(204);
    // The browser kept the old cookie (another tab, a restored session): the server no longer knows it.
    for (const [name, value] of cookies) browser.cookies.set(name, value);
    const ended = await browser.get('/api/portal/v1/invoices');
    expect(ended.status).toBe(401);
    expect(ended.body).toMatchObject({ code: 'unauthenticated', reason: 'session_expired' });
    browser.cookies.clear();
    const anonymous = await browser.get('/api/portal/v1/invoices');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.reason).toBeUndefined();
  });
});
