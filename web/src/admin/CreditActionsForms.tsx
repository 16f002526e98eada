import { useState } from 'react';
import { currencyExponent, parseMoney } from '../../../src/domain/currency.ts';
import { api } from '../api.ts';
import { useApiAll } from '../api-queries.ts';
import { todayLocal } from '../components/document-body.ts';
import {
  AmountField,
  DateField,
  PaymentMethodField,
  ReferenceField,
  SubmitRow,
} from '../components/PaymentFields.tsx';
import { ErrorBox, Field, Loading, useAsync } from '../components/ui.tsx';
import { useRequest } from '../components/use-save.ts';
import { date, money } from '../format.ts';
import type { CreditNote, CreditRefundPayment, InvoiceSummary } from '../types.ts';

/** The head of a form that uses a credit note's credit: what is left of it, and a refusal no field shows. */
function CreditFormHead({ note, error }: { note: CreditNote; error: Error | null }) {
  return (
    <>
      <p className="muted">
        Credit left on this note: <strong>{money(note.credit.remaining, note.currency)}</strong>
      </p>
      {error && <ErrorBox error={error} />}
    </>
  );
}

const OPEN_STATUSES = 'sent,viewed,partially_paid,overdue';

/**
 * Applies what is left of an issued credit note to another open invoice of the same client and currency
 * (POST /invoices/{id}/apply-credit), up to that invoice's balance due.
 */
export function ApplyCreditForm({ note, onDone }: { note: CreditNote; onDone: () => void }) {
  // One client's open invoices stay few, so all of them are offered, page after page of the list.
  const invoices = useApiAll<InvoiceSummary>('/invoices', {
    clientId: note.client.id,
    status: OPEN_STATUSES,
  });
  const open = (invoices.data ?? []).filter((invoice) => invoice.currency === note.currency);
  const [invoiceId, setInvoiceId] = useState('');
  const [amount, setAmount] = useState('');
  const { busy, error, fieldError, unplaced, submit } = useRequest();
  const chosen = open.find((invoice) => invoice.id === (invoiceId || open[0]?.id));
  const apply = async () => {
    if (!chosen) return;
    await api.post(`/invoices/${chosen.id}/apply-credit`, { creditNoteId: note.id, amount: amountFor() });
    onDone();
  };
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
    <form className="form" onSubmit={submit(apply)} noValidate>
      <CreditFormHead note={note} error={unplaced(['creditNoteId', 'amount']) ? error : null} />
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

const BY_HAND = '';

/**
 * Refunds what is left of a credit note: back through the gateway of one of the client's online payments (offered
 * when there is one, the credited invoice's first), or recorded as paid back outside Remit (method, date, reference).
 */
export function RefundForm({ note, onDone }: { note: CreditNote; onDone: () => void }) {
  const payments = useAsync(
    () => api.get<{ items: CreditRefundPayment[] }>(`/credit-notes/${note.id}/refund-payments`),
    [note.id],
  );
  const [paymentId, setPaymentId] = useState<string | null>(null);
  const [amount, setAmount] = useState(note.credit.remaining);
  const [refundedOn, setRefundedOn] = useState(todayLocal());
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const { busy, error, fieldError, unplaced, submit } = useRequest();
  const online = payments.data?.items ?? [];
  // Through the first eligible payment unless staff choose otherwise.
  const chosenId = paymentId ?? online[0]?.paymentId ?? BY_HAND;
  const chosen = online.find((payment) => payment.paymentId === chosenId);

  const refund = async () => {
    const body = chosen
      ? { method: 'gateway', paymentId: chosen.paymentId, amount, reference: reference || undefined }
      : { amount, date: refundedOn, method, reference };
    await api.post(`/credit-notes/${note.id}/refunds`, body);
    onDone();
  };

  function choose(id: string) {
    setPaymentId(id);
    const payment = online.find((item) => item.paymentId === id);
    if (!payment) return setAmount(note.credit.remaining);
    // As much as both allow: the credit left, at most what the payment can still give back.
    const exponent = currencyExponent(note.currency);
    const left = parseMoney(note.credit.remaining, exponent, 'remaining');
    const refundable = parseMoney(payment.refundable, exponent, 'refundable');
    setAmount(refundable < left ? payment.refundable : note.credit.remaining);
  }

  if (payments.error) return <ErrorBox error={payments.error} onRetry={payments.reload} />;
  if (!payments.data) return <Loading what="Loading online payments" />;
  return (
    <form className="form" onSubmit={submit(refund)} noValidate>
      <CreditFormHead
        note={note}
        error={unplaced(['amount', 'date', 'method', 'paymentId', 'reference']) ? error : null}
      />
      <Field
        label="Refund"
        error={fieldError('paymentId')}
        hint={
          chosen
            ? `${chosen.providerName} sends the money back to the card or account that paid, now.`
            : 'You have paid the money back yourself; Remit records it.'
        }
      >
        {(props) => (
          <select {...props} value={chosenId} onChange={(event) => choose(event.target.value)}>
            {online.map((payment) => (
              <option key={payment.paymentId} value={payment.paymentId}>
                Through {payment.providerName}: payment of {date(payment.paidOn)} on{' '}
                {payment.invoiceNumber ?? 'an invoice'} ({money(payment.refundable, note.currency)}{' '}
                refundable)
              </option>
            ))}
            <option value={BY_HAND}>Recorded by hand (paid back outside Remit)</option>
          </select>
        )}
      </Field>
      <AmountField
        currency={note.currency}
        value={amount}
        onChange={setAmount}
        error={fieldError('amount')}
      />
      {!chosen && (
        <>
          <DateField
            label="Date refunded"
            value={refundedOn}
            onChange={setRefundedOn}
            error={fieldError('date')}
          />
          <PaymentMethodField value={method} onChange={setMethod} error={fieldError('method')} />
        </>
      )}
      <ReferenceField
        value={reference}
        onChange={setReference}
        hint={chosen ? "Leave empty for the provider's refund id" : 'Transfer reference, cheque number…'}
        error={fieldError('reference')}
      />
      <SubmitRow busy={busy}>{chosen ? `Refund through ${chosen.providerName}` : 'Record refund'}</SubmitRow>
    </form>
  );
}
