import { type Kysely, sql } from 'kysely';

/**
 * The audit log (services/audit/): one row per staff or API action on settings, users, tax rates, gateways, API
 * tokens and sign-ins, written in the transaction of the change it records. Rows are append-only: a trigger refuses
 * UPDATE, DELETE and TRUNCATE, except DELETE inside a transaction that set `remit.audit_purge` (the retention purge,
 * services/audit/purge-audit-log.ts). Kept `settings.audit_retention_days` days (default 400).
 *
 * No foreign keys: an entry outlives the user, token or tax rate it names. Secrets are redacted before they are
 * written (domain/audit.ts); `before` and `after` hold only the fields that changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null,
      actor_type text not null check (actor_type in ('user', 'api_token', 'system', 'portal', 'anonymous')),
      actor_user_id uuid,
      actor_token_id uuid,
      actor_name text not null,
      action text not null check (action ~ '^[a-z_]+[.][a-z_]+$'),
      entity_type text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text,
      ip text,
      user_agent text,
      check ((actor_type = 'api_token') = (actor_token_id is not null))
    );
    create index audit_log_created_at_idx on audit_log (created_at desc, id desc);
    create index audit_log_actor_idx on audit_log (actor_user_id, created_at desc, id desc);
    create index audit_log_action_idx on audit_log (action, created_at desc, id desc);
    create index audit_log_entity_idx on audit_log (entity_type, entity_id, created_at desc, id desc);

    create function remit_audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('remit.audit_purge', true) = 'on' then
        return old;
      end if;
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function remit_audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function remit_audit_log_append_only();

    alter table settings
      add column audit_retention_days int not null default 400
        check (audit_retention_days between 30 and 3650);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings drop column audit_retention_days;
    drop table audit_log;
    drop function remit_audit_log_append_only();
  `.execute(db);
}
