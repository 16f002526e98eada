import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Where the relaxed policy applies: the API reference page runs inline scripts and styles of its bundle. */
export const DOCS_PREFIX = '/api/docs';

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' ').trim())
    .join('; ');
}

/**
 * Security headers on every response (helmet), with a strict Content-Security-Policy: no inline script or style,
 * nothing from other origins, no framing. Only the API reference under /api/docs gets the inline allowance it needs.
 */
export const securityHeaders = fp(async (app: FastifyInstance, options: { appUrl: string }) => {
  const https = options.appUrl.startsWith('https:');
  const strict = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    // Only behind https: on a plain-http install it would send the browser to an https that is not there.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
  const docs = policy({
    ...strict,
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'", 'data:'],
    'base-uri': ["'self'"],
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: strict },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something over https.
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: true } : false,
  });
  app.addHook('onSend', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`))
      reply.header('content-security-policy', docs);
  });
});
