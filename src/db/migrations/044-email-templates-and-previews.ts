import { type Kysely, sql } from 'kysely';

/**
 * Email templates and preview pages (issue 18).
 *
 * email_templates: an admin's own subject and opening text for one kind of email in one language; no row is the
 * standard text of the message files. A null part keeps that part standard.
 *
 * email_preview_pages: an email preview's HTML, served on its own address with a restrictive policy so the email's
 * inline styles apply inside the preview frame (the app's own policy refuses them). Short-lived, readable only by
 * the staff member or API token that made it; expired rows are deleted as new ones are written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_templates (
      kind text not null,
      language text not null,
      subject text,
      body text,
      updated_at timestamptz not null default now(),
      primary key (kind, language),
      constraint email_templates_something_check check (subject is not null or body is not null)
    );
    create table email_preview_pages (
      id uuid primary key default gen_random_uuid(),
      owner_id text not null,
      html text not null,
      expires_at timestamptz not null
    );
    create index email_preview_pages_expires_idx on email_preview_pages (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table email_preview_pages; drop table email_templates;`.execute(db);
}
