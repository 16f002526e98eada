import type { ServiceDeps } from '../context.ts';
import { clientMatches, containsPattern } from '../documents/document-search.ts';
import { afterCursor, cursorTime, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { toClientView } from './client-view.ts';

export interface ClientFilter extends PageRequest {
  /** Case-insensitive search on name, company and email. */
  q?: string;
  archived?: boolean;
}

export async function listClients(deps: ServiceDeps, filter: ClientFilter) {
  let query = deps.db.selectFrom('clients').selectAll().select(cursorTime('clients'));
  // One table: the OR is served by the trigram index on name, company and email (migration 024).
  if (filter.q) query = query.where(clientMatches(containsPattern(filter.q)));
  query = query.where('archived_at', filter.archived ? 'is not' : 'is', null);
  if (filter.cursor) query = query.where(afterCursor('clients', filter.cursor));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  const ids = rows.map((row) => row.id);
  const contacts = ids.length
    ? await deps.db
        .selectFrom('contacts')
        .selectAll()
        .where('client_id', 'in', ids)
        .orderBy('position')
        .execute()
    : [];
  return toPage(rows, filter, (row) =>
    toClientView(
      row,
      contacts.filter((contact) => contact.client_id === row.id),
    ),
  );
}
