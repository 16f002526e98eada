import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApp } from '../../src/http/web-app.ts';

let dir: string;
let built: FastifyInstance;
let missing: FastifyInstance;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remit-web-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dir, 'assets/index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'assets/index-abc123.css'), 'body{}');
  await writeFile(path.join(dir, 'secret.txt'), 'not an asset');
  built = Fastify();
  // Routes of other parts of the server, which the web app must leave alone.
  built.get('/api/v1/ping', async () => ({ pong: true }));
  built.get('/portal/link/:token', async (_request, reply) => reply.redirect('/portal/invoices/1', 303));
  await built.register(webApp, { webDir: dir });
  missing = Fastify();
  await missing.register(webApp, { webDir: path.join(dir, 'nowhere') });
});

afterAll(async () => {
  await built.close();
  await missing.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the web app served by the server', () => {
  it('serves hashed assets with their content type and a long cache', async () => {
    const js = await built.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const css = await built.inject({ url: '/assets/index-abc123.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for unknown assets and never leaves the assets directory', async () => {
    expect((await built.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await built.inject({ url: '/assets/../secret.txt' })).statusCode).toBe(404);
    expect((await built.inject({ url: '/assets/%2e%2e/secret.txt' })).statusCode).toBe(404);
  });

  it('answers index.html for the page routes of the admin app and the portal, not cached', async () => {
    for (const url of [
      '/',
      '/app',
      '/app/invoices/123',
      '/portal',
      '/portal/invoices/9',
      '/portal/sign-in',
    ]) {
      const page = await built.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).toContain('id="root"');
    }
  });

  it('leaves the API and the emailed portal link route to their owners', async () => {
    expect((await built.inject({ url: '/api/v1/ping' })).json()).toEqual({ pong: true });
    const link = await built.inject({ url: '/portal/link/abc' });
    expect(link.statusCode).toBe(303);
    expect((await built.inject({ url: '/api/v1/unknown' })).statusCode).toBe(404);
    expect((await built.inject({ url: '/somewhere-else' })).statusCode).toBe(404);
  });

  it('explains how to build the app when it is not built', async () => {
    const page = await missing.inject({ url: '/app' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('npm run build:web');
  });
});
