import { type Kysely, sql } from 'kysely';

/**
 * A webhook event Remit does not act on (another kind of event, or a signed body it cannot use: not JSON, fields
 * missing or of the wrong type, an invoice that is not ours) is kept as `ignored` with the reason in words, for the
 * admin's list of webhook events. Events ignored before this column existed get a reason saying so.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table webhook_events add column ignored_reason text;
    update webhook_events set ignored_reason = 'Ignored before Remit kept the reason' where state = 'ignored';
    alter table webhook_events add constraint webhook_events_ignored_reason_check
      check (state <> 'ignored' or ignored_reason is not null);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table webhook_events drop constraint webhook_events_ignored_reason_check;
    alter table webhook_events drop column ignored_reason;
  `.execute(db);
}
