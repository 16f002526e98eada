import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { listRevisionEntries, type RevisionAuthor } from '../documents/revisions.ts';
import { NotFoundError } from '../errors.ts';
import { invoiceRevisionStore, issuingOf } from './invoice-revisions.ts';
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
  const entries = await listRevisionEntries(deps.db, invoiceRevisionStore, invoiceId, () =>
    issuingOf(deps.db, invoice),
  );
  const exponent = currencyExponent(invoice.currency);
  return entries.map(({ snapshot, ...entry }) => {
    const row = (snapshot as InvoiceSnapshot | null)?.invoice;
    return {
      revision: entry.revision,
      current: entry.current,
      number: row ? ((row.number as string | null) ?? null) : invoice.number,
      currency: row ? (row.currency as string) : invoice.currency,
      total: formatMinor(row ? BigInt(row.total_minor as string) : invoice.total_minor, exponent),
      note: entry.note,
      createdBy: entry.createdBy,
      createdAt: entry.createdAt,
    };
  });
}
