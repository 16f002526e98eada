import { type Kysely, sql } from 'kysely';

/**
 * Staff authentication is cached per process (src/services/auth/auth-cache.ts). Every change that can end or alter
 * a cached principal (a token revoked or deleted, a session ended, a user deactivated or given another role) sends
 * NOTIFY remit_auth_changed at commit, so every process drops its cache. New tokens and sessions need no notice: they
 * are not in any cache yet. Statement triggers: one notice per statement, and NOTIFY folds repeats in a transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function remit_notify_auth_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('remit_auth_changed', tg_table_name);
      return null;
    end $$;

    create trigger api_tokens_auth_changed after update of revoked_at, token_hash, user_id or delete
      on api_tokens for each statement execute function remit_notify_auth_changed();
    create trigger sessions_auth_changed after update or delete
      on sessions for each statement execute function remit_notify_auth_changed();
    create trigger users_auth_changed after update of active, role, name, email or delete
      on users for each statement execute function remit_notify_auth_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger users_auth_changed on users;
    drop trigger sessions_auth_changed on sessions;
    drop trigger api_tokens_auth_changed on api_tokens;
    drop function remit_notify_auth_changed();
  `.execute(db);
}
