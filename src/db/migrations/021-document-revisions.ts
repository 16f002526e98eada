import { type Kysely, sql } from 'kysely';

/**
 * Revisions of documents other than invoices, starting with quotes: every version of a sent quote that was edited,
 * as a JSON snapshot of the stored quote and its lines (revision 1 is the quote as sent). The quote row always
 * holds the latest version. Invoices keep theirs in `invoice_revisions` (migration 004), left where they are; both
 * tables have the same columns, so services/documents/ reads and writes them the same way.
 *
 * Like `document_events`, rows name their document by kind and id. Only sent quotes have revisions, and a sent
 * quote cannot be deleted, so no row can outlive its document.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table document_revisions (
      id uuid primary key default gen_random_uuid(),
      document_kind text not null check (document_kind in ('quote')),
      document_id uuid not null,
      revision int not null check (revision >= 1),
      snapshot jsonb not null,
      note text not null default '',
      actor_type text not null check (actor_type in ('user', 'api_token', 'system', 'contact')),
      actor_id text,
      actor_name text not null default '',
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      unique (document_kind, document_id, revision)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table document_revisions;`.execute(db);
}
