import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { effectiveQuoteStatus, type QuoteStatus } from '../../domain/quote-status.ts';
import type { ServiceDeps } from '../context.ts';
import { documentSearch } from '../documents/document-search.ts';
import type { Page, PageRequest } from '../pagination.ts';
import { getSettings } from '../settings/get-settings.ts';
import { planSortedPage, type SortColumn, selectPage, sortValues, toSortedPage } from '../sorted-keyset.ts';
import { hasShownQuoteStatus } from './quote-status-filter.ts';

/** The orders the quote list can be read in; `-` in front reads it descending. */
export const QUOTE_SORT_KEYS = ['created', 'number', 'client', 'issueDate', 'validUntil', 'total'] as const;
export type QuoteSortKey = (typeof QUOTE_SORT_KEYS)[number];
export type QuoteSort = QuoteSortKey | `-${QuoteSortKey}`;

/** The columns of each order, the quote id last so the order is total; totals group by currency first. */
const SORT_COLUMNS: Record<QuoteSortKey, SortColumn[]> = {
  created: [{ expression: sql`quotes.created_at`, type: 'timestamptz' }],
  // Drafts have no number yet: they sort as the empty number.
  number: [{ expression: sql`coalesce(quotes.number, '')`, type: 'text' }],
  // lower(clients.name), kept on the quote by triggers (migration 024) so an index serves the order.
  client: [{ expression: sql`quotes.client_sort_key`, type: 'text' }],
  issueDate: [{ expression: sql`quotes.issue_date`, type: 'date' }],
  validUntil: [{ expression: sql`quotes.valid_until`, type: 'date' }],
  total: [
    { expression: sql`quotes.currency`, type: 'text' },
    { expression: sql`quotes.total_minor`, type: 'bigint' },
  ],
};
const ID_COLUMN: SortColumn = { expression: sql`quotes.id`, type: 'uuid' };

export interface QuoteFilter extends PageRequest {
  status?: QuoteStatus[];
  clientId?: string;
  /** Searches the quote number and the client's name, company and email. */
  q?: string;
  /** Default `-created`: newest first. */
  sort?: QuoteSort;
}

export interface QuoteSummary {
  id: string;
  number: string | null;
  status: QuoteStatus;
  client: { id: string; name: string; company: string };
  projectId: string | null;
  currency: string;
  issueDate: string;
  validUntil: string;
  total: string;
  invoiceId: string | null;
  createdAt: string;
}

export async function listQuotes(deps: ServiceDeps, filter: QuoteFilter): Promise<Page<QuoteSummary>> {
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  const plan = planSortedPage(SORT_COLUMNS, ID_COLUMN, filter.sort ?? '-created', filter);
  // The filters, on the documents alone: the search reuses them for its candidates.
  let filtered = deps.db.selectFrom('quotes');
  if (filter.status?.length) {
    const statuses = filter.status;
    filtered = filtered.where((eb) => hasShownQuoteStatus(eb, statuses, today));
  }
  if (filter.clientId) filtered = filtered.where('quotes.client_id', '=', filter.clientId);
  let query = filtered
    .innerJoin('clients', 'clients.id', 'quotes.client_id')
    .select([
      'quotes.id',
      'quotes.number',
      'quotes.status',
      'quotes.client_id',
      'clients.name as client_name',
      'clients.company as client_company',
      'quotes.project_id',
      'quotes.currency',
      'quotes.issue_date',
      'quotes.valid_until',
      'quotes.total_minor',
      'quotes.invoice_id',
      'quotes.created_at',
      sortValues(plan).as('sort_values'),
    ]);
  if (filter.q) query = query.where(documentSearch('quotes', filter.q, filtered, plan));
  const rows = await selectPage(query, plan).execute();
  return toSortedPage(
    rows,
    plan,
    (row): QuoteSummary => ({
      id: row.id,
      number: row.number,
      status: effectiveQuoteStatus(row.status, row.valid_until, today),
      client: { id: row.client_id, name: row.client_name, company: row.client_company },
      projectId: row.project_id,
      currency: row.currency,
      issueDate: row.issue_date,
      validUntil: row.valid_until,
      total: formatMinor(row.total_minor, currencyExponent(row.currency)),
      invoiceId: row.invoice_id,
      createdAt: row.created_at.toISOString(),
    }),
  );
}
