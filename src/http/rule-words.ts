import type { z } from 'zod';
import { chosenFrom } from '../domain/field-labels.ts';

type Issue = z.core.$ZodRawIssue;

/** A `problems` message by key, with its values (the shape of i18n/messages.ts's translator). */
type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * zod's error map in plain words, the words taken from the `problems` messages through `english` (the server reads
 * them from the message files; the web app, which checks its forms with the API's schemas, from the same file).
 * Each rule reads as what the field must be ("must be a date like 2026-12-31"), to put after the field's label.
 */
export function plainWordsErrorMap(english: Translate): (issue: Issue) => string {
  const UUID_FORMATS = new Set(['uuid', 'guid']);

  /** The allowed values in words: "percent or fixed", "one of draft, sent, paid, void". */
  function listed(values: readonly unknown[]): string {
    const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    if (shown.length > 60) return english('rule.offeredChoices');
    if (shown.length <= 1) return `must be ${shown.join('')}`;
    if (shown.length <= 3) {
      return english('rule.either', { choices: shown.slice(0, -1).join(', '), last: shown.at(-1) ?? '' });
    }
    return english('rule.oneOf', { choices: shown.join(', ') });
  }

  const TYPE_RULES = new Set(['string', 'number', 'int', 'boolean', 'array', 'object', 'date', 'null']);

  function typeRule(expected: string): string {
    // zod says bigint for whole numbers too.
    const kind = expected === 'bigint' ? 'int' : expected;
    return english(`rule.type.${TYPE_RULES.has(kind) ? kind : 'other'}`);
  }

  function tooSmall(issue: Issue & { code: 'too_small' }): string {
    const { origin, minimum, inclusive } = issue;
    if (origin === 'string') {
      return Number(minimum) <= 1
        ? english('rule.notEmpty')
        : english('rule.minLength', { count: Number(minimum) });
    }
    if (origin === 'array' || origin === 'set') {
      return Number(minimum) <= 1
        ? english('rule.oneEntry')
        : english('rule.minEntries', { count: Number(minimum) });
    }
    return english(inclusive === false ? 'rule.moreThan' : 'rule.atLeast', { limit: String(minimum) });
  }

  function tooBig(issue: Issue & { code: 'too_big' }): string {
    const { origin, maximum, inclusive } = issue;
    if (origin === 'string') return english('rule.maxLength', { count: Number(maximum) });
    if (origin === 'array' || origin === 'set') return english('rule.maxEntries', { count: Number(maximum) });
    return english(inclusive === false ? 'rule.lessThan' : 'rule.atMost', { limit: String(maximum) });
  }

  function chosen(key: string | undefined): string {
    return english('rule.chosenFrom', { choices: chosenFrom(key) ?? 'the list' });
  }

  function badFormat(issue: Issue & { code: 'invalid_format' }, key: string | undefined): string {
    if (UUID_FORMATS.has(issue.format)) return chosen(key);
    switch (issue.format) {
      case 'email':
      case 'url':
      case 'datetime':
      case 'date':
        return english(`rule.${issue.format}`);
      default:
        return english('rule.format');
    }
  }

  /** The rule a value broke, as words to put after the field's label. */
  function ruleMessage(issue: Issue): string {
    const key = (issue.path ?? []).findLast((part): part is string => typeof part === 'string');
    switch (issue.code) {
      case 'invalid_type': {
        if (issue.input === undefined) return english('rule.required');
        if (UUID_FORMATS.has(String((issue.inst as { format?: string } | undefined)?.format)))
          return chosen(key);
        return typeRule(issue.expected);
      }
      case 'too_small':
        return tooSmall(issue);
      case 'too_big':
        return tooBig(issue);
      case 'invalid_format':
        return badFormat(issue, key);
      case 'invalid_value':
        return listed(issue.values);
      case 'not_multiple_of':
        return english('rule.multipleOf', { divisor: String(issue.divisor) });
      case 'unrecognized_keys':
        return english('rule.unknownField');
      case 'invalid_union':
        return english('rule.union');
      case 'invalid_key':
        return english('rule.key');
      case 'invalid_element':
        return english('rule.element');
      default:
        return english('rule.other');
    }
  }

  return ruleMessage;
}
