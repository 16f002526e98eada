import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/** Removes the logo; invoices rendered afterwards show the business name in its place. */
export async function deleteLogo(deps: ServiceDeps, context: ActionContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('settings_logo')
      .where('id', '=', 1)
      .returning(['mime_type', 'width', 'height'])
      .executeTakeFirst();
    if (!deleted) throw new NotFoundError('Logo');
    const now = deps.clock.now();
    await trx.updateTable('settings').set({ updated_at: now }).where('id', '=', 1).execute();
    await recordAuditEntry(trx, context, now, {
      action: 'settings.logo_deleted',
      entityType: 'settings',
      entityId: null,
      before: { mimeType: deleted.mime_type, width: deleted.width, height: deleted.height },
      after: null,
    });
  });
}
