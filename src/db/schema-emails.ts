/** Email templates and preview pages (migration 044). */
import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';

export interface EmailTemplatesTable {
  kind: string;
  language: string;
  /** Null: the standard subject of the message files. */
  subject: string | null;
  /** Null: the standard opening text of the message files. */
  body: string | null;
  updated_at: Generated<Date>;
}
export type EmailTemplateRow = Selectable<EmailTemplatesTable>;

export interface EmailPreviewPagesTable {
  id: Generated<string>;
  /** The staff user or API token that made the preview: only it may read the page. */
  owner_id: string;
  html: string;
  expires_at: Timestamp;
}

export interface EmailTables {
  email_templates: EmailTemplatesTable;
  email_preview_pages: EmailPreviewPagesTable;
}
