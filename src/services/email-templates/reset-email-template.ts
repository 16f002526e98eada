import type { EmailTemplateKind } from '../../domain/email-templates.ts';
import type { Language } from '../../domain/language.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { type EmailTemplateView, emailTemplateView } from './list-email-templates.ts';

/** Sets one kind and language back to the standard subject and opening (nothing to do when already standard). */
export async function resetEmailTemplate(
  deps: ServiceDeps,
  context: ActionContext,
  kind: EmailTemplateKind,
  language: Language,
): Promise<EmailTemplateView> {
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('email_templates')
      .where('kind', '=', kind)
      .where('language', '=', language)
      .returning(['subject', 'body'])
      .executeTakeFirst();
    if (!deleted) return;
    await recordAuditEntry(trx, context, deps.clock.now(), {
      action: 'email_template.reset',
      entityType: 'email_template',
      entityId: `${kind}/${language}`,
      before: deleted,
      after: null,
    });
  });
  return emailTemplateView(kind, language, null);
}
