import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { todayLocal } from '../components/document-body.ts';
import {
  AmountField,
  DateField,
  PaymentMethodField,
  ReferenceField,
  SubmitRow,
} from '../components/PaymentFields.tsx';
import { ErrorBox, Field } from '../components/ui.tsx';
import { useSave } from '../components/use-save.ts';
import { money } from '../format.ts';
import type { Client, Invoice } from '../types.ts';

/**
 * Records an offline payment (bank transfer, cheque, cash…) against an invoice, for its balance by default, and
 * offers to email the client a receipt: ticked when the client has a billing email.
 */
export function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: (invoice: Invoice) => void }) {
  const [amount, setAmount] = useState(invoice.totals.balanceDue);
  const [paidOn, setPaidOn] = useState(todayLocal());
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [billingEmail, setBillingEmail] = useState<string | null>(null);
  const [emailReceipt, setEmailReceipt] = useState(false);
  const { busy, errors, submit } = useSave();
  useEffect(() => {
    let current = true;
    api
      .get<Client>(`/clients/${invoice.client.id}`)
      .then((client) => {
        if (!current) return;
        const email = client.email.trim();
        setBillingEmail(email);
        setEmailReceipt(email !== '');
      })
      // Without the client the box stays unticked: the payment can still be recorded.
      .catch(() => current && setBillingEmail(''));
    return () => {
      current = false;
    };
  }, [invoice.client.id]);
  const { fieldError } = errors;
  const record = async () => {
    const result = await api.post<{ invoice: Invoice }>(`/invoices/${invoice.id}/payments`, {
      amount,
      paidOn,
      method,
      reference,
      note,
      emailReceipt,
    });
    onDone(result.invoice);
  };
  const receiptError = fieldError('emailReceipt');
  return (
    <form className="form" onSubmit={submit(record)} noValidate>
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
      <label className="checkbox">
        <input
          type="checkbox"
          checked={emailReceipt}
          disabled={billingEmail === null}
          onChange={(event) => setEmailReceipt(event.target.checked)}
        />
        Email a receipt{billingEmail ? ` to ${billingEmail}` : ''}
      </label>
      {receiptError && <p className="field-error">{receiptError}</p>}
      <SubmitRow busy={busy}>Record payment</SubmitRow>
      {errors.unshown}
    </form>
  );
}
