import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../ports.ts';
import { readPreviewPage, storePreviewPage } from '../../services/email/preview-pages.ts';
import { NotFoundError } from '../../services/errors.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import { errorResponses, idParams } from '../schemas.ts';

/**
 * The policy of a preview page: the email's inline styles and its images (inline or from this server, the logo),
 * nothing else; no script, no form, no plugin, and a sandbox even when the page is opened on its own. Only the
 * app's own pages may frame it.
 */
export function previewPagePolicy(appUrl: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src 'self' data: ${new URL(appUrl).origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    'sandbox',
  ].join('; ');
}

/** Who may read a preview page: the user or API token whose request made it. */
function previewOwner(request: FastifyRequest): string {
  const actor = requireActor(request);
  return `${actor.type}:${actor.id ?? ''}`;
}

export const previewPageUrl = (id: string) => `/api/v1/email-previews/${id}`;

/** Keeps a preview's HTML for its own page and adds that page's address (`htmlUrl`) to the preview. */
export async function withPreviewPage<T extends { html: string }>(
  deps: { db: Db; clock: Clock },
  request: FastifyRequest,
  preview: T,
): Promise<T & { htmlUrl: string }> {
  const id = await storePreviewPage(deps.db, previewOwner(request), preview.html, deps.clock.now());
  return { ...preview, htmlUrl: previewPageUrl(id) };
}

/** GET /email-previews/{id}: a preview's HTML as a page of its own, for the preview frames of the staff app. */
export const emailPreviewPageRoutes: FastifyPluginAsyncZod<{
  deps: { db: Db; clock: Clock };
  appUrl: string;
}> = async (app, { deps, appUrl }) => {
  const policy = previewPagePolicy(appUrl);
  app.get(
    '/email-previews/:id',
    {
      schema: {
        tags: ['emails'],
        summary: 'An email preview as a page of its own (the `htmlUrl` of a preview answer)',
        description:
          'The HTML of a preview made in the last ten minutes by the same user or API token, with a policy of ' +
          'its own (inline styles and images, no script, sandboxed) so it shows as the client will see it.',
        params: idParams,
        produces: ['text/html'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'text/html' }) },
      },
    },
    async (request, reply) => {
      const html = await readPreviewPage(deps.db, previewOwner(request), request.params.id, deps.clock.now());
      if (html === null) throw new NotFoundError('Email preview');
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', policy)
        .header('x-frame-options', 'SAMEORIGIN')
        .header('cache-control', 'private, no-store')
        .send(html);
    },
  );
};
