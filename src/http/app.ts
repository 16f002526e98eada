import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import scalarApiReference from '@scalar/fastify-api-reference';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { pendingMigrations } from '../db/client.ts';
import type { ServiceDeps } from '../services/context.ts';
import { authRoutes } from './admin/auth-routes.ts';
import { clientRoutes } from './admin/client-routes.ts';
import { invoiceRoutes } from './admin/invoice-routes.ts';
import { projectRoutes } from './admin/project-routes.ts';
import { settingsRoutes } from './admin/settings-routes.ts';
import { taxRateRoutes } from './admin/tax-rate-routes.ts';
import { userRoutes } from './admin/user-routes.ts';
import { staffAuth } from './plugins/staff-auth.ts';
import { errorHandler, sendProblem } from './problem.ts';

export interface AppOptions {
  deps: ServiceDeps;
  appUrl: string;
  logLevel?: string;
  version?: string;
}

/** Builds the HTTP application without listening, so tests can use `inject()` and the CLI can `listen()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
  });

  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by typed view functions; serialising them again through the schemas would only cost time.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: 'https://remit.invalid/problems/not_found',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      code: 'not_found',
    }),
  );

  await app.register(fastifyCookie);
  // Limits are opted into per route (login); their counters live in this process (see docs/operations.md).
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The API reference page needs inline styles and scripts of its own bundle.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Only behind https: on a plain-http install it would send the browser to an https that is not there.
        upgradeInsecureRequests: options.appUrl.startsWith('https:') ? [] : null,
      },
    },
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Remit API',
        version: options.version ?? '0.1.0',
        description:
          'Staff API of Remit. Amounts are decimal strings in major units ("1234.50"). Errors are RFC 9457 ' +
          'problem+json bodies naming the fields at fault. Authenticate with `Authorization: Bearer <token>` ' +
          'or the session cookie from /auth/login (then send X-CSRF-Token on writes).',
      },
      servers: [{ url: options.appUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'remit_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      const pending = await pendingMigrations(deps.db);
      if (pending.length) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });

  await app.register(
    async (api) => {
      await api.register(staffAuth, { deps });
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      const secureCookies = options.appUrl.startsWith('https:');
      await api.register(authRoutes, { deps, secureCookies });
      await api.register(settingsRoutes, { deps });
      await api.register(clientRoutes, { deps });
      await api.register(projectRoutes, { deps });
      await api.register(taxRateRoutes, { deps });
      await api.register(invoiceRoutes, { deps });
      await api.register(userRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );

  await app.register(scalarApiReference, {
    routePrefix: '/api/docs',
    configuration: { url: '/api/v1/openapi.json', hideClientButton: true, telemetry: false } as never,
    logLevel: 'warn',
  });

  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html')
      .send(
        '<!doctype html><title>Remit</title><h1>Remit</h1><p>The API is at <a href="/api/docs">/api/docs</a>.</p>',
      ),
  );

  return app;
}
