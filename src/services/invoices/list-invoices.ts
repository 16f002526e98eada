import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { effectiveStatus, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { ServiceDeps } from '../context.ts';
import { documentSearch } from '../documents/document-search.ts';
import type { Page, PageRequest } from '../pagination.ts';
import { getSettings } from '../settings/get-settings.ts';
import { planSortedPage, type SortColumn, selectPage, sortValues, toSortedPage } from '../sorted-keyset.ts';
import type { InvoiceViewCache } from './invoice-view-cache.ts';
import { hasShownStatus } from './status-filter.ts';

/** The orders the invoice list can be read in; `-` in front reads it descending. */
export const INVOICE_SORT_KEYS = [
  'created',
  'number',
  'client',
  'issueDate',
  'dueDate',
  'total',
  'balanceDue',
] as const;
export type InvoiceSortKey = (typeof INVOICE_SORT_KEYS)[number];
export type InvoiceSort = InvoiceSortKey | `-${InvoiceSortKey}`;

const balanceMinor = sql`(invoices.total_minor - invoices.amount_paid_minor - invoices.amount_credited_minor)`;

/**
 * The columns of each order, the invoice id last so the order is total. Amounts of different currencies are not
 * comparable: amount orders group by currency first.
 */
const SORT_COLUMNS: Record<InvoiceSortKey, SortColumn[]> = {
  created: [{ expression: sql`invoices.created_at`, type: 'timestamptz' }],
  // Drafts have no number yet: they sort as the empty number.
  number: [{ expression: sql`coalesce(invoices.number, '')`, type: 'text' }],
  // lower(clients.name), kept on the invoice by triggers (migration 024) so an index serves the order.
  client: [{ expression: sql`invoices.client_sort_key`, type: 'text' }],
  issueDate: [{ expression: sql`invoices.issue_date`, type: 'date' }],
  dueDate: [{ expression: sql`invoices.due_date`, type: 'date' }],
  total: [
    { expression: sql`invoices.currency`, type: 'text' },
    { expression: sql`invoices.total_minor`, type: 'bigint' },
  ],
  balanceDue: [
    { expression: sql`invoices.currency`, type: 'text' },
    { expression: balanceMinor, type: 'bigint' },
  ],
};
const ID_COLUMN: SortColumn = { expression: sql`invoices.id`, type: 'uuid' };

export interface InvoiceFilter extends PageRequest {
  status?: InvoiceStatus[];
  clientId?: string;
  projectId?: string;
  issuedFrom?: string;
  issuedTo?: string;
  /** Searches the invoice number and the client's name, company and email. */
  q?: string;
  /** Default `-created`: newest first. */
  sort?: InvoiceSort;
}

export interface InvoiceSummary {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  client: { id: string; name: string; company: string };
  projectId: string | null;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountPaid: string;
  /** Credit applied from credit notes; balanceDue = total − amountPaid − amountCredited. */
  amountCredited: string;
  balanceDue: string;
  createdAt: string;
}

/** The organisation's time zone, from the process's cache when it holds it (one round trip fewer per page). */
async function organisationTimeZone(deps: ServiceDeps, cache: InvoiceViewCache | undefined): Promise<string> {
  const cached = cache?.timeZone();
  if (cached) return cached;
  const version = cache?.version ?? 0;
  const timeZone = (await getSettings(deps.db)).time_zone;
  cache?.storeTimeZone(timeZone, version);
  return timeZone;
}

export async function listInvoices(
  deps: ServiceDeps,
  filter: InvoiceFilter,
  cache?: InvoiceViewCache,
): Promise<Page<InvoiceSummary>> {
  const today = todayIn(await organisationTimeZone(deps, cache), deps.clock.now());
  const plan = planSortedPage(SORT_COLUMNS, ID_COLUMN, filter.sort ?? '-created', filter);
  // The filters, on the documents alone: the search reuses them for its candidates.
  let filtered = deps.db.selectFrom('invoices');
  if (filter.status?.length) {
    const statuses = filter.status;
    filtered = filtered.where((eb) => hasShownStatus(eb, statuses, today));
  }
  if (filter.clientId) filtered = filtered.where('invoices.client_id', '=', filter.clientId);
  if (filter.projectId) filtered = filtered.where('invoices.project_id', '=', filter.projectId);
  if (filter.issuedFrom) filtered = filtered.where('invoices.issue_date', '>=', filter.issuedFrom);
  if (filter.issuedTo) filtered = filtered.where('invoices.issue_date', '<=', filter.issuedTo);
  let query = filtered.innerJoin('clients', 'clients.id', 'invoices.client_id').select([
    'invoices.id',
    'invoices.number',
    'invoices.status',
    'invoices.client_id',
    'clients.name as client_name',
    'clients.company as client_company',
    'invoices.project_id',
    'invoices.currency',
    'invoices.issue_date',
    'invoices.due_date',
    'invoices.total_minor',
    'invoices.amount_paid_minor',
    'invoices.amount_credited_minor',
    'invoices.created_at',
    // The row's sort values as PostgreSQL prints them: the next page's cursor.
    sortValues(plan).as('sort_values'),
  ]);
  if (filter.q) query = query.where(documentSearch('invoices', filter.q, filtered, plan));
  const rows = await selectPage(query, plan).execute();
  return toSortedPage(rows, plan, (row): InvoiceSummary => {
    const exponent = currencyExponent(row.currency);
    const balance = row.total_minor - row.amount_paid_minor - row.amount_credited_minor;
    return {
      id: row.id,
      number: row.number,
      status: effectiveStatus(row.status, row.due_date, today, balance),
      client: { id: row.client_id, name: row.client_name, company: row.client_company },
      projectId: row.project_id,
      currency: row.currency,
      issueDate: row.issue_date,
      dueDate: row.due_date,
      total: formatMinor(row.total_minor, exponent),
      amountPaid: formatMinor(row.amount_paid_minor, exponent),
      amountCredited: formatMinor(row.amount_credited_minor, exponent),
      balanceDue: formatMinor(balance, exponent),
      createdAt: row.created_at.toISOString(),
    };
  });
}
