import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_DELAY_MS,
  nextAttemptAfterFailure,
  RETRY_WINDOW_MS,
} from '../../src/domain/email-retry.ts';
import { currentReminderSlot, reminderSlots } from '../../src/domain/reminder-schedule.ts';

describe('email retry policy', () => {
  const queued = new Date('2026-11-25T10:00:00Z');

  it('backs off exponentially from one minute, capped at four hours', () => {
    expect(nextAttemptAfterFailure(1, queued, queued)?.toISOString()).toBe('2026-11-25T10:01:00.000Z');
    expect(nextAttemptAfterFailure(2, queued, new Date('2026-11-25T10:01:00Z'))?.toISOString()).toBe(
      '2026-11-25T10:03:00.000Z',
    );
    const late = new Date('2026-11-25T18:00:00Z');
    expect(nextAttemptAfterFailure(12, queued, late)!.getTime() - late.getTime()).toBe(MAX_RETRY_DELAY_MS);
  });

  it('tries one last time at the end of the day, then gives up', () => {
    const nearEnd = new Date(queued.getTime() + RETRY_WINDOW_MS - 60_000);
    expect(nextAttemptAfterFailure(10, queued, nearEnd)?.getTime()).toBe(queued.getTime() + RETRY_WINDOW_MS);
    expect(nextAttemptAfterFailure(11, queued, new Date(queued.getTime() + RETRY_WINDOW_MS))).toBeNull();
  });

  it('never schedules into the past or beyond the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: RETRY_WINDOW_MS * 2 }),
        (n, ms) => {
          const now = new Date(queued.getTime() + ms);
          const next = nextAttemptAfterFailure(n, queued, now);
          if (ms >= RETRY_WINDOW_MS) return next === null;
          return next !== null && next > now && next.getTime() <= queued.getTime() + RETRY_WINDOW_MS;
        },
      ),
    );
  });
});

describe('reminder schedule', () => {
  const schedule = { daysBeforeDue: 3, onDueDate: true, everyDaysAfter: 7, maxAfter: 2 };

  it('lists the slots of a due date in order', () => {
    expect(reminderSlots(schedule, '2026-12-10')).toEqual([
      { slot: '2026-12-10/before:3', date: '2026-12-07', when: 'before_due' },
      { slot: '2026-12-10/due', date: '2026-12-10', when: 'on_due' },
      { slot: '2026-12-10/after:1', date: '2026-12-17', when: 'after_due' },
      { slot: '2026-12-10/after:2', date: '2026-12-24', when: 'after_due' },
    ]);
    expect(
      reminderSlots(
        { daysBeforeDue: null, onDueDate: false, everyDaysAfter: null, maxAfter: 3 },
        '2026-12-10',
      ),
    ).toEqual([]);
  });

  it('picks the latest slot that has come, never one from before the invoice was issued', () => {
    const slot = (today: string, issued = '2026-11-25') =>
      currentReminderSlot(schedule, '2026-12-10', issued, today)?.slot ?? null;
    expect(slot('2026-12-06')).toBeNull();
    expect(slot('2026-12-07')).toBe('2026-12-10/before:3');
    expect(slot('2026-12-09')).toBe('2026-12-10/before:3');
    expect(slot('2026-12-10')).toBe('2026-12-10/due');
    expect(slot('2026-12-20')).toBe('2026-12-10/after:1');
    // After downtime, one reminder (the latest), not the backlog.
    expect(slot('2027-02-01')).toBe('2026-12-10/after:2');
    // Issued two days before the due date: the "3 days before" slot is skipped.
    expect(slot('2026-12-08', '2026-12-08')).toBeNull();
  });
});
