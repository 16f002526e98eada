import type { EmailTemplateKind, EmailTemplateOverride } from '../../domain/email-templates.ts';
import type { Language } from '../../domain/language.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { checkTemplateText } from './check-template-text.ts';
import { type EmailTemplateView, emailTemplateView } from './list-email-templates.ts';
import { resetEmailTemplate } from './reset-email-template.ts';

/**
 * Saves an admin's own subject and opening for one kind and language. Empty parts are standard; both empty is the
 * same as a reset. Each placeholder must be one the kind fills, else nothing is saved.
 */
export async function saveEmailTemplate(
  deps: ServiceDeps,
  context: ActionContext,
  kind: EmailTemplateKind,
  language: Language,
  input: EmailTemplateOverride,
): Promise<EmailTemplateView> {
  const subject = input.subject?.trim() || null;
  const body = input.body?.trim() || null;
  checkTemplateText('subject', subject, kind);
  checkTemplateText('body', body, kind);
  if (!subject && !body) return resetEmailTemplate(deps, context, kind, language);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('email_templates')
      .select(['subject', 'body'])
      .where('kind', '=', kind)
      .where('language', '=', language)
      .executeTakeFirst();
    await trx
      .insertInto('email_templates')
      .values({ kind, language, subject, body })
      .onConflict((conflict) =>
        conflict.columns(['kind', 'language']).doUpdateSet({ subject, body, updated_at: deps.clock.now() }),
      )
      .execute();
    await recordAuditEntry(trx, context, deps.clock.now(), {
      action: 'email_template.updated',
      entityType: 'email_template',
      entityId: `${kind}/${language}`,
      before: before ?? null,
      after: { subject, body },
    });
  });
  return emailTemplateView(kind, language, { subject, body });
}
