import { type Kysely, sql } from 'kysely';

/**
 * Idempotency-Key of the staff API (http/plugins/idempotency.ts): one row per (user, key). A request claims its key
 * by inserting the row ('in_progress'; the unique key decides between concurrent requests, whatever process they
 * reach), then stores the answer to replay ('completed'). Rows older than a day are purged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      user_id uuid not null references users(id) on delete cascade,
      key text not null check (length(key) between 1 and 255),
      method text not null,
      path text not null,
      body_sha256 text not null,
      claim_id uuid not null,
      state text not null check (state in ('in_progress', 'completed')),
      response_status integer,
      response_headers jsonb,
      response_body bytea,
      created_at timestamptz not null,
      claimed_at timestamptz not null,
      completed_at timestamptz,
      primary key (user_id, key),
      check ((state = 'completed') = (response_status is not null))
    );
    create index idempotency_keys_created_at_idx on idempotency_keys (created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotency_keys`.execute(db);
}
