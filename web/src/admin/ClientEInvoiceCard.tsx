import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { CountrySelect } from '../components/CountrySelect.tsx';
import { Button, ErrorBox, Field, useFormErrors, useToast } from '../components/ui.tsx';
import type { Client } from '../types.ts';
import { EAS_SCHEMES } from './eas-schemes.ts';
import { useSession } from './session.tsx';

interface ClientEInvoice {
  vatId: string;
  electronicAddress: { id: string; scheme: string };
  buyerReference: string;
  einvoiceFormat: string;
}

type ClientWithEInvoice = Client &
  Partial<ClientEInvoice> & {
    address: Client['address'] & { countryCode?: string | null; countryNeedsReview?: boolean };
  };

const FORMATS: [string, string][] = [
  ['none', 'No preference (PDF)'],
  ['peppol', 'Peppol BIS Billing 3.0'],
  ['xrechnung', 'XRechnung (UBL)'],
  ['xrechnung-cii', 'XRechnung (CII)'],
  ['facturx', 'Factur-X / ZUGFeRD'],
  ['ubl', 'UBL (EN 16931)'],
  ['cii', 'CII (EN 16931)'],
];

/** The client's e-invoice data: country, VAT number, electronic address, buyer reference, preferred format. */
export function ClientEInvoiceCard({
  client,
  onSaved,
}: {
  client: Client;
  onSaved: (client: Client) => void;
}) {
  const view = client as ClientWithEInvoice;
  const { settings } = useSession();
  const toast = useToast();
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [countryCode, setCountryCode] = useState<string | null>(view.address.countryCode ?? null);
  const [data, setData] = useState<ClientEInvoice>({
    vatId: view.vatId ?? '',
    electronicAddress: view.electronicAddress ?? { id: '', scheme: '' },
    buyerReference: view.buyerReference ?? '',
    einvoiceFormat: view.einvoiceFormat ?? 'none',
  });

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    try {
      const saved = await api.patch<Client>(`/clients/${client.id}`, { ...data, address: { countryCode } });
      onSaved(saved);
      toast('E-invoice details saved');
    } catch (error) {
      errors.setError(error as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={save} noValidate aria-labelledby="client-einvoice-heading">
      <h2 id="client-einvoice-heading">E-invoicing</h2>
      {errors.general && <ErrorBox error={errors.general} />}
      {view.address.countryNeedsReview && (
        <p className="alert alert-warning">
          The country “{client.address.country}” is not recognised as a country: choose it below.
        </p>
      )}
      <div className="grid-2">
        <Field label="Country" error={errors.fieldError('address.countryCode')}>
          {(props) => (
            <CountrySelect
              {...props}
              value={countryCode}
              onChange={setCountryCode}
              locale={settings?.locale ?? 'en'}
            />
          )}
        </Field>
        <Field
          label="VAT number"
          hint="With its country prefix, e.g. BE0123456749"
          error={errors.fieldError('vatId')}
        >
          {(props) => (
            <input
              {...props}
              value={data.vatId}
              onChange={(event) => setData({ ...data, vatId: event.target.value })}
            />
          )}
        </Field>
        <Field label="Electronic address scheme" error={errors.fieldError('electronicAddress.scheme')}>
          {(props) => (
            <select
              {...props}
              value={data.electronicAddress.scheme}
              onChange={(event) =>
                setData({
                  ...data,
                  electronicAddress: { ...data.electronicAddress, scheme: event.target.value },
                })
              }
            >
              {EAS_SCHEMES.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Electronic address"
          hint="Their Peppol id or e-invoice email"
          error={errors.fieldError('electronicAddress.id')}
        >
          {(props) => (
            <input
              {...props}
              value={data.electronicAddress.id}
              onChange={(event) =>
                setData({ ...data, electronicAddress: { ...data.electronicAddress, id: event.target.value } })
              }
            />
          )}
        </Field>
        <Field
          label="Buyer reference"
          hint="Their Leitweg-ID (German public bodies) or the reference they asked for; invoices may override it"
          error={errors.fieldError('buyerReference')}
        >
          {(props) => (
            <input
              {...props}
              value={data.buyerReference}
              onChange={(event) => setData({ ...data, buyerReference: event.target.value })}
            />
          )}
        </Field>
        <Field label="Preferred e-invoice format" error={errors.fieldError('einvoiceFormat')}>
          {(props) => (
            <select
              {...props}
              value={data.einvoiceFormat}
              onChange={(event) => setData({ ...data, einvoiceFormat: event.target.value })}
            >
              {FORMATS.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Save e-invoice details
        </Button>
      </div>
      {errors.unshown}
    </form>
  );
}
