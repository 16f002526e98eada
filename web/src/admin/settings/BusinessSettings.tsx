import { AddressCountrySelect } from '../../components/CountrySelect.tsx';
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
        <div className="grid-2">
          {(
            [
              ['line1', 'Street address'],
              ['line2', 'Address line 2'],
              ['city', 'City'],
              ['region', 'Region / state'],
              ['postalCode', 'Postal code'],
              ['country', 'Country'],
            ] as const
          ).map(([key, label]) => (
            <Field key={key} label={label} error={form.errors.fieldError(`address.${key}`)}>
              {(props) =>
                key === 'country' ? (
                  <AddressCountrySelect
                    {...props}
                    disabled={readOnly}
                    locale={settings.locale}
                    value={address.country}
                    onChange={(country) => setAddress('country', country)}
                  />
                ) : (
                  <input
                    {...props}
                    readOnly={readOnly}
                    value={address[key]}
                    onChange={(event) => setAddress(key, event.target.value)}
                  />
                )
              }
            </Field>
          ))}
        </div>
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
