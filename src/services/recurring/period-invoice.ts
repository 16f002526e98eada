import type { Trx } from '../../db/client.ts';
import type { ClientRow, RecurringProfileRow, SettingsRow } from '../../db/schema.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { DocumentReferences } from '../documents/document-references.ts';
import { prepareDocumentBody } from '../documents/prepare-document-body.ts';
import { completeInvoice, type PreparedInvoice } from '../invoices/prepare-invoice.ts';
import { profileAsInvoice } from './recurring-profile.ts';

/** Billing a former client by accident is worse than a late invoice: wait until staff restore or pause. */
export function checkClientBillable(client: Pick<ClientRow, 'archived_at'>): void {
  if (client.archived_at) {
    throw new ConflictError(
      'client_archived',
      'The client is archived; restore the client or pause this recurring profile',
    );
  }
}

/**
 * The draft invoices of a profile's periods, each issued on its period's date and due by the profile's terms,
 * prepared from the profile's client and project read beforehand (`references.client` and `.project`), so nothing
 * is read here. The rules are those prepareInvoice applies to profileAsInvoice (the one-profile path), through the
 * same functions: the body and its totals once, the dates for each period.
 */
export async function preparePeriodInvoices(
  trx: Trx,
  profile: RecurringProfileRow,
  settings: SettingsRow,
  references: Pick<DocumentReferences, 'client' | 'project'>,
  periodDates: string[],
  now: Date,
): Promise<PreparedInvoice[]> {
  const first = periodDates[0];
  if (first === undefined) return [];
  const input = { issueDate: first };
  const template = profileAsInvoice(profile, settings, first);
  // A template names no saved rates or items: its lines and taxes are snapshots already.
  const body = await prepareDocumentBody(trx, input, template, settings, {
    noun: 'An invoice',
    amountSettled: template.row.amount_paid_minor,
    references: { ...references, settings, taxRates: new Map(), defaultTaxRates: [], itemCodes: new Map() },
  });
  return periodDates.map((issueDate) =>
    completeInvoice(body, { issueDate }, profileAsInvoice(profile, settings, issueDate), settings, now),
  );
}
