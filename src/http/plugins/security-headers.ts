import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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

/**
 * Security headers on every response (helmet's), with a strict Content-Security-Policy: no inline script or style,
 * nothing from other origins, no framing: the API reference under /api/docs included (its files are all served by
 * Remit and run without inline code).
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
  const headers = await helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: strict },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something over https.
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: true } : false,
  });
  // On the raw response, as helmet does: also there when a route writes the response itself.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
});
