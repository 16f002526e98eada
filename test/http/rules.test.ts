import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

const line = { description: 'Work', quantity: '1', unitPrice: '10' };

describe('business rules', () => {
  it('does not invoice an archived client, but lets an existing draft of it be finished', async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Soon Archived' });
    const draft = await t.call('POST', '/api/v1/invoices', { clientId: client.body.id, lines: [line] });
    await t.call('PATCH', `/api/v1/clients/${client.body.id}`, { archived: true });
    const fresh = await t.call('POST', '/api/v1/invoices', { clientId: client.body.id, lines: [line] });
    expect(fresh.status).toBe(422);
    expect(fresh.body.errors[0].field).toBe('clientId');
    const edited = await t.call('PATCH', `/api/v1/invoices/${draft.body.id}`, { notes: 'last one' });
    expect(edited.status).toBe(200);
  });

  it('refuses fixed_date as the default payment terms', async () => {
    const response = await t.call('PATCH', '/api/v1/settings', { defaultPaymentTerms: 'fixed_date' });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('defaultPaymentTerms');
  });

  it('explains a number already taken after a pattern change, and issues nothing', async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Numbers Inc' });
    const first = await t.call('POST', '/api/v1/invoices', {
      clientId: client.body.id,
      issueDate: '2026-11-25',
      lines: [line],
    });
    expect((await t.call('POST', `/api/v1/invoices/${first.body.id}/mark-sent`)).body.number).toBe(
      'INV-2026-0001',
    );
    // A pattern without a year token counts in another scope and writes the same text again.
    await t.call('PATCH', '/api/v1/settings', { invoiceNumberPattern: 'INV-2026-{SEQ:4}' });
    const second = await t.call('POST', '/api/v1/invoices', {
      clientId: client.body.id,
      issueDate: '2026-11-25',
      lines: [line],
    });
    const clash = await t.call('POST', `/api/v1/invoices/${second.body.id}/mark-sent`);
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('number_taken');
    expect(clash.body.errors[0].field).toBe('invoiceNumberPattern');
    expect((await t.call('GET', `/api/v1/invoices/${second.body.id}`)).body.status).toBe('draft');
    await t.call('PATCH', '/api/v1/settings', { invoiceNumberPattern: 'INV-{YYYY}-{SEQ:4}' });
  });

  it('revokes the tokens of a deactivated user for good', async () => {
    const user = await t.call('POST', '/api/v1/users', {
      email: 'leaver@example.com',
      role: 'finance',
      password: 'leaver-password',
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'leaver@example.com', password: 'leaver-password' },
    });
    const cookie = login.cookies.find((c) => c.name === 'remit_session')!;
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      cookies: { remit_session: cookie.value },
      headers: { 'x-csrf-token': login.json().csrfToken },
      payload: { name: 'laptop' },
    });
    const bearer = token.json().token as string;
    expect((await t.call('GET', '/api/v1/auth/me', undefined, bearer)).status).toBe(200);
    await t.call('PATCH', `/api/v1/users/${user.body.id}`, { active: false });
    expect((await t.call('GET', '/api/v1/auth/me', undefined, bearer)).status).toBe(401);
    await t.call('PATCH', `/api/v1/users/${user.body.id}`, { active: true });
    expect((await t.call('GET', '/api/v1/auth/me', undefined, bearer)).status).toBe(401);
  });

  it('slows down password guessing on one account', async () => {
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'admin@example.com', password: 'wrong-password' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    // Another account from the same address is not locked out by it.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'finance@example.com', password: 'finance-password' },
    });
    expect(other.statusCode).toBe(200);
  });
});
