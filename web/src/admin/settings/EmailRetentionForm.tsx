import { Field } from '../../components/ui.tsx';
import type { Settings } from '../../types.ts';
import { SettingsFormCard, useSettingsForm } from '../settings-form.tsx';

/** Days as typed: a whole number is sent as one, anything else as typed for the server to name in words. */
function daysOf(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);
}

/** How long sent and failed emails keep their content (organisation setting, PATCH /settings). */
export function EmailRetentionForm({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const form = useSettingsForm(settings);
  return (
    <SettingsFormCard
      form={form}
      title="Email history"
      intro="After this many days a sent or failed email keeps only to whom it went, when, what it was and whether it arrived; its text is deleted. Links in emails are never kept once an email is sent."
      readOnly={readOnly}
      submitLabel="Save email history"
    >
      <Field
        label="Keep email content for (days)"
        hint="1 to 3650; 90 by default"
        error={form.errors.fieldError('emailRetentionDays')}
      >
        {(props) => (
          <input
            {...props}
            readOnly={readOnly}
            inputMode="numeric"
            value={String(form.value('emailRetentionDays') ?? '')}
            onChange={(event) => form.set('emailRetentionDays', daysOf(event.target.value))}
          />
        )}
      </Field>
    </SettingsFormCard>
  );
}
