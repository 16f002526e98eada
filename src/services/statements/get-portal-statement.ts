import type { ServiceDeps } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import type { PortalPrincipal } from '../portal/portal-context.ts';
import { getClientStatement, type StatementQuery } from './get-client-statement.ts';
import type { ClientStatement } from './statement-view.ts';

/**
 * The signed-in contact's own client's statement: the client comes from the session, never from the request. A
 * session opened by an emailed invoice or quote link sees one document, not the client's account: refused (403).
 */
export async function getPortalStatement(
  deps: ServiceDeps,
  principal: PortalPrincipal,
  query: StatementQuery,
): Promise<ClientStatement> {
  if (principal.invoiceId || principal.quoteId) {
    throw new ForbiddenError('Sign in to the portal to see your statement; a link opens one document only');
  }
  return getClientStatement(deps, principal.clientId, query);
}
