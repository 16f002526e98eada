import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.ts';
import { fieldLabel } from '../../src/domain/field-labels.ts';
import { SUPPORTED_LANGUAGES } from '../../src/domain/language.ts';
import { nextQuoteStatus, type StoredQuoteStatus } from '../../src/domain/quote-status.ts';
import { englishMessages } from '../../src/i18n/messages.ts';
import { problemWords, recogniseEnglish } from '../../src/i18n/problem-words.ts';
import { clientQuoteRefusal } from '../../src/services/portal/portal-quote-refusal.ts';

/**
 * The problems messages are where the English of services and schemas is recognised: English read through them is
 * unchanged (the staff API), and a recognised message is said in the reader's language with its values kept.
 */
describe('problem words', () => {
  it('names every labelled field in English exactly as the field names are made without the messages', () => {
    const labels = englishMessages('problems').label as Record<string, string>;
    for (const [key, label] of Object.entries(labels)) expect(label, key).toBe(fieldLabel(key));
  });

  it('recognises rules and sentences with their values, the most specific first', () => {
    expect(recogniseEnglish('must be at least 12 characters long')).toEqual({
      kind: 'rule',
      key: 'rule.minLength',
      values: { count: 12 },
    });
    expect(recogniseEnglish('must be at least 3')).toMatchObject({
      key: 'rule.atLeast',
      values: { limit: '3' },
    });
    expect(recogniseEnglish('Paying with stripe is not available for this invoice')).toMatchObject({
      kind: 'message',
      values: { provider: 'stripe' },
    });
    // A schema's own rule that no message holds is not mistaken for a similar one.
    expect(recogniseEnglish('must be a number such as 12.50')).toBeNull();
  });

  it('says a recognised message in the reader’s language and leaves others as they were said', () => {
    const german = problemWords('de');
    expect(german.fieldMessage('lines', 'can have at most 1 entry')).toBe(
      'Lines darf höchstens 1 Eintrag haben',
    );
    expect(german.sentence('Too many attempts; try again in 30 seconds')).toBe(
      'Zu viele Versuche; versuchen Sie es in 30 Sekunden erneut',
    );
    expect(german.sentence('Something no message holds')).toBe('Something no message holds');
    const english = problemWords('en');
    expect(english.fieldMessage('lines.1.unitPrice', 'must be a number such as 12.50')).toBe(
      'Unit price on line 2 must be a number such as 12.50',
    );
    expect(english.fieldMessage('newPassword', 'must have at least 10 characters')).toBe(
      'New password must have at least 10 characters',
    );
  });

  it('writes a recognised date out in the reader’s locale', () => {
    const refusal = 'This quote was valid until 2026-11-30; ask Dachdecker Nord for a new one';
    expect(problemWords('de', 'de-AT').sentence(refusal)).toBe(
      'Dieses Angebot war gültig bis 30. November 2026; bitten Sie Dachdecker Nord um ein neues',
    );
    expect(problemWords('en', 'en-US').sentence(refusal)).toBe(
      'This quote was valid until November 30, 2026; ask Dachdecker Nord for a new one',
    );
    expect(problemWords('en', 'en-GB').sentence(refusal)).toContain('until 30 November 2026;');
  });

  it('recognises every English message as itself, so no two messages are taken for each other', () => {
    const messages = englishMessages('problems').message as Record<string, unknown>;
    const flat = (value: unknown, key: string): [string, string][] =>
      typeof value === 'string'
        ? [[key, value]]
        : Object.entries(value as object).flatMap(([inner, text]) => flat(text, `${key}.${inner}`));
    for (const [key, text] of flat(messages, 'message')) {
      const filled = text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) =>
        name === 'count' ? '3' : `<${name}>`,
      );
      expect(recogniseEnglish(filled)?.key, key).toBe(key.replace(/_(one|other)$/, ''));
    }
  });
});

/**
 * Each refusal of a client's answer to a quote (every stored status, expired, a replaced version, and one the
 * portal has no sentence for) is told to the client in a sentence the problems messages hold, in every language.
 */
describe('quote refusals for a client', () => {
  const facts = { validUntil: '2026-11-30', business: 'Dachdecker Nord' };
  const stored: StoredQuoteStatus[] = ['draft', 'sent', 'viewed', 'accepted', 'declined', 'invoiced'];
  const refusals: ConflictError[] = [
    new ConflictError('quote_revised', 'The quote was changed after it was opened'),
    new ConflictError('quote_something_new', 'Cannot do that to a quote'),
  ];
  for (const from of stored) {
    for (const action of ['accept', 'decline'] as const) {
      for (const validUntil of ['2026-12-31', '2026-11-01']) {
        try {
          nextQuoteStatus(from, action, { validUntil, today: '2026-11-25' });
        } catch (error) {
          refusals.push(error as ConflictError);
        }
      }
    }
  }

  it('keeps the code and says every refusal in a sentence each language has', () => {
    expect(new Set(refusals.map((refusal) => refusal.code))).toEqual(
      new Set([
        'invalid_transition',
        'quote_already_accepted',
        'quote_declined',
        'quote_already_invoiced',
        'quote_expired',
        'quote_revised',
        'quote_something_new',
      ]),
    );
    for (const refusal of refusals) {
      const forClient = clientQuoteRefusal(refusal, facts) as ConflictError;
      expect(forClient.code).toBe(refusal.code);
      expect(recogniseEnglish(forClient.message)?.key, forClient.message).toMatch(/^message\.portal\./);
      for (const language of SUPPORTED_LANGUAGES.filter((code) => code !== 'en')) {
        expect(problemWords(language).sentence(forClient.message), language).not.toBe(forClient.message);
      }
    }
  });

  it('leaves other errors as they were', () => {
    const other = new Error('disk full');
    expect(clientQuoteRefusal(other, facts)).toBe(other);
  });
});
