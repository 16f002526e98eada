import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { deleteLogo } from '../../services/settings/delete-logo.ts';
import { getLogo } from '../../services/settings/get-logo.ts';
import { uploadLogo } from '../../services/settings/upload-logo.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { errorResponses } from '../schemas.ts';

/** Room for a 1 MB logo; the service gives the precise 422 for anything between 1 MB and this. */
const UPLOAD_BODY_LIMIT = 2 * 1024 * 1024;

class UnsupportedImageType extends Error {
  readonly statusCode = 415;
  constructor(type: string) {
    super(`Send the raw image bytes with Content-Type image/png or image/jpeg (got ${type || 'none'})`);
  }
}

/**
 * The organisation's logo as a raw-bytes resource. The image parsers are registered inside this plugin only, so
 * no other route starts accepting image bodies.
 */
export const logoRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.addContentTypeParser(
    ['image/png', 'image/jpeg'],
    { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser('*', (request, _payload, done) =>
    done(new UnsupportedImageType(request.headers['content-type'] ?? ''), undefined),
  );

  app.put(
    '/settings/logo',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Upload the logo (admin): the raw PNG or JPEG bytes, at most 1 MB and 2000 × 2000 pixels',
        consumes: ['image/png', 'image/jpeg'],
        response: errorResponses,
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new UnsupportedImageType(request.headers['content-type'] ?? '');
      return uploadLogo(deps, body, request.headers['content-type'], actionContext(request));
    },
  );

  app.get(
    '/settings/logo',
    {
      schema: {
        tags: ['settings'],
        summary: 'The logo image as uploaded',
        produces: ['image/png', 'image/jpeg'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'The image bytes' }) },
      },
    },
    async (_request, reply) => {
      const logo = await getLogo(deps);
      return reply
        .type(logo.mimeType)
        .header('cache-control', 'private, no-cache')
        .header('last-modified', logo.updatedAt.toUTCString())
        .send(logo.image);
    },
  );

  app.delete(
    '/settings/logo',
    {
      config: { access: 'admin' },
      schema: { tags: ['settings'], summary: 'Remove the logo (admin)', response: errorResponses },
    },
    async (request, reply) => {
      await deleteLogo(deps, actionContext(request));
      return reply.code(204).send();
    },
  );
};
