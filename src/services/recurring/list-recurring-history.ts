import type { RecurringPeriodRow } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { assertValidDate } from '../../domain/dates.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface RecurringPeriodView {
  periodDate: string;
  outcome: RecurringPeriodRow['outcome'];
  /** The invoice generated for this period (null when skipped or missed, or if the draft was deleted since). */
  invoice: {
    id: string;
    number: string | null;
    status: string;
    issueDate: string;
    dueDate: string;
    total: string;
  } | null;
  sendPending: boolean;
  sendError: string | null;
  createdAt: string;
}

export const DEFAULT_HISTORY_PAGE = 25;

/** A profile's periods, newest first; `before` (a period date) continues a previous page. */
export async function listRecurringHistory(
  deps: ServiceDeps,
  profileId: string,
  page: { limit?: number; before?: string },
) {
  const profile = await deps.db
    .selectFrom('recurring_profiles')
    .select('id')
    .where('id', '=', profileId)
    .executeTakeFirst();
  if (!profile) throw new NotFoundError('Recurring profile');
  // The cursor is the last period date shown: an impossible day must not reach the database as a date.
  const before = page.before === undefined ? undefined : assertValidDate(page.before, 'cursor');
  const limit = page.limit ?? DEFAULT_HISTORY_PAGE;
  let query = deps.db
    .selectFrom('recurring_periods')
    .leftJoin('invoices', 'invoices.id', 'recurring_periods.invoice_id')
    .selectAll('recurring_periods')
    .select([
      'invoices.number',
      'invoices.status',
      'invoices.issue_date',
      'invoices.due_date',
      'invoices.total_minor',
      'invoices.currency',
    ])
    .where('recurring_periods.profile_id', '=', profileId);
  if (before) query = query.where('recurring_periods.period_date', '<', before);
  const rows = await query
    .orderBy('recurring_periods.period_date', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(
    (row): RecurringPeriodView => ({
      periodDate: row.period_date,
      outcome: row.outcome,
      invoice:
        row.invoice_id &&
        row.status &&
        row.issue_date &&
        row.due_date &&
        row.currency &&
        row.total_minor !== null
          ? {
              id: row.invoice_id,
              number: row.number,
              status: row.status,
              issueDate: row.issue_date,
              dueDate: row.due_date,
              // The stored total is the totals engine's figure, cached when the invoice was written.
              total: formatMinor(row.total_minor, currencyExponent(row.currency)),
            }
          : null,
      sendPending: row.send_pending,
      sendError: row.send_error,
      createdAt: row.created_at.toISOString(),
    }),
  );
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.periodDate ?? null) : null };
}
