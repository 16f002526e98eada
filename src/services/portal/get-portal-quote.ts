import type { ServiceDeps } from '../context.ts';
import { documentParties } from '../documents/document-parties.ts';
import { loadQuote } from '../quotes/load-quote.ts';
import { currentQuoteRevision } from '../quotes/quote-revisions.ts';
import { toQuoteView } from '../quotes/quote-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { assertPortalQuote } from './find-portal-quote.ts';
import { portalBusinessView } from './get-portal-invoice.ts';
import type { PortalPrincipal } from './portal-context.ts';

/**
 * One quote as its client sees it: the organisation, lines, taxes, discounts and totals from the totals engine,
 * terms, valid-until date, status and the answer given (without the network address it came from or which staff
 * user recorded it), the number of the invoice it became, and which version this is (`revision`: 1 as sent, one
 * more per edit), which an answer may quote back so that it is never taken for a version the contact did not read.
 */
export async function getPortalQuote(deps: ServiceDeps, principal: PortalPrincipal, quoteId: string) {
  await assertPortalQuote(deps.db, principal, quoteId);
  const [record, settings, revision, parties] = await Promise.all([
    loadQuote(deps.db, quoteId),
    getSettings(deps.db),
    currentQuoteRevision(deps.db, quoteId),
    // The contact's own client: the check above tied the quote to it.
    documentParties(deps.db, principal.clientId),
  ]);
  const { project: _project, decision, ...quote } = toQuoteView(record, deps.clock.now());
  return {
    ...quote,
    decision: decision && {
      outcome: decision.outcome,
      at: decision.at,
      name: decision.name,
      note: decision.note,
    },
    revision,
    business: portalBusinessView(settings),
    parties,
  };
}
