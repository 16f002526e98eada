import type { Frequency, RecurringProfile } from '../../types.ts';
import { takesDayOfMonth } from '../RecurringSchedule.tsx';

export type EndKind = 'never' | 'count' | 'date';

/**
 * What only a recurring profile has, as the editor holds it (numbers as typed, the end as a choice of kind); its
 * party, charges, notes and terms are the shared document body.
 */
export interface ProfileDraft {
  name: string;
  frequency: Frequency;
  /** Text as typed; checked to be a whole number before it is sent. */
  interval: string;
  /** '' for the start date's day, '1'..'31', or 'last'. */
  dayOfMonth: string;
  startDate: string;
  endKind: EndKind;
  endAfterCount: string;
  endDate: string;
  paymentTerms: string;
  autoSend: boolean;
}

export function draftOf(profile: RecurringProfile): ProfileDraft {
  return {
    name: profile.name,
    frequency: profile.frequency,
    interval: String(profile.interval),
    dayOfMonth: profile.dayOfMonth === null ? '' : String(profile.dayOfMonth),
    startDate: profile.startDate,
    endKind: profile.endAfterCount !== null ? 'count' : profile.endDate ? 'date' : 'never',
    endAfterCount: profile.endAfterCount !== null ? String(profile.endAfterCount) : '',
    endDate: profile.endDate ?? '',
    paymentTerms: profile.paymentTerms,
    autoSend: profile.autoSend,
  };
}

export const isWholeNumber = (text: string) => /^\d+$/.test(text.trim());

/** Whole-number fields the browser checks itself: "" or "1.5" cannot be sent as the API's integers. */
export function numberErrors(draft: ProfileDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isWholeNumber(draft.interval)) errors.interval = 'Enter a whole number, such as 1';
  if (draft.endKind === 'count' && !isWholeNumber(draft.endAfterCount))
    errors.endAfterCount = 'Enter how many invoices to create, such as 12';
  return errors;
}

/** The schedule as the API takes it (only call once numberErrors found nothing). */
export function scheduleOf(draft: ProfileDraft) {
  return {
    frequency: draft.frequency,
    interval: Number(draft.interval),
    dayOfMonth:
      takesDayOfMonth(draft.frequency) && draft.dayOfMonth
        ? draft.dayOfMonth === 'last'
          ? ('last' as const)
          : Number(draft.dayOfMonth)
        : null,
    startDate: draft.startDate,
    endAfterCount: draft.endKind === 'count' ? Number(draft.endAfterCount) : null,
    endDate: draft.endKind === 'date' ? draft.endDate : null,
  };
}

/** The fields whose change moves an existing schedule's dates (from today on). */
export const ANCHOR_FIELDS = ['frequency', 'interval', 'dayOfMonth', 'startDate'] as const;
