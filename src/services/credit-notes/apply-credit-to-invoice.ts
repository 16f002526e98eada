import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { Trx } from '../../db/client.ts';
import type { CreditNotesTable } from '../../db/schema-documents.ts';
import { formatMinor } from '../../domain/currency.ts';
import { type StoredStatus, statusAfterCredit } from '../../domain/invoice-status.ts';
import { recordTimelineAudit } from '../audit/record-timeline-audit.ts';
import type { Actor } from '../context.ts';
import type { documentEventRow } from '../documents/record-document-event.ts';
import { computeRecordTotals } from '../invoices/invoice-view.ts';
import type { InvoiceRecord } from '../invoices/load-invoice.ts';
import { invoiceEventRow } from '../invoices/record-event.ts';
import { countedPaymentsOf, invoiceWasViewed } from '../payments/payment-balance.ts';

/**
 * The invoice's balance due under its row lock: total − paid − credited, with the amount paid counted from the
 * payments themselves (not the cache), as recording a payment does.
 */
export async function lockedBalance(
  trx: Trx,
  record: InvoiceRecord,
): Promise<{ balance: bigint; paid: bigint; exponent: number }> {
  const { paid } = await countedPaymentsOf(trx, record.invoice.id);
  const totals = computeRecordTotals({ ...record, invoice: { ...record.invoice, amount_paid_minor: paid } });
  return { balance: totals.balanceDue, paid, exponent: totals.exponent };
}

type InvoiceEvent = ReturnType<typeof invoiceEventRow>;
type DocumentEvent = ReturnType<typeof documentEventRow>;

/** What applying an amount of a credit note to an invoice writes, decided before anything is written. */
export interface CreditApplication {
  allocation: {
    id: string;
    credit_note_id: string;
    invoice_id: string;
    amount_minor: bigint;
    created_by: string | null;
    created_at: Date;
  };
  /** The credit note's applied amount afterwards. */
  appliedAfter: bigint;
  invoiceChanges: { amount_credited_minor: bigint; status: StoredStatus; updated_at: Date };
  /**
   * `credit_applied`, and `status_changed` when the settlement moves the invoice's status, naming the credit note
   * by `noteNumber` (an issue takes it after planning).
   */
  invoiceEvents: (noteNumber: string | null) => InvoiceEvent[];
}

/**
 * Decides how `amount` of a credit note applies to an invoice, both locked by the caller (invoice first): the
 * allocation, the caches on both (credit_notes.amount_applied_minor, invoices.amount_credited_minor), the
 * invoice's status as the settlement says (domain/invoice-status.ts statusAfterCredit) and the invoice's timeline.
 * Only reads; the caller checked that the amount fits the invoice's balance and the credit left, and may pass the
 * balance it read under the lock. writeCreditNoteChanges writes it.
 */
export async function planCreditApplication(
  trx: Trx,
  actor: Actor,
  record: InvoiceRecord,
  note: { id: string; appliedBefore: bigint },
  amount: bigint,
  now: Date,
  locked?: { balance: bigint; paid: bigint; exponent: number },
): Promise<CreditApplication> {
  const { invoice } = record;
  const { balance, paid, exponent } = locked ?? (await lockedBalance(trx, record));
  const credited = invoice.amount_credited_minor + amount;
  const status = statusAfterCredit(invoice.status, {
    balanceDue: balance - amount,
    paid,
    credited,
    viewed: await invoiceWasViewed(trx, invoice.id),
  });
  const event = (type: string, data: Record<string, unknown>, change?: { from: string; to: string }) =>
    invoiceEventRow(actor, {
      invoiceId: invoice.id,
      type,
      fromStatus: change?.from ?? null,
      toStatus: change?.to ?? null,
      data,
      at: now,
    });
  const invoiceEvents = (noteNumber: string | null) => [
    event('credit_applied', {
      creditNoteId: note.id,
      creditNoteNumber: noteNumber,
      amount: formatMinor(amount, exponent),
      currency: invoice.currency,
    }),
    ...(status === invoice.status
      ? []
      : [
          event(
            'status_changed',
            { action: 'apply_credit', creditNoteId: note.id },
            { from: invoice.status, to: status },
          ),
        ]),
  ];
  return {
    allocation: {
      id: randomUUID(),
      credit_note_id: note.id,
      invoice_id: invoice.id,
      amount_minor: amount,
      created_by: actor.userId,
      created_at: now,
    },
    appliedAfter: note.appliedBefore + amount,
    invoiceChanges: { amount_credited_minor: credited, status, updated_at: now },
    invoiceEvents,
  };
}

/**
 * Writes a credit note's changes in one statement: the row (`noteChanges`, plus the applied amount of
 * `application`), the allocation and the invoice's credited amount and status when credit is applied, and the
 * events (the invoice's given ones first, then the application's). Issuing runs it as the only statement after
 * taking the number, so the series' counter stays locked for one round trip.
 */
export async function writeCreditNoteChanges(
  trx: Trx,
  change: {
    /** Who acts: staff and API actions are also recorded in the audit log. */
    actor: Actor;
    noteId: string;
    /** The credit note's number, as the application's events name it. */
    noteNumber: string | null;
    noteChanges: Updateable<CreditNotesTable>;
    application: CreditApplication | null;
    documentEvents: DocumentEvent[];
    invoiceEvents: InvoiceEvent[];
  },
): Promise<void> {
  const { application } = change;
  const invoiceEvents = [...change.invoiceEvents, ...(application?.invoiceEvents(change.noteNumber) ?? [])];
  if (invoiceEvents.length === 0) throw new Error('A credit note change records at least one invoice event');
  const noteChanged = trx.with('note_changed', (db) =>
    db
      .updateTable('credit_notes')
      .set({
        ...change.noteChanges,
        ...(application ? { amount_applied_minor: application.appliedAfter } : {}),
      })
      .where('id', '=', change.noteId),
  );
  const withDocumentEvents =
    change.documentEvents.length > 0
      ? noteChanged.with('note_events', (db) =>
          db.insertInto('document_events').values(change.documentEvents),
        )
      : noteChanged;
  await recordTimelineAudit(trx, change.actor, [...change.documentEvents, ...invoiceEvents]);
  if (!application) {
    await withDocumentEvents.insertInto('invoice_events').values(invoiceEvents).execute();
    return;
  }
  await withDocumentEvents
    .with('allocated', (db) => db.insertInto('credit_allocations').values(application.allocation))
    .with('invoice_settled', (db) =>
      db
        .updateTable('invoices')
        .set(application.invoiceChanges)
        .where('id', '=', application.allocation.invoice_id),
    )
    .insertInto('invoice_events')
    .values(invoiceEvents)
    .execute();
}
