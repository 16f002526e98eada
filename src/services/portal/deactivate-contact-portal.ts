import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { type PortalAccessView, portalAccessView } from './portal-status.ts';

/**
 * Staff cut a contact off the portal: password login, emailed login and invoice links stop working at once (every
 * portal query checks `deactivated_at`), open sessions end and unused emailed tokens are cancelled.
 */
export async function deactivateContactPortal(
  deps: ServiceDeps,
  contactId: string,
): Promise<PortalAccessView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!contact) throw new NotFoundError('Contact');
    const account = await trx
      .insertInto('portal_accounts')
      .values({ contact_id: contactId, deactivated_at: now, created_at: now })
      .onConflict((oc) =>
        oc.column('contact_id').doUpdateSet((eb) => ({
          deactivated_at: eb.fn.coalesce('portal_accounts.deactivated_at', eb.val(now)),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('portal_sessions').where('contact_id', '=', contactId).execute();
    await trx
      .updateTable('portal_tokens')
      .set({ used_at: now })
      .where('contact_id', '=', contactId)
      .where('used_at', 'is', null)
      .execute();
    return portalAccessView(account);
  });
}
