import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/**
 * Staff revoke one of a contact's invoice links, or all of them (`linkId` omitted). Sessions opened through a
 * revoked link end with it. Returns how many links were revoked now (already revoked ones are left as they were).
 */
export async function revokeInvoiceLinks(
  deps: ServiceDeps,
  input: { contactId: string; linkId?: string },
): Promise<{ revoked: number }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', input.contactId)
      .executeTakeFirst();
    if (!contact) throw new NotFoundError('Contact');
    let scope = trx.selectFrom('invoice_links').select('id').where('contact_id', '=', input.contactId);
    if (input.linkId) {
      scope = scope.where('id', '=', input.linkId);
      if (!(await scope.executeTakeFirst())) throw new NotFoundError('Link');
    }
    const ids = (await scope.execute()).map((row) => row.id);
    if (!ids.length) return { revoked: 0 };
    const result = await trx
      .updateTable('invoice_links')
      .set({ revoked_at: now })
      .where('id', 'in', ids)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    await trx.deleteFrom('portal_sessions').where('link_id', 'in', ids).execute();
    return { revoked: Number(result.numUpdatedRows) };
  });
}
