import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../db/connection-errors.ts';
import { acceptedLanguage, DEFAULT_LANGUAGE } from '../../domain/language.ts';
import { type ProblemWords, problemWords } from '../../i18n/problem-words.ts';
import { GatewayError } from '../../ports.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { AuthenticationError, ForbiddenError } from '../../services/errors.ts';
import { LinkExpiredError } from '../../services/portal/open-portal-link.ts';
import type { PortalPrincipal } from '../../services/portal/portal-context.ts';
import { portalProblemReader } from '../../services/portal/portal-problem-language.ts';
import type { OpenedPortalSession } from '../../services/portal/portal-session.ts';
import { authenticatePortalSession } from '../../services/portal/portal-session.ts';
import { sendGatewayProblem } from '../admin/gateway-routes.ts';
import { answerProblem, sendProblem } from '../problem.ts';

/** The portal's own cookie: a contact's session never doubles as a staff session, nor the other way round. */
export const PORTAL_COOKIE = 'remit_portal';

declare module 'fastify' {
  interface FastifyRequest {
    portal: PortalPrincipal | null;
  }
  interface FastifyContextConfig {
    /** Portal routes: 'contact' (the default) needs a portal session; 'public' does not. */
    portalAccess?: 'public' | 'contact';
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function setPortalCookie(reply: FastifyReply, session: OpenedPortalSession, secure: boolean) {
  reply.setCookie(PORTAL_COOKIE, session.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: session.expiresAt,
  });
}

export function clearPortalCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(PORTAL_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/**
 * Portal errors in the reader's language (portal-problem-language.ts). An expired link is 410 Gone with its own
 * code; everything else as elsewhere (rate limits carry Retry-After).
 */
export function portalErrorHandler(deps: Pick<ServiceDeps, 'db'>) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const words = await portalReaderWords(deps, request, error);
    if (error instanceof LinkExpiredError) {
      return sendProblem(reply, {
        type: 'https://remit.invalid/problems/link_expired',
        title: words.title('link_expired'),
        status: 410,
        detail: words.detail('resendLink', { message: words.sentence(error.message) }),
        code: 'link_expired',
      });
    }
    if (error instanceof GatewayError) return sendGatewayProblem(reply, error, words.title('gateway_error'));
    return answerProblem(error, request, reply, words);
  };
}

/**
 * The words the portal answers a request in (portal-problem-language.ts). Without the database (or when it fails)
 * the browser's language, else English, still answers.
 */
export async function portalReaderWords(
  deps: Pick<ServiceDeps, 'db'>,
  request: FastifyRequest,
  error?: unknown,
): Promise<ProblemWords> {
  const acceptLanguage = request.headers['accept-language'];
  const fallback = () => problemWords(acceptedLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE);
  if (isDatabaseUnavailable(error)) return fallback();
  try {
    const reader = await portalProblemReader(deps, {
      clientId: request.portal?.clientId ?? null,
      acceptLanguage,
    });
    return problemWords(reader.language, reader.locale);
  } catch (lookupError) {
    request.log.warn({ err: lookupError }, 'the language of a portal problem could not be read');
    return fallback();
  }
}

/**
 * Authenticates contacts by the portal session cookie (staff Bearer tokens and staff cookies mean nothing here), and
 * requires the X-CSRF-Token header of the session on every write.
 */
export const portalAuth = fp(async (app: FastifyInstance, options: { deps: ServiceDeps }) => {
  app.decorateRequest('portal', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.portalAccess ?? 'contact';
    if (access === 'public') return;
    const token = request.cookies[PORTAL_COOKIE];
    const principal = token ? await authenticatePortalSession(options.deps, token) : null;
    if (!principal) {
      throw new AuthenticationError(
        token
          ? 'Your portal session has ended; sign in again or open the link from your email'
          : 'Sign in to the portal or open the link from your email',
        token ? 'session_expired' : undefined,
      );
    }
    if (UNSAFE_METHODS.has(request.method)) {
      const csrf = request.headers['x-csrf-token'];
      if (typeof csrf !== 'string' || !sameSecret(csrf, principal.csrfToken)) {
        throw new ForbiddenError(
          'Missing or wrong X-CSRF-Token header (returned when the session started and by GET /api/portal/v1/me)',
          'csrf_token_invalid',
        );
      }
    }
    request.portal = principal;
  });
});

export function requirePortal(request: FastifyRequest): PortalPrincipal {
  if (!request.portal) throw new AuthenticationError();
  return request.portal;
}
