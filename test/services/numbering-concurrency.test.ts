import { createQueryId, type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/services/clients/create-client.ts';
import { systemActor, userActor } from '../../src/services/context.ts';
import { createCreditNote } from '../../src/services/credit-notes/create-credit-note.ts';
import { getCreditNote } from '../../src/services/credit-notes/get-credit-note.ts';
import { issueCreditNote } from '../../src/services/credit-notes/issue-credit-note.ts';
import { createInvoice } from '../../src/services/invoices/create-invoice.ts';
import { getInvoice } from '../../src/services/invoices/get-invoice.ts';
import { markInvoiceSent } from '../../src/services/invoices/mark-invoice-sent.ts';
import { createQuote } from '../../src/services/quotes/create-quote.ts';
import { getQuote } from '../../src/services/quotes/get-quote.ts';
import { markQuoteSent } from '../../src/services/quotes/mark-quote-sent.ts';
import { createUser } from '../../src/services/users/create-user.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
const clock = new TestClock();

beforeAll(async () => {
  // A pool as wide as a busy deployment, so issuing really happens in parallel transactions.
  database = await createTestDatabase({ max: 20 });
});

afterAll(async () => {
  await database.close();
});

it('issues 200 invoices concurrently with 200 consecutive, unique numbers', async () => {
  const deps = { db: database.db, clock };
  const client = await createClient(deps, { name: 'Concurrent Co' });
  const drafts = await Promise.all(
    Array.from({ length: 200 }, () =>
      createInvoice(deps, systemActor, {
        clientId: client.id,
        issueDate: '2026-11-25',
        taxes: [],
        lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
      }),
    ),
  );

  const issued = await Promise.all(drafts.map((draft) => markInvoiceSent(deps, systemActor, draft.id)));

  const sequences = issued
    .map((invoice) => Number(invoice.number!.replace('INV-2026-', '')))
    .sort((a, b) => a - b);
  expect(sequences).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  expect(new Set(issued.map((invoice) => invoice.number)).size).toBe(200);
});

it('gives the number back when the issuing transaction fails after taking it, so the sequence has no gap', async () => {
  const deps = { db: database.db, clock };
  const client = await createClient(deps, { name: 'Gapless Ltd' });
  // Fail the issuing UPDATE, which runs after the counter was incremented in the same transaction.
  await sql`
    create function fail_marked_issue() returns trigger language plpgsql as $$
    begin
      if new.notes = 'fail on issue' and new.status = 'sent' then raise exception 'injected failure'; end if;
      return new;
    end $$;
    create trigger fail_marked_issue before update on invoices for each row execute function fail_marked_issue();
  `.execute(database.db);
  const line = { description: 'Work', quantity: '1', unitPrice: '10' };
  const doomed = await createInvoice(deps, systemActor, {
    clientId: client.id,
    issueDate: '2026-11-25',
    notes: 'fail on issue',
    lines: [line],
  });
  await expect(markInvoiceSent(deps, systemActor, doomed.id)).rejects.toThrow(/injected failure/);

  const next = await createInvoice(deps, systemActor, {
    clientId: client.id,
    issueDate: '2026-11-25',
    lines: [line],
  });
  expect((await markInvoiceSent(deps, systemActor, next.id)).number).toBe('INV-2026-0201');
  // Issuing twice is refused and takes no number either.
  await expect(markInvoiceSent(deps, systemActor, next.id)).rejects.toThrow(/Cannot/);
  const counter = await database.db
    .selectFrom('invoice_counters')
    .select('last_value')
    .where('scope', '=', '2026')
    .executeTakeFirstOrThrow();
  expect(counter.last_value).toBe(201n);
  const doomedAfter = await database.db
    .selectFrom('invoices')
    .select(['status', 'number'])
    .where('id', '=', doomed.id)
    .executeTakeFirstOrThrow();
  expect(doomedAfter).toEqual({ status: 'draft', number: null });
});

it('takes the number as the last write before commit, and answers what was stored without reading it again', async () => {
  const statements: string[] = [];
  const recorder: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements.push(database.db.getExecutor().compileQuery(node, createQueryId()).sql);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const deps = { db: database.db, clock };
  const client = await createClient(deps, { name: 'Short Lock Inc' });
  const draft = await createInvoice(deps, systemActor, {
    clientId: client.id,
    issueDate: '2026-11-25',
    lines: [{ description: 'Work', quantity: '2', unitPrice: '10.50' }],
  });

  const issued = await markInvoiceSent(
    { db: database.db.withPlugin(recorder), clock },
    systemActor,
    draft.id,
  );

  // The counter row stays locked from its upsert until commit: only the statement storing the number may follow.
  // (The locked read of the invoice, which also reads the number pattern, runs precompiled: not recorded here.)
  const counterAt = statements.findIndex((text) => text.startsWith('insert into "invoice_counters"'));
  expect(counterAt).toBeGreaterThanOrEqual(0);
  expect(statements.filter((text) => text.includes('from "settings"'))).toEqual([]);
  expect(statements.slice(counterAt + 1)).toEqual([
    expect.stringMatching(/^with "issued" as \(update "invoices" set .*\) insert into "invoice_events"/),
  ]);
  // What issuing answered is what a fresh read of the invoice shows.
  expect(issued).toEqual(await getInvoice(deps, draft.id));
  expect(issued.status).toBe('sent');
  expect(issued.number).toMatch(/^INV-2026-\d{4}$/);
});

it("writes a staff member's audit entries in the statements of the create and of the number", async () => {
  const statements: string[] = [];
  const recorder: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements.push(database.db.getExecutor().compileQuery(node, createQueryId()).sql);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const deps = { db: database.db, clock };
  const recording = { db: database.db.withPlugin(recorder), clock };
  const user = await createUser(deps, {
    email: 'issuer@example.com',
    name: 'Iris Issuer',
    password: 'issuer-password-1',
    role: 'finance',
  });
  const actor = userActor({ ...user, role: 'finance' });
  const client = await createClient(deps, { name: 'Audited Issue Ltd' });

  const draft = await createInvoice(recording, actor, {
    clientId: client.id,
    issueDate: '2026-11-25',
    lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
  });
  expect(statements).toEqual([
    expect.stringMatching(/^select "settings"/),
    expect.stringMatching(/^with "draft" as .*, "audited" as \(insert into "audit_log"/),
  ]);
  statements.length = 0;
  const issued = await markInvoiceSent(recording, actor, draft.id);
  const counterAt = statements.findIndex((text) => text.startsWith('insert into "invoice_counters"'));
  expect(statements.slice(counterAt + 1)).toEqual([
    expect.stringMatching(/^with "issued" as \(update "invoices" .*, "audited" as \(insert into "audit_log"/),
  ]);

  const entries = await database.db
    .selectFrom('audit_log')
    .select(['action', 'actor_type', 'actor_user_id', 'before', 'after'])
    .where('entity_id', '=', draft.id)
    .orderBy('action')
    .execute();
  expect(entries).toEqual([
    expect.objectContaining({ action: 'invoice.created', actor_type: 'user', actor_user_id: user.id }),
    {
      action: 'invoice.issued',
      actor_type: 'user',
      actor_user_id: user.id,
      before: { status: 'draft' },
      after: { status: 'sent', number: issued.number, action: 'mark_sent' },
    },
  ]);
});

it('issues quotes the same way: concurrent issues gapless, the number taken by the last write', async () => {
  const deps = { db: database.db, clock };
  const client = await createClient(deps, { name: 'Quoted Co' });
  const line = { description: 'Work', quantity: '1', unitPrice: '10' };
  const drafts = await Promise.all(
    Array.from({ length: 40 }, () =>
      createQuote(deps, systemActor, { clientId: client.id, issueDate: '2026-11-25', lines: [line] }),
    ),
  );
  const issued = await Promise.all(drafts.map((draft) => markQuoteSent(deps, systemActor, draft.id)));
  const sequences = issued.map((quote) => Number(quote.number!.replace('Q-2026-', ''))).sort((a, b) => a - b);
  expect(sequences).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

  const statements: string[] = [];
  const recorder: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements.push(database.db.getExecutor().compileQuery(node, createQueryId()).sql);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const draft = await createQuote(deps, systemActor, {
    clientId: client.id,
    issueDate: '2026-11-25',
    lines: [line],
  });
  const quote = await markQuoteSent({ db: database.db.withPlugin(recorder), clock }, systemActor, draft.id);
  const counterAt = statements.findIndex((text) => text.startsWith('insert into "invoice_counters"'));
  expect(statements.slice(counterAt + 1)).toEqual([
    expect.stringMatching(/^with "issued" as \(update "quotes" set .*\) insert into "document_events"/),
  ]);
  expect(quote.number).toBe('Q-2026-0041');
  expect(quote).toEqual(await getQuote(deps, draft.id));
});

describe('credit notes', () => {
  const line = { description: 'Work', quantity: '1', unitPrice: '100' };

  async function issuedInvoice(deps: { db: typeof database.db; clock: TestClock }, clientId: string) {
    const draft = await createInvoice(deps, systemActor, {
      clientId,
      issueDate: '2026-11-25',
      taxes: [],
      lines: [line],
    });
    return markInvoiceSent(deps, systemActor, draft.id);
  }

  it('issue concurrently with consecutive numbers, each applied to its invoice', async () => {
    const deps = { db: database.db, clock };
    const client = await createClient(deps, { name: 'Credited Co' });
    const invoices = await Promise.all(Array.from({ length: 30 }, () => issuedInvoice(deps, client.id)));
    const drafts = await Promise.all(
      invoices.map((invoice) =>
        createCreditNote(deps, systemActor, invoice.id, { mode: 'amount', amount: '40', reason: 'Discount' }),
      ),
    );
    const issued = await Promise.all(drafts.map((draft) => issueCreditNote(deps, systemActor, draft.id)));
    const sequences = issued
      .map((note) => Number(note.number!.replace('CN-2026-', '')))
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const invoice = await getInvoice(deps, invoices[0]!.id);
    expect(invoice.totals.amountCredited).toBe('40.00');
    expect(invoice.totals.balanceDue).toBe('60.00');
    expect(invoice.status).toBe('partially_paid');
  });

  it('take the number as the last write: one statement applies the credit, and the answer is what a read shows', async () => {
    const deps = { db: database.db, clock };
    const client = await createClient(deps, { name: 'Short Credit Ltd' });
    const invoice = await issuedInvoice(deps, client.id);
    const draft = await createCreditNote(deps, systemActor, invoice.id, {
      mode: 'remaining',
      reason: 'Cancelled',
    });
    const statements: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: ({ node }) => {
        statements.push(database.db.getExecutor().compileQuery(node, createQueryId()).sql);
        return node;
      },
      transformResult: async ({ result }) => result,
    };

    const issued = await issueCreditNote(
      { db: database.db.withPlugin(recorder), clock },
      systemActor,
      draft.id,
    );

    const counterAt = statements.findIndex((text) => text.startsWith('insert into "invoice_counters"'));
    expect(counterAt).toBeGreaterThan(0);
    expect(statements.slice(counterAt + 1)).toEqual([
      expect.stringMatching(
        /^with "note_changed" as \(update "credit_notes" set .*\), "note_events" as .*, "allocated" as \(insert into "credit_allocations".*, "invoice_settled" as \(update "invoices" set .*\) insert into "invoice_events"/,
      ),
    ]);
    expect(issued).toEqual(await getCreditNote(deps, draft.id));
    expect(issued.status).toBe('issued');
    expect(issued.allocations).toHaveLength(1);
    const credited = await getInvoice(deps, invoice.id);
    expect(credited.status).toBe('credited');
    expect(credited.totals.balanceDue).toBe('0.00');
    const events = await database.db
      .selectFrom('invoice_events')
      .select(['type', 'to_status', 'data'])
      .where('invoice_id', '=', invoice.id)
      .orderBy('id')
      .execute();
    expect(events.slice(-3)).toEqual([
      expect.objectContaining({
        type: 'credit_note_issued',
        data: expect.objectContaining({ creditNoteNumber: issued.number }),
      }),
      expect.objectContaining({
        type: 'credit_applied',
        data: expect.objectContaining({ creditNoteNumber: issued.number }),
      }),
      expect.objectContaining({ type: 'status_changed', to_status: 'credited' }),
    ]);
  });

  it('give the number back when the issue fails after taking it', async () => {
    const deps = { db: database.db, clock };
    const client = await createClient(deps, { name: 'Gapless Credit Ltd' });
    await sql`
      create function fail_credit_issue() returns trigger language plpgsql as $$
      begin
        if new.notes = 'fail on issue' and new.status = 'issued' then raise exception 'injected failure'; end if;
        return new;
      end $$;
      create trigger fail_credit_issue before update on credit_notes for each row execute function fail_credit_issue();
    `.execute(database.db);
    const counter = async () =>
      (
        await database.db
          .selectFrom('invoice_counters')
          .select('last_value')
          .where('scope', '=', 'credit_note:2026')
          .executeTakeFirst()
      )?.last_value ?? 0n;
    const before = await counter();
    const first = await issuedInvoice(deps, client.id);
    const doomed = await createCreditNote(deps, systemActor, first.id, {
      mode: 'remaining',
      notes: 'fail on issue',
    });
    await expect(issueCreditNote(deps, systemActor, doomed.id)).rejects.toThrow(/injected failure/);
    expect(await getCreditNote(deps, doomed.id)).toMatchObject({ status: 'draft', number: null });
    expect((await getInvoice(deps, first.id)).totals.amountCredited).toBe('0.00');
    expect(await counter()).toBe(before);

    const second = await issuedInvoice(deps, client.id);
    const next = await createCreditNote(deps, systemActor, second.id, { mode: 'remaining' });
    const issued = await issueCreditNote(deps, systemActor, next.id);
    expect(issued.number).toBe(`CN-2026-${String(Number(before) + 1).padStart(4, '0')}`);
  });
});
