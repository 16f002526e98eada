import { AddressFields } from '../../components/AddressFields.tsx';
import { Field } from '../../components/ui.tsx';
import { editableAddress } from '../../format.ts';
import type { Settings } from '../../types.ts';
import { SettingsFormCard, TextSetting, TimeZoneSetting, useSettingsForm } from '../settings-form.tsx';
import { suggestedTimeZone } from './first-setup.ts';
import { LogoSettings } from './LogoSettings.tsx';

export function BusinessSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  // Where the organisation is first set up: its time zone starts as the browser's, for the user to confirm.
  const suggested = readOnly ? null : suggestedTimeZone(settings);
  const form = useSettingsForm(settings, suggested ? { timeZone: suggested } : {});
  const address = form.value('address');
  const setAddress = (key: keyof Settings['address'], next: string) =>
    form.set('address', { ...editableAddress(address), [key]: next });
  return (
    <>
      <SettingsFormCard
        form={form}
        title="Business details"
        intro="Shown on every invoice, PDF and email."
        readOnly={readOnly}
        submitLabel="Save business details"
      >
        <div className="grid-2">
          <TextSetting form={form} name="businessName" label="Business name" readOnly={readOnly} />
          <TextSetting form={form} name="email" label="Email" type="email" readOnly={readOnly} />
          <TextSetting form={form} name="phone" label="Phone" type="tel" readOnly={readOnly} />
          <TextSetting form={form} name="website" label="Website" readOnly={readOnly} />
          <TextSetting form={form} name="taxId" label="Tax id" readOnly={readOnly} />
          <TimeZoneSetting form={form} readOnly={readOnly} suggested={suggested} />
          <Field
            label="Accent colour"
            hint="Headings and rules on invoices"
            error={form.errors.fieldError('accentColor')}
          >
            {(props) => (
              <input
                {...props}
                type="color"
                disabled={readOnly}
                value={form.value('accentColor') || '#1d3a5f'}
                onChange={(event) => form.set('accentColor', event.target.value)}
              />
            )}
          </Field>
        </div>
        <h3>Address</h3>
        <AddressFields
          address={editableAddress(address)}
          onChange={setAddress}
          fieldError={form.errors.fieldError}
          locale={settings.locale}
          readOnly={readOnly}
        />
        <TextSetting
          form={form}
          name="paymentInstructions"
          label="Payment instructions"
          hint="Bank details and how to pay"
          multiline
          readOnly={readOnly}
        />
        <TextSetting form={form} name="footer" label="Footer" readOnly={readOnly} />
      </SettingsFormCard>
      <LogoSettings settings={settings} readOnly={readOnly} />
    </>
  );
}
