/**
 * Audit log coverage beyond settings, users, tax rates and gateways (docs/audit-log.md): webhook endpoints and
 * settings, clients, items, projects, and the staff actions on invoices, payments, credit notes and quotes. Each
 * kind is recorded with the staff member, the request and what changed; secrets never in before or after.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditLogRow } from '../../src/db/schema-audit.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let adminId: string;
const seen = new Set<string>();

/** The entries written since the last call, oldest first. */
async function newEntries(): Promise<AuditLogRow[]> {
  const rows = await t.deps.db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const fresh = rows.filter((row) => !seen.has(row.id));
  for (const row of fresh) seen.add(row.id);
  return fresh;
}

beforeAll(async () => {
  t = await startTestApp();
  adminId = (await t.call('GET', '/api/v1/auth/me')).body.userId;
});

beforeEach(async () => {
  await newEntries();
});

afterAll(async () => {
  await t?.close();
});

describe('webhooks', () => {
  it('records endpoint creation, change, secret rotation and deletion, never the secret', async () => {
    const secret = 'whsec_audit_secret_0123456789';
    const rotated = 'whsec_rotated_secret_9876543210';
    const created = await t.call('POST', '/api/v1/webhook-endpoints', {
      url: 'https://93.184.215.14/remit',
      eventTypes: ['invoice.paid'],
      secret,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    t.clock.set('2026-11-25T10:00:01Z');
    const changed = await t.call('PATCH', `/api/v1/webhook-endpoints/${id}`, {
      eventTypes: ['invoice.paid', 'invoice.voided'],
      secret: rotated,
    });
    expect(changed.status).toBe(200);
    t.clock.set('2026-11-25T10:00:02Z');
    expect((await t.call('PATCH', `/api/v1/webhook-endpoints/${id}`, { description: '' })).status).toBe(200);
    expect((await t.call('DELETE', `/api/v1/webhook-endpoints/${id}`)).status).toBe(204);

    const entries = await newEntries();
    expect(entries.map((entry) => entry.action)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.deleted',
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ entity_type: 'webhook_endpoint', entity_id: id, actor_user_id: adminId });
    }
    expect(entries[0]!.before).toBeNull();
    expect(entries[0]!.after).toEqual({
      url: 'https://93.184.215.14/remit',
      description: '',
      eventTypes: ['invoice.paid'],
      enabled: true,
      secret: '[set]',
    });
    expect(entries[1]!.before).toEqual({ eventTypes: ['invoice.paid'], secret: '[redacted]' });
    expect(entries[1]!.after).toEqual({
      eventTypes: ['invoice.paid', 'invoice.voided'],
      secret: '[changed]',
    });
    expect(entries[2]!.after).toBeNull();
    const text = JSON.stringify(entries);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(rotated);
  });

  it('records nothing for a refused endpoint', async () => {
    const refused = await t.call('POST', '/api/v1/webhook-endpoints', {
      url: 'http://127.0.0.1/hook',
      eventTypes: ['invoice.paid'],
    });
    expect(refused.status).toBe(422);
    expect(await newEntries()).toEqual([]);
  });

  it('records the webhook settings, retention included, and refuses a retention out of range', async () => {
    const response = await t.call('PATCH', '/api/v1/settings/webhooks', { retentionDays: 7 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ allowPrivateTargets: false, retentionDays: 7 });
    const [entry, ...rest] = await newEntries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      action: 'settings.updated',
      before: { webhookRetentionDays: 30 },
      after: { webhookRetentionDays: 7 },
    });
    const bad = await t.call('PATCH', '/api/v1/settings/webhooks', { retentionDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('retentionDays');
    expect((await t.call('GET', '/api/v1/settings/webhooks')).body.retentionDays).toBe(7);
    expect(await newEntries()).toEqual([]);
  });
});

const ids: Record<string, string> = {};
const line = (price: string) => [{ description: 'Work', quantity: '1', unitPrice: price }];

async function ok(method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${method} ${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/** Each staff action and the entries it must leave (more may follow it, e.g. a status change after a payment). */
const cases: { name: string; run: () => Promise<unknown>; expected: [string, string, () => string][] }[] = [
  {
    name: 'client created',
    run: async () => {
      ids.client = (await ok('POST', '/api/v1/clients', { name: 'Audited Client', currency: 'USD' })).id;
    },
    expected: [['client.created', 'client', () => ids.client!]],
  },
  {
    name: 'client updated with a contact',
    run: () =>
      ok('PATCH', `/api/v1/clients/${ids.client}`, {
        name: 'Audited Client Ltd',
        contacts: [{ name: 'Ann', email: 'ann@audited.example' }],
      }),
    expected: [['client.updated', 'client', () => ids.client!]],
  },
  {
    name: 'item created',
    run: async () => {
      ids.item = (await ok('POST', '/api/v1/items', { name: 'Audit hour', unitPrice: '80.00' })).id;
    },
    expected: [['item.created', 'item', () => ids.item!]],
  },
  {
    name: 'item updated',
    run: () => ok('PATCH', `/api/v1/items/${ids.item}`, { unitPrice: '90.00' }),
    expected: [['item.updated', 'item', () => ids.item!]],
  },
  {
    name: 'item deleted',
    run: () => ok('DELETE', `/api/v1/items/${ids.item}`),
    expected: [['item.deleted', 'item', () => ids.item!]],
  },
  {
    name: 'project created',
    run: async () => {
      ids.project = (await ok('POST', '/api/v1/projects', { clientId: ids.client, name: 'Audit' })).id;
    },
    expected: [['project.created', 'project', () => ids.project!]],
  },
  {
    name: 'project updated',
    run: () => ok('PATCH', `/api/v1/projects/${ids.project}`, { name: 'Audit 2027' }),
    expected: [['project.updated', 'project', () => ids.project!]],
  },
  {
    name: 'project deleted',
    run: () => ok('DELETE', `/api/v1/projects/${ids.project}`),
    expected: [['project.deleted', 'project', () => ids.project!]],
  },
  {
    name: 'invoice created and issued',
    run: async () => {
      const draft = await ok('POST', '/api/v1/invoices', {
        clientId: ids.client,
        currency: 'USD',
        taxes: [],
        lines: line('100.00'),
      });
      ids.invoice = draft.id;
      await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
    },
    expected: [
      ['invoice.created', 'invoice', () => ids.invoice!],
      ['invoice.issued', 'invoice', () => ids.invoice!],
    ],
  },
  {
    name: 'payment recorded',
    run: async () => {
      const paid = await ok('POST', `/api/v1/invoices/${ids.invoice}/payments`, {
        amount: '40.00',
        method: 'bank_transfer',
      });
      ids.payment = paid.payment?.id ?? paid.id;
    },
    expected: [['payment.recorded', 'payment', () => ids.payment!]],
  },
  {
    name: 'payment refunded',
    run: () =>
      ok('POST', `/api/v1/invoices/${ids.invoice}/payments/${ids.payment}/refund`, { amount: '10.00' }),
    expected: [['payment.refunded', 'payment', () => ids.payment!]],
  },
  {
    name: 'payment deleted',
    run: async () => {
      const paid = await ok('POST', `/api/v1/invoices/${ids.invoice}/payments`, {
        amount: '20.00',
        method: 'cash',
      });
      ids.deletedPayment = paid.payment?.id ?? paid.id;
      await ok('DELETE', `/api/v1/invoices/${ids.invoice}/payments/${ids.deletedPayment}`);
    },
    expected: [['payment.deleted', 'payment', () => ids.deletedPayment!]],
  },
  {
    name: 'invoice voided',
    run: async () => {
      const draft = await ok('POST', '/api/v1/invoices', {
        clientId: ids.client,
        currency: 'USD',
        taxes: [],
        lines: line('70.00'),
      });
      ids.voided = draft.id;
      await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
      await ok('POST', `/api/v1/invoices/${draft.id}/void`, { reason: 'Sent to the wrong client' });
    },
    expected: [['invoice.voided', 'invoice', () => ids.voided!]],
  },
  {
    name: 'credit note created and issued',
    run: async () => {
      const invoice = await ok('POST', '/api/v1/invoices', {
        clientId: ids.client,
        currency: 'USD',
        taxes: [],
        lines: line('50.00'),
      });
      await ok('POST', `/api/v1/invoices/${invoice.id}/mark-sent`);
      const note = await ok('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
        mode: 'amount',
        amount: '5.00',
        reason: 'Goodwill',
      });
      ids.creditNote = note.id;
      await ok('POST', `/api/v1/credit-notes/${note.id}/issue`);
    },
    expected: [
      ['credit_note.created', 'credit_note', () => ids.creditNote!],
      ['credit_note.issued', 'credit_note', () => ids.creditNote!],
    ],
  },
  {
    name: 'quote created, issued and accepted by staff',
    run: async () => {
      const quote = await ok('POST', '/api/v1/quotes', {
        clientId: ids.client,
        taxes: [],
        lines: line('300.00'),
      });
      ids.quote = quote.id;
      await ok('POST', `/api/v1/quotes/${quote.id}/mark-sent`);
      await ok('POST', `/api/v1/quotes/${quote.id}/accept`, { name: 'Ann' });
    },
    expected: [
      ['quote.created', 'quote', () => ids.quote!],
      ['quote.issued', 'quote', () => ids.quote!],
      ['quote.accepted', 'quote', () => ids.quote!],
    ],
  },
  {
    name: 'drafts deleted: invoice, quote and credit note',
    run: async () => {
      const invoice = await ok('POST', '/api/v1/invoices', {
        clientId: ids.client,
        currency: 'USD',
        taxes: [],
        lines: line('10.00'),
      });
      ids.deletedInvoice = invoice.id;
      await ok('DELETE', `/api/v1/invoices/${invoice.id}`);
      const quote = await ok('POST', '/api/v1/quotes', {
        clientId: ids.client,
        taxes: [],
        lines: line('10.00'),
      });
      ids.deletedQuote = quote.id;
      await ok('DELETE', `/api/v1/quotes/${quote.id}`);
      const issued = await ok('POST', '/api/v1/invoices', {
        clientId: ids.client,
        currency: 'USD',
        taxes: [],
        lines: line('30.00'),
      });
      await ok('POST', `/api/v1/invoices/${issued.id}/mark-sent`);
      const note = await ok('POST', `/api/v1/invoices/${issued.id}/credit-notes`, {
        mode: 'amount',
        amount: '1.00',
        reason: 'Draft only',
      });
      ids.deletedNote = note.id;
      await ok('DELETE', `/api/v1/credit-notes/${note.id}`);
    },
    expected: [
      ['invoice.deleted', 'invoice', () => ids.deletedInvoice!],
      ['quote.deleted', 'quote', () => ids.deletedQuote!],
      ['credit_note.deleted', 'credit_note', () => ids.deletedNote!],
    ],
  },
];

describe('staff actions on clients, items, projects and documents', () => {
  it.each(cases)('$name: recorded with the staff member and the request', async ({ run, expected }) => {
    await run();
    const entries = await newEntries();
    for (const [action, entityType, entityId] of expected) {
      const entry = entries.find((candidate) => candidate.action === action);
      expect(entry, `${action} in ${entries.map((e) => e.action).join(', ')}`).toBeDefined();
      expect(entry).toMatchObject({ entity_type: entityType, entity_id: entityId(), actor_user_id: adminId });
      expect(entry!.request_id).toBeTruthy();
    }
  });

  it('keeps the changed fields only, and records nothing for a change that changes nothing', async () => {
    await ok('PATCH', `/api/v1/clients/${ids.client}`, { name: 'Audited Client Ltd' });
    expect(await newEntries()).toEqual([]);
    await ok('PATCH', `/api/v1/clients/${ids.client}`, { name: 'Audited Client plc' });
    const [entry] = await newEntries();
    expect(entry).toMatchObject({
      action: 'client.updated',
      before: { name: 'Audited Client Ltd' },
      after: { name: 'Audited Client plc' },
    });
  });

  it('leaves portal contacts and the system out: their actions stay in the document timeline', async () => {
    const { recordInvoiceEvent } = await import('../../src/services/invoices/record-event.ts');
    const { systemActor } = await import('../../src/services/context.ts');
    await t.deps.db.transaction().execute((trx) =>
      recordInvoiceEvent(trx, systemActor, {
        invoiceId: ids.invoice!,
        type: 'payment_recorded',
        data: { paymentId: ids.payment },
        at: t.clock.now(),
      }),
    );
    expect(await newEntries()).toEqual([]);
  });
});
