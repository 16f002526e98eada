import { type Kysely, sql } from 'kysely';

/**
 * The item catalogue: products and services with a price, a unit of measure (UN/ECE Rec 20 code) and default taxes.
 * Lines gain a unit of their own and, when filled from the catalogue, the item they came from: the line keeps its
 * own copy of everything, the link only tells whether an item was ever used (such an item is archived, not deleted).
 * Names are unique among active items, ignoring case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table items (
      id uuid primary key default gen_random_uuid(),
      name text not null check (name <> ''),
      description text not null default '',
      unit_price numeric(30, 6) not null,
      currency char(3) not null,
      prices jsonb not null default '[]',
      unit text not null default 'C62',
      tax_rate_ids jsonb not null default '[]',
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index items_active_name_key on items (lower(name)) where archived_at is null;
    create index items_created_at_id_idx on items (created_at desc, id desc);

    alter table invoice_lines add column unit text;
    alter table invoice_lines add column item_id uuid references items (id);
    create index invoice_lines_item_id_idx on invoice_lines (item_id) where item_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table invoice_lines drop column item_id;
    alter table invoice_lines drop column unit;
    drop table items;
  `.execute(db);
}
