import { useState } from 'react';
import { api } from '../api.ts';
import { Button, ErrorBox, Loading, useAsync, useFormErrors, useToast } from '../components/ui.tsx';
import type { TaxRate } from '../types.ts';

type VatTaxRate = TaxRate & {
  vatCategory?: string | null;
  exemptionReason?: string;
  vatexCode?: string | null;
};

const CATEGORIES: [string, string][] = [
  ['', 'Not VAT (e.g. sales tax)'],
  ['S', 'S: standard rate'],
  ['Z', 'Z: zero rated'],
  ['E', 'E: exempt'],
  ['AE', 'AE: reverse charge'],
  ['K', 'K: intra-community supply'],
  ['G', 'G: export outside the EU'],
  ['O', 'O: not subject to VAT'],
  ['L', 'L: Canary Islands (IGIC)'],
  ['M', 'M: Ceuta and Melilla (IPSI)'],
];

/** Settings, Taxes: the VAT category of each rate, with the exemption reason where the category needs one. */
export function TaxRateVatCategories({ readOnly }: { readOnly: boolean }) {
  const { data, error, loading, reload } = useAsync(() => api.get<{ items: VatTaxRate[] }>('/tax-rates'), []);
  return (
    <div className="card">
      <h2>VAT categories for e-invoices</h2>
      <p className="muted small">
        Every line of an e-invoice needs exactly one VAT rate with its category. Zero rated, exempt, reverse
        charge, intra-community, export and not-subject rates are 0 %; exempt rates state the reason.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading tax rates" />}
      {data?.items.map((rate) => (
        <VatRow
          key={`${rate.id}-${rate.vatCategory ?? ''}`}
          rate={rate}
          readOnly={readOnly}
          onSaved={reload}
        />
      ))}
    </div>
  );
}

function VatRow({ rate, readOnly, onSaved }: { rate: VatTaxRate; readOnly: boolean; onSaved: () => void }) {
  const toast = useToast();
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [category, setCategory] = useState(rate.vatCategory ?? '');
  const [reason, setReason] = useState(rate.exemptionReason ?? '');
  const [vatex, setVatex] = useState(rate.vatexCode ?? '');
  const exemption = ['E', 'AE', 'K', 'G', 'O'].includes(category);
  async function save() {
    setBusy(true);
    errors.setError(null);
    try {
      await api.patch(`/tax-rates/${rate.id}`, {
        vatCategory: category || null,
        exemptionReason: exemption ? reason : '',
        vatexCode: exemption && vatex ? vatex : null,
      });
      toast(`${rate.name} saved`);
      onSaved();
    } catch (caught) {
      errors.setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  const id = `vat-${rate.id}`;
  const problem =
    errors.fieldError('vatCategory') ??
    errors.fieldError('rate') ??
    errors.fieldError('exemptionReason') ??
    errors.fieldError('vatexCode') ??
    errors.fieldError('compound') ??
    errors.general;
  return (
    <fieldset className="form inline-form wrap">
      <legend>
        {rate.name} ({rate.rate}%)
      </legend>
      <label htmlFor={`${id}-category`}>VAT category</label>
      <select
        id={`${id}-category`}
        disabled={readOnly}
        value={category}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(event) => setCategory(event.target.value)}
      >
        {CATEGORIES.map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </select>
      {exemption && (
        <>
          <label htmlFor={`${id}-reason`}>Exemption reason</label>
          <input
            id={`${id}-reason`}
            readOnly={readOnly}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <label htmlFor={`${id}-vatex`}>VATEX code</label>
          <input
            id={`${id}-vatex`}
            readOnly={readOnly}
            placeholder="e.g. VATEX-EU-AE"
            value={vatex}
            onChange={(event) => setVatex(event.target.value)}
          />
        </>
      )}
      {!readOnly && (
        <Button small busy={busy} onClick={save}>
          Save
        </Button>
      )}
      {problem && (
        <p className="field-error full" id={`${id}-error`} role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
