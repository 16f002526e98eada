import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EMAIL_TEMPLATE_KINDS,
  type EmailTemplateKind,
  isEmailTemplateKind,
  TEMPLATE_BODY_MAX,
  TEMPLATE_SUBJECT_MAX,
} from '../../domain/email-templates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { isSupportedLanguage, type Language, SUPPORTED_LANGUAGES } from '../../domain/language.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { listEmailTemplates } from '../../services/email-templates/list-email-templates.ts';
import { previewEmailTemplate } from '../../services/email-templates/preview-email-template.ts';
import { resetEmailTemplate } from '../../services/email-templates/reset-email-template.ts';
import { saveEmailTemplate } from '../../services/email-templates/save-email-template.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { multilineText, shortText, withResponses } from '../schemas.ts';
import { withPreviewPage } from './email-preview-page-routes.ts';

// Checked in the handler, not the schema: a bad path segment would be a bare 404, and these deserve a 422 naming it.
const templateParams = z.strictObject({
  kind: z.string().meta({ description: EMAIL_TEMPLATE_KINDS.join(', ') }),
  language: z.string().meta({ description: SUPPORTED_LANGUAGES.join(', ') }),
});

/** The kind and language a path names, or a 422 naming the one that is not known. */
function templateAddress(params: { kind: string; language: string }): [EmailTemplateKind, Language] {
  if (!isEmailTemplateKind(params.kind))
    throw new ValidationError(
      'kind',
      `Unknown email kind: must be one of ${EMAIL_TEMPLATE_KINDS.join(', ')}`,
    );
  if (!isSupportedLanguage(params.language))
    throw new ValidationError(
      'language',
      `Unknown language: must be one of ${SUPPORTED_LANGUAGES.join(', ')}`,
    );
  return [params.kind, params.language];
}

const templateText = z.object({
  subject: shortText(TEMPLATE_SUBJECT_MAX)
    .nullish()
    .meta({ description: 'With placeholders such as {{client.name}}; empty or null: the standard subject' }),
  body: multilineText(TEMPLATE_BODY_MAX)
    .nullish()
    .meta({ description: 'The opening text under the greeting; empty or null: the standard opening' }),
});

const parts = z.object({ subject: z.string(), body: z.string() });
const templateView = z.object({
  kind: z.enum(EMAIL_TEMPLATE_KINDS),
  language: z.enum(SUPPORTED_LANGUAGES),
  standard: parts.meta({ description: 'The standard subject and opening of the message files' }),
  override: z
    .object({ subject: z.string().nullable(), body: z.string().nullable() })
    .nullable()
    .meta({ description: 'The admin’s own; a null part (or null) is standard' }),
  placeholders: z.array(z.string()).meta({ description: 'What {{…}} may name in this kind of email' }),
});

const TAGS = ['settings'];
const PATH = '/settings/email-templates/:kind/:language';

/**
 * The subject and opening of each kind of client email, per language: read by staff (the send dialog starts from
 * them), changed, reset and previewed by admins. Placeholders a kind cannot fill are refused naming the field.
 */
export const emailTemplateRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/settings/email-templates',
    {
      schema: {
        tags: TAGS,
        summary: 'Every email template: kind × language, its standard text and the override if any',
        response: withResponses({ 200: z.object({ templates: z.array(templateView) }) }),
      },
    },
    async () => ({ templates: await listEmailTemplates(deps) }),
  );

  app.put(
    PATH,
    {
      config: { access: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'Save the subject and opening of one kind of email in one language (admins)',
        description:
          'Both empty is a reset. A placeholder the kind does not fill is a 422 naming the field and the placeholder. The link of a portal email and the balance of a receipt are not part of a template: they stay as the email writes them.',
        params: templateParams,
        body: templateText,
        response: withResponses({ 200: templateView }),
      },
    },
    async (request) =>
      saveEmailTemplate(deps, actionContext(request), ...templateAddress(request.params), {
        subject: request.body.subject ?? null,
        body: request.body.body ?? null,
      }),
  );

  app.delete(
    PATH,
    {
      config: { access: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'Set one kind of email in one language back to the standard subject and opening (admins)',
        params: templateParams,
        response: withResponses({ 200: templateView }),
      },
    },
    async (request) => resetEmailTemplate(deps, actionContext(request), ...templateAddress(request.params)),
  );

  app.post(
    `${PATH}/preview`,
    {
      config: { access: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'The email a template makes, with made-up figures, before saving it (admins)',
        description: '`htmlUrl` shows the HTML as a page of its own for ten minutes, to frame it styled.',
        params: templateParams,
        body: templateText,
        response: withResponses({
          200: z.object({ subject: z.string(), html: z.string(), text: z.string(), htmlUrl: z.string() }),
        }),
      },
    },
    async (request) => {
      const email = await previewEmailTemplate(deps, ...templateAddress(request.params), request.body);
      return withPreviewPage(deps, request, email);
    },
  );
};
