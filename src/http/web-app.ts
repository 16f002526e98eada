import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:web` (vite build) writes the browser app. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names built assets `name-<hash>.ext`: their content never changes under that name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Remit: web app not built</title></head>
<body><main><h1>The web app is not built yet</h1>
<p>Run <code>npm run build:web</code> (or <code>npm ci</code>, which builds it) and reload this page.</p>
<p>The API works meanwhile: see <a href="/api/docs">/api/docs</a>.</p></main></body></html>`;

export interface WebAppOptions {
  /** Directory holding index.html and assets/ (defaults to dist/web). */
  webDir?: string;
}

/**
 * Serves the built React app (admin under /app, client portal under /portal) from this server, so the browser
 * talks to one origin. Hashed assets are cached for a year; page routes answer index.html, never cached, so a new
 * build is picked up on the next load. API, health and docs routes are registered elsewhere and are not shadowed.
 */
export async function webApp(app: FastifyInstance, options: WebAppOptions = {}): Promise<void> {
  const root = resolve(options.webDir ?? DEFAULT_WEB_DIR);
  const assetsRoot = join(root, 'assets') + sep;

  async function sendIndex(reply: FastifyReply) {
    let html: Buffer;
    try {
      html = await readFile(join(root, 'index.html'));
    } catch {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT_PAGE);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  }

  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const wanted = (request.params as { '*': string })['*'];
    const file = resolve(assetsRoot, wanted);
    // resolve() folds any "../": refuse whatever lands outside assets/.
    if (!file.startsWith(assetsRoot) || !(await isFile(file))) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    return reply
      .type(CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
      .header('cache-control', IMMUTABLE)
      .send(await readFile(file));
  });

  const page = { schema: { hide: true } };
  app.get('/', page, async (_request, reply) => sendIndex(reply));
  app.get('/app', page, async (_request, reply) => sendIndex(reply));
  app.get('/app/*', page, async (_request, reply) => sendIndex(reply));
  app.get('/portal', page, async (_request, reply) => sendIndex(reply));
  // The emailed /portal/link/:token route belongs to the portal API; a more specific route wins in Fastify's router.
  app.get('/portal/*', page, async (_request, reply) => sendIndex(reply));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
