import { EMAIL_TEMPLATE_PLACEHOLDERS, type EmailTemplateKind } from '../../domain/email-templates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { unknownPlaceholders } from '../../i18n/email-template-text.ts';

/** Refuses a subject or opening naming a placeholder its kind of email cannot fill, naming the field and it. */
export function checkTemplateText(
  field: string,
  text: string | null | undefined,
  kind: EmailTemplateKind,
): void {
  if (!text) return;
  const [unknown] = unknownPlaceholders(text, kind);
  if (unknown === undefined) return;
  const known = EMAIL_TEMPLATE_PLACEHOLDERS[kind].map((name) => `{{${name}}}`).join(', ');
  throw new ValidationError(field, `Unknown placeholder {{${unknown}}}: this email knows ${known}`);
}
