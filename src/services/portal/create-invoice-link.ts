import type { Trx } from '../../db/client.ts';
import { generateToken, hashToken } from '../auth/secrets.ts';

export const DEFAULT_LINK_TTL_DAYS = 30;
/** Where an invoice link opens: this path followed by the token. */
export const INVOICE_LINK_PATH = '/portal/link/';

export interface InvoiceLink {
  id: string;
  /** The secret, shown once (in the email); only its hash is stored. */
  token: string;
  /** Path to prepend with APP_URL, e.g. `/portal/link/<token>`. */
  path: string;
  expiresAt: Date;
}

/** The one document a link opens: an invoice, or (migration 017) a quote. */
export type LinkedDocument =
  | { invoiceId: string; quoteId?: undefined }
  | { quoteId: string; invoiceId?: undefined };

export type InvoiceLinkInput = LinkedDocument & { contactId: string; now: Date; ttlDays?: number };

/** A fresh link's token and the row that stores it (hashed). */
function newInvoiceLink(input: InvoiceLinkInput) {
  const token = generateToken('rl');
  const expiresAt = new Date(input.now.getTime() + (input.ttlDays ?? DEFAULT_LINK_TTL_DAYS) * 86_400_000);
  const row = {
    invoice_id: input.invoiceId ?? null,
    quote_id: input.quoteId ?? null,
    contact_id: input.contactId,
    token_hash: hashToken(token),
    created_at: input.now,
    expires_at: expiresAt,
  };
  return { token, path: `${INVOICE_LINK_PATH}${token}`, expiresAt, row };
}

/**
 * A link that opens one invoice (or one quote) for one contact: a random 256-bit token, stored hashed, expiring and
 * revocable.
 */
export async function createInvoiceLink(trx: Trx, input: InvoiceLinkInput): Promise<InvoiceLink> {
  const { row: values, ...link } = newInvoiceLink(input);
  const row = await trx.insertInto('invoice_links').values(values).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, ...link };
}

/** Rows per INSERT: far below PostgreSQL's 65,535 parameters a statement. */
const LINKS_PER_INSERT = 1000;

/** Many links at once, the same as createInvoiceLink makes them, in one INSERT per thousand (ids not read back). */
export async function createInvoiceLinks(
  trx: Trx,
  inputs: InvoiceLinkInput[],
): Promise<Omit<InvoiceLink, 'id'>[]> {
  const links = inputs.map(newInvoiceLink);
  for (let start = 0; start < links.length; start += LINKS_PER_INSERT) {
    await trx
      .insertInto('invoice_links')
      .values(links.slice(start, start + LINKS_PER_INSERT).map((link) => link.row))
      .execute();
  }
  return links.map(({ row: _row, ...link }) => link);
}
