import { afterAll, beforeAll, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { createClient } from '../../src/services/clients/create-client.ts';
import { systemActor } from '../../src/services/context.ts';
import { createInvoice } from '../../src/services/invoices/create-invoice.ts';
import { markInvoiceSent } from '../../src/services/invoices/mark-invoice-sent.ts';
import { listPayments } from '../../src/services/payments/list-payments.ts';
import { recordPayment } from '../../src/services/payments/record-payment.ts';
import { refundPayment } from '../../src/services/payments/refund-payment.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
const clock = new TestClock();

beforeAll(async () => {
  // Wider than the number of concurrent requests, so they really run in parallel transactions.
  database = await createTestDatabase({ max: 20 });
});

afterAll(async () => {
  await database.close();
});

async function sentInvoice(unitPrice: string) {
  const deps = { db: database.db, clock };
  const client = await createClient(deps, { name: 'Race Co', currency: 'USD' });
  const draft = await createInvoice(deps, systemActor, {
    clientId: client.id,
    taxes: [],
    lines: [{ description: 'Work', quantity: '1', unitPrice }],
  });
  return markInvoiceSent(deps, systemActor, draft.id);
}

async function storedInvoice(id: string) {
  return database.db
    .selectFrom('invoices')
    .select(['status', 'total_minor', 'amount_paid_minor'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

it('lets exactly 3 of 10 simultaneous 30 % payments through; the balance never goes below zero', async () => {
  const deps = { db: database.db, clock };
  const invoice = await sentInvoice('1000.00');
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () =>
      recordPayment(deps, systemActor, invoice.id, { amount: '300.00', method: 'bank_transfer' }),
    ),
  );
  const succeeded = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r) => r.status === 'rejected');
  expect(succeeded).toHaveLength(3);
  expect(refused).toHaveLength(7);
  for (const failure of refused) {
    expect(failure.reason).toBeInstanceOf(ValidationError);
    expect((failure.reason as ValidationError).field).toBe('amount');
  }
  // Each success saw the balance the previous one left.
  const balances = succeeded.map((r) => r.value.invoice.totals.balanceDue).sort();
  expect(balances).toEqual(['100.00', '400.00', '700.00']);

  const stored = await storedInvoice(invoice.id);
  expect(stored).toEqual({ status: 'partially_paid', total_minor: 100000n, amount_paid_minor: 90000n });
  expect(await listPayments(deps, invoice.id)).toHaveLength(3);
});

it('lets only one of 10 simultaneous full payments through', async () => {
  const deps = { db: database.db, clock };
  const invoice = await sentInvoice('250.00');
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () =>
      recordPayment(deps, systemActor, invoice.id, { amount: '250.00', method: 'card' }),
    ),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(await storedInvoice(invoice.id)).toEqual({
    status: 'paid',
    total_minor: 25000n,
    amount_paid_minor: 25000n,
  });
});

it('keeps the cache equal to the payments when payments and refunds race', async () => {
  const deps = { db: database.db, clock };
  const invoice = await sentInvoice('100.00');
  const first = await recordPayment(deps, systemActor, invoice.id, { amount: '60.00', method: 'cash' });
  // Refunding 60 while others try to pay 50 each: whatever the order, no more than 100 ends up counted.
  const results = await Promise.allSettled([
    refundPayment(deps, systemActor, invoice.id, first.payment.id, {}),
    ...Array.from({ length: 6 }, () =>
      recordPayment(deps, systemActor, invoice.id, { amount: '50.00', method: 'cash' }),
    ),
  ]);
  expect(results[0]!.status).toBe('fulfilled');
  const payments = await listPayments(deps, invoice.id);
  const counted = payments.reduce((sum, p) => sum + BigInt(p.countedAmount.replace('.', '')), 0n);
  const stored = await storedInvoice(invoice.id);
  expect(stored.amount_paid_minor).toBe(counted);
  expect(counted).toBeLessThanOrEqual(10000n);
  expect(stored.status).toBe(counted === 10000n ? 'paid' : counted > 0n ? 'partially_paid' : 'sent');
});
