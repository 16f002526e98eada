/**
 * Creating an invoice reads what it refers to in one query and writes the invoice, its lines and its event in one
 * statement, then answers from what it wrote: the answer must still be what a fresh read shows, and a bad reference
 * must still be refused naming its field, with nothing written.
 */
import { createQueryId, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { createClient } from '../../src/services/clients/create-client.ts';
import { updateClient } from '../../src/services/clients/update-client.ts';
import { systemActor } from '../../src/services/context.ts';
import { createInvoice } from '../../src/services/invoices/create-invoice.ts';
import { getInvoice } from '../../src/services/invoices/get-invoice.ts';
import { createItem } from '../../src/services/items/create-item.ts';
import { createProject } from '../../src/services/projects/create-project.ts';
import { createTaxRate } from '../../src/services/taxes/create-tax-rate.ts';
import { updateTaxRate } from '../../src/services/taxes/update-tax-rate.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
const clock = new TestClock();
const deps = () => ({ db: database.db, clock });

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

function recordingDeps(statements: string[]) {
  const recorder: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements.push(database.db.getExecutor().compileQuery(node, createQueryId()).sql);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: database.db.withPlugin(recorder), clock };
}

async function invoiceCount(): Promise<number> {
  const row = await database.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

it('reads once, writes once, and answers what a fresh read shows', async () => {
  const client = await createClient(deps(), { name: 'One Trip Ltd', company: 'One Trip Limited' });
  const project = await createProject(deps(), { clientId: client.id, name: 'Migration' });
  const vat = await createTaxRate(deps(), { name: 'VAT', rate: '20', isDefault: true });
  const levy = await createTaxRate(deps(), { name: 'Levy', rate: '2.5' });
  const item = await createItem(deps(), { name: 'Audit day', unitPrice: '800', code: 'AUD-1' });

  const statements: string[] = [];
  const created = await createInvoice(recordingDeps(statements), systemActor, {
    clientId: client.id,
    projectId: project.id,
    issueDate: '2026-11-25',
    discount: { kind: 'percent', value: '5' },
    lines: [
      { description: 'Audit', quantity: '1.50', unitPrice: '800', itemId: item.id, unit: 'DAY' },
      { description: 'Travel', quantity: '1', unitPrice: '99.99', taxes: [{ taxRateId: levy.id }] },
      {
        description: 'Hosting',
        quantity: '3',
        unitPrice: '10',
        discount: { kind: 'fixed', value: '1.00' },
        taxes: [{ name: 'Local', rate: '1' }],
      },
    ],
  });

  expect(statements).toHaveLength(2);
  expect(statements[0]).toMatch(/^select "settings"\.\*/);
  expect(statements[1]).toMatch(/^with "draft" as \(insert into "invoices"/);
  expect(created).toEqual(await getInvoice(deps(), created.id));
  expect(created.status).toBe('draft');
  expect(created.project).toEqual({ id: project.id, name: 'Migration' });
  // No taxes given on a new invoice: the default ones.
  expect(created.taxes.map((tax) => [tax.name, tax.taxRateId])).toEqual([['VAT', vat.id]]);
  expect(created.lines.map((line) => line.itemCode)).toEqual(['AUD-1', '', '']);
  const events = await database.db
    .selectFrom('invoice_events')
    .select(['type', 'to_status'])
    .where('invoice_id', '=', created.id)
    .execute();
  expect(events).toEqual([{ type: 'created', to_status: 'draft' }]);
});

it('creates an invoice without lines in the same way', async () => {
  const client = await createClient(deps(), { name: 'Empty Start Co' });
  const created = await createInvoice(deps(), systemActor, { clientId: client.id, taxes: [] });
  expect(created.lines).toEqual([]);
  expect(created).toEqual(await getInvoice(deps(), created.id));
});

it('refuses bad references naming the field, and writes nothing', async () => {
  const client = await createClient(deps(), { name: 'Careful Co' });
  const other = await createClient(deps(), { name: 'Other Co' });
  const othersProject = await createProject(deps(), { clientId: other.id, name: 'Not yours' });
  const archivedRate = await createTaxRate(deps(), { name: 'Old', rate: '7' });
  await updateTaxRate(deps(), archivedRate.id, { archived: true });
  const archivedClient = await createClient(deps(), { name: 'Gone Ltd' });
  await updateClient(deps(), archivedClient.id, { archived: true });
  const missing = '00000000-0000-4000-8000-000000000000';
  const line = { description: 'Work', quantity: '1', unitPrice: '10' };
  const before = await invoiceCount();

  const cases: [Parameters<typeof createInvoice>[2], string][] = [
    [{ clientId: missing, lines: [line] }, 'clientId'],
    [{ clientId: archivedClient.id, lines: [line] }, 'clientId'],
    [{ clientId: client.id, projectId: othersProject.id, lines: [line] }, 'projectId'],
    [{ clientId: client.id, projectId: missing, lines: [line] }, 'projectId'],
    [{ clientId: client.id, taxes: [{ taxRateId: archivedRate.id }], lines: [line] }, 'taxes.0.taxRateId'],
    [
      {
        clientId: client.id,
        lines: [line, { ...line, taxes: [{ name: 'X', rate: '1' }, { taxRateId: missing }] }],
      },
      'lines.1.taxes.1.taxRateId',
    ],
    [{ clientId: client.id, lines: [line, { ...line, itemId: missing }] }, 'lines.1.itemId'],
  ];
  for (const [input, field] of cases) {
    const error = await createInvoice(deps(), systemActor, input).catch((e: unknown) => e);
    expect(error, field).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  }
  expect(await invoiceCount()).toBe(before);
});
