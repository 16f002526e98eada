import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { issuingOf, type RevisionAuthor } from './invoice-revisions.ts';
import type { InvoiceSnapshot } from './invoice-snapshot.ts';

export interface InvoiceRevisionSummary {
  revision: number;
  /** The version the invoice shows now (and the client sees). */
  current: boolean;
  number: string | null;
  currency: string;
  total: string;
  note: string;
  createdBy: RevisionAuthor;
  createdAt: string;
}

/**
 * Every version of an issued invoice, oldest first. An invoice issued and never edited has one version, the
 * invoice itself; a draft has none yet.
 */
export async function listInvoiceRevisions(
  deps: ServiceDeps,
  invoiceId: string,
): Promise<InvoiceRevisionSummary[]> {
  const invoice = await deps.db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw new NotFoundError('Invoice');
  if (invoice.status === 'draft') return [];
  const rows = await deps.db
    .selectFrom('invoice_revisions')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('revision')
    .execute();
  const exponent = currencyExponent(invoice.currency);
  if (rows.length === 0) {
    const issuing = await issuingOf(deps.db, invoice);
    return [
      {
        revision: 1,
        current: true,
        number: invoice.number,
        currency: invoice.currency,
        total: formatMinor(invoice.total_minor, exponent),
        note: 'As issued',
        createdBy: issuing.author,
        createdAt: issuing.at.toISOString(),
      },
    ];
  }
  return rows.map((row, index) => {
    const snapshot = row.snapshot as unknown as InvoiceSnapshot;
    return {
      revision: row.revision,
      current: index === rows.length - 1,
      number: (snapshot.invoice.number as string | null) ?? null,
      currency: snapshot.invoice.currency as string,
      total: formatMinor(BigInt(snapshot.invoice.total_minor as string), exponent),
      note: row.note,
      createdBy: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
      createdAt: row.created_at.toISOString(),
    };
  });
}
