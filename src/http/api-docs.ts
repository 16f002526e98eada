import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';

const DOCS_PREFIX = '/api/docs';

/**
 * Swagger UI as it ships inside @fastify/swagger-ui: every script, style and image from this server, no web fonts,
 * no validator badge, no top bar with its link out and its box for loading other documents.
 */
const UI_CONFIG = {
  layout: 'BaseLayout',
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  filter: true,
  tryItOutEnabled: false,
  persistAuthorization: false,
} as const;

/**
 * The API reference page at /api/docs, loaded on the first request into a small inner Fastify app whose answers
 * are passed through: the outer app keeps its two routes and its own hooks (security headers, access), and starting
 * the server costs nothing for a page few people open. The inner app serves the outer app's OpenAPI document as it
 * is once the outer app is ready, at /api/docs/json (the same as /api/v1/openapi.json).
 */
export async function apiDocs(app: FastifyInstance) {
  let docs: Promise<FastifyInstance> | null = null;
  const loadDocs = async () => {
    const { default: swaggerUi } = await import('@fastify/swagger-ui');
    const inner = Fastify({ logger: false });
    await inner.register(fastifySwagger, {
      mode: 'static',
      specification: { document: app.swagger() as never },
    });
    await inner.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      uiConfig: UI_CONFIG,
      validatorUrl: false,
      theme: { title: 'Remit API reference' },
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
      headers: {
        accept: request.headers.accept ?? '*/*',
        ...(request.headers['if-none-match'] ? { 'if-none-match': request.headers['if-none-match'] } : {}),
      },
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
