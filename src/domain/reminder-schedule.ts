/**
 * The automatic reminder schedule: optional reminder N days before the due date, one on the due date, then every
 * N days after it, at most M times. Each reminder is a slot named after the due date it belongs to, so a changed
 * due date (a revision) starts a fresh series and a slot already sent is never sent again. Pure.
 */
import { addDays, compareDates } from './dates.ts';

export interface ReminderSchedule {
  daysBeforeDue: number | null;
  onDueDate: boolean;
  everyDaysAfter: number | null;
  maxAfter: number;
}

export interface ReminderSlot {
  /** Unique per invoice: '2026-12-01/before:3', '2026-12-01/due', '2026-12-01/after:2'. */
  slot: string;
  date: string;
  when: 'before_due' | 'on_due' | 'after_due';
}

/** Every slot of the schedule for an invoice due on `dueDate`, in date order. */
export function reminderSlots(schedule: ReminderSchedule, dueDate: string): ReminderSlot[] {
  const slots: ReminderSlot[] = [];
  if (schedule.daysBeforeDue !== null && schedule.daysBeforeDue > 0) {
    slots.push({
      slot: `${dueDate}/before:${schedule.daysBeforeDue}`,
      date: addDays(dueDate, -schedule.daysBeforeDue),
      when: 'before_due',
    });
  }
  if (schedule.onDueDate) slots.push({ slot: `${dueDate}/due`, date: dueDate, when: 'on_due' });
  if (schedule.everyDaysAfter !== null && schedule.everyDaysAfter > 0) {
    for (let n = 1; n <= schedule.maxAfter; n++) {
      slots.push({
        slot: `${dueDate}/after:${n}`,
        date: addDays(dueDate, n * schedule.everyDaysAfter),
        when: 'after_due',
      });
    }
  }
  return slots;
}

/**
 * The slot to send today, if any: the latest one whose date has come, and not before the invoice was issued.
 * Only the latest: after downtime the client gets one reminder, not every one that was missed.
 */
export function currentReminderSlot(
  schedule: ReminderSchedule,
  dueDate: string,
  issuedOn: string,
  today: string,
): ReminderSlot | null {
  let current: ReminderSlot | null = null;
  for (const slot of reminderSlots(schedule, dueDate)) {
    if (compareDates(slot.date, today) <= 0 && compareDates(slot.date, issuedOn) >= 0) current = slot;
  }
  return current;
}
