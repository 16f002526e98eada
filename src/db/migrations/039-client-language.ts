import { type Kysely, sql } from 'kysely';

/**
 * The client's language (issue 18): its documents, emails and portal are in it. Null reads the organisation's
 * language (settings.locale). The API accepts only the languages with message files (src/domain/language.ts); no
 * check here, so adding a language needs no migration (a value without message files reads the organisation's).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table clients add column language text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table clients drop column language`.execute(db);
}
