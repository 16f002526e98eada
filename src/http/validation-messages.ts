import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { chosenFrom } from '../domain/field-labels.ts';

/**
 * Request validation in plain words: zod's error map gives each rule as what the field must be ("must be a date
 * like 2026-12-31"); problem.ts puts the field's label in front. Messages a schema sets itself win over these.
 */

type Issue = z.core.$ZodRawIssue;

const UUID_FORMATS = new Set(['uuid', 'guid']);

function count(n: number | bigint, one: string, many: string): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

/** The allowed values in words: "percent or fixed", "one of draft, sent, paid, void". */
function listed(values: readonly unknown[]): string {
  const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  if (shown.length > 60) return 'one of the offered choices';
  if (shown.length <= 1) return shown.join('');
  if (shown.length <= 3) return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
  return `one of ${shown.join(', ')}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  date: 'a date',
  null: 'empty',
};

function tooSmall(issue: Issue & { code: 'too_small' }): string {
  const { origin, minimum, inclusive } = issue;
  if (origin === 'string') {
    return Number(minimum) <= 1
      ? 'must not be empty'
      : `must be at least ${count(minimum, 'character', 'characters')} long`;
  }
  if (origin === 'array' || origin === 'set') {
    return Number(minimum) <= 1
      ? 'needs at least one entry'
      : `needs at least ${count(minimum, 'entry', 'entries')}`;
  }
  return inclusive === false ? `must be more than ${minimum}` : `must be at least ${minimum}`;
}

function tooBig(issue: Issue & { code: 'too_big' }): string {
  const { origin, maximum, inclusive } = issue;
  if (origin === 'string') return `must be at most ${count(maximum, 'character', 'characters')} long`;
  if (origin === 'array' || origin === 'set') return `can have at most ${count(maximum, 'entry', 'entries')}`;
  return inclusive === false ? `must be less than ${maximum}` : `must be at most ${maximum}`;
}

function badFormat(issue: Issue & { code: 'invalid_format' }, key: string | undefined): string {
  if (UUID_FORMATS.has(issue.format)) return `must be chosen from ${chosenFrom(key) ?? 'the list'}`;
  switch (issue.format) {
    case 'email':
      return 'must be an email address like name@example.com';
    case 'url':
      return 'must be a web address like https://example.com';
    case 'datetime':
      return 'must be a date and time like 2026-12-31T09:00:00Z';
    case 'date':
      return 'must be a date like 2026-12-31';
    default:
      return 'is not written in a form we accept';
  }
}

/** The rule a value broke, as words to put after the field's label. */
export function ruleMessage(issue: Issue): string {
  const key = (issue.path ?? []).findLast((part): part is string => typeof part === 'string');
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      if (UUID_FORMATS.has(String((issue.inst as { format?: string } | undefined)?.format)))
        return `must be chosen from ${chosenFrom(key) ?? 'the list'}`;
      return `must be ${TYPE_WORDS[issue.expected] ?? 'of another kind'}`;
    }
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return badFormat(issue, key);
    case 'invalid_value':
      return `must be ${listed(issue.values)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return 'is not a field this request takes';
    case 'invalid_union':
      return 'is not in a form we accept';
    case 'invalid_key':
      return 'has a name that is not accepted';
    case 'invalid_element':
      return 'has an entry that is not accepted';
    default:
      return 'is not accepted';
  }
}

const ZOD_FASTIFY_ISSUE = Symbol.for('ZodFastifySchemaValidationError');

/**
 * fastify-type-provider-zod's compiler, parsing with the plain-words error map; issues are handed on in the shape
 * that library gives them, so its `hasZodFastifySchemaValidationErrors` still recognises them.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = z.safeParse(schema, data, { error: ruleMessage });
    if (result.success) return { value: result.data };
    const issues = result.error.issues.map(({ path, code, message, ...params }) => ({
      [ZOD_FASTIFY_ISSUE]: true,
      keyword: code,
      instancePath: `/${path.join('/')}`,
      schemaPath: `#/${path.join('/')}/${code}`,
      message,
      params,
    }));
    return { error: issues as unknown as Error };
  };
