import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface InvoiceLinkView {
  id: string;
  invoiceId: string;
  invoiceNumber: string | null;
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The invoice links sent to a contact (the secrets themselves are not stored and cannot be shown). */
export async function listContactLinks(
  deps: ServiceDeps,
  contactId: string,
): Promise<{ items: InvoiceLinkView[] }> {
  const contact = await deps.db
    .selectFrom('contacts')
    .select('id')
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) throw new NotFoundError('Contact');
  const now = deps.clock.now();
  const rows = await deps.db
    .selectFrom('invoice_links')
    .innerJoin('invoices', 'invoices.id', 'invoice_links.invoice_id')
    .select([
      'invoice_links.id',
      'invoice_links.invoice_id',
      'invoices.number',
      'invoice_links.created_at',
      'invoice_links.expires_at',
      'invoice_links.revoked_at',
      'invoice_links.last_used_at',
    ])
    .where('invoice_links.contact_id', '=', contactId)
    .orderBy('invoice_links.created_at', 'desc')
    .orderBy('invoice_links.id')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      invoiceId: row.invoice_id,
      invoiceNumber: row.number,
      state: row.revoked_at ? 'revoked' : row.expires_at <= now ? 'expired' : 'active',
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
    })),
  };
}
