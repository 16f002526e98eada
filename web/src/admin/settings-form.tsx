import { type ChangeEvent, type FormEvent, type ReactNode, useState } from 'react';
import { api } from '../api.ts';
import { Checkbox } from '../components/FormParts.tsx';
import { browserTimeZone, TimeZoneInput } from '../components/TimeZoneInput.tsx';
import { Button, ErrorBox, Field, useFormErrors, useToast } from '../components/ui.tsx';
import type { Address, Settings } from '../types.ts';
import { useSession } from './session.tsx';

/** One settings card's form: edits kept locally, PATCHed together, field errors placed beside their inputs. */
export type Patch = Partial<Omit<Settings, 'logo' | 'updatedAt' | 'paperSizeInUse' | 'address'>> & {
  /** The written fields; the country code comes from the country picked. */
  address?: Address & { countryCode?: string | null };
};

/** `initial`: edits the form starts with, unsaved (a value filled in for the user to confirm). */
export function useSettingsForm(settings: Settings, initial: Patch = {}) {
  const { reloadSettings } = useSession();
  const toast = useToast();
  const [values, setValues] = useState<Patch>(initial);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  // A key in the patch wins even when null (null is a choice, e.g. "paper size from the country").
  const value = <K extends keyof Patch>(key: K): NonNullable<Patch[K]> =>
    (key in values ? values[key] : settings[key as keyof Settings]) as NonNullable<Patch[K]>;
  const set = <K extends keyof Patch>(key: K, next: Patch[K]) => setValues((v) => ({ ...v, [key]: next }));
  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    try {
      await api.patch('/settings', values);
      setValues({});
      reloadSettings();
      toast('Settings saved');
    } catch (error) {
      errors.setError(error as Error);
    } finally {
      setBusy(false);
    }
  }
  return { value, set, save, busy, errors, dirty: Object.keys(values).length > 0 };
}

/** A settings card of one form: heading, the form's general error, its fields, the save button (not read-only). */
export function SettingsFormCard({
  form,
  title,
  intro,
  readOnly,
  submitLabel,
  children,
}: {
  form: ReturnType<typeof useSettingsForm>;
  title: string;
  intro?: string;
  readOnly: boolean;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <form className="card form" onSubmit={form.save} noValidate>
      <h2>{title}</h2>
      {intro && <p className="muted small">{intro}</p>}
      {form.errors.general && <ErrorBox error={form.errors.general} />}
      {children}
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={form.busy} disabled={!form.dirty}>
            {submitLabel}
          </Button>
        </div>
      )}
      {form.errors.unshown}
    </form>
  );
}

/** The settings that are on or off. */
type SwitchName = { [K in keyof Patch]-?: NonNullable<Patch[K]> extends boolean ? K : never }[keyof Patch];

/** A setting that is on or off, as a checkbox with its label (`children`). */
export function CheckboxSetting({
  form,
  name,
  readOnly = false,
  children,
}: {
  form: ReturnType<typeof useSettingsForm>;
  name: SwitchName;
  readOnly?: boolean;
  children: ReactNode;
}) {
  return (
    <Checkbox disabled={readOnly} checked={form.value(name)} onChange={(checked) => form.set(name, checked)}>
      {children}
    </Checkbox>
  );
}

export function TextSetting({
  form,
  name,
  label,
  hint,
  readOnly,
  multiline,
  type = 'text',
}: {
  form: ReturnType<typeof useSettingsForm>;
  name: keyof Patch;
  label: string;
  hint?: string;
  readOnly: boolean;
  multiline?: boolean;
  type?: string;
}) {
  const onChange = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    form.set(name, event.target.value as never);
  return (
    <Field label={label} hint={hint} error={form.errors.fieldError(name)}>
      {(props) =>
        multiline ? (
          <textarea
            {...props}
            rows={3}
            readOnly={readOnly}
            value={String(form.value(name))}
            onChange={onChange}
          />
        ) : (
          <input
            {...props}
            type={type}
            readOnly={readOnly}
            value={String(form.value(name))}
            onChange={onChange}
          />
        )
      }
    </Field>
  );
}

/**
 * The organisation's time zone. A new organisation starts on UTC: while the business details were never saved the
 * form starts with the browser's zone filled in (`suggested`, said beside the field); later, while it is still UTC
 * and the browser runs elsewhere, the field offers the browser's zone in one click.
 */
export function TimeZoneSetting({
  form,
  readOnly,
  suggested,
}: {
  form: ReturnType<typeof useSettingsForm>;
  readOnly: boolean;
  suggested: string | null;
}) {
  const own = browserTimeZone();
  const current = form.value('timeZone');
  const prefilled = suggested !== null && current === suggested;
  return (
    <Field
      label="Time zone"
      hint={
        prefilled
          ? `Filled in from this browser’s time zone (${suggested}); saved with the business details.`
          : 'Decides when an invoice is overdue. Type a city, e.g. Paris'
      }
      error={form.errors.fieldError('timeZone')}
    >
      {(props) => (
        <>
          <TimeZoneInput
            {...props}
            readOnly={readOnly}
            value={current}
            onChange={(zone) => form.set('timeZone', zone)}
          />
          {!readOnly && current === 'UTC' && own !== 'UTC' && (
            <Button variant="ghost" onClick={() => form.set('timeZone', own)}>
              Use my time zone ({own})
            </Button>
          )}
        </>
      )}
    </Field>
  );
}
