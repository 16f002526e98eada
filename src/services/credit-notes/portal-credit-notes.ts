import type { Db, Trx } from '../../db/client.ts';
import type { ServiceDeps } from '../context.ts';
import { documentParties } from '../documents/document-parties.ts';
import type { PdfServiceDeps, RenderedPdf } from '../documents/render-document-pdf.ts';
import { NotFoundError } from '../errors.ts';
import type { Page, PageRequest } from '../pagination.ts';
import { portalBusinessView } from '../portal/get-portal-invoice.ts';
import type { PortalPrincipal } from '../portal/portal-context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { getClientCredit } from './get-client-credit.ts';
import { type CreditNoteSummary, listCreditNotes } from './list-credit-notes.ts';
import { loadCreditNote } from './load-credit-note.ts';
import { renderCreditNotePdf } from './render-credit-note-pdf.ts';

/**
 * The one gate for a contact reaching a credit note by id, in the SQL: issued, of the contact's client and, for a
 * session opened by an invoice link, of that invoice. A quote link's session sees no credit note. Anything else is
 * the same 404 as an unknown id.
 */
export async function assertPortalCreditNote(
  db: Db | Trx,
  principal: PortalPrincipal,
  creditNoteId: string,
): Promise<void> {
  if (principal.quoteId) throw new NotFoundError('Credit note');
  let query = db
    .selectFrom('credit_notes')
    .select('credit_notes.id')
    .where('credit_notes.id', '=', creditNoteId)
    .where('credit_notes.client_id', '=', principal.clientId)
    .where('credit_notes.status', '=', 'issued');
  if (principal.invoiceId) query = query.where('credit_notes.invoice_id', '=', principal.invoiceId);
  if (!(await query.executeTakeFirst())) throw new NotFoundError('Credit note');
}

/** The contact's credit notes: issued ones of their client (of the link's invoice for a link session), newest first. */
export async function listPortalCreditNotes(
  deps: ServiceDeps,
  principal: PortalPrincipal,
  filter: PageRequest & { q?: string },
): Promise<Page<Omit<CreditNoteSummary, 'client'>>> {
  if (principal.quoteId) return { items: [], nextCursor: null };
  const page = await listCreditNotes(deps, {
    ...filter,
    status: ['issued'],
    clientId: principal.clientId,
    ...(principal.invoiceId ? { invoiceId: principal.invoiceId } : {}),
  });
  return { ...page, items: page.items.map(({ client: _client, ...note }) => note) };
}

/**
 * One credit note as its client sees it (the same view as staff: lines, totals, credit applied and refunded), with
 * the organisation as `business` like the portal's invoices and quotes.
 */
export async function getPortalCreditNote(
  deps: ServiceDeps,
  principal: PortalPrincipal,
  creditNoteId: string,
) {
  await assertPortalCreditNote(deps.db, principal, creditNoteId);
  // The parties are read for the contact's own client: the check above tied the note to it.
  const [record, settings, parties] = await Promise.all([
    loadCreditNote(deps.db, creditNoteId),
    getSettings(deps.db),
    documentParties(deps.db, principal.clientId),
  ]);
  const { project: _project, ...note } = toCreditNoteView(record);
  return { ...note, business: portalBusinessView(settings), parties };
}

/**
 * The credit the contact's client has left, per currency, for a signed-in contact. A session opened by an emailed
 * link sees one document only, so it is told nothing about the client's other credit notes.
 */
export async function getPortalClientCredit(deps: ServiceDeps, principal: PortalPrincipal) {
  if (principal.invoiceId || principal.quoteId) return { credit: [] };
  const { credit } = await getClientCredit(deps, principal.clientId);
  return { credit };
}

export async function renderPortalCreditNotePdf(
  deps: PdfServiceDeps,
  principal: PortalPrincipal,
  creditNoteId: string,
): Promise<RenderedPdf> {
  await assertPortalCreditNote(deps.db, principal, creditNoteId);
  return renderCreditNotePdf(deps, creditNoteId);
}
