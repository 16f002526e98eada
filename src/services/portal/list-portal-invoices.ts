import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { effectiveStatus, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { ServiceDeps } from '../context.ts';
import { hasShownStatus } from '../invoices/status-filter.ts';
import { cursorTime, decodeCursor, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { PortalPrincipal } from './portal-context.ts';

export type PortalStatusFilter = Exclude<InvoiceStatus, 'draft'>;

export interface PortalInvoiceFilter extends PageRequest {
  status?: PortalStatusFilter[];
  /** Searches the invoice number. */
  q?: string;
}

export interface PortalInvoiceSummary {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountPaid: string;
  /** Credit applied from credit notes; balanceDue = total − amountPaid − amountCredited. */
  amountCredited: string;
  balanceDue: string;
}

/**
 * The invoices a contact may see: those of the contact's client (in the SQL, never filtered afterwards), never
 * drafts, only the link's invoice for a session opened by a link. Void invoices are listed as void.
 */
export async function listPortalInvoices(
  deps: ServiceDeps,
  principal: PortalPrincipal,
  filter: PortalInvoiceFilter,
) {
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  let query = deps.db
    .selectFrom('invoices')
    .select([
      'invoices.id',
      'invoices.number',
      'invoices.status',
      'invoices.currency',
      'invoices.issue_date',
      'invoices.due_date',
      'invoices.total_minor',
      'invoices.amount_paid_minor',
      'invoices.amount_credited_minor',
      'invoices.created_at',
      cursorTime('invoices'),
    ])
    .where('invoices.client_id', '=', principal.clientId)
    .where('invoices.status', '!=', 'draft');
  if (principal.invoiceId) query = query.where('invoices.id', '=', principal.invoiceId);
  if (filter.status?.length) {
    const statuses = filter.status;
    query = query.where((eb) => hasShownStatus(eb, statuses, today));
  }
  if (filter.q) {
    query = query.where('invoices.number', 'ilike', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
  }
  if (filter.cursor) {
    const key = decodeCursor(filter.cursor);
    query = query.where(
      sql<boolean>`(invoices.created_at, invoices.id) < (${key.createdAt}::timestamptz, ${key.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('invoices.created_at', 'desc')
    .orderBy('invoices.id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  return toPage(rows, filter, (row): PortalInvoiceSummary => {
    const exponent = currencyExponent(row.currency);
    const balance = row.total_minor - row.amount_paid_minor - row.amount_credited_minor;
    return {
      id: row.id,
      number: row.number,
      status: effectiveStatus(row.status, row.due_date, today, balance),
      currency: row.currency,
      issueDate: row.issue_date,
      dueDate: row.due_date,
      total: formatMinor(row.total_minor, exponent),
      amountPaid: formatMinor(row.amount_paid_minor, exponent),
      amountCredited: formatMinor(row.amount_credited_minor, exponent),
      balanceDue: formatMinor(balance, exponent),
    };
  });
}
