import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface QuoteEventView {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { type: string; id: string | null; name: string };
  data: Record<string, unknown>;
  at: string;
}

/** The quote's timeline (document_events), oldest first. */
export async function listQuoteEvents(deps: ServiceDeps, quoteId: string): Promise<QuoteEventView[]> {
  const quote = await deps.db.selectFrom('quotes').select('id').where('id', '=', quoteId).executeTakeFirst();
  if (!quote) throw new NotFoundError('Quote');
  const rows = await deps.db
    .selectFrom('document_events')
    .selectAll()
    .where('document_kind', '=', 'quote')
    .where('document_id', '=', quoteId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    type: row.type,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    data: row.data,
    at: row.created_at.toISOString(),
  }));
}
