import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Where the relaxed policy applies: the API reference page runs inline scripts and styles of its bundle. */
export const DOCS_PREFIX = '/api/docs';

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' ').trim())
    .join('; ');
}

/**
 * The headers helmet sets with `options`, worked out once on a throw-away instance (those of a route with helmet
 * less those of one without). @fastify/helmet builds helmet's middleware again on every request, which cost more
 * than the rest of the request's hooks together.
 */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = Fastify();
  try {
    await probe.register(fastifyHelmet, options);
    probe.get('/with', async () => '');
    probe.get('/without', { helmet: false }, async () => '');
    const withHelmet = await probe.inject('/with');
    const without = await probe.inject('/without');
    return Object.entries(withHelmet.headers)
      .filter(([name]) => !(name in without.headers))
      .map(([name, value]) => [name, String(value)]);
  } finally {
    await probe.close();
  }
}

const isDocsPath = (url: string) =>
  url.startsWith(DOCS_PREFIX) &&
  (url.length === DOCS_PREFIX.length || url[DOCS_PREFIX.length] === '/' || url[DOCS_PREFIX.length] === '?');

/**
 * Security headers on every response (helmet's), with a strict Content-Security-Policy: no inline script or style,
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
  const headers = await helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: strict },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something over https.
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: true } : false,
  });
  const docsHeaders = headers.map(([name, value]): [string, string] => [
    name,
    name === 'content-security-policy' ? docs : value,
  ]);
  // On the raw response, as helmet does: also there when a route writes the response itself.
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of isDocsPath(request.url) ? docsHeaders : headers)
      reply.raw.setHeader(name, value);
    done();
  });
});
