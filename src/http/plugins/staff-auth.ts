import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthCache } from '../../services/auth/auth-cache.ts';
import { authenticateApiToken, authenticateSession } from '../../services/auth/authenticate.ts';
import type { ActionContext, Actor, RequestOrigin, ServiceDeps, StaffRole } from '../../services/context.ts';
import { AuthenticationError, ForbiddenError } from '../../services/errors.ts';

export const SESSION_COOKIE = 'remit_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The CSRF token of the session cookie that signed this request in; null for Bearer tokens. */
    sessionCsrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route: 'public', any staff member ('staff', the default) or admins only. */
    access?: 'public' | 'staff' | 'admin';
  }
}

/** Methods that may write: cookie-authenticated ones need the CSRF token. */
export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function resolveActor(
  deps: ServiceDeps,
  request: FastifyRequest,
  cache: AuthCache | undefined,
): Promise<{ actor: Actor; csrfToken: string | null } | null> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await authenticateApiToken(deps, match[1]!, cache) : null;
    if (!actor) throw new AuthenticationError('The API token is invalid or revoked');
    return { actor, csrfToken: null };
  }
  const sessionToken = request.cookies[SESSION_COOKIE];
  if (!sessionToken) return null;
  const session = await authenticateSession(deps, sessionToken, cache);
  if (!session) {
    throw new AuthenticationError(
      'Your session has ended (expired or signed out); sign in again',
      'session_expired',
    );
  }
  // Cookies ride along on cross-site requests; a write must also prove it comes from our own pages.
  if (UNSAFE_METHODS.has(request.method)) {
    const csrf = request.headers['x-csrf-token'];
    if (typeof csrf !== 'string' || !sameSecret(csrf, session.csrfToken)) {
      throw new ForbiddenError(
        'Missing or wrong X-CSRF-Token header (returned by the login response and by GET /api/v1/auth/csrf)',
        'csrf_token_invalid',
      );
    }
  }
  return { actor: session.actor, csrfToken: session.csrfToken };
}

/** Authenticates staff by Bearer token or session cookie and enforces each route's `access` level. */
export const staffAuth = fp(
  async (app: FastifyInstance, options: { deps: ServiceDeps; authCache?: AuthCache }) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionCsrfToken', null);
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access ?? 'staff';
      if (access === 'public') return;
      const resolved = await resolveActor(options.deps, request, options.authCache);
      if (!resolved) throw new AuthenticationError();
      request.actor = resolved.actor;
      request.sessionCsrfToken = resolved.csrfToken;
      if (access === 'admin' && request.actor.role !== 'admin') throw new ForbiddenError();
    });
    const cache = options.authCache;
    if (cache) {
      // Other processes learn of a change from the database's notice; this one forgets at once, before answering,
      // so the caller's next request already sees its own revocation, logout or deactivation.
      app.addHook('onSend', async (request, reply) => {
        if (
          UNSAFE_METHODS.has(request.method) &&
          reply.statusCode < 400 &&
          AUTH_CHANGING_ROUTE.test(request.routeOptions.url ?? '')
        )
          cache.clear();
      });
    }
  },
);

/** Routes whose writes can end or change a principal: tokens, users, logout. */
const AUTH_CHANGING_ROUTE = /\/(api-tokens|users|auth)(\/|$)/;

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AuthenticationError();
  // A copy: the signed-in actor may be cached across requests, the origin is this request's.
  return { ...request.actor, origin: requestOrigin(request) };
}

export function requireRole(request: FastifyRequest, role: StaffRole): Actor {
  const actor = requireActor(request);
  if (role === 'admin' && actor.role !== 'admin') throw new ForbiddenError();
  return actor;
}

/** Where a request came from, as the audit log records it. */
export function requestOrigin(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** The signed-in actor and where the request came from, for use cases that write the audit log. */
export function actionContext(request: FastifyRequest): ActionContext {
  const { origin, ...actor } = requireActor(request);
  return { actor, origin: origin ?? requestOrigin(request) };
}
