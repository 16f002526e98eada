import type { ServiceDeps } from '../context.ts';

/** Removes the SMTP configuration: invoices can still be issued, their emails are recorded as not sent. */
export async function deleteSmtpSettings(deps: ServiceDeps): Promise<void> {
  await deps.db.deleteFrom('smtp_settings').where('id', '=', 1).execute();
}
