import { type FormEvent, useState } from 'react';
import { currencyExponent, parseMoney } from '../../../src/domain/currency.ts';
import { ApiError, api, query } from '../api.ts';
import { todayLocal } from '../components/document-body.ts';
import {
  AmountField,
  DateField,
  PaymentMethodField,
  ReferenceField,
  SubmitRow,
} from '../components/PaymentFields.tsx';
import { ErrorBox, Field, Loading, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import type { CreditNote, InvoiceSummary, Page } from '../types.ts';

/** Field errors of a refused request, and whether some error has no field shown on the form. */
function useRequestError(fields: string[]) {
  const [error, setError] = useState<Error | null>(null);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  const unplaced = error !== null && !fields.some((field) => fieldError(field));
  return { error, setError, fieldError, unplaced };
}

const OPEN_STATUSES = 'sent,viewed,partially_paid,overdue';

/**
 * Applies what is left of an issued credit note to another open invoice of the same client and currency
 * (POST /invoices/{id}/apply-credit), up to that invoice's balance due.
 */
export function ApplyCreditForm({ note, onDone }: { note: CreditNote; onDone: () => void }) {
  const invoices = useAsync(
    () =>
      api.get<Page<InvoiceSummary>>(
        `/invoices${query({ clientId: note.client.id, status: OPEN_STATUSES, limit: 100 })}`,
      ),
    [note.client.id],
  );
  const open = (invoices.data?.items ?? []).filter((invoice) => invoice.currency === note.currency);
  const [invoiceId, setInvoiceId] = useState('');
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const { error, setError, fieldError, unplaced } = useRequestError(['creditNoteId', 'amount']);
  const chosen = open.find((invoice) => invoice.id === (invoiceId || open[0]?.id));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/invoices/${chosen.id}/apply-credit`, { creditNoteId: note.id, amount: amountFor() });
      onDone();
    } catch (caught) {
      setError(caught as Error);
      setBusy(false);
    }
  }
  // By default as much as both allow: what is left of the credit, at most the invoice's balance.
  function amountFor(): string {
    if (amount.trim()) return amount.trim();
    if (!chosen) return note.credit.remaining;
    const exponent = currencyExponent(note.currency);
    const balance = parseMoney(chosen.balanceDue, exponent, 'balanceDue');
    const left = parseMoney(note.credit.remaining, exponent, 'amountRemaining');
    return balance < left ? chosen.balanceDue : note.credit.remaining;
  }

  if (invoices.error) return <ErrorBox error={invoices.error} onRetry={invoices.reload} />;
  if (!invoices.data) return <Loading what="Loading open invoices" />;
  if (open.length === 0) {
    return (
      <p className="alert alert-info">
        {note.client.name} has no other open invoice in {note.currency}. The credit stays on their account;
        you can also record it as refunded.
      </p>
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        Credit left on this note: <strong>{money(note.credit.remaining, note.currency)}</strong>
      </p>
      {unplaced && error && <ErrorBox error={error} />}
      <Field label="Invoice">
        {(props) => (
          <select {...props} value={chosen?.id ?? ''} onChange={(event) => setInvoiceId(event.target.value)}>
            {open.map((invoice) => (
              <option key={invoice.id} value={invoice.id}>
                {invoice.number} · due {date(invoice.dueDate)} · {money(invoice.balanceDue, invoice.currency)}{' '}
                to pay
              </option>
            ))}
          </select>
        )}
      </Field>
      <AmountField
        currency={note.currency}
        value={amount}
        onChange={setAmount}
        hint={`Leave empty for ${money(amountFor(), note.currency)}`}
        error={fieldError('amount') ?? fieldError('creditNoteId')}
      />
      <SubmitRow busy={busy}>Apply credit</SubmitRow>
    </form>
  );
}

/** Records that what is left of a credit note was paid back to the client (method, date, reference). */
export function RefundForm({ note, onDone }: { note: CreditNote; onDone: () => void }) {
  const [amount, setAmount] = useState(note.credit.remaining);
  const [refundedOn, setRefundedOn] = useState(todayLocal());
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const { error, setError, fieldError, unplaced } = useRequestError([
    'amount',
    'date',
    'method',
    'reference',
  ]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/credit-notes/${note.id}/refunds`, { amount, date: refundedOn, method, reference });
      onDone();
    } catch (caught) {
      setError(caught as Error);
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        Credit left on this note: <strong>{money(note.credit.remaining, note.currency)}</strong>
      </p>
      {unplaced && error && <ErrorBox error={error} />}
      <AmountField
        currency={note.currency}
        value={amount}
        onChange={setAmount}
        error={fieldError('amount')}
      />
      <DateField
        label="Date refunded"
        value={refundedOn}
        onChange={setRefundedOn}
        error={fieldError('date')}
      />
      <PaymentMethodField value={method} onChange={setMethod} error={fieldError('method')} />
      <ReferenceField
        value={reference}
        onChange={setReference}
        hint="Transfer reference, cheque number…"
        error={fieldError('reference')}
      />
      <SubmitRow busy={busy}>Record refund</SubmitRow>
    </form>
  );
}
