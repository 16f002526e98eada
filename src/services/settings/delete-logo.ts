import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/** Removes the logo; invoices rendered afterwards show the business name in its place. */
export async function deleteLogo(deps: ServiceDeps): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('settings_logo').where('id', '=', 1).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw new NotFoundError('Logo');
    await trx.updateTable('settings').set({ updated_at: deps.clock.now() }).where('id', '=', 1).execute();
  });
}
