import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { smtpAuditState, smtpSettingsView } from './get-smtp-settings.ts';

/** Removes the SMTP configuration: invoices can still be issued, their emails are recorded as not sent. */
export async function deleteSmtpSettings(deps: ServiceDeps, context: ActionContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('smtp_settings')
      .where('id', '=', 1)
      .returningAll()
      .executeTakeFirst();
    if (!deleted) return;
    await recordAuditEntry(trx, context, deps.clock.now(), {
      action: 'smtp.settings_deleted',
      entityType: 'smtp_settings',
      entityId: null,
      before: smtpAuditState(smtpSettingsView(deleted)),
      after: null,
    });
  });
}
