import { PaymentTermsSelect } from '../../components/PaymentTermsSelect.tsx';
import { Field } from '../../components/ui.tsx';
import type { Frequency, RecurringProfile } from '../../types.ts';
import { everyUnit, FREQUENCY_LABELS, takesDayOfMonth } from '../RecurringSchedule.tsx';
import { isWholeNumber, type ProfileDraft } from './profile-draft.ts';

const DAYS = Array.from({ length: 31 }, (_, i) => String(i + 1));

/**
 * How often a profile invoices, from when, until when, and the payment terms of each invoice. `fieldError` is asked
 * for every field shown, so a refused save lists only the others below the form.
 */
export function ScheduleFields({
  draft,
  profile,
  update,
  fieldError,
}: {
  draft: ProfileDraft;
  profile: RecurringProfile | null;
  update: (patch: Partial<ProfileDraft>) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const interval = isWholeNumber(draft.interval) ? Number(draft.interval) : 1;
  const startDay = Number(draft.startDate.slice(8, 10));
  return (
    <div className="card form">
      <h2>Schedule</h2>
      <div className="grid-2">
        <Field label="Frequency" error={fieldError('frequency')}>
          {(props) => (
            <select
              {...props}
              value={draft.frequency}
              onChange={(event) => update({ frequency: event.target.value as Frequency })}
            >
              {Object.entries(FREQUENCY_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Repeat every"
          hint={`An invoice every ${everyUnit(draft.frequency, interval)}`}
          error={fieldError('interval')}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              value={draft.interval}
              onChange={(event) => update({ interval: event.target.value })}
            />
          )}
        </Field>
        {takesDayOfMonth(draft.frequency) && (
          <Field
            label="Day of the month"
            hint="The 29th to 31st fall on the last day of shorter months"
            error={fieldError('dayOfMonth')}
          >
            {(props) => (
              <select
                {...props}
                value={draft.dayOfMonth}
                onChange={(event) => update({ dayOfMonth: event.target.value })}
              >
                <option value="">
                  {startDay ? `Same as the start date (day ${startDay})` : 'Same as the start date'}
                </option>
                {DAYS.map((day) => (
                  <option key={day} value={day}>
                    Day {day}
                  </option>
                ))}
                <option value="last">Last day of the month</option>
              </select>
            )}
          </Field>
        )}
        <Field
          label="Start date"
          hint={profile ? 'A new start applies from today on' : 'The first invoice is on or after it'}
          error={fieldError('startDate')}
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.startDate}
              onChange={(event) => update({ startDate: event.target.value })}
            />
          )}
        </Field>
      </div>
      <fieldset className="checks recurring-ends">
        <legend>Ends</legend>
        {(
          [
            ['never', 'Never'],
            ['count', 'After a number of invoices'],
            ['date', 'On a date'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="checkbox">
            <input
              type="radio"
              name="ends"
              value={value}
              checked={draft.endKind === value}
              onChange={() =>
                update({
                  endKind: value,
                  // A number to start from, rather than an empty field flagged at once.
                  ...(value === 'count' && !draft.endAfterCount ? { endAfterCount: '12' } : {}),
                })
              }
            />
            {label}
          </label>
        ))}
      </fieldset>
      {draft.endKind === 'count' && (
        <Field
          label="Number of invoices"
          hint={profile ? `Counting the ${profile.generatedCount} already created` : undefined}
          error={fieldError('endAfterCount')}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              value={draft.endAfterCount}
              onChange={(event) => update({ endAfterCount: event.target.value })}
            />
          )}
        </Field>
      )}
      {draft.endKind === 'date' && (
        <Field label="End date" hint="No invoice after this date" error={fieldError('endDate')}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.endDate}
              onChange={(event) => update({ endDate: event.target.value })}
            />
          )}
        </Field>
      )}
      <Field label="Payment terms" hint="Counted from each invoice's date" error={fieldError('paymentTerms')}>
        {(props) => (
          <PaymentTermsSelect
            {...props}
            value={draft.paymentTerms}
            onChange={(paymentTerms) => update({ paymentTerms })}
          />
        )}
      </Field>
    </div>
  );
}
