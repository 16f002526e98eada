import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type InvoiceStatus, OPEN_STATUSES } from '../../domain/invoice-status.ts';

/**
 * The SQL side of `effectiveStatus` (domain/invoice-status.ts), for lists filtered by status: overdue is derived,
 * never stored: open, a balance left, and the due date before the organisation's today.
 */
export function isOverdue(eb: ExpressionBuilder<Database, 'invoices'>, today: string) {
  return eb.and([
    eb('invoices.status', 'in', OPEN_STATUSES),
    eb('invoices.due_date', '<', today),
    eb(sql`invoices.total_minor - invoices.amount_paid_minor - invoices.amount_credited_minor`, '>', 0),
  ]);
}

/** Invoices whose shown status is one of `statuses`: "sent" means sent and not overdue, as the lists show them. */
export function hasShownStatus(
  eb: ExpressionBuilder<Database, 'invoices'>,
  statuses: readonly InvoiceStatus[],
  today: string,
) {
  return eb.or(
    statuses.map((status) => {
      if (status === 'overdue') return isOverdue(eb, today);
      const stored = eb('invoices.status', '=', status);
      return (OPEN_STATUSES as readonly string[]).includes(status)
        ? eb.and([stored, eb.not(isOverdue(eb, today))])
        : stored;
    }),
  );
}
