/**
 * Scheduled reminders are done set-based, a batch at a time: the batch path writes exactly what the invoice-by-invoice
 * path writes for the same data (slots, outbox rows, portal link tokens, timeline events), skipped cases included;
 * a rerun adds nothing; a batch that fails is done again invoice by invoice, so one bad invoice fails alone and goes
 * out on the next run, once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/services/auth/secrets.ts';
import { openLinkToken } from '../../src/services/email/link-token.ts';
import { queueEmail } from '../../src/services/email/queue-email.ts';
import { type RemindersOptions, runReminders } from '../../src/services/reminders/run-reminders.ts';
import { type SendingTestApp, startSendingApp } from '../support/sending-app.ts';

let t: SendingTestApp;
/** Invoice id to a readable name, so snapshots read (and compare) by name. */
const names = new Map<string, string>();

async function client(name: string, contacts: { name: string; email?: string }[]): Promise<string> {
  const created = await t.call('POST', '/api/v1/clients', { name, currency: 'USD', contacts });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function sentInvoice(
  name: string,
  clientId: string,
  issueDate: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const created = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate,
    paymentTerms: 'net_15',
    lines: [{ description: name, quantity: '3', unitPrice: '41.50' }],
    ...body,
  });
  expect(created.status).toBe(201);
  expect((await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`)).status).toBe(200);
  names.set(created.body.id, name);
  return created.body.id;
}

/** Everything the reminders wrote, by invoice name, with generated ids and token values replaced by what they mean. */
async function snapshot() {
  const db = t.database.db;
  const ids = [...names.keys()];
  const slots = await db
    .selectFrom('invoice_reminders')
    .select(['invoice_id', 'slot', 'created_at'])
    .where('invoice_id', 'in', ids)
    .execute();
  const outbox = await db
    .selectFrom('email_outbox')
    .selectAll()
    .where('invoice_id', 'in', ids)
    .where('kind', '=', 'reminder')
    .execute();
  const links = await db.selectFrom('invoice_links').selectAll().where('invoice_id', 'in', ids).execute();
  const linkByHash = new Map(links.map((link) => [link.token_hash, link]));
  const outboxById = new Map(outbox.map((row) => [row.id, row]));
  const emails = outbox.map(({ id, link_token_encrypted, invoice_id, ...row }) => {
    const token = link_token_encrypted ? openLinkToken(t.deps.secretKey, id, link_token_encrypted) : null;
    const link = token ? linkByHash.get(hashToken(token)) : undefined;
    return {
      ...row,
      invoice: names.get(invoice_id!),
      token: token?.slice(0, 3),
      link: link && {
        invoice: names.get(link.invoice_id!),
        contact_id: link.contact_id,
        quote_id: link.quote_id,
        created_at: link.created_at,
        expires_at: link.expires_at,
        revoked_at: link.revoked_at,
      },
    };
  });
  const events = await db
    .selectFrom('invoice_events')
    .select([
      'invoice_id',
      'type',
      'from_status',
      'to_status',
      'actor_type',
      'actor_id',
      'actor_name',
      'data',
    ])
    .select('created_at')
    .where('invoice_id', 'in', ids)
    .where('type', 'like', 'reminder%')
    .execute();
  const byName = (a: { invoice?: string; key: string }, b: { invoice?: string; key: string }) =>
    `${a.invoice}/${a.key}`.localeCompare(`${b.invoice}/${b.key}`);
  return {
    slots: slots
      .map(({ invoice_id, ...slot }) => ({ invoice: names.get(invoice_id), key: slot.slot, ...slot }))
      .sort(byName),
    emails: emails.map((email) => ({ key: email.to_address, ...email })).sort(byName),
    links: links.length,
    events: events
      .map(({ invoice_id, data, ...event }) => ({
        invoice: names.get(invoice_id),
        key: event.type,
        ...event,
        data: <Record<string, unknown>>{
          ...data,
          ...(Array.isArray(data.emails)
            ? {
                emails: (data.emails as { id: string; to: string; state: string }[]).map((email) => ({
                  ...email,
                  id: outboxById.get(email.id)?.to_address,
                })),
              }
            : {}),
        },
      }))
      .sort(byName),
  };
}

/** Undoes what a run of the reminders wrote (the outbox row queued beforehand stays). */
async function undoReminders(keep: string) {
  const db = t.database.db;
  const ids = [...names.keys()];
  await db.deleteFrom('invoice_reminders').where('invoice_id', 'in', ids).execute();
  await db
    .deleteFrom('email_outbox')
    .where('invoice_id', 'in', ids)
    .where('kind', '=', 'reminder')
    .where('id', '!=', keep)
    .execute();
  await db.deleteFrom('invoice_links').where('invoice_id', 'in', ids).execute();
  await db
    .deleteFrom('invoice_events')
    .where('invoice_id', 'in', ids)
    .where('type', 'like', 'reminder%')
    .execute();
}

function noFallback(): RemindersOptions['onFallback'] {
  return (batch, error) => {
    throw new Error(`batch ${batch} fell back to invoice by invoice: ${String(error)}`);
  };
}

beforeAll(async () => {
  t = await startSendingApp();
  t.clock.set('2026-11-02T12:00:00Z');
  await t.call('PATCH', '/api/v1/settings', { businessName: 'Batch & Co', timeZone: 'Europe/Berlin' });
  await t.call('PUT', '/api/v1/settings/smtp', {
    host: '127.0.0.1',
    port: 2525,
    security: 'none',
    fromAddress: 'billing@batch.example',
  });
  expect(
    (
      await t.call('PUT', '/api/v1/settings/reminders', {
        enabled: true,
        daysBeforeDue: null,
        onDueDate: true,
      })
    ).status,
  ).toBe(200);
});

afterAll(async () => {
  await t?.close();
});

describe('reminders, set-based', () => {
  it('writes what the invoice-by-invoice path writes, skipped cases included', async () => {
    const many = await client('Many Contacts Ltd', [
      { name: 'Ada <Lovelace>', email: 'ada@many.example' },
      { name: 'No Mail' },
      { name: 'Grace', email: 'grace@many.example' },
    ]);
    const mute = await client('Mute Ltd', [{ name: 'Silent' }]);
    const strict = await client('Strict GmbH', [{ name: 'Uwe', email: 'uwe@strict.example' }]);
    const prefers = await client('Prefers UBL BV', [{ name: 'Pim', email: 'pim@prefers.example' }]);
    const first = await sentInvoice('many-1', many, '2026-11-02');
    // Taxes, discounts and rounding: the batch path shows the stored totals, the other path the engine's.
    await sentInvoice('many-2', many, '2026-11-02', {
      lines: [
        {
          description: 'Consulting',
          quantity: '1.5',
          unitPrice: '82.6446',
          taxes: [{ name: 'GST', rate: '5' }],
        },
        {
          description: 'Design',
          quantity: '2',
          unitPrice: '100',
          discount: { kind: 'percent', value: '10' },
        },
      ],
      discount: { kind: 'fixed', value: '10.00' },
    });
    const deduped = await sentInvoice('many-deduped', many, '2026-11-02');
    await sentInvoice('mute', mute, '2026-11-02');
    const refused = await sentInvoice('strict-ubl', strict, '2026-11-02');
    await sentInvoice('prefers-ubl', prefers, '2026-11-02');
    const paid = await sentInvoice('paid', many, '2026-11-02');
    expect(
      (await t.call('POST', `/api/v1/invoices/${first}/payments`, { amount: '20', method: 'cash' })).status,
    ).toBe(201);
    expect(
      (await t.call('POST', `/api/v1/invoices/${paid}/payments`, { amount: '124.50', method: 'cash' }))
        .status,
    ).toBe(201);
    // Last sent as UBL, which this organisation (no address, no VAT number) cannot produce: skipped with the reasons.
    await t.database.db
      .updateTable('invoices')
      .set({ email_attachment: 'ubl' })
      .where('id', '=', refused)
      .execute();
    await t.database.db
      .updateTable('clients')
      .set({ einvoice_format: 'ubl' })
      .where('id', '=', prefers)
      .execute();
    // One contact already has this slot's message (its dedupe key): the reminder queues the other one only.
    const contacts = await t.database.db
      .selectFrom('contacts')
      .select(['id', 'email'])
      .where('client_id', '=', many)
      .execute();
    const ada = contacts.find((contact) => contact.email === 'ada@many.example')!;
    const queuedBefore = await t.database.db.transaction().execute((trx) =>
      queueEmail(
        trx,
        {
          kind: 'reminder',
          to: { address: 'ada@many.example' },
          subject: 'Sent before',
          html: '<p>Sent before</p>',
          text: 'Sent before',
          invoiceId: deduped,
          contactId: ada.id,
          dedupeKey: `reminder:${deduped}:2026-11-17/due:${ada.id}`,
        },
        t.clock.now(),
      ),
    );

    t.clock.set('2026-11-17T08:00:00Z');
    const expected = { queued: 3, skipped: 3, failed: 0 };
    expect(await runReminders(t.deps, { batchSize: 4, itemByItem: true })).toEqual(expected);
    const itemByItem = await snapshot();
    await undoReminders(queuedBefore!);

    expect(await runReminders(t.deps, { batchSize: 4, onFallback: noFallback() })).toEqual(expected);
    const batched = await snapshot();
    expect(batched).toEqual(itemByItem);

    // What the comparison covers, read from the batch path's rows.
    expect(batched.slots.map((slot) => slot.invoice)).toEqual([
      'many-1',
      'many-2',
      'many-deduped',
      'mute',
      'prefers-ubl',
      'strict-ubl',
    ]);
    expect(batched.emails.map((email) => `${email.invoice} ${email.to_address} ${email.state}`)).toEqual([
      'many-1 ada@many.example queued',
      'many-1 grace@many.example queued',
      'many-2 ada@many.example queued',
      'many-2 grace@many.example queued',
      'many-deduped ada@many.example queued',
      'many-deduped grace@many.example queued',
    ]);
    const many1 = batched.emails.find((email) => email.invoice === 'many-1')!;
    expect(many1.subject).toMatch(
      /^Reminder: invoice \S+ from Batch & Co, \$104\.50 due today, November 17, 2026$/,
    );
    expect(many1.text).toContain('Hello Ada <Lovelace>,');
    expect(batched.emails.find((email) => email.invoice === 'many-2')!.text).toContain('Amount due: $299.96');
    expect(many1.html).toContain('Hello Ada &lt;Lovelace&gt;,');
    expect(many1.text).toContain('/portal/link/{{remit:link-token}}');
    expect(many1.dedupe_key).toBe(`reminder:${first}:2026-11-17/due:${ada.id}`);
    const withToken = batched.emails.filter((email) => email.subject.startsWith('Reminder'));
    expect(withToken.map((email) => [email.token, email.link?.invoice, email.link?.contact_id])).toEqual(
      withToken.map((email) => ['rl_', email.invoice, email.contact_id]),
    );
    // One link per message queued, and one for the message whose key was taken (never sent, as before).
    expect(batched.links).toBe(6);
    expect(batched.events.map((event) => `${event.invoice} ${event.type}`)).toEqual([
      'many-1 reminder_queued',
      'many-2 reminder_queued',
      'many-deduped reminder_queued',
      'mute reminder_skipped',
      'prefers-ubl reminder_skipped',
      'strict-ubl reminder_skipped',
    ]);
    const deduplicated = batched.events.find((event) => event.invoice === 'many-deduped')!;
    expect(deduplicated.data.emails).toEqual([
      { id: 'grace@many.example', to: 'grace@many.example', state: 'queued' },
    ]);
    expect(batched.events.find((event) => event.invoice === 'mute')!.data).toEqual({
      slot: '2026-11-17/due',
      reason: 'The client has no contact with an email address',
    });
    const strictSkip = batched.events.find((event) => event.invoice === 'strict-ubl')!.data;
    expect(strictSkip).toMatchObject({ slot: '2026-11-17/due', attachment: 'ubl' });
    expect(String(strictSkip.reason)).toContain('cannot be sent as');
    expect(batched.events.find((event) => event.invoice === 'prefers-ubl')!.data).toMatchObject({
      attachment: 'ubl',
    });
  });

  it('a rerun adds nothing', async () => {
    const before = await snapshot();
    expect(await runReminders(t.deps, { batchSize: 4, onFallback: noFallback() })).toEqual({
      queued: 0,
      skipped: 0,
      failed: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a failing batch is done invoice by invoice: the bad invoice fails alone and goes out on the next run, once', async () => {
    t.clock.set('2026-11-03T12:00:00Z');
    const solo = await client('Solo Ltd', [{ name: 'Sol', email: 'sol@solo.example' }]);
    const ids = [
      await sentInvoice('solo-1', solo, '2026-11-03'),
      await sentInvoice('solo-2', solo, '2026-11-03'),
      await sentInvoice('solo-3', solo, '2026-11-03'),
    ];
    const bad = ids[1]!;
    await sql
      .raw(`
        create function refuse_reminder() returns trigger language plpgsql as $$
        begin
          if new.invoice_id = '${bad}' then raise exception 'refused for the test'; end if;
          return new;
        end $$;
        create trigger refuse_reminder before insert on invoice_reminders
          for each row execute function refuse_reminder();`)
      .execute(t.database.db);
    t.clock.set('2026-11-18T08:00:00Z');
    const fallbacks: number[] = [];
    try {
      expect(await runReminders(t.deps, { onFallback: (batch) => fallbacks.push(batch) })).toEqual({
        queued: 2,
        skipped: 0,
        failed: 1,
      });
    } finally {
      await sql
        .raw('drop trigger refuse_reminder on invoice_reminders; drop function refuse_reminder();')
        .execute(t.database.db);
    }
    expect(fallbacks).toEqual([1]);
    const emailsOf = async () =>
      (
        await t.database.db
          .selectFrom('email_outbox')
          .select('invoice_id')
          .where('invoice_id', 'in', ids)
          .where('kind', '=', 'reminder')
          .execute()
      )
        .map((row) => names.get(row.invoice_id!))
        .sort();
    expect(await emailsOf()).toEqual(['solo-1', 'solo-3']);

    expect(await runReminders(t.deps, { onFallback: noFallback() })).toEqual({
      queued: 1,
      skipped: 0,
      failed: 0,
    });
    expect(await runReminders(t.deps, { onFallback: noFallback() })).toEqual({
      queued: 0,
      skipped: 0,
      failed: 0,
    });
    expect(await emailsOf()).toEqual(['solo-1', 'solo-2', 'solo-3']);
    const events = await t.database.db
      .selectFrom('invoice_events')
      .select('invoice_id')
      .where('invoice_id', 'in', ids)
      .where('type', '=', 'reminder_queued')
      .execute();
    expect(events).toHaveLength(3);
  });
});
