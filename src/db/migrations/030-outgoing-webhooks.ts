import { type Kysely, sql } from 'kysely';

/**
 * Outgoing webhooks (docs/webhooks.md): endpoints admins configure, the events Remit publishes, one delivery per
 * endpoint and event (the outbox), and every attempt at it (the delivery log).
 *
 * Events are derived by triggers from the timelines every write path already keeps (invoice_events,
 * document_events) and from the clients table, in the writing transaction, so no write path can forget one and none
 * is published for a change that rolled back. An event is only written when an enabled endpoint subscribes to its
 * type; a trigger on outgoing_events then creates the deliveries and sends NOTIFY remit_webhook_queued at commit.
 * Statement-level triggers with transition tables: one query per statement, however many rows it wrote.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings add column webhooks_allow_private_targets boolean not null default false;

    create table webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      url text not null,
      description text not null default '',
      event_types text[] not null,
      secret_encrypted text not null,
      enabled boolean not null default true,
      -- why Remit turned it off (repeated failure); null when enabled or turned off by an admin
      disabled_reason text,
      consecutive_failures int not null default 0,
      failing_since timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table outgoing_events (
      id uuid primary key default gen_random_uuid(),
      type text not null,
      data jsonb not null,
      created_at timestamptz not null default now()
    );
    create index outgoing_events_created_idx on outgoing_events (created_at);

    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
      event_id uuid not null references outgoing_events(id) on delete cascade,
      state text not null default 'pending'
        check (state in ('pending', 'delivering', 'retrying', 'delivered', 'failed')),
      -- attempts of the current round: a manual redelivery starts a new one (the log keeps them all)
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      last_status_code int,
      last_error text,
      last_duration_ms int,
      delivered_at timestamptz,
      created_at timestamptz not null,
      unique (endpoint_id, event_id)
    );
    create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at)
      where state in ('pending', 'delivering', 'retrying');
    create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc, id desc);
    create index webhook_deliveries_event_idx on webhook_deliveries (event_id);

    create table webhook_attempts (
      id bigserial primary key,
      delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
      attempted_at timestamptz not null,
      status_code int,
      error text,
      duration_ms int not null,
      response_excerpt text not null default ''
    );
    create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id);

    create function remit_fan_out_webhook_events() returns trigger language plpgsql as $$
    declare
      created int;
    begin
      insert into webhook_deliveries (endpoint_id, event_id, next_attempt_at, created_at)
      select e.id, n.id, n.created_at, n.created_at
      from new_rows n
      join webhook_endpoints e on e.enabled and n.type = any (e.event_types);
      get diagnostics created = row_count;
      if created > 0 then
        perform pg_notify('remit_webhook_queued', '');
      end if;
      return null;
    end $$;
    create trigger outgoing_events_fan_out after insert on outgoing_events
      referencing new table as new_rows for each statement execute function remit_fan_out_webhook_events();

    create function remit_invoice_webhook_events() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from webhook_endpoints where enabled) then
        return null;
      end if;
      insert into outgoing_events (type, data, created_at)
      select m.type,
        jsonb_build_object(
          'invoice', jsonb_build_object(
            'id', i.id, 'number', i.number, 'status', i.status, 'clientId', i.client_id,
            'currency', i.currency, 'issueDate', i.issue_date, 'dueDate', i.due_date),
          'previousStatus', n.from_status,
          'actor', jsonb_build_object('type', n.actor_type, 'name', n.actor_name)
        ) || case when m.type like 'payment.%' then jsonb_build_object('payment', n.data) else '{}' end,
        n.created_at
      from new_rows n
      join invoices i on i.id = n.invoice_id
      cross join lateral (select case
        when n.type = 'created' then 'invoice.created'
        when n.type = 'status_changed' and n.to_status = 'void' then 'invoice.voided'
        when n.type = 'status_changed' and n.to_status = 'paid' then 'invoice.paid'
        when n.type = 'status_changed' and n.from_status = 'draft' then 'invoice.issued'
        when n.type = 'email_sent' and n.data ->> 'kind' = 'invoice' then 'invoice.sent'
        when n.type = 'viewed' then 'invoice.viewed'
        when n.type = 'overdue' then 'invoice.overdue'
        when n.type in ('payment_recorded', 'payment_accepted') then 'payment.recorded'
        when n.type = 'payment_refunded' then 'payment.refunded'
      end as type) m
      where m.type is not null
        and exists (select 1 from webhook_endpoints e where e.enabled and m.type = any (e.event_types))
      order by n.id;
      return null;
    end $$;
    create trigger invoice_events_webhooks after insert on invoice_events
      referencing new table as new_rows for each statement execute function remit_invoice_webhook_events();

    create function remit_document_webhook_events() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from webhook_endpoints where enabled) then
        return null;
      end if;
      insert into outgoing_events (type, data, created_at)
      select m.type,
        jsonb_build_object(
          replace(n.document_kind, '_note', 'Note'), jsonb_build_object(
            'id', d.id, 'number', d.number, 'status', d.status, 'clientId', d.client_id,
            'currency', d.currency, 'issueDate', d.issue_date, 'invoiceId', d.invoice_id),
          'previousStatus', n.from_status,
          'actor', jsonb_build_object('type', n.actor_type, 'name', n.actor_name)
        ),
        n.created_at
      from new_rows n
      join lateral (
        select q.id, q.number, q.status, q.client_id, q.currency, q.issue_date, q.invoice_id
        from quotes q where n.document_kind = 'quote' and q.id = n.document_id
        union all
        select c.id, c.number, c.status, c.client_id, c.currency, c.issue_date, c.invoice_id
        from credit_notes c where n.document_kind = 'credit_note' and c.id = n.document_id
      ) d on true
      cross join lateral (select case
        when n.document_kind = 'quote' and n.type = 'status_changed' and n.to_status = 'accepted'
          then 'quote.accepted'
        when n.document_kind = 'quote' and n.type = 'status_changed' and n.to_status = 'declined'
          then 'quote.declined'
        when n.document_kind = 'credit_note' and n.type = 'status_changed' and n.to_status = 'issued'
          then 'credit_note.issued'
      end as type) m
      where m.type is not null
        and exists (select 1 from webhook_endpoints e where e.enabled and m.type = any (e.event_types))
      order by n.id;
      return null;
    end $$;
    create trigger document_events_webhooks after insert on document_events
      referencing new table as new_rows for each statement execute function remit_document_webhook_events();

    create function remit_client_webhook_events() returns trigger language plpgsql as $$
    declare
      event_type text := case tg_op when 'INSERT' then 'client.created' else 'client.updated' end;
    begin
      if not exists (select 1 from webhook_endpoints e where e.enabled and event_type = any (e.event_types)) then
        return null;
      end if;
      if tg_op = 'INSERT' then
        insert into outgoing_events (type, data, created_at)
        select event_type, jsonb_build_object('client', remit_client_webhook_object(n)), n.created_at
        from new_rows n;
      else
        insert into outgoing_events (type, data, created_at)
        select event_type, jsonb_build_object('client', remit_client_webhook_object(n)), n.updated_at
        from new_rows n join old_rows o on o.id = n.id
        where to_jsonb(n) is distinct from to_jsonb(o);
      end if;
      return null;
    end $$;
    create function remit_client_webhook_object(c clients) returns jsonb language sql stable as $$
      select jsonb_build_object(
        'id', c.id, 'name', c.name, 'company', c.company, 'email', c.email, 'currency', c.currency,
        'countryCode', c.country_code, 'archived', c.archived_at is not null)
    $$;
    create trigger clients_created_webhooks after insert on clients
      referencing new table as new_rows for each statement execute function remit_client_webhook_events();
    create trigger clients_updated_webhooks after update on clients
      referencing old table as old_rows new table as new_rows
      for each statement execute function remit_client_webhook_events();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger clients_updated_webhooks on clients;
    drop trigger clients_created_webhooks on clients;
    drop trigger document_events_webhooks on document_events;
    drop trigger invoice_events_webhooks on invoice_events;
    drop function remit_client_webhook_events(), remit_client_webhook_object(clients),
      remit_document_webhook_events(), remit_invoice_webhook_events();
    drop table webhook_attempts, webhook_deliveries, outgoing_events, webhook_endpoints;
    drop function remit_fan_out_webhook_events();
    alter table settings drop column webhooks_allow_private_targets;
  `.execute(db);
}
