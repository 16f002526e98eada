import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { compareDates, todayIn } from '../../domain/dates.ts';
import type { ActionContext, Actor, ServiceDeps } from '../context.ts';
import { invoiceEventRow } from '../invoices/record-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import { loadClients } from './client-matching.ts';
import {
  type InvoiceImportContext,
  InvoicePlanner,
  type PlannedClient,
  type PlannedInvoice,
} from './invoice-plan.ts';
import { type ImportRequest, insertInChunks, type PlanImport, runImport } from './run-import.ts';

async function loadContext(trx: Trx, numbers: string[], now: Date): Promise<InvoiceImportContext> {
  const settings = await getSettings(trx);
  const taken = numbers.length
    ? await trx
        .selectFrom('invoices')
        .select('number')
        .where(sql<boolean>`number = any(${numbers}::text[])`)
        .execute()
    : [];
  // Locked until the import ends: it may move them past the file's numbers (see InvoicePlanner.continueSeries).
  const counters = await trx
    .selectFrom('invoice_counters')
    .select(['scope', 'last_value'])
    .forUpdate()
    .execute();
  const clients = await loadClients(trx);
  return {
    settings,
    today: todayIn(settings.time_zone, now),
    takenNumbers: new Set(taken.map((row) => row.number!)),
    counters: new Map(counters.map((row) => [row.scope, Number(row.last_value)])),
    clientKeys: clients.keys,
    clientCurrencies: clients.currencies,
  };
}

function lineColumnsOf(invoice: PlannedInvoice) {
  return invoice.lines.map((line, position) => ({
    invoice_id: invoice.id,
    position,
    description: line.description,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount_kind: null,
    discount_value: null,
    taxes: JSON.stringify(line.taxes),
  }));
}

function invoiceRow(
  invoice: PlannedInvoice,
  settings: InvoiceImportContext['settings'],
  actor: Actor,
  importId: string,
  now: Date,
  today: string,
) {
  const open = invoice.status === 'sent' || invoice.status === 'partially_paid';
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    client_id: invoice.clientId,
    project_id: null,
    currency: invoice.currency,
    issue_date: invoice.issueDate,
    due_date: invoice.dueDate,
    payment_terms: invoice.paymentTerms,
    discount_kind: null,
    discount_value: null,
    taxes: JSON.stringify([]),
    notes: invoice.notes,
    terms: invoice.terms,
    tax_rounding: settings.tax_rounding,
    invoice_discount_mode: settings.invoice_discount_mode,
    total_minor: invoice.totalMinor,
    amount_paid_minor: invoice.paidMinor,
    sent_at: new Date(`${invoice.issueDate}T00:00:00Z`),
    voided_at: invoice.status === 'void' ? now : null,
    void_reason: invoice.status === 'void' ? 'Void in the imported file' : null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
    order_reference: invoice.orderReference,
    // Already overdue when imported: the overdue sweep must not announce it as newly overdue.
    overdue_noted_due_date: open && compareDates(invoice.dueDate, today) < 0 ? invoice.dueDate : null,
    import_batch_id: importId,
  };
}

/**
 * Historical invoices with their lines and payments. Each keeps the number of the file: numbers must be free, and
 * those of the invoice series (the same pattern) must continue its counter without a gap; the counter then moves
 * past them, so the next invoice Remit issues follows the file's last and the series stays gapless. Clients are matched by email, then by name, or created. Invoices are
 * written as issued (sent, partially paid, paid or void; overdue follows from the due date), with a `created` event
 * and, for money received, one payment and its `payment_recorded` event: the webhooks and the dashboard figures
 * (trigger-kept) follow as for invoices made in Remit.
 */
export const planInvoices: PlanImport = async (trx, file, problems, now, context) => {
  const numbers = [...new Set(file.rows.map((row) => row.get('number')).filter(Boolean))];
  const importContext = await loadContext(trx, numbers, now);
  const planner = new InvoicePlanner(importContext, problems);
  planner.planAll(file.rows);
  const { invoices } = planner;
  const paid = invoices.filter((invoice) => invoice.paidMinor > 0n);
  return {
    created: {
      invoices: invoices.length,
      lines: invoices.reduce((sum, invoice) => sum + invoice.lines.length, 0),
      payments: paid.length,
      clients: planner.newClients.size,
    },
    matched: { clients: planner.matchedClients.size },
    async write(trx, importId, at) {
      const actor = context.actor;
      const clients = [...planner.newClients.values()].map((client: PlannedClient) => ({
        id: client.id,
        name: client.name,
        email: client.email,
        currency: client.currency,
        created_at: at,
        updated_at: at,
      }));
      await insertInChunks(clients, (chunk) => trx.insertInto('clients').values(chunk).execute());
      const rows = invoices.map((invoice) =>
        invoiceRow(invoice, importContext.settings, actor, importId, at, importContext.today),
      );
      await insertInChunks(rows, (chunk) => trx.insertInto('invoices').values(chunk).execute());
      const lines = invoices.flatMap((invoice) => lineColumnsOf(invoice));
      await insertInChunks(lines, (chunk) => trx.insertInto('invoice_lines').values(chunk).execute());
      for (const [scope, lastValue] of planner.counterAdvances) {
        await trx
          .insertInto('invoice_counters')
          .values({ scope, last_value: BigInt(lastValue) })
          .onConflict((oc) =>
            oc
              .column('scope')
              .doUpdateSet({ last_value: sql`greatest(invoice_counters.last_value, excluded.last_value)` }),
          )
          .execute();
      }
      const payments = paid.map((invoice) => ({
        id: randomUUID(),
        invoice_id: invoice.id,
        amount_minor: invoice.paidMinor,
        currency: invoice.currency,
        paid_on: invoice.paidOn,
        method: 'other' as const,
        reference: '',
        note: 'Imported',
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      }));
      await insertInChunks(payments, (chunk) => trx.insertInto('payments').values(chunk).execute());
      const events = [
        ...invoices.map((invoice) =>
          invoiceEventRow(actor, {
            invoiceId: invoice.id,
            type: 'created',
            toStatus: invoice.status,
            data: { importId, number: invoice.number },
            at,
          }),
        ),
        ...payments.map((payment) =>
          invoiceEventRow(actor, {
            invoiceId: payment.invoice_id,
            type: 'payment_recorded',
            data: {
              paymentId: payment.id,
              amount: formatMinor(payment.amount_minor, currencyExponent(payment.currency)),
              currency: payment.currency,
              paidOn: payment.paid_on,
              method: payment.method,
              reference: '',
              importId,
            },
            at,
          }),
        ),
      ];
      await insertInChunks(events, (chunk) => trx.insertInto('invoice_events').values(chunk).execute());
    },
  };
};

export function importInvoices(deps: ServiceDeps, context: ActionContext, request: ImportRequest) {
  return runImport(deps, context, 'invoices', request, planInvoices);
}
