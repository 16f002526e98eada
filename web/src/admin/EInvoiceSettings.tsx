import { useState } from 'react';
import { api } from '../api.ts';
import { ChoiceSelect } from '../components/ChoiceSelect.tsx';
import { CountrySelect } from '../components/CountrySelect.tsx';
import { Button, ErrorBox, Field, useToast } from '../components/ui.tsx';
import { useSave } from '../components/use-save.ts';
import type { Settings } from '../types.ts';
import { ElectronicAddressFields } from './ElectronicAddressFields.tsx';
import { useSession } from './session.tsx';

interface EInvoicing {
  legalName: string;
  vatId: string;
  taxRegistrationId: string;
  legalRegistration: { id: string; scheme: string };
  electronicAddress: { id: string; scheme: string };
  contact: { name: string; phone: string; email: string };
  paymentMeans: { code: string; iban: string; bic: string; accountName: string };
}

type EInvoiceSettingsView = Settings & {
  einvoicing?: EInvoicing;
  address: Settings['address'] & { countryCode?: string | null; countryNeedsReview?: boolean };
};

const EMPTY: EInvoicing = {
  legalName: '',
  vatId: '',
  taxRegistrationId: '',
  legalRegistration: { id: '', scheme: '' },
  electronicAddress: { id: '', scheme: '' },
  contact: { name: '', phone: '', email: '' },
  paymentMeans: { code: '58', iban: '', bic: '', accountName: '' },
};

const PAYMENT_MEANS: [string, string][] = [
  ['58', 'SEPA bank transfer (58)'],
  ['30', 'Bank transfer (30)'],
  ['68', 'Online payment service (68)'],
  ['48', 'Bank card (48)'],
  ['54', 'Credit card (54)'],
];

/** Settings, Invoicing: what e-invoices (EN 16931, Peppol, XRechnung) need to know about the organisation. */
export function EInvoiceSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const view = settings as EInvoiceSettingsView;
  const { reloadSettings } = useSession();
  const toast = useToast();
  const save = useSave();
  const { errors } = save;
  const [data, setData] = useState<EInvoicing>(view.einvoicing ?? EMPTY);
  const [countryCode, setCountryCode] = useState<string | null>(view.address.countryCode ?? null);
  const set = <K extends keyof EInvoicing>(key: K, value: EInvoicing[K]) =>
    setData((d) => ({ ...d, [key]: value }));

  const submit = save.submit(async () => {
    await api.patch('/settings', { einvoicing: data, address: { countryCode } });
    reloadSettings();
    toast('E-invoicing settings saved');
  });

  const text = (
    label: string,
    field: string,
    value: string,
    onChange: (v: string) => void,
    hint?: string,
  ) => (
    <Field label={label} hint={hint} error={errors.fieldError(`einvoicing.${field}`)}>
      {(props) => (
        <input
          {...props}
          readOnly={readOnly}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="einvoicing-heading">
      <h2 id="einvoicing-heading">E-invoicing</h2>
      <p className="muted small">
        What structured invoices (UBL, CII, Peppol, XRechnung) say about your organisation. The invoice page
        lists anything a format still needs.
      </p>
      {errors.general && <ErrorBox error={errors.general} />}
      {view.address.countryNeedsReview && (
        <p className="alert alert-warning">
          Your country “{settings.address.country}” is not recognised as a country: choose it below.
        </p>
      )}
      <div className="grid-2">
        {text(
          'Legal name',
          'legalName',
          data.legalName,
          (v) => set('legalName', v),
          'Default: the business name',
        )}
        <Field label="Country" error={errors.fieldError('address.countryCode')}>
          {(props) => (
            <CountrySelect
              {...props}
              disabled={readOnly}
              value={countryCode}
              onChange={setCountryCode}
              locale={settings.locale}
            />
          )}
        </Field>
        {text(
          'VAT number',
          'vatId',
          data.vatId,
          (v) => set('vatId', v),
          'With its country prefix, e.g. DE123456789',
        )}
        {text('Tax number', 'taxRegistrationId', data.taxRegistrationId, (v) => set('taxRegistrationId', v))}
        {text('Company registration number', 'legalRegistration.id', data.legalRegistration.id, (v) =>
          set('legalRegistration', { ...data.legalRegistration, id: v }),
        )}
        {text(
          'Registration scheme',
          'legalRegistration.scheme',
          data.legalRegistration.scheme,
          (v) => set('legalRegistration', { ...data.legalRegistration, scheme: v }),
          'Optional ISO 6523 code, e.g. 0208 for a Belgian enterprise number',
        )}
      </div>
      <h3>Electronic address</h3>
      <div className="grid-2">
        <ElectronicAddressFields
          value={data.electronicAddress}
          onChange={(electronicAddress) => set('electronicAddress', electronicAddress)}
          path="einvoicing.electronicAddress"
          fieldError={errors.fieldError}
          schemeLabel="Scheme"
          readOnly={readOnly}
        />
      </div>
      <h3>Contact for invoices</h3>
      <div className="grid-2">
        {text('Contact name', 'contact.name', data.contact.name, (v) =>
          set('contact', { ...data.contact, name: v }),
        )}
        {text('Contact phone', 'contact.phone', data.contact.phone, (v) =>
          set('contact', { ...data.contact, phone: v }),
        )}
        {text('Contact email', 'contact.email', data.contact.email, (v) =>
          set('contact', { ...data.contact, email: v }),
        )}
      </div>
      <h3>Payment</h3>
      <div className="grid-2">
        <Field label="Payment means" error={errors.fieldError('einvoicing.paymentMeans.code')}>
          {(props) => (
            <ChoiceSelect
              {...props}
              disabled={readOnly}
              choices={PAYMENT_MEANS}
              value={data.paymentMeans.code}
              onChange={(code) => set('paymentMeans', { ...data.paymentMeans, code })}
            />
          )}
        </Field>
        {text('IBAN', 'paymentMeans.iban', data.paymentMeans.iban, (v) =>
          set('paymentMeans', { ...data.paymentMeans, iban: v }),
        )}
        {text('BIC', 'paymentMeans.bic', data.paymentMeans.bic, (v) =>
          set('paymentMeans', { ...data.paymentMeans, bic: v }),
        )}
        {text('Account name', 'paymentMeans.accountName', data.paymentMeans.accountName, (v) =>
          set('paymentMeans', { ...data.paymentMeans, accountName: v }),
        )}
      </div>
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.busy}>
            Save e-invoicing settings
          </Button>
        </div>
      )}
      {errors.unshown}
    </form>
  );
}
