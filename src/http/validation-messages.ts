import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { DEFAULT_LANGUAGE } from '../domain/language.ts';
import { translator } from '../i18n/messages.ts';
import { plainWordsErrorMap } from './rule-words.ts';

/**
 * Request validation in plain words: zod's error map gives each rule as what the field must be ("must be a date
 * like 2026-12-31"); problem.ts puts the field's label in front. Messages a schema sets itself win over these.
 * The rules are the English `problems` messages, so the edge can say them again in a reader's language.
 */

const english = translator(DEFAULT_LANGUAGE, 'problems');

/** The rule a value broke, as words to put after the field's label. */
export const ruleMessage = plainWordsErrorMap(english);

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
