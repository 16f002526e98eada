import {
  EMAIL_TEMPLATE_KINDS,
  EMAIL_TEMPLATE_PLACEHOLDERS,
  type EmailTemplateKind,
  type EmailTemplateOverride,
} from '../../domain/email-templates.ts';
import { type Language, SUPPORTED_LANGUAGES } from '../../domain/language.ts';
import { standardTemplate } from '../../i18n/email-template-text.ts';
import type { ServiceDeps } from '../context.ts';
import { loadEmailTemplates } from './email-template-book.ts';

export interface EmailTemplateView {
  kind: EmailTemplateKind;
  language: Language;
  /** The message files' text, what applies where the override is null. */
  standard: { subject: string; body: string };
  /** The admin's own subject and opening; null parts (or a null override) are standard. */
  override: EmailTemplateOverride | null;
  placeholders: string[];
}

/** Every kind in every language: the standard text, the admin's override if any, and the placeholders it knows. */
export async function listEmailTemplates(deps: ServiceDeps): Promise<EmailTemplateView[]> {
  const book = await loadEmailTemplates(deps.db);
  return EMAIL_TEMPLATE_KINDS.flatMap((kind) =>
    SUPPORTED_LANGUAGES.map((language) => emailTemplateView(kind, language, book(kind, language))),
  );
}

export function emailTemplateView(
  kind: EmailTemplateKind,
  language: Language,
  override: EmailTemplateOverride | null,
): EmailTemplateView {
  return {
    kind,
    language,
    standard: standardTemplate(kind, language),
    override,
    placeholders: [...EMAIL_TEMPLATE_PLACEHOLDERS[kind]],
  };
}
