/**
 * loadInvoice runs as a named prepared statement with its columns written out (db/prepared-statements.ts). Checked
 * here against the straightforward reads it replaces (`select *` of the invoice and its lines, the credit notes,
 * client, project and time zone read one by one) for random invoices after random operations through the API,
 * and against schema changes made while the statement is prepared.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Db } from '../../src/db/client.ts';
import { toInvoiceView } from '../../src/services/invoices/invoice-view.ts';
import { type InvoiceRecord, loadInvoice } from '../../src/services/invoices/load-invoice.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const clients: string[] = [];
const projects: string[] = [];
let taxRateId: string;
const invoices: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  for (const name of ['Acme', 'Globex']) {
    const client = await t.call('POST', '/api/v1/clients', { name, company: `${name} Ltd` });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    clients.push(client.body.id);
    const project = await t.call('POST', '/api/v1/projects', {
      clientId: client.body.id,
      name: `${name} site`,
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    projects.push(project.body.id);
  }
  const vat = await t.call('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20' });
  expect(vat.status, JSON.stringify(vat.body)).toBe(201);
  taxRateId = vat.body.id;
});

afterAll(async () => {
  await t?.close();
});

/** The same record read the plain way: every column of each table, one query each. */
async function straightforwardLoad(db: Db, id: string): Promise<InvoiceRecord> {
  const invoice = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', id)
    .orderBy('position')
    .execute();
  const client = await db
    .selectFrom('clients')
    .select(['id', 'name', 'company'])
    .where('id', '=', invoice.client_id)
    .executeTakeFirstOrThrow();
  const project = invoice.project_id
    ? await db
        .selectFrom('projects')
        .select(['id', 'name'])
        .where('id', '=', invoice.project_id)
        .executeTakeFirstOrThrow()
    : null;
  const settings = await db
    .selectFrom('settings')
    .select(['time_zone', 'invoice_number_pattern'])
    .executeTakeFirstOrThrow();
  const creditNotes = await db
    .selectFrom('credit_notes')
    .select([
      'id',
      'number',
      'status',
      'issue_date',
      sql<string>`total_minor::text`.as('total_minor'),
      sql<string | null>`to_json(issued_at) #>> '{}'`.as('issued_at'),
    ])
    .where('invoice_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    invoice,
    lines,
    client,
    project,
    timeZone: settings.time_zone,
    invoiceNumberPattern: settings.invoice_number_pattern,
    creditNotes,
  };
}

async function expectSameAsStraightforward(id: string, step: string) {
  const expected = await straightforwardLoad(t.database.db, id);
  const record = await loadInvoice(t.database.db, id);
  expect(record, step).toEqual(expected);
  const response = await t.call('GET', `/api/v1/invoices/${id}`);
  expect(response.status, step).toBe(200);
  // The route adds the parties the document prints (read apart from the invoice); the rest is the loaded view.
  const { parties: _parties, ...view } = response.body;
  expect(view, step).toEqual(JSON.parse(JSON.stringify(toInvoiceView(expected, t.clock.now()))));
}

const pick = <T>(list: T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[index % list.length];

const lineArbitrary = fc.record({
  description: fc.string({ minLength: 1, maxLength: 30 }).filter((text) => text.trim().length > 0),
  quantity: fc.constantFrom('1', '2.5', '0.125', '12'),
  unitPrice: fc.constantFrom('10.00', '99.99', '1.99', '1250.50'),
  discount: fc.constantFrom(null, { kind: 'percent', value: '10' }, { kind: 'fixed', value: '0.10' }),
  unit: fc.constantFrom(undefined, 'HUR', 'C62'),
  taxed: fc.boolean(),
});

const stepArbitrary = fc.record({
  kind: fc.constantFrom('create', 'create', 'issue', 'edit', 'pay', 'credit', 'void', 'rename'),
  a: fc.nat(1000),
  b: fc.nat(1000),
  lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 5 }),
});

type Step = typeof stepArbitrary extends fc.Arbitrary<infer S> ? S : never;

/** The lines as the API takes them; yen have no minor unit, so their amounts are whole. */
const linesInput = (lines: Step['lines'], currency: string) =>
  lines.map(({ taxed, unit, ...line }) => ({
    ...line,
    ...(currency === 'JPY'
      ? {
          unitPrice: String(Math.max(1, Math.round(Number(line.unitPrice)))),
          discount: line.discount?.kind === 'fixed' ? { kind: 'percent', value: '3' } : line.discount,
        }
      : {}),
    ...(unit ? { unit } : {}),
    ...(taxed ? { taxes: [{ taxRateId }] } : {}),
  }));

/** One operation through the API (refusals such as paying a draft are fine); returns the invoice it touched. */
async function apply(step: Step): Promise<string | undefined> {
  const invoiceId = pick(invoices, step.a);
  switch (step.kind) {
    case 'create': {
      const clientIndex = step.b % clients.length;
      const currency = step.b % 3 ? 'EUR' : 'JPY';
      const response = await t.call('POST', '/api/v1/invoices', {
        clientId: clients[clientIndex],
        ...(step.a % 2 ? { projectId: projects[clientIndex] } : {}),
        currency,
        issueDate: '2026-10-01',
        paymentTerms: 'net_30',
        taxes: step.a % 3 ? [] : [{ taxRateId }],
        ...(step.a % 4 ? {} : { discount: { kind: 'percent', value: '5' } }),
        lines: linesInput(step.lines, currency),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      invoices.push(response.body.id);
      return response.body.id;
    }
    case 'issue':
      if (invoiceId) await t.call('POST', `/api/v1/invoices/${invoiceId}/mark-sent`);
      return invoiceId;
    case 'edit':
      if (invoiceId) {
        const current = await t.call('GET', `/api/v1/invoices/${invoiceId}`);
        await t.call('PATCH', `/api/v1/invoices/${invoiceId}`, {
          notes: `Edited ${step.b}`,
          projectId: step.b % 2 ? null : undefined,
          lines: linesInput(step.lines, current.body.currency),
        });
      }
      return invoiceId;
    case 'pay':
      if (invoiceId) {
        const current = await t.call('GET', `/api/v1/invoices/${invoiceId}`);
        await t.call('POST', `/api/v1/invoices/${invoiceId}/payments`, {
          amount:
            step.b % 2 ? current.body.totals.balanceDue : current.body.currency === 'JPY' ? '1' : '0.01',
          method: 'bank_transfer',
          paidOn: '2026-10-05',
        });
      }
      return invoiceId;
    case 'credit':
      if (invoiceId) {
        const draft = await t.call('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, {
          mode: 'amount',
          amount: '1',
          reason: 'Goodwill',
        });
        if (draft.status === 201 && step.b % 2)
          await t.call('POST', `/api/v1/credit-notes/${draft.body.id}/issue`);
      }
      return invoiceId;
    case 'void':
      if (invoiceId) await t.call('POST', `/api/v1/invoices/${invoiceId}/void`, { reason: 'Duplicate' });
      return invoiceId;
    case 'rename': {
      // Client and project names are read through joins: a rename must show at once.
      const clientIndex = step.b % clients.length;
      await t.call('PATCH', `/api/v1/clients/${clients[clientIndex]}`, { name: `Client ${step.a}` });
      await t.call('PATCH', `/api/v1/projects/${projects[clientIndex]}`, { name: `Project ${step.a}` });
      return invoiceId;
    }
  }
  return undefined;
}

describe('loadInvoice as a prepared statement', () => {
  it('reads what the straightforward queries read, for random invoices after random operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 5, maxLength: 8 }), async (steps) => {
        for (const [index, step] of steps.entries()) {
          // Each run starts with a new invoice, so the operations after it have one to work on.
          const touched = await apply(index === 0 ? { ...step, kind: 'create' } : step);
          if (touched) await expectSameAsStraightforward(touched, `step ${index}: ${step.kind}`);
        }
      }),
      { numRuns: 3 },
    );
    // The organisation's time zone decides "overdue"; it is read in the same query.
    t.clock.set('2026-12-31T23:30:00Z');
    await t.database.db.updateTable('settings').set({ time_zone: 'Pacific/Kiritimati' }).execute();
    for (const id of invoices) await expectSameAsStraightforward(id, 'after the time zone changed');
    expect(invoices.length).toBeGreaterThan(2);
  }, 120_000);

  it('reads an invoice with everything on it, after each change', async () => {
    const created = await t.call('POST', '/api/v1/invoices', {
      clientId: clients[1],
      projectId: projects[1],
      currency: 'EUR',
      issueDate: '2026-10-01',
      taxes: [{ taxRateId }],
      lines: [
        { description: 'Design', quantity: '3', unitPrice: '120.00', unit: 'HUR' },
        {
          description: 'Hosting',
          quantity: '1',
          unitPrice: '30.00',
          discount: { kind: 'fixed', value: '5.00' },
        },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.id;
    await expectSameAsStraightforward(id, 'draft');
    const changes: [string, string, unknown, number][] = [
      ['POST', `/api/v1/invoices/${id}/mark-sent`, undefined, 200],
      ['PATCH', `/api/v1/invoices/${id}`, { notes: 'Revised', revisionNote: 'Typo' }, 200],
      [
        'POST',
        `/api/v1/invoices/${id}/payments`,
        { amount: '50.00', method: 'cash', paidOn: '2026-10-02' },
        201,
      ],
      [
        'POST',
        `/api/v1/invoices/${id}/credit-notes`,
        { mode: 'amount', amount: '20.00', reason: 'Late' },
        201,
      ],
    ];
    for (const [method, url, body, status] of changes) {
      const response = await t.call(method as 'POST', url, body);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      if (url.endsWith('credit-notes')) {
        const issued = await t.call('POST', `/api/v1/credit-notes/${response.body.id}/issue`);
        expect(issued.status, JSON.stringify(issued.body)).toBe(200);
      }
      await expectSameAsStraightforward(id, `${method} ${url}`);
    }
    const record = await loadInvoice(t.database.db, id);
    expect(record.project?.id).toBe(projects[1]);
    expect(record.creditNotes).toHaveLength(1);
    expect(record.invoice.amount_paid_minor).toBe(5000n);
    expect(record.lines.map((line) => line.unit)).toEqual(['HUR', null]);
  });

  it('answers 404 for an unknown invoice', async () => {
    const response = await t.call('GET', '/api/v1/invoices/00000000-0000-4000-8000-000000000000');
    expect(response.status).toBe(404);
  });

  describe('schema changes while the statement is prepared', () => {
    // One connection, so the statement prepared by the first read is the one the next reads run.
    let handle: ReturnType<typeof connectDatabase>;
    let id: string;
    beforeAll(async () => {
      handle = connectDatabase(t.database.url, { max: 1 });
      const created = await t.call('POST', '/api/v1/invoices', {
        clientId: clients[0],
        currency: 'EUR',
        lines: [{ description: 'Work', quantity: '1', unitPrice: '10.00' }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      id = created.body.id;
      await loadInvoice(handle.db, id);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('a column added to invoices does not disturb it, even inside a transaction', async () => {
      await sql`alter table invoices add column added_later text default 'x'`.execute(t.database.db);
      const record = await handle.db.transaction().execute((trx) => loadInvoice(trx, id));
      const { added_later: _, ...expected } = (await straightforwardLoad(t.database.db, id))
        .invoice as Record<string, unknown>;
      expect(record.invoice).toEqual(expected);
      await sql`alter table invoices drop column added_later`.execute(t.database.db);
    });

    it('a column whose type changed: prepared again under a new name', async () => {
      await sql`alter table invoices alter column void_reason type varchar(500)`.execute(t.database.db);
      // After another statement of a transaction the refusal aborts it: it is passed on (the caller's next attempt
      // prepares afresh).
      await expect(
        handle.db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          return loadInvoice(trx, id);
        }),
      ).rejects.toThrow(/cached plan must not change result type/);
      expect(await handle.db.transaction().execute((trx) => loadInvoice(trx, id))).toEqual(
        await straightforwardLoad(t.database.db, id),
      );
      // As the first statement of its transaction it is retried unseen: the transaction is begun again.
      await sql`alter table invoices alter column void_reason type varchar(600)`.execute(t.database.db);
      expect(await handle.db.transaction().execute((trx) => loadInvoice(trx, id, { lock: true }))).toEqual(
        await straightforwardLoad(t.database.db, id),
      );
      expect(await handle.db.transaction().execute((trx) => loadInvoice(trx, id))).toEqual(
        await straightforwardLoad(t.database.db, id),
      );
      // Outside a transaction the read itself is retried.
      await sql`alter table invoices alter column void_reason type text`.execute(t.database.db);
      expect(await loadInvoice(handle.db, id)).toEqual(await straightforwardLoad(t.database.db, id));
      const prepared = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(
        handle.db,
      );
      expect(prepared.rows.map((row) => row.name).sort()).toEqual([
        'remit_load_invoice',
        'remit_load_invoice_1',
        'remit_load_invoice_2',
        'remit_load_invoice_3',
        'remit_load_invoice_locked_1',
      ]);
    });
  });
});
