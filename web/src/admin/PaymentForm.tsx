import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { todayLocal } from '../components/document-body.ts';
import { Button, ErrorBox, Field } from '../components/ui.tsx';
import { money, PAYMENT_METHOD_LABELS } from '../format.ts';
import type { Invoice } from '../types.ts';

/** Records an offline payment (bank transfer, cheque, cash…) against an invoice, for its balance by default. */
export function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: (invoice: Invoice) => void }) {
  const [amount, setAmount] = useState(invoice.totals.balanceDue);
  const [paidOn, setPaidOn] = useState(todayLocal());
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
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
      {error && !(error instanceof ApiError && error.errors.length) && <ErrorBox error={error} />}
      <Field label={`Amount (${invoice.currency})`} error={fieldError('amount')}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        )}
      </Field>
      <Field label="Date received" error={fieldError('paidOn')}>
        {(props) => (
          <input {...props} type="date" value={paidOn} onChange={(event) => setPaidOn(event.target.value)} />
        )}
      </Field>
      <Field label="Method" error={fieldError('method')}>
        {(props) => (
          <select {...props} value={method} onChange={(event) => setMethod(event.target.value)}>
            {Object.entries(PAYMENT_METHOD_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Reference" hint="Cheque number, transfer reference…" error={fieldError('reference')}>
        {(props) => (
          <input {...props} value={reference} onChange={(event) => setReference(event.target.value)} />
        )}
      </Field>
      <Field label="Note" error={fieldError('note')}>
        {(props) => (
          <textarea {...props} rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Record payment
        </Button>
      </div>
    </form>
  );
}
