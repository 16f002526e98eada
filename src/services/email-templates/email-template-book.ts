import type { Db, Trx } from '../../db/client.ts';
import type { EmailTemplateKind, EmailTemplateOverride } from '../../domain/email-templates.ts';
import type { Language } from '../../domain/language.ts';

/** The admin's own templates, looked up by kind and language; null where the standard text applies. */
export type EmailTemplateBook = (kind: EmailTemplateKind, language: Language) => EmailTemplateOverride | null;

export const NO_TEMPLATES: EmailTemplateBook = () => null;

/** Every saved template, read once for a send (there are at most a few dozen). */
export async function loadEmailTemplates(db: Db | Trx): Promise<EmailTemplateBook> {
  const rows = await db
    .selectFrom('email_templates')
    .select(['kind', 'language', 'subject', 'body'])
    .execute();
  const byKey = new Map(
    rows.map((row) => [`${row.kind}|${row.language}`, { subject: row.subject, body: row.body }]),
  );
  return (kind, language) => byKey.get(`${kind}|${language}`) ?? null;
}
