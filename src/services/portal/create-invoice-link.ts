import type { RawBuilder } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { insertRows } from '../../db/json-rows.ts';
import { generateToken, generateTokens, hashToken } from '../auth/secrets.ts';

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

const TOKEN_PREFIX = 'rl';

/** A fresh link's token (`token`: generateToken's, or one made the same way) and the row that stores it (hashed). */
function newInvoiceLink(input: InvoiceLinkInput, token = generateToken(TOKEN_PREFIX)) {
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

/**
 * Many links at once, the same as createInvoiceLink makes them (ids not read back): the links, and the one INSERT
 * that stores them (the rows as one JSON parameter), for the caller to run alone or as a CTE of another statement.
 */
export function newInvoiceLinks(inputs: InvoiceLinkInput[]): {
  links: Omit<InvoiceLink, 'id'>[];
  insert: RawBuilder<unknown> | null;
} {
  const tokens = generateTokens(TOKEN_PREFIX, inputs.length);
  const made = inputs.map((input, index) => newInvoiceLink(input, tokens[index]));
  return {
    links: made.map(({ row: _row, ...link }) => link),
    insert:
      made.length > 0
        ? insertRows(
            'invoice_links',
            made.map((link) => link.row),
          )
        : null,
  };
}
