import { type Kysely, sql } from 'kysely';

/**
 * The paper PDFs are printed on (issue 18): 'a4' or 'letter'; null leaves it to the organisation's country (Letter
 * for the US and Canada, A4 elsewhere: domain/paper-size.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings add column paper_size text check (paper_size in ('a4', 'letter'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table settings drop column paper_size;`.execute(db);
}
