import { sql } from 'kysely';
import type { ServiceDeps } from '../context.ts';

export const DEFAULT_EMAIL_RETENTION_DAYS = 90;

/**
 * Retention of finished email (sent, failed, or never sent): once `settings.email_retention_days` have passed since
 * it was sent (or queued, when it never went out), a message of an invoice keeps only what the invoice's email list
 * shows (kind, to whom, subject, state, attempts, last error, when) and loses its body; a message of no invoice
 * (portal invitations, sign-in links, password resets), shown nowhere, is deleted. Messages still on their way are
 * never touched. Safe to run at any time, from any process (e.g. hourly).
 */
export async function purgeEmailBodies(deps: ServiceDeps): Promise<{ emptied: number; deleted: number }> {
  const now = deps.clock.now();
  const { email_retention_days: days } = await deps.db
    .selectFrom('settings')
    .select('email_retention_days')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  // The same expression and predicate as the partial index email_outbox_finished_idx.
  const finishedBefore = sql<boolean>`
    body_purged_at is null and state in ('sent', 'failed', 'not_sent') and coalesce(sent_at, created_at) < ${cutoff}
  `;
  const deleted = await deps.db
    .deleteFrom('email_outbox')
    .where(finishedBefore)
    .where('invoice_id', 'is', null)
    .executeTakeFirst();
  const emptied = await deps.db
    .updateTable('email_outbox')
    .set({ html: '', text: '', link_token_encrypted: null, body_purged_at: now })
    .where(finishedBefore)
    .where('invoice_id', 'is not', null)
    .executeTakeFirst();
  return { emptied: Number(emptied.numUpdatedRows), deleted: Number(deleted.numDeletedRows) };
}
