import { type Kysely, sql } from 'kysely';

/**
 * Client statements by email (services/statements/send-client-statement.ts): a message may carry a client's
 * statement for a period instead of a document. The outbox keeps the reference (client, from, to), and delivery
 * renders the statement's PDF as the message leaves, like a document's (services/email/document-attachments.ts).
 * All three are set or none; deleting the client deletes its statement emails, as deleting an invoice does its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox
      add column statement_client_id uuid references clients(id) on delete cascade,
      add column statement_from date,
      add column statement_to date,
      add constraint email_outbox_statement_reference_check check (
        (statement_client_id is null) = (statement_from is null)
        and (statement_client_id is null) = (statement_to is null)
        and (statement_from is null or statement_from <= statement_to)
      );
    create index email_outbox_statement_client_idx on email_outbox (statement_client_id, created_at)
      where statement_client_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox
      drop column statement_to,
      drop column statement_from,
      drop column statement_client_id;
  `.execute(db);
}
