/**
 * Hostile input, for every route of the app.
 *
 * The app reports each route with its schemas (buildApp's onRoute option). For every field a route's body or query
 * string accepts, the test sends NUL and other control characters and expects a 4xx problem+json naming that field,
 * never a 500; path parameters get the same. Then: malformed cursors on every list that pages, and the framework's
 * own refusals (bad percent encoding, long parameters, bad JSON, wrong content type, large body, bad Content-Length).
 */
import net from 'node:net';
import type { InjectOptions, RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemFor } from '../../src/http/problem.ts';
import {
  activateContact,
  type Browser,
  createInvoice,
  createParty,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';

interface RouteSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

type Path = (string | number)[];

/** Fields where a person writes several lines: tab, line feed and carriage return are allowed there, nowhere else. */
const MULTI_LINE = new Set([
  'description',
  'notes',
  'terms',
  'message',
  'body',
  'note',
  'reason',
  'defaultNotes',
  'defaultTerms',
  'paymentTermsText',
  'paymentInstructions',
  'footer',
  'credentials.anyKey',
]);
/** Controls besides NUL, one per field in turn: C0, DEL and C1. */
const OTHER_CONTROLS = [
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
];

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const routes = new Map<string, RouteSchemas>();
let h: PortalHarness;
let contact: Browser;
let invoiceId: string;
let profileId: string;

beforeAll(async () => {
  h = await startPortalHarness({
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') routes.set(`${method} ${route.url}`, (route.schema ?? {}) as RouteSchemas);
      }
    },
  });
  const party = await createParty(h, 'Hostile Ltd', [{ name: 'Hal', email: 'hal@hostile.example' }]);
  invoiceId = (await createInvoice(h, party.clientId)).id;
  contact = await activateContact(h, party.contacts[0]!);
  const profile = await h.staff('POST', '/api/v1/recurring-profiles', {
    clientId: party.clientId,
    name: 'Monthly',
    lines: [{ description: 'Retainer', quantity: '1', unitPrice: '100' }],
    frequency: 'monthly',
    startDate: '2026-12-31',
  });
  expect(profile.status).toBe(201);
  profileId = profile.body.id;
});

afterAll(async () => {
  await h?.close();
});

/** Sends a request as the caller the route expects: staff (admin token), a portal contact, or nobody. */
async function send(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = url.startsWith('/api/v1/')
    ? { authorization: `Bearer ${h.adminToken}` }
    : url.startsWith('/api/portal/v1/')
      ? {
          cookie: [...contact.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'x-csrf-token': contact.csrfToken ?? '',
        }
      : {};
  const response = await h.app.inject({
    method: method as 'GET',
    url,
    headers: { ...auth, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const type = String(response.headers['content-type'] ?? '');
  const body = type.includes('json') && response.body ? JSON.parse(response.body) : response.body;
  return { status: response.statusCode, type, body };
}

/** Every field path of a JSON schema that may hold a string (`lines.0.description`); `anyKey` stands for a record's keys. */
function stringFields(schema: JsonSchema, path: Path = [], out = new Map<string, Path>()): Map<string, Path> {
  if (path.length > 8) return out;
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    stringFields(option, path, out);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    stringFields(child, [...path, key], out);
  if (typeof schema.additionalProperties === 'object') {
    stringFields(schema.additionalProperties, [...path, 'anyKey'], out);
  }
  if (schema.items && !Array.isArray(schema.items)) stringFields(schema.items, [...path, 0], out);
  if ([schema.type ?? []].flat().includes('string') && path.length) out.set(path.join('.'), path);
  return out;
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** A body holding `value` at `path` and nothing else. */
function bodyWith(path: Path, value: string): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [bodyWith(rest, value)] : { [head!]: bodyWith(rest, value) };
}

/** The values to try in a field: NUL, another control character, and a line break where one line is wanted. */
function hostileValues(field: string, turn: number): string[] {
  const last = field.split('.').at(-1)!;
  const multiLine = MULTI_LINE.has(last) || MULTI_LINE.has(field.split('.').slice(-2).join('.'));
  return [
    'before\u0000after',
    `before${OTHER_CONTROLS[turn % OTHER_CONTROLS.length]}after`,
    ...(multiLine ? [] : ['before\nafter']),
  ];
}

function fillParams(url: string, replace?: { name: string; value: string }): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (replace?.name === name) return replace.value;
    if (name === 'provider') return 'stripe';
    if (name === 'revision') return '1';
    if (name === 'kind') return 'invoice';
    if (name === 'language') return 'de';
    if (name === 'token') return 'rl_unknown';
    return url.includes('recurring-profiles') ? profileId : name === 'id' ? invoiceId : UNKNOWN_ID;
  });
}

function namesField(body: { errors?: { field: string }[] }, names: string[]): boolean {
  return (body.errors ?? []).some((e) =>
    names.some((name) => e.field === name || e.field.startsWith(`${name}.`)),
  );
}

function describeAnswer(response: { status: number; type: string; body: unknown }): string {
  return `${response.status} ${response.type} ${JSON.stringify(response.body).slice(0, 300)}`;
}

describe('control characters in every field of every route', () => {
  it('the walk reaches the routes and fields that matter', () => {
    expect(routes.size).toBeGreaterThan(100);
    const fieldsOf = (key: string) => [...stringFields(jsonSchemaOf(routes.get(key)!.body!)).keys()];
    expect(fieldsOf('POST /api/v1/auth/login')).toEqual(['email', 'password']);
    expect(fieldsOf('POST /api/v1/invoices')).toEqual(
      expect.arrayContaining(['lines.0.description', 'lines.0.taxes.0.name', 'notes', 'taxes.0.rate']),
    );
  });

  it('answers 400/422 problem+json naming the field for a control character in any body or query field', async () => {
    const failures: string[] = [];
    let turn = 0;
    let cases = 0;
    for (const [key, schemas] of routes) {
      const [method, url] = key.split(' ') as [string, string];
      if (url.includes('*')) continue;
      const path = fillParams(url);
      await resetRateLimits(h);
      if (schemas.body) {
        for (const [field, fieldPath] of stringFields(jsonSchemaOf(schemas.body))) {
          for (const value of hostileValues(field, turn++)) {
            cases++;
            const response = await send(method, path, bodyWith(fieldPath, value));
            const ok =
              (response.status === 400 || response.status === 422) &&
              response.type.startsWith('application/problem+json') &&
              namesField(response.body, [field]);
            if (!ok)
              failures.push(`${key} body ${field}=${JSON.stringify(value)}: ${describeAnswer(response)}`);
          }
        }
      }
      if (schemas.querystring) {
        const properties = Object.keys(jsonSchemaOf(schemas.querystring).properties ?? {});
        for (const field of [...properties, 'anyKey']) {
          for (const value of hostileValues(field, turn++)) {
            cases++;
            const query = `${encodeURIComponent(field)}=${encodeURIComponent(value)}`;
            const response = await send(method, `${path}?${query}`);
            const ok =
              response.status >= 400 &&
              response.status < 500 &&
              response.type.startsWith('application/problem+json') &&
              // An unknown key is named too ('querystring.anyKey'), unless the route takes any key (gateway returns).
              (namesField(response.body, [`querystring.${field}`, field]) ||
                (field === 'anyKey' && response.status < 500 && !properties.length));
            if (!ok)
              failures.push(`${key} query ${field}=${JSON.stringify(value)}: ${describeAnswer(response)}`);
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(300);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('answers 4xx problem+json for a control character in any path parameter', async () => {
    const failures: string[] = [];
    for (const key of routes.keys()) {
      const [method, url] = key.split(' ') as [string, string];
      for (const [, name] of url.matchAll(/:([A-Za-z]+)/g)) {
        for (const value of ['%00', 'x%00y', '%1B', '%0A']) {
          const response = await send(
            method,
            fillParams(url, { name: name!, value }),
            method === 'GET' ? undefined : {},
          );
          const ok =
            response.status >= 400 &&
            response.status < 500 &&
            response.type.startsWith('application/problem+json');
          if (!ok) failures.push(`${key} :${name}=${value}: ${describeAnswer(response)}`);
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('refuses control characters in the anonymous routes with otherwise valid bodies (login, resets, links)', async () => {
    const anonymous: [string, Record<string, string>][] = [
      ['/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' }],
      ['/api/portal/v1/auth/login', { email: 'hal@hostile.example', password: 'portal-password-1' }],
      ['/api/portal/v1/auth/accept-invitation', { token: 'rpi_abcdef', password: 'long-enough-1' }],
      ['/api/portal/v1/auth/password-reset', { email: 'hal@hostile.example' }],
      ['/api/portal/v1/auth/password-reset/confirm', { token: 'rpr_abcdef', password: 'long-enough-1' }],
      ['/api/portal/v1/auth/login-link', { email: 'hal@hostile.example' }],
      ['/api/portal/v1/auth/login-link/confirm', { token: 'rpm_abcdef' }],
      ['/api/portal/v1/links/resend', { token: 'rl_abcdef' }],
    ];
    for (const [url, body] of anonymous) {
      for (const field of Object.keys(body)) {
        for (const value of [`${body[field]}\u0000`, `\u0000${body[field]}`, `${body[field]}\u0007`]) {
          await resetRateLimits(h);
          const response = await h.app.inject({ method: 'POST', url, payload: { ...body, [field]: value } });
          expect(response.statusCode, `${url} ${field}: ${response.body}`).toBe(400);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.json().errors).toContainEqual({
            field,
            label: expect.any(String),
            message: expect.stringMatching(/^[A-Z][a-z -]+ must not contain control characters$/),
          });
        }
      }
    }
  });

  it('keeps tabs and line breaks in multi-line text, and refuses them in one-line text', async () => {
    const party = await h.staff('POST', '/api/v1/clients', {
      name: 'Lines Ltd',
      notes: 'First line\r\nSecond\tline',
    });
    expect(party.status).toBe(201);
    expect(party.body.notes).toBe('First line\r\nSecond\tline');
    const created = await h.staff('POST', '/api/v1/invoices', {
      clientId: party.body.id,
      notes: 'Thanks!\n\tThe team',
      lines: [{ description: 'Design\nTwo rounds', quantity: '1', unitPrice: '10' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.lines[0].description).toBe('Design\nTwo rounds');
    const named = await h.staff('POST', '/api/v1/clients', { name: 'Tab\there' });
    expect(named.status).toBe(400);
    expect(named.body.errors).toEqual([
      { field: 'name', label: 'Name', message: 'Name must not contain control characters' },
    ]);
  });
});

describe('cursors', () => {
  const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const malformed = [
    'garbage!',
    '\u0000',
    base64(['2026-01-01T00:00:00.000Z', '------------------------------------']),
    base64(['-271821-04-20T00:00:00.000Z', UNKNOWN_ID]),
    base64(['+275760-09-13T00:00:00.000Z', UNKNOWN_ID]),
    base64(['2026-02-31T00:00:00.000Z', UNKNOWN_ID]),
    base64([0, UNKNOWN_ID]),
    base64({ sort: '-created', values: ['0000-01-01T00:00:00+00:00', UNKNOWN_ID] }),
    base64({ sort: '-created', values: ['2026-01-01T00:00:00+99:99', UNKNOWN_ID] }),
    base64({ sort: 'number', values: ['INV-\u0000', UNKNOWN_ID] }),
    base64({ sort: 'client', values: ['a\u0000', UNKNOWN_ID] }),
    base64({ sort: 'issueDate', values: ['0000-01-01', UNKNOWN_ID] }),
    base64({ sort: 'total', values: ['USD', '99999999999999999999', UNKNOWN_ID] }),
    '2026-02-31',
    '2026-13-01',
    '0000-01-01',
    '20260-01-01',
    'x'.repeat(5000),
  ];

  it('answers 4xx problem+json naming the cursor for a malformed cursor on every list that pages', async () => {
    const lists = [
      '/api/v1/clients',
      '/api/v1/projects',
      '/api/v1/invoices',
      '/api/v1/invoices?sort=number',
      '/api/v1/invoices?sort=client',
      '/api/v1/invoices?sort=issueDate',
      '/api/v1/invoices?sort=-total',
      '/api/v1/recurring-profiles',
      `/api/v1/recurring-profiles/${UNKNOWN_ID}/history`,
      '/api/portal/v1/invoices',
    ];
    const failures: string[] = [];
    for (const list of lists) {
      const url = list.replace(UNKNOWN_ID, profileId);
      for (const cursor of malformed) {
        const response = await send(
          'GET',
          `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`,
        );
        const ok =
          response.status >= 400 &&
          response.status < 500 &&
          response.type.startsWith('application/problem+json') &&
          namesField(response.body, ['cursor', 'querystring.cursor']);
        if (!ok)
          failures.push(`${url} cursor=${JSON.stringify(cursor).slice(0, 80)}: ${describeAnswer(response)}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('refuses impossible dates in query strings (400 naming the parameter)', async () => {
    for (const url of [
      '/api/v1/invoices?issuedFrom=2026-02-31',
      '/api/v1/invoices?issuedTo=0000-01-01',
      `/api/v1/recurring-profiles/${UNKNOWN_ID}/history?cursor=2026-04-31`,
    ]) {
      const response = await send('GET', url.replace(UNKNOWN_ID, profileId));
      expect(response.status, url).toBe(400);
      const parameter = /\?(\w+)=/.exec(url)![1]!;
      expect(response.body.errors).toEqual([
        {
          field: `querystring.${parameter}`,
          label: expect.any(String),
          message: expect.stringMatching(/date like 2026-12-31/),
        },
      ]);
    }
  });

  it('still pages the recurring history with a real cursor', async () => {
    const page = await send('GET', `/api/v1/recurring-profiles/${profileId}/history?cursor=2027-01-31`);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([]);
  });
});

describe('a value that still reaches the database unvalidated', () => {
  it('is a 400 problem, not a 500 (the safety net behind validation)', async () => {
    const refused = [
      sql`select ${'a\u0000b'}::text`,
      sql`select ${'2026-02-31'}::date`,
      sql`select ${'2026-01-01 25:00'}::timestamptz`,
      sql`select ${'12345'}::numeric(3, 0)`,
      sql`select ${'not-a-uuid'}::uuid`,
    ];
    for (const query of refused) {
      const error = await query.execute(h.deps.db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      expect(problemFor(error)).toMatchObject({ status: 400, code: 'invalid_value' });
    }
  });
});

describe("the framework's own refusals are problem+json", () => {
  async function expectProblem(request: InjectOptions, status: (status: number) => boolean) {
    const response = await h.app.inject({
      ...request,
      headers: { authorization: `Bearer ${h.adminToken}`, ...request.headers },
    });
    expect(status(response.statusCode), `${response.statusCode} ${response.body}`).toBe(true);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({
      status: response.statusCode,
      type: expect.any(String),
      title: expect.any(String),
    });
    return body;
  }
  const is = (wanted: number) => (status: number) => status === wanted;

  it('bad percent encoding in the path', async () => {
    await expectProblem({ method: 'GET', url: '/api/v1/invoices/%ZZ' }, is(400));
    await expectProblem({ method: 'GET', url: '/api/portal/v1/links/%E0%A4%A' }, is(400));
    await expectProblem({ method: 'GET', url: '/portal/link/%ZZ' }, is(400));
  });

  it('a path parameter of 1000 characters', async () => {
    const tooLong = (status: number) => status === 404 || status === 414;
    await expectProblem({ method: 'GET', url: `/api/v1/invoices/${'a'.repeat(1000)}` }, tooLong);
    await expectProblem({ method: 'GET', url: `/api/portal/v1/links/${'a'.repeat(1000)}` }, tooLong);
    await expectProblem(
      { method: 'PATCH', url: `/api/v1/clients/${'a'.repeat(1000)}`, payload: { name: 'x' } },
      tooLong,
    );
  });

  it('bad JSON, an empty JSON body and JSON that is not an object', async () => {
    const body = await expectProblem(
      {
        method: 'POST',
        url: '/api/v1/clients',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": "x"',
      },
      is(400),
    );
    expect(body.errors).toEqual([{ field: 'body', label: 'Request', message: 'Not valid JSON' }]);
    await expectProblem(
      {
        method: 'POST',
        url: '/api/v1/clients',
        headers: { 'content-type': 'application/json' },
        payload: '',
      },
      is(400),
    );
    await expectProblem(
      {
        method: 'POST',
        url: '/api/v1/clients',
        headers: { 'content-type': 'application/json' },
        payload: '"x"',
      },
      is(400),
    );
  });

  it('a content type the route does not take', async () => {
    await expectProblem(
      {
        method: 'POST',
        url: '/api/v1/clients',
        headers: { 'content-type': 'text/plain' },
        payload: 'name=x',
      },
      is(400),
    );
    await expectProblem(
      {
        method: 'POST',
        url: '/api/v1/clients',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'name=x',
      },
      is(415),
    );
  });

  it('a body larger than the server takes', async () => {
    await expectProblem(
      {
        method: 'POST',
        url: '/api/v1/clients',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x', notes: 'n'.repeat(3 * 1024 * 1024) }),
      },
      is(413),
    );
  });

  it('a Content-Length that does not match the body', async () => {
    await expectProblem(
      {
        method: 'POST',
        url: '/api/v1/clients',
        headers: { 'content-type': 'application/json', 'content-length': '4' },
        payload: JSON.stringify({ name: 'Someone' }),
      },
      is(400),
    );
  });

  it('a malformed request on a real socket (bad Content-Length) gets a problem+json 400', async () => {
    const { port } = new URL(h.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
      });
      socket.on('end', () => resolve(received));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.write(
        'POST /api/v1/clients HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: twelve\r\n\r\n{"name":"x"}',
      );
    });
    const [head, body] = raw.split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 400, title: expect.any(String) });
  });
});
