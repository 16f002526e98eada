import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { effectiveQuoteStatus, type QuoteStatus } from '../../domain/quote-status.ts';
import type { ServiceDeps } from '../context.ts';
import { cursorTime, decodeCursor, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { hasShownQuoteStatus } from '../quotes/quote-status-filter.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { PortalPrincipal } from './portal-context.ts';

export interface PortalQuoteFilter extends PageRequest {
  status?: Exclude<QuoteStatus, 'draft'>[];
}

export interface PortalQuoteSummary {
  id: string;
  number: string | null;
  status: QuoteStatus;
  currency: string;
  issueDate: string;
  validUntil: string;
  total: string;
}

/**
 * The quotes a contact may see: those of the contact's client (in the SQL), never drafts, only the link's quote for a
 * session opened by a quote link and none for an invoice link's session. Newest first.
 */
export async function listPortalQuotes(
  deps: ServiceDeps,
  principal: PortalPrincipal,
  filter: PortalQuoteFilter,
) {
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  let query = deps.db
    .selectFrom('quotes')
    .select([
      'quotes.id',
      'quotes.number',
      'quotes.status',
      'quotes.currency',
      'quotes.issue_date',
      'quotes.valid_until',
      'quotes.total_minor',
      'quotes.created_at',
      cursorTime('quotes'),
    ])
    .where('quotes.client_id', '=', principal.clientId)
    .where('quotes.status', '!=', 'draft');
  if (principal.quoteId) query = query.where('quotes.id', '=', principal.quoteId);
  else if (principal.invoiceId) query = query.where(sql<boolean>`false`);
  if (filter.status?.length) {
    const statuses = filter.status;
    query = query.where((eb) => hasShownQuoteStatus(eb, statuses, today));
  }
  if (filter.cursor) {
    const key = decodeCursor(filter.cursor);
    query = query.where(
      sql<boolean>`(quotes.created_at, quotes.id) < (${key.createdAt}::timestamptz, ${key.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('quotes.created_at', 'desc')
    .orderBy('quotes.id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  return toPage(
    rows,
    filter,
    (row): PortalQuoteSummary => ({
      id: row.id,
      number: row.number,
      status: effectiveQuoteStatus(row.status, row.valid_until, today),
      currency: row.currency,
      issueDate: row.issue_date,
      validUntil: row.valid_until,
      total: formatMinor(row.total_minor, currencyExponent(row.currency)),
    }),
  );
}
