import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { runRecurringInvoices } from '../../src/services/recurring/run-recurring-invoices.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: SendingTestApp;
let smtp: TestSmtpServer;
let clientId: string;
let silentClientId: string;

const base = () => ({
  clientId,
  name: 'Monthly retainer',
  paymentTerms: 'net_30',
  taxes: [{ name: 'VAT', rate: '20' }],
  lines: [{ description: 'Retainer', quantity: '1', unitPrice: '1000' }],
  frequency: 'monthly',
  startDate: '2026-12-31',
});

async function createProfile(overrides: Record<string, unknown> = {}) {
  const created = await t.call('POST', '/api/v1/recurring-profiles', { ...base(), ...overrides });
  expect(created.status).toBe(201);
  return created.body;
}

beforeAll(async () => {
  t = await startSendingApp();
  smtp = await startSmtpServer();
  t.clock.set('2026-12-01T10:00:00Z');
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Studio North', timeZone: 'Europe/London' });
  const saved = await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Billing',
    fromAddress: 'billing@studio.example',
  });
  expect(saved.status).toBe(200);
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Acme Retail',
    currency: 'EUR',
    contacts: [{ name: 'Priya', email: 'priya@acme.example' }],
  });
  clientId = client.body.id;
  silentClientId = (await t.call('POST', '/api/v1/clients', { name: 'No Email Co', currency: 'EUR' })).body
    .id;
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('recurring profiles API', () => {
  it('creates a profile with its totals and its next 12 dates', async () => {
    const profile = await createProfile();
    expect(profile).toMatchObject({
      name: 'Monthly retainer',
      status: 'active',
      client: { id: clientId, name: 'Acme Retail' },
      currency: 'EUR',
      paymentTerms: 'net_30',
      frequency: 'monthly',
      interval: 1,
      dayOfMonth: null,
      startDate: '2026-12-31',
      endAfterCount: null,
      endDate: null,
      autoSend: false,
      nextRunDate: '2026-12-31',
      generatedCount: 0,
      totals: { subtotal: '1000.00', taxTotal: '200.00', total: '1200.00' },
    });
    expect(profile.upcomingDates).toEqual([
      '2026-12-31',
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
      '2027-06-30',
      '2027-07-31',
      '2027-08-31',
      '2027-09-30',
      '2027-10-31',
      '2027-11-30',
    ]);
    const fetched = await t.call('GET', `/api/v1/recurring-profiles/${profile.id}`);
    expect(fetched.body).toEqual(profile);
    const preview = await t.call('GET', `/api/v1/recurring-profiles/${profile.id}/preview`);
    expect(preview.body.items.slice(0, 3)).toEqual([
      { periodDate: '2026-12-31', dueDate: '2027-01-30' },
      { periodDate: '2027-01-31', dueDate: '2027-03-02' },
      { periodDate: '2027-02-28', dueDate: '2027-03-30' },
    ]);
    const list = await t.call('GET', `/api/v1/recurring-profiles?clientId=${clientId}&status=active`);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(profile.id);
  });

  it('previews a schedule before it is saved', async () => {
    const preview = await t.call('POST', '/api/v1/recurring-profiles/preview', {
      frequency: 'quarterly',
      dayOfMonth: 'last',
      startDate: '2027-01-01',
      endAfterCount: 3,
      paymentTerms: 'due_on_receipt',
    });
    expect(preview.status).toBe(200);
    expect(preview.body.items).toEqual([
      { periodDate: '2027-01-31', dueDate: '2027-01-31' },
      { periodDate: '2027-04-30', dueDate: '2027-04-30' },
      { periodDate: '2027-07-31', dueDate: '2027-07-31' },
    ]);
  });

  it('previews end-of-month due dates, across December and a leap February', async () => {
    const preview = await t.call('POST', '/api/v1/recurring-profiles/preview', {
      frequency: 'monthly',
      dayOfMonth: 15,
      startDate: '2027-12-01',
      endAfterCount: 3,
      paymentTerms: 'eom',
    });
    expect(preview.status).toBe(200);
    expect(preview.body.items).toEqual([
      { periodDate: '2027-12-15', dueDate: '2027-12-31' },
      { periodDate: '2028-01-15', dueDate: '2028-01-31' },
      { periodDate: '2028-02-15', dueDate: '2028-02-29' },
    ]);
  });

  it.each([
    [{ dayOfMonth: 0 }, 'dayOfMonth'],
    [{ dayOfMonth: 32 }, 'dayOfMonth'],
    [{ frequency: 'weekly', dayOfMonth: 3 }, 'dayOfMonth'],
    [{ interval: 0 }, 'interval'],
    [{ endAfterCount: 0 }, 'endAfterCount'],
    [{ endDate: '2026-12-30' }, 'endDate'],
    [{ endDate: '2027-06-30', endAfterCount: 3 }, 'endDate'],
    [{ paymentTerms: 'fixed_date' }, 'paymentTerms'],
    [{ paymentTerms: 'net_999' }, 'paymentTerms'],
    [{ lines: [] }, 'lines'],
    [{ lines: [{ description: 'X', quantity: 'abc', unitPrice: '1' }] }, 'lines.0.quantity'],
    [{ clientId: '00000000-0000-4000-8000-000000000000' }, 'clientId'],
    [{ currency: 'XYZ' }, 'currency'],
  ])('refuses %j with a 422 naming %s, and writes nothing', async (overrides, field) => {
    const before = await t.deps.db.selectFrom('recurring_profiles').select('id').execute();
    const response = await t.call('POST', '/api/v1/recurring-profiles', { ...base(), ...overrides });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect((await t.deps.db.selectFrom('recurring_profiles').select('id').execute()).length).toBe(
      before.length,
    );
  });

  it('refuses a start date that is no calendar day with a 400 naming startDate', async () => {
    const response = await t.call('POST', '/api/v1/recurring-profiles', {
      ...base(),
      startDate: '2027-02-29',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['startDate']);
  });

  it('answers problem+json', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/recurring-profiles',
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: { ...base(), dayOfMonth: 0 },
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation', errors: [{ field: 'dayOfMonth' }] });
  });

  it('refuses an unknown frequency and unknown fields with a 400 naming them', async () => {
    const bad = await t.call('POST', '/api/v1/recurring-profiles', { ...base(), frequency: 'hourly' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('frequency');
    const extra = await t.call('POST', '/api/v1/recurring-profiles', { ...base(), colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].field).toBe('colour');
  });

  it('pauses, resumes, skips, edits and deletes', async () => {
    const profile = await createProfile({ startDate: '2026-12-15' });
    const paused = await t.call('POST', `/api/v1/recurring-profiles/${profile.id}/pause`);
    expect(paused.body.status).toBe('paused');
    const resumed = await t.call('POST', `/api/v1/recurring-profiles/${profile.id}/resume`);
    expect(resumed.body).toMatchObject({ status: 'active', nextRunDate: '2026-12-15' });
    const skipped = await t.call('POST', `/api/v1/recurring-profiles/${profile.id}/skip`);
    expect(skipped.body.nextRunDate).toBe('2027-01-15');
    const history = await t.call('GET', `/api/v1/recurring-profiles/${profile.id}/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ periodDate: '2026-12-15', outcome: 'skipped', invoice: null }),
    ]);
    const edited = await t.call('PATCH', `/api/v1/recurring-profiles/${profile.id}`, {
      endAfterCount: 2,
      autoSend: true,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ autoSend: true, endAfterCount: 2, nextRunDate: '2027-01-15' });
    expect(edited.body.upcomingDates).toEqual(['2027-01-15', '2027-02-15']);
    const badEdit = await t.call('PATCH', `/api/v1/recurring-profiles/${profile.id}`, {
      endDate: '2026-01-01',
    });
    expect(badEdit.status).toBe(422);
    expect(badEdit.body.errors[0].field).toBe('endDate');
    expect((await t.call('DELETE', `/api/v1/recurring-profiles/${profile.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/recurring-profiles/${profile.id}`)).status).toBe(404);
    expect((await t.call('POST', `/api/v1/recurring-profiles/${profile.id}/skip`)).status).toBe(404);
  });

  it('previews an edited schedule with the dates the saved edit gives, and saves nothing', async () => {
    t.clock.set('2026-12-01T10:00:00Z');
    const profile = await createProfile({ startDate: '2026-10-31', dayOfMonth: 'last', endAfterCount: 4 });
    const call = (body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/recurring-profiles/${profile.id}/preview`, body);
    const unchanged = await call({});
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.items).toEqual(
      (await t.call('GET', `/api/v1/recurring-profiles/${profile.id}/preview`)).body.items,
    );
    // Every 2 months from today on (not from the October start), still 4 invoices, due 30 days later.
    const edit = { interval: 2, startDate: '2026-10-31' };
    const preview = await call(edit);
    expect(preview.status).toBe(200);
    expect(preview.body.items).toEqual([
      { periodDate: '2026-12-31', dueDate: '2027-01-30' },
      { periodDate: '2027-02-28', dueDate: '2027-03-30' },
      { periodDate: '2027-04-30', dueDate: '2027-05-30' },
      { periodDate: '2027-06-30', dueDate: '2027-07-30' },
    ]);
    expect((await t.call('GET', `/api/v1/recurring-profiles/${profile.id}`)).body.interval).toBe(1);
    const saved = await t.call('PATCH', `/api/v1/recurring-profiles/${profile.id}`, edit);
    expect(saved.body.upcomingDates).toEqual(
      preview.body.items.map((p: { periodDate: string }) => p.periodDate),
    );

    const bad = await call({ endDate: '2026-01-01' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['endDate']);
    expect((await call({ paymentTerms: 'fixed_date' })).body.errors[0].field).toBe('paymentTerms');
    const unknown = await t.call(
      'POST',
      '/api/v1/recurring-profiles/00000000-0000-4000-8000-000000000000/preview',
      {},
    );
    expect(unknown.status).toBe(404);
  });

  it('pages through profiles and through a long history', async () => {
    const client = await t.call('POST', '/api/v1/clients', { name: 'Paged Co', currency: 'EUR' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await createProfile({ clientId: client.body.id, startDate: '2027-03-01' })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.call(
        'GET',
        `/api/v1/recurring-profiles?clientId=${client.body.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Same creation instant (the test clock stands still): the id breaks the tie; every profile comes once.
    expect([...seen].sort()).toEqual([...ids].sort());

    const daily = await createProfile({
      clientId: client.body.id,
      frequency: 'daily',
      startDate: '2027-03-01',
    });
    for (let i = 0; i < 5; i++) await t.call('POST', `/api/v1/recurring-profiles/${daily.id}/skip`);
    const first = await t.call('GET', `/api/v1/recurring-profiles/${daily.id}/history?limit=3`);
    expect(first.body.items.map((item: { periodDate: string }) => item.periodDate)).toEqual([
      '2027-03-05',
      '2027-03-04',
      '2027-03-03',
    ]);
    const second = await t.call(
      'GET',
      `/api/v1/recurring-profiles/${daily.id}/history?limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(second.body.items.map((item: { periodDate: string }) => item.periodDate)).toEqual([
      '2027-03-02',
      '2027-03-01',
    ]);
    for (const id of [...ids, daily.id]) await t.call('DELETE', `/api/v1/recurring-profiles/${id}`);
  });

  it('lets finance staff manage profiles, and only admins change the catch-up rule', async () => {
    expect((await t.call('GET', '/api/v1/recurring-profiles', undefined, t.financeToken)).status).toBe(200);
    expect((await t.call('GET', '/api/v1/recurring-settings', undefined, t.financeToken)).body).toEqual({
      catchUp: 'all',
    });
    expect(
      (await t.call('PUT', '/api/v1/recurring-settings', { catchUp: 'latest' }, t.financeToken)).status,
    ).toBe(403);
    expect((await t.call('PUT', '/api/v1/recurring-settings', { catchUp: 'sometimes' })).status).toBe(400);
    expect((await t.call('PUT', '/api/v1/recurring-settings', { catchUp: 'latest' })).body).toEqual({
      catchUp: 'latest',
    });
    await t.call('PUT', '/api/v1/recurring-settings', { catchUp: 'all' });
    expect((await t.call('GET', '/api/v1/recurring-profiles', undefined, null)).status).toBe(401);
  });
});

describe('automatic sending', () => {
  it('issues and emails each generated invoice once, through the outbox', async () => {
    await deliverDueEmails(t.deps, t.mailer);
    const before = smtp.messages.length;
    const profile = await createProfile({ startDate: '2027-01-05', autoSend: true, name: 'Hosting' });
    // Two workers on the day, then again later the same day.
    t.clock.set('2027-01-05T00:30:00Z');
    const runs = await Promise.all([runRecurringInvoices(t.deps), runRecurringInvoices(t.deps)]);
    expect(runs.flatMap((run) => run.sent).length).toBe(1);
    await runRecurringInvoices(t.deps);
    await deliverDueEmails(t.deps, t.mailer);

    const history = await t.call('GET', `/api/v1/recurring-profiles/${profile.id}/history`);
    const [period] = history.body.items;
    expect(period).toMatchObject({
      periodDate: '2027-01-05',
      outcome: 'generated',
      sendPending: false,
      sendError: null,
      invoice: { status: 'sent', issueDate: '2027-01-05', dueDate: '2027-02-04', total: '1200.00' },
    });
    expect(period.invoice.number).toMatch(/^INV-2027-/);
    const mails = smtp.messages.slice(before);
    expect(mails.length).toBe(1);
    expect(mails[0]!.subject).toContain(period.invoice.number);
    expect(mails[0]!.to).toMatchObject({ text: expect.stringContaining('priya@acme.example') });

    const events = await t.call('GET', `/api/v1/invoices/${period.invoice.id}/events`);
    const types = events.body.items.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['created', 'status_changed', 'email_queued']));
    const created = events.body.items.find((event: { type: string }) => event.type === 'created');
    expect(created.data).toEqual({ recurringProfileId: profile.id, periodDate: '2027-01-05' });
    await t.call('DELETE', `/api/v1/recurring-profiles/${profile.id}`);
  });

  it('keeps the invoice as a draft and says why when it cannot be sent', async () => {
    const profile = await createProfile({
      clientId: silentClientId,
      startDate: '2027-01-06',
      autoSend: true,
    });
    t.clock.set('2027-01-06T09:00:00Z');
    const summary = await runRecurringInvoices(t.deps);
    expect(summary.generated.filter((g) => g.profileId === profile.id).length).toBe(1);
    const history = await t.call('GET', `/api/v1/recurring-profiles/${profile.id}/history`);
    expect(history.body.items[0]).toMatchObject({
      outcome: 'generated',
      sendPending: false,
      sendError: expect.stringContaining('no contact with an email address'),
      invoice: { status: 'draft', number: null },
    });
    const view = await t.call('GET', `/api/v1/recurring-profiles/${profile.id}`);
    expect(view.body.lastError).toContain('no contact with an email address');
    expect(view.body).toMatchObject({ generatedCount: 1, nextRunDate: '2027-02-06' });
  });
});
