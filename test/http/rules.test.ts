import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
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

  it('issues no invoice with a negative total, while single negative lines are fine', async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Refund Seeker', currency: 'EUR' });
    const negative = await t.call('POST', '/api/v1/invoices', {
      clientId: client.body.id,
      lines: [line, { description: 'Goodwill', quantity: '1', unitPrice: '-210' }],
    });
    expect(negative.status).toBe(201);
    const refused = await t.call('POST', `/api/v1/invoices/${negative.body.id}/mark-sent`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      {
        field: 'lines',
        label: expect.any(String),
        message: expect.stringContaining('The total would be -200.00 EUR'),
      },
    ]);
    const draft = await t.call('GET', `/api/v1/invoices/${negative.body.id}`);
    expect(draft.body).toMatchObject({ status: 'draft', number: null });

    const mixed = await t.call('POST', '/api/v1/invoices', {
      clientId: client.body.id,
      lines: [line, { description: 'Deposit received', quantity: '1', unitPrice: '-4' }],
    });
    const issued = await t.call('POST', `/api/v1/invoices/${mixed.body.id}/mark-sent`);
    expect(issued.status).toBe(200);
    expect(issued.body.totals.total).toBe('6.00');

    // Revising the issued invoice below zero is refused for the same reason, not as "less than paid".
    const revised = await t.call('PATCH', `/api/v1/invoices/${mixed.body.id}`, {
      lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '-1' }],
    });
    expect(revised.status).toBe(422);
    expect(revised.body.errors[0]).toMatchObject({ field: 'lines' });
    expect(revised.body.errors[0].message).toContain('negative total');
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

  it('slows down password guessing on one account, with counts every server process shares', async () => {
    const attempt = (app: TestApp['app'], email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await attempt(t.app, 'admin@example.com', 'wrong-password')).statusCode);
    // Five free failures; the sixth is counted and blocks the account for 2 s (then 4 s, 8 s...).
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const limited = await attempt(t.app, 'admin@example.com', 'admin-password-1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.headers['retry-after']).toBe('2');

    // A second server process on the same database sees the same block.
    const other = await buildApp({ deps: t.deps, appUrl: 'http://localhost:3000', logLevel: 'silent' });
    try {
      expect((await attempt(other, 'admin@example.com', 'admin-password-1')).statusCode).toBe(429);
      // Another account from the same address is not locked out by it.
      expect((await attempt(other, 'finance@example.com', 'finance-password')).statusCode).toBe(200);
    } finally {
      await other.close();
    }

    // Once the wait is over the right password works, and the account's count starts again.
    t.clock.set(new Date(t.clock.now().getTime() + 3000).toISOString());
    expect((await attempt(t.app, 'admin@example.com', 'admin-password-1')).statusCode).toBe(200);
    expect((await attempt(t.app, 'admin@example.com', 'wrong-password')).statusCode).toBe(401);
    expect((await attempt(t.app, 'admin@example.com', 'admin-password-1')).statusCode).toBe(200);
  });
});
