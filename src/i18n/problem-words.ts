/**
 * The words of a problem+json answer in its reader's language (the `problems` messages). Services and request
 * schemas say what is wrong in English, and the English problems file holds those sentences and rules: the edge
 * recognises an English message and says it again in the reader's language, so no service needs to know who reads
 * its errors. A sentence no message holds is kept as it was said; machine fields (type, code, paths) never change.
 * A `{{date}}` is said as a calendar day (2026-11-30) and written out in the reader's locale ("30. November 2026").
 */
import { fieldLabel, labelledMessage, topLevelKey } from '../domain/field-labels.ts';
import { documentLocale, type Language } from '../domain/language.ts';
import { formatLongCalendarDate } from '../domain/locale-format.ts';
import { englishMessages, type Translate, translator } from './messages.ts';

type Values = Record<string, string | number>;

/** An English message matched to its key (`rule.minLength`, `message.loginIncorrect`) and the values it carried. */
interface Recognised {
  /** A rule reads after a field's label ("must not be empty"); a message is a sentence of its own. */
  kind: 'rule' | 'message';
  key: string;
  values: Values;
}

interface Template {
  kind: Recognised['kind'];
  key: string;
  pattern: RegExp;
  names: string[];
  /** How much fixed text the template has: the most specific template is tried first. */
  fixed: number;
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix: string): [string, string][] {
  if (typeof value !== 'object' || value === null) return [[prefix, String(value)]];
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, `${prefix}.${key}`));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let known: { exact: Map<string, Recognised>; templates: Template[] } | null = null;

/** Every English rule and message, by its text (plain ones) or as a pattern (ones with {{placeholders}}). */
function englishIndex() {
  if (known) return known;
  const exact = new Map<string, Recognised>();
  const templates: Template[] = [];
  const problems = englishMessages('problems');
  for (const kind of ['rule', 'message'] as const) {
    for (const [fullKey, text] of flatten(problems[kind], kind)) {
      // Both plural forms of a message are the one key: the reader's language picks its own form by {{count}}.
      const key = fullKey.replace(PLURAL_SUFFIX, '');
      const names = [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
      if (names.length === 0) {
        if (!exact.has(text)) exact.set(text, { kind, key, values: {} });
        continue;
      }
      const pieces = text.split(PLACEHOLDER).filter((_, index) => index % 2 === 0);
      const source = pieces
        .map((piece, index) => {
          const name = names[index];
          return escapeRegExp(piece) + (name === undefined ? '' : name === 'count' ? '(\\d+)' : '(.+?)');
        })
        .join('');
      templates.push({
        kind,
        key,
        names,
        pattern: new RegExp(`^${source}$`, 's'),
        fixed: pieces.join('').length,
      });
    }
  }
  templates.sort((a, b) => b.fixed - a.fixed);
  known = { exact, templates };
  return known;
}

/** The key and values of an English rule or message, or null when the problems messages do not hold it. */
export function recogniseEnglish(text: string): Recognised | null {
  const { exact, templates } = englishIndex();
  const plain = exact.get(text);
  if (plain) return plain;
  for (const template of templates) {
    const match = template.pattern.exec(text);
    if (!match) continue;
    const values: Values = {};
    template.names.forEach((name, index) => {
      const value = match[index + 1] ?? '';
      values[name] = name === 'count' ? Number(value) : value;
    });
    return { kind: template.kind, key: template.key, values };
  }
  return null;
}

/** A problem's words in one language. */
export interface ProblemWords {
  /** A problem's title by its key in `title` ("validation" -> "Invalid input"). */
  title(key: string, values?: Values): string;
  /** A fixed detail by its key in `detail`. */
  detail(key: string, values?: Values): string;
  /** A service's own sentence ("Email or password is incorrect") in the reader's words. */
  sentence(english: string): string;
  /** A field's name from its path ("newPassword" -> "New password"). */
  label(field: string): string;
  /** A field's message, its label first ("New password must have at least 10 characters"). */
  fieldMessage(field: string, english: string): string;
  /** The detail of a problem with these field messages: the one message, or how many and each. */
  summary(messages: string[]): string;
}

const LABEL_PREFIX = 'label';

/** The values of a recognised message as the reader writes them: a day in the locale's long style. */
function inLocale(values: Values, locale: string): Values {
  const date = values.date;
  if (typeof date !== 'string' || !CALENDAR_DAY.test(date)) return values;
  return { ...values, date: formatLongCalendarDate(date, locale) };
}

function wordsIn(language: Language, locale: string): ProblemWords {
  const t: Translate = translator(language, 'problems');
  const labelled = new Set(Object.keys(englishMessages('problems')[LABEL_PREFIX] ?? {}));
  const label = (field: string) => {
    const key = topLevelKey(field);
    if (key === '') return t('field.request');
    if (key !== null && labelled.has(key)) return t(`${LABEL_PREFIX}.${key}`);
    // Paths inside entries and groups are named in English for now (their grammar is not in the messages yet).
    return fieldLabel(field);
  };
  return {
    title: (key, values) => t(`title.${key}`, values),
    detail: (key, values) => t(`detail.${key}`, values),
    sentence(english) {
      const found = recogniseEnglish(english);
      return found?.kind === 'message' ? t(found.key, inLocale(found.values, locale)) : english;
    },
    label,
    fieldMessage(field, english) {
      // A message may start with the field's machine path ("lines.1.unitPrice must…"): the label takes its place.
      const rule = english.startsWith(`${field} `) ? english.slice(field.length + 1) : english;
      const found = recogniseEnglish(rule);
      if (found?.kind === 'rule') {
        return t('field.labelled', { label: label(field), rule: t(found.key, found.values) });
      }
      if (found) return t(found.key, found.values);
      return labelledMessage(field, english);
    },
    summary(messages) {
      if (messages.length === 1) return messages[0] ?? '';
      return t('detail.fieldsNeedCorrecting', { count: messages.length, messages: messages.join('; ') });
    },
  };
}

const byReader = new Map<string, ProblemWords>();

/**
 * The problem words of one language, with dates in `locale` (by default the language's home region's); made once
 * per process for each.
 */
export function problemWords(language: Language, locale = documentLocale(language, '')): ProblemWords {
  const key = `${language}|${locale}`;
  let words = byReader.get(key);
  if (!words) {
    words = wordsIn(language, locale);
    byReader.set(key, words);
  }
  return words;
}
