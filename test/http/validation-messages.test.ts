/**
 * Validation messages in plain words, for every route of the app.
 *
 * The app reports each route with its schemas (buildApp's onRoute option). For every field of every route's body
 * and query string, the walk sends values of the wrong kind, empty, too long, unknown choices and bad ids, and reads
 * each refusal: every field at fault keeps its machine path and has a label, and no message nor detail says what a
 * validation library says ("expected string", "Too small", "Invalid input", "UUID") or a dotted path
 * ("lines.1.unitPrice"). A field added later is walked too.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/domain/errors.ts';
import { fieldLabel } from '../../src/domain/field-labels.ts';
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
}

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

type Path = (string | number)[];

/** What a validation library says, never a person. */
const RAW_WORDING = [
  /expected/i,
  /too small/i,
  /too big/i,
  /invalid input/i,
  /invalid (string|option|union|type|uuid|format|element|key)/i,
  /uuid/i,
  /unrecognized key/i,
  /\b[a-z][A-Za-z]*\.\d+\b/, // a dotted path: lines.1, lines.0.unitPrice
  /\b(querystring|body)\.[a-z]/,
];

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const routes = new Map<string, RouteSchemas>();
let h: PortalHarness;
let contact: Browser;
let invoiceId: string;

beforeAll(async () => {
  h = await startPortalHarness({
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') routes.set(`${method} ${route.url}`, (route.schema ?? {}) as RouteSchemas);
      }
    },
  });
  const party = await createParty(h, 'Wording Ltd', [{ name: 'Wendy', email: 'wendy@wording.example' }]);
  invoiceId = (await createInvoice(h, party.clientId)).id;
  contact = await activateContact(h, party.contacts[0]!);
});

afterAll(async () => {
  await h?.close();
});

/** Sends a request as the caller the route expects: staff (admin token), a portal contact, or nobody. */
async function send(method: string, url: string, payload?: unknown) {
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
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const type = String(response.headers['content-type'] ?? '');
  const body = type.includes('json') && response.body ? JSON.parse(response.body) : response.body;
  return { status: response.statusCode, type, body };
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Every leaf field of a JSON schema with its schema; list entries are walked as the second entry (`lines.1.…`). */
function leafFields(
  schema: JsonSchema,
  path: Path = [],
  out: [Path, JsonSchema][] = [],
): [Path, JsonSchema][] {
  if (path.length > 8) return out;
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    leafFields(option, path, out);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) leafFields(child, [...path, key], out);
  if (schema.items && !Array.isArray(schema.items)) leafFields(schema.items, [...path, 1], out);
  if (path.length && !schema.properties && !schema.anyOf && !schema.oneOf) out.push([path, schema]);
  return out;
}

/** Values a person could get wrong in a field of this kind. */
function badValues(schema: JsonSchema): unknown[] {
  const types = [schema.type ?? []].flat();
  const values: unknown[] = [{ nested: true }];
  if (types.includes('string')) values.push(12345, '', 'x'.repeat(20_000), 'not an id or a date');
  if (types.includes('number') || types.includes('integer')) values.push('twelve', -1e12, 1.5);
  if (types.includes('boolean')) values.push('maybe');
  if (types.includes('array')) values.push('one thing', [], new Array(600).fill('x'));
  if (schema.enum) values.push('no-such-choice');
  return values;
}

/** A body holding `value` at `path`; list entries before the walked one are left empty. */
function bodyWith(path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') return [...Array.from({ length: head }, () => ({})), bodyWith(rest, value)];
  return { [head!]: bodyWith(rest, value) };
}

function fillParams(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (name === 'provider') return 'stripe';
    if (name === 'revision') return '1';
    if (name === 'token') return 'rl_unknown';
    return name === 'id' ? invoiceId : UNKNOWN_ID;
  });
}

interface Answer {
  status: number;
  body: { detail?: string; errors?: { field: string; label?: string; message: string }[] };
}

/** What is wrong with how a refusal reads, if anything. */
function wordingFaults(answer: Answer): string[] {
  if (answer.status !== 400 && answer.status !== 422) return [];
  const faults: string[] = [];
  for (const error of answer.body.errors ?? []) {
    if (!error.field) faults.push('an error without its field path');
    if (!error.label || error.label.includes('.')) faults.push(`label ${JSON.stringify(error.label)}`);
    for (const raw of RAW_WORDING) {
      if (raw.test(error.message)) faults.push(`message ${JSON.stringify(error.message)} matches ${raw}`);
    }
  }
  for (const raw of RAW_WORDING) {
    if (raw.test(answer.body.detail ?? ''))
      faults.push(`detail ${JSON.stringify(answer.body.detail)} matches ${raw}`);
  }
  return faults;
}

describe('validation messages of every route', () => {
  it('the walk reaches the routes and fields that matter', () => {
    expect(routes.size).toBeGreaterThan(100);
    const invoiceFields = leafFields(jsonSchemaOf(routes.get('POST /api/v1/invoices')!.body!)).map(([path]) =>
      path.join('.'),
    );
    expect(invoiceFields).toEqual(expect.arrayContaining(['clientId', 'dueDate', 'lines.1.unitPrice']));
  });

  it('names every field in plain words for any bad value in any body or query field', async () => {
    const faults: string[] = [];
    let refusals = 0;
    for (const [key, schemas] of routes) {
      const [method, url] = key.split(' ') as [string, string];
      if (url.includes('*')) continue;
      const path = fillParams(url);
      await resetRateLimits(h);
      if (schemas.body) {
        const fields = leafFields(jsonSchemaOf(schemas.body));
        const tries: [string, unknown][] = [
          ['unknown field', { noSuchField: 1 }],
          ['not an object', 'text'],
          ...fields.flatMap(([fieldPath, schema]) =>
            badValues(schema).map((value): [string, unknown] => [
              fieldPath.join('.'),
              bodyWith(fieldPath, value),
            ]),
          ),
        ];
        for (const [what, payload] of tries) {
          const answer = await send(method, path, payload);
          if (answer.status === 400 || answer.status === 422) refusals++;
          for (const fault of wordingFaults(answer)) faults.push(`${key} body ${what}: ${fault}`);
        }
      }
      if (schemas.querystring) {
        const fields = Object.keys(jsonSchemaOf(schemas.querystring).properties ?? {});
        for (const field of [...fields, 'noSuchField']) {
          for (const value of ['', 'x'.repeat(300), 'not-a-value', '-5']) {
            const answer = await send(method, `${path}?${field}=${encodeURIComponent(value)}`);
            if (answer.status === 400 || answer.status === 422) refusals++;
            for (const fault of wordingFaults(answer))
              faults.push(`${key} query ${field}=${value}: ${fault}`);
          }
        }
      }
    }
    expect(refusals).toBeGreaterThan(1000);
    expect([...new Set(faults)], [...new Set(faults)].join('\n')).toEqual([]);
  }, 300_000);
});

describe('a bad field reads as a sentence about it', () => {
  it('says which line and which field, keeping the machine path', async () => {
    const party = await createParty(h, 'Lines Ltd', []);
    const refused = await h.staff('POST', '/api/v1/invoices', {
      clientId: party.clientId,
      dueDate: '31/12/2026',
      lines: [
        { description: 'Design', quantity: '1', unitPrice: '10' },
        { description: 'Build', quantity: '1', unitPrice: '' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'dueDate',
        label: 'Due date',
        message: 'Due date must be a date like 2026-12-31',
      },
      {
        field: 'lines.1.unitPrice',
        label: 'Unit price on line 2',
        message: 'Unit price on line 2 must be a number such as 12.50',
      },
    ]);
    expect(refused.body.detail).toBe(
      '2 fields need correcting: Due date must be a date like 2026-12-31; ' +
        'Unit price on line 2 must be a number such as 12.50',
    );
  });

  it('tells a bad id as a choice from the right list', async () => {
    const refused = await h.staff('POST', '/api/v1/invoices', {
      clientId: 'acme',
      lines: [{ description: 'Design', quantity: '1', unitPrice: '10', taxes: [{ taxRateId: 'vat' }] }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'Client must be chosen from your clients',
      'Tax rate 1 on line 1 must be chosen from your tax rates',
    ]);
  });

  it('puts the label in place of the path in the messages of the rules past the schema', async () => {
    const party = await createParty(h, 'Decimals Ltd', []);
    const refused = await h.staff('POST', '/api/v1/invoices', {
      clientId: party.clientId,
      lines: [
        { description: 'Design', quantity: '1', unitPrice: '10' },
        { description: 'Build', quantity: '1', unitPrice: '1.123456789' },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      {
        field: 'lines.1.unitPrice',
        label: 'Unit price on line 2',
        message: expect.stringMatching(/^Unit price on line 2 must have at most \d+ decimal places$/),
      },
    ]);
    expect(refused.body.detail).toBe(refused.body.errors[0].message);
  });

  it('labels fields inside lists and groups, and leaves whole sentences as they are', () => {
    expect(fieldLabel('lines.0.discount.value')).toBe('Discount value on line 1');
    expect(fieldLabel('address.postalCode')).toBe('Address postal code');
    expect(fieldLabel('querystring.dueBefore')).toBe('Due before');
    expect(fieldLabel('contacts.2')).toBe('Contact 3');
    expect(fieldLabel('vatId')).toBe('VAT ID');
    expect(fieldLabel('lines.1.taxes.0.rate')).toBe('Rate of tax 1 on line 2');
    expect(fieldLabel('lines.1.taxes.0.taxRateId')).toBe('Tax rate 1 on line 2');
    expect(fieldLabel('taxRateIds.0')).toBe('Tax rate 1');
    expect(fieldLabel('contacts.1.email')).toBe('Email of contact 2');
    expect(fieldLabel('filter.status.1')).toBe('Filter status 2');
    expect(
      problemFor(new ValidationError('lines.0.description', 'Describe what this line is for')).errors,
    ).toEqual([
      {
        field: 'lines.0.description',
        label: 'Description on line 1',
        message: 'Describe what this line is for',
      },
    ]);
  });
});
