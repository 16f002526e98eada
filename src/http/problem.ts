import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import { ConflictError, DomainError, ValidationError } from '../domain/errors.ts';
import { AuthenticationError, ForbiddenError, NotFoundError } from '../services/errors.ts';
import { RateLimitedError } from '../services/rate-limit.ts';

/** RFC 9457 problem details. `errors` lists every field at fault as a dotted path (`lines.2.quantity`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

const PROBLEM_BASE = 'https://remit.invalid/problems/';
/** What a client is told to wait while the database is away: an embedded restart takes about a second. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  errors?: Problem['errors'],
): Problem {
  return { type: `${PROBLEM_BASE}${code}`, title, status, detail, code, ...(errors ? { errors } : {}) };
}

interface ZodIssueLike {
  instancePath: string;
  message: string;
  keyword: string;
  params: { keys?: string[] };
}

function schemaErrors(error: FastifyError): Problem['errors'] {
  // Body fields are named bare ("lines.0.amount"); others after their place ("querystring.limit").
  const location = error.validationContext === 'body' ? '' : (error.validationContext ?? '');
  const named = (...parts: string[]) => parts.filter(Boolean).join('.');
  return (error.validation as unknown as ZodIssueLike[]).flatMap((issue) => {
    const prefix = named(location, ...issue.instancePath.split('/'));
    if (issue.keyword === 'unrecognized_keys' && issue.params.keys) {
      return issue.params.keys.map((key) => ({ field: named(prefix, key), message: 'Unknown field' }));
    }
    return [{ field: prefix || 'body', message: issue.message }];
  });
}

export function problemFor(error: unknown): Problem {
  if (error instanceof ValidationError) {
    const field = error.field ?? 'body';
    return problem(422, 'validation', 'Invalid input', `${field}: ${error.message}`, [
      { field, message: error.message },
    ]);
  }
  if (error instanceof NotFoundError) return problem(404, 'not_found', 'Not found', error.message);
  if (error instanceof AuthenticationError)
    return problem(401, 'unauthenticated', 'Authentication required', error.message);
  if (error instanceof ForbiddenError) return problem(403, 'forbidden', 'Forbidden', error.message);
  if (error instanceof ConflictError) {
    const errors = error.field ? [{ field: error.field, message: error.message }] : undefined;
    return problem(409, error.code, 'Conflict', error.message, errors);
  }
  if (error instanceof DomainError) return problem(400, error.code, 'Bad request', error.message);

  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError) && fastifyError.validationContext === 'params') {
    // A malformed id in the path names no resource: the same answer as an unknown id.
    return problem(404, 'not_found', 'Not found', 'No resource at this address');
  }
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const errors = schemaErrors(fastifyError) ?? [];
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return problem(400, 'invalid_request', 'Invalid request', detail, errors);
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return problem(
      415,
      'unsupported_media_type',
      'Unsupported media type',
      'Send JSON with Content-Type: application/json',
    );
  }
  if (
    fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fastifyError.name === 'SyntaxError'
  ) {
    return problem(400, 'invalid_json', 'Invalid JSON', 'The request body is not valid JSON', [
      { field: 'body', message: 'Not valid JSON' },
    ]);
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return problem(
      413,
      'body_too_large',
      'Request too large',
      'The request body is larger than the server accepts',
    );
  }
  if (isDatabaseUnavailable(error)) {
    return problem(
      503,
      'database_unavailable',
      'Service unavailable',
      'The database cannot be reached at the moment (it may be restarting); nothing was changed by this request unless it said so. Try again shortly.',
    );
  }
  const pgCode = (error as { code?: unknown }).code;
  if (pgCode === '23505') {
    return problem(409, 'conflict', 'Conflict', 'This would duplicate a record that must be unique');
  }
  if (fastifyError.statusCode === 429) {
    return problem(429, 'rate_limited', 'Too many requests', fastifyError.message);
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return problem(fastifyError.statusCode, 'bad_request', 'Bad request', fastifyError.message);
  }
  return problem(
    500,
    'internal',
    'Internal server error',
    'Something went wrong on our side; it has been logged',
  );
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  const body = problemFor(error);
  if (body.code === 'database_unavailable') {
    // An outage, not a bug: the log says so once per request, without a stack trace.
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    request.log.warn({ reason: (error as Error).message }, 'database unavailable');
  } else if (body.status >= 500) request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, body);
}
