import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../../src/domain/field-labels.ts';
import { englishMessages } from '../../src/i18n/messages.ts';
import { problemWords, recogniseEnglish } from '../../src/i18n/problem-words.ts';

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
});
