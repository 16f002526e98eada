import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import { login, SESSION_TTL_MS } from '../../services/auth/login.ts';
import { logout } from '../../services/auth/logout.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { requestOrigin, requireActor, SESSION_COOKIE } from '../plugins/staff-auth.ts';
import { errorResponses, shortText, withResponses } from '../schemas.ts';

/** Who is calling: a signed-in user or an API token, with the role that decides what it may do. */
const meSchema = z
  .object({
    type: z.enum(['user', 'api_token', 'system']),
    id: z.string().nullable().meta({ description: 'The user or API token; null only for the server itself' }),
    name: z.string(),
    role: z.enum(['admin', 'finance']),
    userId: z.string().nullable(),
  })
  .meta({ id: 'Me' });

export const authRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps; secureCookies: boolean }> = async (
  app,
  { deps, secureCookies },
) => {
  app.post(
    '/auth/login',
    {
      // Password guessing is slowed down in the login use case, with counts kept in the database.
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'Log in with email and password; sets the session cookie and returns the CSRF token',
        description:
          'Failed passwords slow down further tries with growing waits (429 with Retry-After): per account and ' +
          'address after 5 failures in 15 minutes, per address after 30, and, past 50 failures on one account, ' +
          'for every address that failed on it. A correct password from an address that has not failed is never ' +
          'held back by failures from other addresses.',
        body: z.strictObject({ email: shortText(320), password: shortText(256) }),
        response: { ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const session = await login(deps, { ...request.body, ip: request.ip, origin: requestOrigin(request) });
      reply.setCookie(SESSION_COOKIE, session.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], security: [], summary: 'End the current session' },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(deps, token, requestOrigin(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'Who is calling', response: withResponses({ 200: meSchema }) } },
    async (request) => {
      const actor = requireActor(request);
      return { type: actor.type, id: actor.id, name: actor.name, role: actor.role, userId: actor.userId };
    },
  );

  app.get(
    '/auth/csrf',
    {
      schema: {
        tags: ['auth'],
        summary: "The signed-in session's CSRF token, for a page that lost it (another tab, cleared storage)",
        description:
          'Only for a live session cookie: a write refused with reason csrf_token_invalid can fetch the token here ' +
          'and retry. Other sites cannot read the answer (same-origin policy), so this gives them nothing.',
        response: errorResponses,
      },
    },
    async (request, reply) => {
      requireActor(request);
      reply.header('cache-control', 'no-store');
      if (!request.sessionCsrfToken) {
        throw new ValidationError(
          'authorization',
          'API tokens need no CSRF token; only browser sessions have one',
        );
      }
      return { csrfToken: request.sessionCsrfToken };
    },
  );
};
