import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { OPEN_QUOTE_STATUSES, type QuoteStatus } from '../../domain/quote-status.ts';

/** The SQL side of `isQuoteExpired` (domain/quote-status.ts): open and past the valid-until date. */
export function isQuoteExpiredSql(eb: ExpressionBuilder<Database, 'quotes'>, today: string) {
  return eb.and([eb('quotes.status', 'in', OPEN_QUOTE_STATUSES), eb('quotes.valid_until', '<', today)]);
}

/** Quotes whose shown status is one of `statuses`: "sent" means sent and not expired, as the lists show them. */
export function hasShownQuoteStatus(
  eb: ExpressionBuilder<Database, 'quotes'>,
  statuses: readonly QuoteStatus[],
  today: string,
) {
  return eb.or(
    statuses.map((status) => {
      if (status === 'expired') return isQuoteExpiredSql(eb, today);
      const stored = eb('quotes.status', '=', status);
      return (OPEN_QUOTE_STATUSES as readonly string[]).includes(status)
        ? eb.and([stored, eb.not(isQuoteExpiredSql(eb, today))])
        : stored;
    }),
  );
}
