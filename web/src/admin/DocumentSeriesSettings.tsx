import { Field } from '../components/ui.tsx';
import type { Settings } from '../types.ts';
import { CheckboxSetting, SettingsFormCard, TextSetting, useSettingsForm } from './settings-form.tsx';

/** Numbering and rules of quotes and credit notes, beside the invoice defaults. */
export function DocumentSeriesSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const form = useSettingsForm(settings);
  return (
    <SettingsFormCard
      form={form}
      title="Quotes and credit notes"
      readOnly={readOnly}
      submitLabel="Save quote and credit note settings"
    >
      <div className="grid-2">
        <TextSetting
          form={form}
          name="quoteNumberPattern"
          label="Quote number pattern"
          hint="Its own series, e.g. Q-{YYYY}-{SEQ:4}"
          readOnly={readOnly}
        />
        <Field
          label="Quotes stay valid for (days)"
          hint="Sets the valid-until date of a new quote"
          error={form.errors.fieldError('quoteValidityDays')}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={365}
              readOnly={readOnly}
              value={String(form.value('quoteValidityDays'))}
              onChange={(event) => form.set('quoteValidityDays', Number(event.target.value))}
            />
          )}
        </Field>
        <TextSetting
          form={form}
          name="creditNoteNumberPattern"
          label="Credit note number pattern"
          hint="Its own series, e.g. CN-{YYYY}-{SEQ:4}"
          readOnly={readOnly}
        />
      </div>
      <CheckboxSetting form={form} name="quoteAutoConvert" readOnly={readOnly}>
        Turn an accepted quote into a draft invoice at once
      </CheckboxSetting>
      <CheckboxSetting form={form} name="correctionsNeedCreditNote" readOnly={readOnly}>
        Corrections need a credit note: an issued invoice is cancelled with a credit note, never voided (the
        rule in the EU)
      </CheckboxSetting>
    </SettingsFormCard>
  );
}
