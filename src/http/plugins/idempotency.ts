import { createHmac } from 'node:crypto';
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { stringify } from 'safe-stable-stringify';
import { isDatabaseUnavailable } from '../../db/connection-errors.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { claimIdempotencyKey } from '../../services/idempotency/claim-idempotency-key.ts';
import { completeIdempotencyKey } from '../../services/idempotency/complete-idempotency-key.ts';
import { releaseIdempotencyKey } from '../../services/idempotency/release-idempotency-key.ts';
import { decryptSecret, encryptSecret } from '../../services/settings/secret-box.ts';
import { sendProblem } from '../problem.ts';

/**
 * Idempotency-Key on the staff API, as Stripe has it: a client that retries a POST with the key it sent before gets
 * the first answer back instead of a second invoice, payment or client.
 *
 * Every POST under /api/v1 that needs a signed-in user takes a key (login and logout do not: no user). Keys belong
 * to the user: a session and the user's API tokens share them, another user's same key is another key.
 *
 * A request claims its key by inserting a row (the database decides between concurrent requests, whatever process
 * they reach); a second request with the key while the first runs answers 409 at once (Retry-After: 1) instead of
 * holding a connection to wait. The answer is stored before it is sent, so a client that saw it finds it on retry.
 *
 * Stored and replayed: every answer the route gave, 2xx and 4xx alike (a 404 or 409 reflects what the work found).
 * Not stored, so the retry runs again: answers from before the work began (authentication, the key itself, the
 * request schema: fix the body and send it again with the same key), 5xx, 408 and 429 (try-again answers).
 *
 * Crash window: the services commit their own transactions, and the answer is stored after. A process that dies
 * after the commit and before the store leaves the claim 'in progress'; retries answer 409 until its lease runs out
 * (services/idempotency/idempotency-policy.ts), then the next retry runs the request again and may create a second
 * record. A database lost just when the answer is stored is waited for (about half a minute) before the claim is
 * left the same way (and the log says so).
 *
 * Nothing readable is kept: some answers carry secrets shown once (a new API token, a portal link), so stored
 * answers are encrypted with the app's key, and bodies (a new user's password) are fingerprinted with an HMAC under
 * that key rather than a plain hash that could be guessed offline.
 */

const API_PREFIX = '/api/v1/';
const HEADER = 'idempotency-key';
/** 1 to 255 printable ASCII characters (space to tilde). */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
const REPLAYED_HEADER = 'idempotent-replayed';
/** The headers a replay carries over; the rest (dates, request ids, security headers) are the replay's own. */
const STORED_HEADERS = ['content-type', 'content-disposition', 'location', 'etag'];
const PROBLEMS = 'https://remit.invalid/problems/';

interface KeyedRequest {
  key: string;
  claim: { userId: string; key: string; claimId: string } | null;
  settled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: KeyedRequest | null;
  }
}

/** Whether a route takes an Idempotency-Key: the authenticated POSTs of the staff API. */
export function takesIdempotencyKey(route: {
  method: string | string[];
  url?: string;
  config?: { access?: string };
}): boolean {
  const methods = [route.method].flat();
  const url = route.url ?? '';
  return methods.includes('POST') && url.startsWith(API_PREFIX) && route.config?.access !== 'public';
}

/** The body's fingerprint: the same JSON with its keys in another order is the same body. */
export function requestFingerprint(secretKey: Buffer, body: unknown): string {
  const bytes =
    body === undefined || body === null
      ? ''
      : Buffer.isBuffer(body) || typeof body === 'string'
        ? body
        : (stringify(body) ?? '');
  return createHmac('sha256', secretKey).update(bytes).digest('hex');
}

function keyProblem(reply: FastifyReply, status: number, code: string, title: string, detail: string) {
  return sendProblem(reply, {
    type: `${PROBLEMS}${code}`,
    title,
    status,
    detail,
    code,
    errors: [{ field: 'Idempotency-Key', label: 'Idempotency-Key header', message: detail }],
  });
}

/** Answers the route gave that a retry should get again; the others let the retry run the request anew. */
function worthStoring(status: number): boolean {
  return status < 500 && status !== 408 && status !== 429;
}

function payloadBytes(payload: unknown): Buffer | null {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  return null;
}

const RESPONSE_PURPOSE = 'idempotency-response';
/** Waits between tries to store an answer while the database is away: about half a minute in all. */
const STORE_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16_000];

async function storeWhenDatabaseIsBack(store: () => Promise<unknown>, log: FastifyBaseLogger): Promise<void> {
  for (const delay of STORE_RETRY_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await store();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) break;
    }
  }
  log.error(
    'could not store the answer of an Idempotency-Key: retries run the request again after its lease',
  );
}

export const idempotency = fp(
  async (app: FastifyInstance, options: { deps: ServiceDeps; secretKey: Buffer }) => {
    const { deps, secretKey } = options;
    const seal = (bytes: Buffer) =>
      Buffer.from(encryptSecret(secretKey, bytes.toString('base64'), RESPONSE_PURPOSE));
    const unseal = (stored: Buffer) =>
      Buffer.from(decryptSecret(secretKey, stored.toString(), RESPONSE_PURPOSE), 'base64');
    app.decorateRequest('idempotency', null);

    // After staffAuth's onRequest (registered before this plugin), so the user is known.
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers[HEADER];
      if (header === undefined || !takesIdempotencyKey(request.routeOptions)) return;
      if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
        return keyProblem(
          reply,
          400,
          'invalid_idempotency_key',
          'Invalid Idempotency-Key',
          'The Idempotency-Key header must be 1 to 255 printable ASCII characters (a UUID will do)',
        );
      }
      if (request.actor?.userId) request.idempotency = { key: header, claim: null, settled: false };
    });

    // After the schema check: a body the schema refuses never claims the key.
    app.addHook('preHandler', async (request, reply) => {
      const keyed = request.idempotency;
      const userId = request.actor?.userId;
      if (!keyed || !userId) return;
      const result = await claimIdempotencyKey(deps, {
        userId,
        key: keyed.key,
        method: request.method,
        path: request.url,
        bodySha256: requestFingerprint(secretKey, request.body),
      });
      switch (result.kind) {
        case 'claimed':
          keyed.claim = { userId, key: keyed.key, claimId: result.claimId };
          return;
        case 'replay': {
          let body: Buffer;
          try {
            body = unseal(result.response.body);
          } catch {
            // Stored under another APP_SECRET: the answer cannot be given again, and the request must not run twice.
            return keyProblem(
              reply,
              409,
              'idempotency_key_unreadable',
              'Stored answer unreadable',
              'The answer stored for this Idempotency-Key can no longer be read (the server key changed); check whether the request took effect before sending it with a new key',
            );
          }
          return reply
            .code(result.response.status)
            .headers(result.response.headers)
            .header(REPLAYED_HEADER, 'true')
            .send(body);
        }
        case 'mismatch':
          return keyProblem(
            reply,
            422,
            'idempotency_key_reused',
            'Idempotency-Key reused',
            `This Idempotency-Key was used in the last 24 hours for another request (${result.method} ` +
              `${result.path.split('?')[0]} with another body); send a new key for a new request`,
          );
        case 'in_progress':
          reply.header('retry-after', '1');
          return keyProblem(
            reply,
            409,
            'idempotency_key_in_use',
            'Request in progress',
            'A request with this Idempotency-Key is in progress; retry shortly to get its answer',
          );
      }
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const claim = request.idempotency?.claim;
      if (!claim || request.idempotency?.settled) return payload;
      request.idempotency!.settled = true;
      const bytes = payloadBytes(payload);
      try {
        if (bytes && worthStoring(reply.statusCode)) {
          const headers: Record<string, string> = {};
          for (const name of STORED_HEADERS) {
            const value = reply.getHeader(name);
            if (value !== undefined) headers[name] = String(value);
          }
          const answer = { status: reply.statusCode, headers, body: seal(bytes) };
          await completeIdempotencyKey(deps, claim, answer).catch((error: unknown) => {
            if (!isDatabaseUnavailable(error)) throw error;
            // The work is done and the answer goes out now; keep trying to store it while the database comes back,
            // so a retry replays it instead of running the request a second time.
            void storeWhenDatabaseIsBack(() => completeIdempotencyKey(deps, claim, answer), request.log);
          });
        } else {
          await releaseIdempotencyKey(deps, claim);
        }
      } catch (error) {
        // The answer goes out anyway; the claim stays 'in progress' until its lease runs out (see above).
        request.log.error({ err: error }, 'could not store the answer of an Idempotency-Key');
      }
      return payload;
    });

    // A request that ended without passing onSend (the reply was hijacked or failed) must not hold its key.
    app.addHook('onResponse', async (request) => {
      const keyed = request.idempotency;
      if (!keyed?.claim || keyed.settled) return;
      keyed.settled = true;
      await releaseIdempotencyKey(deps, keyed.claim).catch((error) =>
        request.log.error({ err: error }, 'could not release an Idempotency-Key'),
      );
    });
  },
);

const PARAMETER_MARK = 'x-remit-idempotency-key';

/** Marks the operations that take the header (the swagger transform sees each route with its config). */
export function markIdempotentOperations(transform: SwaggerTransform): SwaggerTransform {
  return (input) => {
    const output = transform(input);
    if (!takesIdempotencyKey(input.route)) return output;
    return { ...output, schema: { ...output.schema, [PARAMETER_MARK]: true } };
  };
}

/** Puts the reusable Idempotency-Key parameter into the document and on each marked operation. */
export function documentIdempotencyKey(transformObject: SwaggerTransformObject): SwaggerTransformObject {
  return (input) => {
    const document = transformObject(input) as {
      paths?: Record<string, Record<string, Record<string, unknown>>>;
      components?: Record<string, Record<string, unknown>>;
    };
    for (const operations of Object.values(document.paths ?? {})) {
      for (const operation of Object.values(operations)) {
        if (!operation[PARAMETER_MARK]) continue;
        delete operation[PARAMETER_MARK];
        const parameters = (operation.parameters as unknown[] | undefined) ?? [];
        operation.parameters = [...parameters, { $ref: '#/components/parameters/IdempotencyKey' }];
      }
    }
    document.components = {
      ...document.components,
      parameters: { ...document.components?.parameters, IdempotencyKey: IDEMPOTENCY_KEY_PARAMETER },
    };
    return document as ReturnType<SwaggerTransformObject>;
  };
}

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: a request with a key used in the last 24 hours by the same user, with the same method, ' +
    'path and JSON body, is not run again; the first answer is returned (status, body, Location), with the ' +
    'header `Idempotent-Replayed: true`. The same key with another request answers 422; while the first request ' +
    'still runs, 409 with Retry-After. Answers of 5xx, 408 and 429, and requests refused before they ran ' +
    '(authentication, schema), are not kept. Use a new random key (a UUID) for each new request.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
};
