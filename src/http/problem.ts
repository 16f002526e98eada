import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import { ConflictError, DomainError, ValidationError } from '../domain/errors.ts';
import { fieldLabel, labelledMessage } from '../domain/field-labels.ts';
import { ImportRejectedError, type RowProblem } from '../domain/imports/row-problems.ts';
import { PdfRendererBusyError } from '../ports.ts';
import { EInvoiceRefusedError } from '../services/einvoice/produce-einvoice.ts';
import { AuthenticationError, ForbiddenError, NotFoundError } from '../services/errors.ts';
import { RateLimitedError } from '../services/rate-limit.ts';

/**
 * A field at fault: `field` its machine path (`lines.1.unitPrice`), `label` its human name ("Unit price on line 2"),
 * `message` the rule in plain words, starting with the label ("Unit price on line 2 must not be empty").
 */
export interface FieldProblem {
  field: string;
  label: string;
  message: string;
  code?: string;
}

/** RFC 9457 problem details. `errors` lists every field at fault. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  /** For 401 and 403: `session_expired` (sign in again) or `csrf_token_invalid` (fetch a fresh token). */
  reason?: string;
  errors?: FieldProblem[];
  /** An import's bad rows (services/imports/), each with its line, column and reason. */
  rows?: RowProblem[];
  badRows?: number;
}

const PROBLEM_BASE = 'https://remit.invalid/problems/';
/**
 * PostgreSQL refusing a value (not a fault of ours): invalid byte sequence (NUL), untranslatable character, bad or
 * out-of-range datetime, numeric out of range, invalid text representation.
 */
const DATABASE_INPUT_ERRORS = new Set(['22021', '22P05', '22007', '22008', '22003', '22P02']);
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
  errors?: { field: string; message: string; code?: string }[],
): Problem {
  const labelled = errors?.map(withLabel);
  return {
    type: `${PROBLEM_BASE}${code}`,
    title,
    status,
    detail,
    code,
    ...(labelled ? { errors: labelled } : {}),
  };
}

function withReason(body: Problem, reason: string | undefined): Problem {
  return reason ? { ...body, reason } : body;
}

/** A field's error as people read it, its machine path kept. */
function withLabel(error: { field: string; message: string; code?: string }): FieldProblem {
  return {
    field: error.field,
    label: fieldLabel(error.field),
    message: labelledMessage(error.field, error.message),
    ...(error.code ? { code: error.code } : {}),
  };
}

/** The problem's detail in words: the one message, or how many fields and each message. */
function summary(errors: { field: string; message: string }[]): string {
  const messages = errors.map((error) => labelledMessage(error.field, error.message));
  if (messages.length === 1) return messages[0] ?? '';
  return `${messages.length} fields need correcting: ${messages.join('; ')}`;
}

interface ZodIssueLike {
  instancePath: string;
  message: string;
  keyword: string;
  params: { keys?: string[]; errors?: RawZodIssue[][] };
}

/** A zod issue as it sits inside a union's issue: its path is relative to the union. */
interface RawZodIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  errors?: RawZodIssue[][];
}

/**
 * The union member a value came closest to: one it is the right kind of value for, with no unknown keys, and the
 * fewest faults. Null when it is no member's kind (then the union itself is named).
 */
function closestMember(members: RawZodIssue[][]): RawZodIssue[] | null {
  const fitting = members.filter(
    (issues) =>
      !issues.some(
        (i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys'),
      ),
  );
  return fitting.reduce<RawZodIssue[] | null>(
    (best, issues) => (best === null || issues.length < best.length ? issues : best),
    null,
  );
}

const UNKNOWN_FIELD = 'is not a field this request takes';

/** One issue as fields at fault, naming the fields inside a union member rather than only the union. */
function issueFields(issue: RawZodIssue, at: string[]): { field: string; message: string }[] {
  const named = (parts: string[]) => parts.filter(Boolean).join('.');
  const member = issue.code === 'invalid_union' && issue.errors ? closestMember(issue.errors) : null;
  if (member) return member.flatMap((inner) => issueFields(inner, [...at, ...inner.path.map(String)]));
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys.map((key) => ({ field: named([...at, key]), message: UNKNOWN_FIELD }));
  }
  return [{ field: named(at) || 'body', message: issue.message }];
}

function schemaErrors(error: FastifyError): { field: string; message: string }[] {
  // Body fields are named bare ("lines.0.amount"); others after their place ("querystring.limit").
  const location = error.validationContext === 'body' ? '' : (error.validationContext ?? '');
  return (error.validation as unknown as ZodIssueLike[]).flatMap((issue) =>
    issueFields(
      {
        code: issue.keyword,
        path: [],
        message: issue.message,
        keys: issue.params.keys,
        errors: issue.params.errors,
      },
      [location, ...issue.instancePath.split('/')],
    ),
  );
}

export function problemFor(error: unknown): Problem {
  if (error instanceof ValidationError) {
    const errors = [{ field: error.field ?? 'body', message: error.message }];
    return problem(422, 'validation', 'Invalid input', summary(errors), errors);
  }
  if (error instanceof NotFoundError) return problem(404, 'not_found', 'Not found', error.message);
  if (error instanceof AuthenticationError)
    return withReason(
      problem(401, 'unauthenticated', 'Authentication required', error.message),
      error.reason,
    );
  if (error instanceof ForbiddenError)
    return withReason(problem(403, 'forbidden', 'Forbidden', error.message), error.reason);
  if (error instanceof ConflictError) {
    const errors = error.field ? [{ field: error.field, message: error.message }] : undefined;
    return problem(409, error.code, 'Conflict', error.message, errors);
  }
  if (error instanceof ImportRejectedError) {
    return {
      ...problem(422, error.code, 'Rows cannot be imported', error.message),
      badRows: error.badRows,
      rows: error.problems,
    };
  }
  if (error instanceof EInvoiceRefusedError) {
    // Every reason, with the codes the e-invoice check lists (downloads, Factur-X and sending alike).
    return problem(
      422,
      error.code,
      `Not possible as ${error.formatLabel}`,
      `${error.message}: ${error.problems.map((p) => p.message).join(' ')}`,
      error.problems.map((p) => ({ field: p.field, message: p.message, code: p.code })),
    );
  }
  if (error instanceof DomainError) return problem(400, error.code, 'Bad request', error.message);

  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError) && fastifyError.validationContext === 'params') {
    // A malformed id in the path names no resource: the same answer as an unknown id.
    return problem(404, 'not_found', 'Not found', 'No resource at this address');
  }
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const errors = schemaErrors(fastifyError);
    return problem(400, 'invalid_request', 'Invalid request', summary(errors), errors);
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
  if (error instanceof PdfRendererBusyError) {
    return problem(
      503,
      'pdf_busy',
      'Service busy',
      'Too many PDFs are being rendered at the moment; try again after the delay in Retry-After',
    );
  }
  if (isDatabaseUnavailable(error)) {
    return problem(
      503,
      'database_unavailable',
      'Service unavailable',
      'The database cannot be reached at the moment (it may be restarting); try again shortly, with the same Idempotency-Key if you sent one.',
    );
  }
  const pgCode = (error as { code?: unknown }).code;
  if (pgCode === '23505') {
    return problem(409, 'conflict', 'Conflict', 'This would duplicate a record that must be unique');
  }
  if (typeof pgCode === 'string' && DATABASE_INPUT_ERRORS.has(pgCode)) {
    // Validation should have named the field; this is the safety net when a value still reaches the database.
    return problem(
      400,
      'invalid_value',
      'Invalid value',
      'A value in the request cannot be stored (a control character, an impossible date or a number out of range)',
    );
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
  if (error instanceof PdfRendererBusyError) reply.header('retry-after', String(error.retryAfterSeconds));
  const body = problemFor(error);
  if (body.code === 'database_unavailable') {
    // An outage, not a bug: the log says so once per request, without a stack trace.
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    request.log.warn({ reason: (error as Error).message }, 'database unavailable');
  } else if (body.code === 'invalid_value') {
    request.log.warn({ err: error }, 'a value reached the database unvalidated');
  } else if (body.code === 'pdf_busy') {
    // Overload, not a bug: the client is told when to come back.
    request.log.warn({ retryAfter: reply.getHeader('retry-after') }, 'PDF queue full');
  } else if (body.status >= 500) request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, body);
}
