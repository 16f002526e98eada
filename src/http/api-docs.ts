import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';

const DOCS_PREFIX = '/api/docs';

/**
 * The API reference page (Scalar) at /api/docs. Its package is large and only people reading the docs need it, so
 * it is loaded on the first request, into a small inner Fastify app whose answers are passed through.
 */
export async function apiDocs(app: FastifyInstance) {
  let docs: Promise<FastifyInstance> | null = null;
  const loadDocs = async () => {
    const { default: scalarApiReference } = await import('@scalar/fastify-api-reference');
    const inner = Fastify({ logger: false });
    await inner.register(scalarApiReference, {
      routePrefix: DOCS_PREFIX,
      configuration: { url: '/api/v1/openapi.json', hideClientButton: true, telemetry: false } as never,
    });
    await inner.ready();
    return inner;
  };
  app.addHook('onClose', async () => {
    if (docs) await (await docs).close();
  });

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    docs ??= loadDocs().catch((error) => {
      docs = null;
      throw error;
    });
    const answer = await (await docs).inject({
      method: request.method as 'GET' | 'HEAD',
      url: request.url,
      headers: { accept: request.headers.accept ?? '*/*' },
    });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !['content-length', 'connection', 'date'].includes(name))
        reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  const route = { schema: { hide: true }, logLevel: 'warn' as const };
  app.get(DOCS_PREFIX, route, serve);
  app.get(`${DOCS_PREFIX}/*`, route, serve);
}
