import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { getBranding } from '../../services/settings/get-branding.ts';
import { getLogo } from '../../services/settings/get-logo.ts';
import { errorResponses } from '../schemas.ts';

/**
 * The business's public face, for portal pages shown before sign-in (sign-in, link landing, errors) and for the
 * logo in emails: the same answer for everyone, nothing that an invoice does not already show its client.
 */
export const portalBrandingRoutes: FastifyPluginAsyncZod<{ deps: Pick<ServiceDeps, 'db'> }> = async (
  app,
  { deps },
) => {
  const tags = ['portal'];
  app.get(
    '/branding',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary:
          'The business name, logo URL, accent colour, footer, language and locale the portal pages show (public)',
        response: {
          ...errorResponses,
          200: z.object({
            businessName: z.string(),
            logoUrl: z.string().nullable(),
            accentColor: z.string(),
            footer: z.string(),
            language: z.string().meta({ description: "The organisation's language, e.g. de" }),
            locale: z.string().meta({ description: 'The locale of its dates and money, e.g. de-DE' }),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return getBranding(deps);
    },
  );

  app.get(
    '/branding/logo',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'The logo image (public), as shown on portal pages and in emails',
        produces: ['image/png', 'image/jpeg'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'The image bytes' }) },
      },
    },
    async (_request, reply) => {
      const logo = await getLogo(deps);
      // Email clients fetch it long after sending; an hour of caching spares the server a fetch per open.
      return reply
        .type(logo.mimeType)
        .header('cache-control', 'public, max-age=3600')
        .header('last-modified', logo.updatedAt.toUTCString())
        .send(logo.image);
    },
  );
};
