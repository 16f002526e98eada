import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { todayLocal } from '../components/document-body.ts';
import {
  AmountField,
  DateField,
  PaymentMethodField,
  ReferenceField,
  SubmitRow,
} from '../components/PaymentFields.tsx';
import { ErrorBox, Field, useFormErrors } from '../components/ui.tsx';
import { money } from '../format.ts';
import type { Invoice } from '../types.ts';

/** Records an offline payment (bank transfer, cheque, cash…) against an invoice, for its balance by default. */
export function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: (invoice: Invoice) => void }) {
  const [amount, setAmount] = useState(invoice.totals.balanceDue);
  const [paidOn, setPaidOn] = useState(todayLocal());
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const { setError, fieldError } = errors;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ invoice: Invoice }>(`/invoices/${invoice.id}/payments`, {
        amount,
        paidOn,
        method,
        reference,
        note,
      });
      onDone(result.invoice);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        Balance due: <strong>{money(invoice.totals.balanceDue, invoice.currency)}</strong>
      </p>
      {errors.general && <ErrorBox error={errors.general} />}
      <AmountField
        currency={invoice.currency}
        value={amount}
        onChange={setAmount}
        error={fieldError('amount')}
      />
      <DateField label="Date received" value={paidOn} onChange={setPaidOn} error={fieldError('paidOn')} />
      <PaymentMethodField value={method} onChange={setMethod} error={fieldError('method')} />
      <ReferenceField
        value={reference}
        onChange={setReference}
        hint="Cheque number, transfer reference…"
        error={fieldError('reference')}
      />
      <Field label="Note" error={fieldError('note')}>
        {(props) => (
          <textarea {...props} rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        )}
      </Field>
      <SubmitRow busy={busy}>Record payment</SubmitRow>
      {errors.unshown}
    </form>
  );
}
