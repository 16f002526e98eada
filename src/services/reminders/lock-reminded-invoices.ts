import type { Trx } from '../../db/client.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import {
  attachmentForPreference,
  type EmailAttachmentChoice,
} from '../../domain/einvoice/attachment-choice.ts';
import type { InvoiceSummary } from '../invoices/invoice-view.ts';

/** What a batch of reminders needs of an invoice, read under its row lock. */
export interface RemindedInvoice
  extends Pick<
    InvoiceRow,
    'id' | 'number' | 'status' | 'client_id' | 'currency' | 'due_date' | 'email_attachment'
  > {
  /** What its emails attach (chooseAttachment's choice, read in the same statement as the lock). */
  attachment: EmailAttachmentChoice;
  /** Stored total minus what was paid and credited. */
  balanceDue: bigint;
  /** The email's view of the invoice. */
  summary: InvoiceSummary;
}

/**
 * Locks the invoices (id order, as every batch locks) and reads only the columns a reminder shows or checks,
 * with the client's preferred e-invoice format. The
 * amounts are the stored ones, without the lines: an issued invoice's total_minor is the totals engine's figure
 * (written by issuing, revising, importing and seeding), which the invoice-by-invoice path recomputes and
 * test/services/reminder-batches.test.ts compares row by row.
 */
export async function lockRemindedInvoices(trx: Trx, ids: string[]): Promise<Map<string, RemindedInvoice>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('invoices')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select([
      'invoices.id',
      'invoices.number',
      'invoices.status',
      'invoices.client_id',
      'invoices.currency',
      'invoices.due_date',
      'invoices.email_attachment',
      'invoices.total_minor',
      'invoices.amount_paid_minor',
      'invoices.amount_credited_minor',
      'clients.einvoice_format',
    ])
    .where('invoices.id', 'in', ids)
    .orderBy('invoices.id')
    .forUpdate('invoices')
    .execute();
  return new Map(
    rows.map(
      ({
        total_minor: total,
        amount_paid_minor: paid,
        amount_credited_minor: credited,
        einvoice_format,
        ...row
      }) => {
        const balanceDue = total - paid - (credited ?? 0n);
        const exponent = currencyExponent(row.currency);
        const summary: InvoiceSummary = {
          id: row.id,
          number: row.number,
          currency: row.currency,
          dueDate: row.due_date,
          totals: { total: formatMinor(total, exponent), balanceDue: formatMinor(balanceDue, exponent) },
        };
        // chooseAttachment's rule: the invoice's last send, else the client's preferred format.
        const attachment = row.email_attachment ?? attachmentForPreference(einvoice_format);
        return [row.id, { ...row, balanceDue, summary, attachment }];
      },
    ),
  );
}
