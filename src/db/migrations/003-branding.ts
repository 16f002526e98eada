import { type Kysely, sql } from 'kysely';

/**
 * Branding shown on every invoice. The logo lives in the database, not on disk, so every server process sharing
 * the database sees the same one; it sits in a table of its own so reading the settings never drags its bytes along.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings
      add column website text not null default '',
      add column payment_terms_text text not null default '',
      add column payment_instructions text not null default '',
      add column footer text not null default '',
      add column accent_color text not null default '#1f4e79' check (accent_color ~ '^#[0-9a-f]{6}$');

    create table settings_logo (
      id smallint primary key default 1 check (id = 1),
      image bytea not null,
      mime_type text not null check (mime_type in ('image/png', 'image/jpeg')),
      width int not null check (width > 0),
      height int not null check (height > 0),
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table settings_logo;
    alter table settings
      drop column website,
      drop column payment_terms_text,
      drop column payment_instructions,
      drop column footer,
      drop column accent_color;
  `.execute(db);
}
