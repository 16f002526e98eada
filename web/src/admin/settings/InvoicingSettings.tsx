import { CurrencySelect } from '../../components/CurrencySelect.tsx';
import { LocaleSelect } from '../../components/LocaleSelect.tsx';
import { PaymentTermsSelect } from '../../components/PaymentTermsSelect.tsx';
import { Field } from '../../components/ui.tsx';
import type { Settings } from '../../types.ts';
import { SettingsFormCard, TextSetting, useSettingsForm } from '../settings-form.tsx';

export function InvoicingSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const form = useSettingsForm(settings);
  return (
    <SettingsFormCard
      form={form}
      title="Invoice defaults and numbering"
      readOnly={readOnly}
      submitLabel="Save invoicing settings"
    >
      <div className="grid-2">
        <TextSetting
          form={form}
          name="invoiceNumberPattern"
          label="Number pattern"
          hint="{YYYY} year, {MM} month, {SEQ:4} counter with 4 digits, e.g. INV-{YYYY}-{SEQ:4}"
          readOnly={readOnly}
        />
        <Field label="Default currency" error={form.errors.fieldError('defaultCurrency')}>
          {(props) => (
            <CurrencySelect
              {...props}
              disabled={readOnly}
              locale={settings.locale}
              value={form.value('defaultCurrency')}
              onChange={(code) => form.set('defaultCurrency', code)}
            />
          )}
        </Field>
        <Field label="Default payment terms" error={form.errors.fieldError('defaultPaymentTerms')}>
          {(props) => (
            <PaymentTermsSelect
              {...props}
              disabled={readOnly}
              value={form.value('defaultPaymentTerms')}
              onChange={(terms) => form.set('defaultPaymentTerms', terms)}
            />
          )}
        </Field>
        <Field label="Locale" hint="Formats amounts and dates" error={form.errors.fieldError('locale')}>
          {(props) => (
            <LocaleSelect
              {...props}
              disabled={readOnly}
              displayLocale={settings.locale}
              value={form.value('locale')}
              onChange={(locale) => form.set('locale', locale)}
            />
          )}
        </Field>
        <Field label="Tax rounding" error={form.errors.fieldError('taxRounding')}>
          {(props) => (
            <select
              {...props}
              disabled={readOnly}
              value={form.value('taxRounding')}
              onChange={(event) => form.set('taxRounding', event.target.value as Settings['taxRounding'])}
            >
              <option value="per_document">Per invoice (sum, then round)</option>
              <option value="per_line">Per line (round each line)</option>
            </select>
          )}
        </Field>
        <Field
          label="Paper size"
          hint="Of every PDF: invoices, quotes, credit notes, statements and reports"
          error={form.errors.fieldError('paperSize')}
        >
          {(props) => (
            <select
              {...props}
              disabled={readOnly}
              value={form.value('paperSize') ?? 'country'}
              onChange={(event) =>
                form.set('paperSize', event.target.value === 'country' ? null : (event.target.value as 'a4'))
              }
            >
              <option value="country">From the country: US Letter in the US and Canada, else A4</option>
              <option value="a4">A4</option>
              <option value="letter">US Letter</option>
            </select>
          )}
        </Field>
        <Field label="Invoice discount applies" error={form.errors.fieldError('invoiceDiscountMode')}>
          {(props) => (
            <select
              {...props}
              disabled={readOnly}
              value={form.value('invoiceDiscountMode')}
              onChange={(event) =>
                form.set('invoiceDiscountMode', event.target.value as Settings['invoiceDiscountMode'])
              }
            >
              <option value="before_tax">Before tax</option>
              <option value="after_tax">After tax</option>
            </select>
          )}
        </Field>
      </div>
      <TextSetting form={form} name="defaultNotes" label="Default notes" multiline readOnly={readOnly} />
      <TextSetting form={form} name="defaultTerms" label="Default terms" multiline readOnly={readOnly} />
      <TextSetting
        form={form}
        name="paymentTermsText"
        label="Payment terms text"
        multiline
        readOnly={readOnly}
      />
    </SettingsFormCard>
  );
}
