import { type Kysely, sql } from 'kysely';

/**
 * Payments in the order they were paid (day, then recording order): the payments export reads them in keyset pages
 * along this index, and a date range is a range of it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index payments_paid_on_idx on payments (paid_on, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index payments_paid_on_idx`.execute(db);
}
