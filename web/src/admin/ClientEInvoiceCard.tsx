import { useState } from 'react';
import { api } from '../api.ts';
import { ChoiceSelect } from '../components/ChoiceSelect.tsx';
import { CountrySelect } from '../components/CountrySelect.tsx';
import { Button, ErrorBox, Field, useToast } from '../components/ui.tsx';
import { useSave } from '../components/use-save.ts';
import type { Client } from '../types.ts';
import { ElectronicAddressFields } from './ElectronicAddressFields.tsx';
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
  const save = useSave();
  const { errors } = save;
  const [countryCode, setCountryCode] = useState<string | null>(view.address.countryCode ?? null);
  const [data, setData] = useState<ClientEInvoice>({
    vatId: view.vatId ?? '',
    electronicAddress: view.electronicAddress ?? { id: '', scheme: '' },
    buyerReference: view.buyerReference ?? '',
    einvoiceFormat: view.einvoiceFormat ?? 'none',
  });

  const submit = save.submit(async () => {
    onSaved(await api.patch<Client>(`/clients/${client.id}`, { ...data, address: { countryCode } }));
    toast('E-invoice details saved');
  });

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="client-einvoice-heading">
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
        <ElectronicAddressFields
          value={data.electronicAddress}
          onChange={(electronicAddress) => setData({ ...data, electronicAddress })}
          path="electronicAddress"
          fieldError={errors.fieldError}
          schemeLabel="Electronic address scheme"
          idHint="Their Peppol id or e-invoice email"
        />
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
            <ChoiceSelect
              {...props}
              choices={FORMATS}
              value={data.einvoiceFormat}
              onChange={(einvoiceFormat) => setData({ ...data, einvoiceFormat })}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.busy}>
          Save e-invoice details
        </Button>
      </div>
      {errors.unshown}
    </form>
  );
}
