import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import { ConflictError, DomainError, ValidationError } from '../domain/errors.ts';
import { ImportRejectedError, type RowProblem } from '../domain/imports/row-problems.ts';
import { DEFAULT_LANGUAGE } from '../domain/language.ts';
import { type ProblemWords, problemWords } from '../i18n/problem-words.ts';
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

interface RawFieldProblem {
  field: string;
  message: string;
  code?: string;
}

function problem(
  words: ProblemWords,
  status: number,
  code: string,
  title: string,
  detail: string,
  errors?: RawFieldProblem[],
): Problem {
  const labelled = errors?.map((error) => withLabel(words, error));
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
function withLabel(words: ProblemWords, error: RawFieldProblem): FieldProblem {
  return {
    field: error.field,
    label: words.label(error.field),
    message: words.fieldMessage(error.field, error.message),
    ...(error.code ? { code: error.code } : {}),
  };
}

/** The problem's detail in words: the one message, or how many fields and each message. */
function summary(words: ProblemWords, errors: RawFieldProblem[]): string {
  return words.summary(errors.map((error) => words.fieldMessage(error.field, error.message)));
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

/** The problem+json answer to an error, in the reader's words (English unless told otherwise). */
export function problemFor(error: unknown, words: ProblemWords = problemWords(DEFAULT_LANGUAGE)): Problem {
  const say = (status: number, code: string, title: string, detail: string, errors?: RawFieldProblem[]) =>
    problem(words, status, code, title, detail, errors);
  if (error instanceof ValidationError) {
    const errors = [{ field: error.field ?? 'body', message: error.message }];
    return say(422, 'validation', words.title('validation'), summary(words, errors), errors);
  }
  if (error instanceof NotFoundError)
    return say(404, 'not_found', words.title('not_found'), words.sentence(error.message));
  if (error instanceof AuthenticationError)
    return withReason(
      say(401, 'unauthenticated', words.title('unauthenticated'), words.sentence(error.message)),
      error.reason,
    );
  if (error instanceof ForbiddenError)
    return withReason(
      say(403, 'forbidden', words.title('forbidden'), words.sentence(error.message)),
      error.reason,
    );
  if (error instanceof ConflictError) {
    const errors = error.field ? [{ field: error.field, message: error.message }] : undefined;
    return say(409, error.code, words.title('conflict'), words.sentence(error.message), errors);
  }
  if (error instanceof ImportRejectedError) {
    return {
      ...say(422, error.code, words.title('rows_rejected'), words.sentence(error.message)),
      badRows: error.badRows,
      rows: error.problems,
    };
  }
  if (error instanceof EInvoiceRefusedError) {
    // Every reason, with the codes the e-invoice check lists (downloads, Factur-X and sending alike).
    return say(
      422,
      error.code,
      words.title('einvoice_refused', { format: error.formatLabel }),
      `${error.message}: ${error.problems.map((p) => p.message).join(' ')}`,
      error.problems.map((p) => ({ field: p.field, message: p.message, code: p.code })),
    );
  }
  if (error instanceof DomainError)
    return say(400, error.code, words.title('bad_request'), words.sentence(error.message));

  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError) && fastifyError.validationContext === 'params') {
    // A malformed id in the path names no resource: the same answer as an unknown id.
    return say(404, 'not_found', words.title('not_found'), words.detail('noResource'));
  }
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const errors = schemaErrors(fastifyError);
    return say(400, 'invalid_request', words.title('invalid_request'), summary(words, errors), errors);
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return say(
      415,
      'unsupported_media_type',
      words.title('unsupported_media_type'),
      words.detail('sendJson'),
    );
  }
  if (
    fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fastifyError.name === 'SyntaxError'
  ) {
    return say(400, 'invalid_json', words.title('invalid_json'), words.detail('notJson'), [
      { field: 'body', message: words.detail('notJsonField') },
    ]);
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return say(413, 'body_too_large', words.title('body_too_large'), words.detail('bodyTooLarge'));
  }
  if (error instanceof PdfRendererBusyError) {
    return say(503, 'pdf_busy', words.title('pdf_busy'), words.detail('pdfBusy'));
  }
  if (isDatabaseUnavailable(error)) {
    return say(
      503,
      'database_unavailable',
      words.title('database_unavailable'),
      words.detail('databaseUnavailable'),
    );
  }
  const pgCode = (error as { code?: unknown }).code;
  if (pgCode === '23505') {
    return say(409, 'conflict', words.title('conflict'), words.detail('duplicate'));
  }
  if (typeof pgCode === 'string' && DATABASE_INPUT_ERRORS.has(pgCode)) {
    // Validation should have named the field; this is the safety net when a value still reaches the database.
    return say(400, 'invalid_value', words.title('invalid_value'), words.detail('invalidValue'));
  }
  if (fastifyError.statusCode === 429) {
    return say(429, 'rate_limited', words.title('rate_limited'), words.sentence(fastifyError.message));
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return say(
      fastifyError.statusCode,
      'bad_request',
      words.title('bad_request'),
      words.sentence(fastifyError.message),
    );
  }
  return say(500, 'internal', words.title('internal'), words.detail('internal'));
}

/** Staff and public API errors: English for now, through the same messages a translator can add languages to. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return answerProblem(error, request, reply, problemWords(DEFAULT_LANGUAGE));
}

/** Sends the problem for an error in the reader's words, with its headers, and logs what needs a look. */
export function answerProblem(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  words: ProblemWords,
) {
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  if (error instanceof PdfRendererBusyError) reply.header('retry-after', String(error.retryAfterSeconds));
  const body = problemFor(error, words);
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
