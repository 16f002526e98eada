import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let doc: any;

beforeAll(async () => {
  t = await startTestApp();
  const response = await t.call('GET', '/api/v1/openapi.json', undefined, null);
  expect(response.status).toBe(200);
  doc = response.body;
});

afterAll(async () => {
  await t.close();
});

/** Every route of the running app as [METHOD, path] pairs, as the app reported them while registering. */
function registeredRoutes(): [string, string][] {
  return t.routes;
}

const API_PREFIXES = ['/api/v1/', '/api/portal/v1/', '/api/webhooks/'];

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path.startsWith(prefix));
}

function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

describe('OpenAPI document', () => {
  it('is served without authentication as OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('Remit API');
    expect(doc.servers).toEqual([{ url: 'http://localhost:3000' }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
  });

  it('the route reader sees the routes of the app', () => {
    const routes = registeredRoutes();
    expect(routes).toContainEqual(['GET', '/healthz']);
    expect(routes).toContainEqual(['POST', '/api/v1/invoices/:id/mark-sent']);
    expect(routes).toContainEqual(['DELETE', '/api/v1/api-tokens/:id']);
    for (const [method, url] of routes) {
      expect(t.app.hasRoute({ method: method as 'GET', url }), `${method} ${url}`).toBe(true);
    }
  });

  it('documents every API route (staff, portal and webhooks)', () => {
    const hidden = new Set(['GET /api/v1/openapi.json']);
    const missing: string[] = [];
    let count = 0;
    for (const [method, path] of registeredRoutes()) {
      if (!isApiPath(path) || method === 'HEAD' || hidden.has(`${method} ${path}`)) continue;
      count += 1;
      const operation = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      if (!operation) missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(30);
  });

  it('documents only routes that exist', () => {
    const extra: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        if (!t.app.hasRoute({ method: method.toUpperCase() as 'GET', url })) extra.push(`${method} ${path}`);
      }
    }
    expect(extra).toEqual([]);
  });

  it.each([
    ['post', '/api/v1/auth/login'],
    ['post', '/api/v1/auth/logout'],
    ['get', '/api/v1/auth/me'],
    ['get', '/api/v1/settings'],
    ['patch', '/api/v1/settings'],
    ['get', '/api/v1/clients'],
    ['post', '/api/v1/clients'],
    ['get', '/api/v1/clients/{id}'],
    ['patch', '/api/v1/clients/{id}'],
    ['delete', '/api/v1/clients/{id}'],
    ['get', '/api/v1/projects'],
    ['post', '/api/v1/projects'],
    ['delete', '/api/v1/projects/{id}'],
    ['get', '/api/v1/tax-rates'],
    ['patch', '/api/v1/tax-rates/{id}'],
    ['get', '/api/v1/items'],
    ['post', '/api/v1/items'],
    ['get', '/api/v1/items/{id}'],
    ['patch', '/api/v1/items/{id}'],
    ['delete', '/api/v1/items/{id}'],
    ['get', '/api/v1/invoices'],
    ['post', '/api/v1/invoices'],
    ['get', '/api/v1/invoices/{id}'],
    ['patch', '/api/v1/invoices/{id}'],
    ['delete', '/api/v1/invoices/{id}'],
    ['post', '/api/v1/invoices/{id}/mark-sent'],
    ['post', '/api/v1/invoices/{id}/void'],
    ['get', '/api/v1/invoices/{id}/events'],
    ['get', '/api/v1/users'],
    ['post', '/api/v1/users'],
    ['patch', '/api/v1/users/{id}'],
    ['get', '/api/v1/api-tokens'],
    ['post', '/api/v1/api-tokens'],
    ['delete', '/api/v1/api-tokens/{id}'],
  ])('has %s %s with a summary and tags', (method, path) => {
    const operation = doc.paths[path]?.[method];
    expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.tags?.length).toBeGreaterThan(0);
    if (path.includes('{id}')) {
      expect(operation.parameters).toContainEqual(
        expect.objectContaining({ in: 'path', name: 'id', required: true }),
      );
    }
  });

  it('describes request bodies from the zod schemas', () => {
    const schema = doc.paths['/api/v1/invoices'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toContain('clientId');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['clientId', 'lines', 'issueDate', 'paymentTerms', 'discount', 'taxes']),
    );
    expect(schema.additionalProperties).toBe(false);
    const login = doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema;
    expect(login.required).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('hides the infrastructure routes', () => {
    expect(doc.paths['/healthz']).toBeUndefined();
    expect(doc.paths['/readyz']).toBeUndefined();
    expect(doc.paths['/api/v1/openapi.json']).toBeUndefined();
    expect(Object.keys(doc.paths).filter((path) => !isApiPath(path))).toEqual([]);
  });
});

describe('documentation page and probes', () => {
  it('serves the API reference page as HTML', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
    // Every script and style from this server (the browser test checks what the page then loads).
    const sources = [...response.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toContain('./static/swagger-initializer.js');
    expect(sources.filter((source) => /^(https?:)?\/\//.test(source!))).toEqual([]);
    const bare = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(bare.statusCode).toBe(200);
    expect(bare.body).toContain('/api/docs/static/swagger-initializer.js');
    // The page reads the same document as /api/v1/openapi.json.
    const shown = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(shown.json()).toEqual(doc);
  });

  it('answers /healthz and /readyz without authentication', async () => {
    const health = await t.call('GET', '/healthz', undefined, null);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await t.call('GET', '/readyz', undefined, null);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  it('answers an unknown route with a 404 problem+json, with or without credentials', async () => {
    for (const token of [null, t.adminToken]) {
      const response = await t.call('GET', '/api/v1/no-such-thing?x=1', undefined, token);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toEqual({
        type: 'https://remit.invalid/problems/not_found',
        title: 'Not found',
        status: 404,
        detail: 'No route GET /api/v1/no-such-thing',
        code: 'not_found',
      });
    }
    const wrongMethod = await t.call('PUT', '/api/v1/clients', {});
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.headers['content-type']).toMatch(/^application\/problem\+json/);
    const outside = await t.call('GET', '/nowhere', undefined, null);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('not_found');
  });

  it('sends security headers on API, page and error responses', async () => {
    const responses = [
      await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' }),
      await t.app.inject({ method: 'GET', url: '/api/docs/' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
      await t.app.inject({ method: 'GET', url: '/nowhere' }),
    ];
    for (const response of responses) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('gives problem+json for malformed JSON and a wrong content type', async () => {
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badJson.json().code).toBe('invalid_json');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/xml' },
      payload: '<client name="x"/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(xml.json().code).toBe('unsupported_media_type');
    // Fastify reads text/plain as a string, which the body schema then refuses.
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().errors).toEqual([
      { field: 'body', label: expect.any(String), message: expect.any(String) },
    ]);
  });
});
