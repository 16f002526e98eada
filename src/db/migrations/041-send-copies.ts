import { type Kysely, sql } from 'kysely';

/**
 * Send dialog copies (issue 18): a document send may name CC and BCC addresses. They ride on the first recipient's
 * message (cc, bcc), so each copy is made once whatever the number of contacts; every other message has empty lists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox
      add column cc text[] not null default '{}',
      add column bcc text[] not null default '{}';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table email_outbox drop column bcc, drop column cc;`.execute(db);
}
