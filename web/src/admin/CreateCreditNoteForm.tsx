import { useState } from 'react';
import { currencyExponent, formatMinor, parseMoney } from '../../../src/domain/currency.ts';
import { api } from '../api.ts';
import { RecordTable } from '../components/ListCard.tsx';
import { SubmitRow } from '../components/PaymentFields.tsx';
import { ErrorBox, Field, useToast } from '../components/ui.tsx';
import { useRequest } from '../components/use-save.ts';
import { money } from '../format.ts';
import { navigate } from '../router.tsx';
import type { CreditNote, Invoice } from '../types.ts';

type Basis = 'remaining' | 'lines' | 'amount';

const CREDIT_LINE_COLUMNS = [
  { label: 'Line' },
  { label: 'Invoiced', className: 'num' },
  { label: 'Credit quantity', className: 'num' },
];

/** The invoice total less its issued credit notes: what a credit note for "the rest" comes to. */
function uncreditedTotal(invoice: Invoice): string {
  const exponent = currencyExponent(invoice.currency);
  const credited = (invoice.creditNotes ?? [])
    .filter((note) => note.status === 'issued')
    .reduce((sum, note) => sum + parseMoney(note.total, exponent, 'total'), 0n);
  return formatMinor(parseMoney(invoice.totals.total, exponent, 'total') - credited, exponent);
}

/**
 * Creates a draft credit note for an invoice and opens it: for what is left to credit on the invoice, for chosen
 * lines and quantities, or for a free amount. With `mode="cancel"` (organisations whose corrections need a credit
 * note) it credits what is left and issues the credit note at once, which cancels the invoice.
 */
export function CreateCreditNoteForm({ invoice, mode }: { invoice: Invoice; mode: 'credit' | 'cancel' }) {
  const toast = useToast();
  const [basis, setBasis] = useState<Basis>('remaining');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, fieldError, unplaced, submit } = useRequest();
  const placed = (field: string) =>
    field === 'reason' ||
    field === 'amount' ||
    field === 'lines' ||
    field.startsWith('lines.') ||
    field === 'mode';

  // The invoice lines given a quantity, in order; the server names them by their place in this list.
  const chosenLines = invoice.lines
    .map((line, index) => ({ index, invoiceLineId: line.id, quantity: (quantities[line.id] ?? '').trim() }))
    .filter((line) => line.quantity !== '');

  function request() {
    if (basis === 'remaining') return { mode: basis, reason };
    if (basis === 'amount') return { mode: basis, reason, amount };
    return {
      mode: basis,
      reason,
      lines: chosenLines.map(({ invoiceLineId, quantity }) => ({ invoiceLineId, quantity })),
    };
  }

  async function create() {
    if (mode === 'cancel') {
      const { creditNote } = await api.post<{ creditNote: CreditNote }>(`/invoices/${invoice.id}/cancel`, {
        reason,
      });
      toast('Invoice cancelled with a credit note');
      navigate(`/app/credit-notes/${creditNote.id}`);
    } else {
      const draft = await api.post<CreditNote>(`/invoices/${invoice.id}/credit-notes`, request());
      toast('Draft credit note created');
      navigate(`/app/credit-notes/${draft.id}`);
    }
  }

  const uncredited = uncreditedTotal(invoice);

  const lineError = (invoiceLineIndex: number) => {
    const sent = chosenLines.findIndex((line) => line.index === invoiceLineIndex);
    if (sent < 0) return undefined;
    return (
      fieldError(`lines.${sent}.quantity`) ??
      fieldError(`lines.${sent}.invoiceLineId`) ??
      fieldError(`lines.${sent}`)
    );
  };

  return (
    <form className="form credit-note-form" onSubmit={submit(create)} noValidate>
      {mode === 'cancel' ? (
        <p>
          The invoice keeps its number and stays on record. A credit note for everything not credited yet (
          {money(uncredited, invoice.currency)}) is issued at once and cancels it; what the client already
          paid becomes their credit.
        </p>
      ) : (
        <p className="muted">
          The credit note refers to invoice {invoice.number}. It is a draft until you issue it; issuing lowers
          the balance due.
        </p>
      )}
      {error && unplaced(placed) && <ErrorBox error={error} />}
      {mode === 'credit' && (
        <fieldset className="checks choices">
          <legend>What to credit</legend>
          {(
            [
              ['remaining', `Everything not credited yet (${money(uncredited, invoice.currency)})`],
              ['lines', 'Chosen lines and quantities'],
              ['amount', 'A free amount'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="checkbox">
              <input
                type="radio"
                name="credit-basis"
                checked={basis === value}
                onChange={() => setBasis(value)}
              />
              {label}
            </label>
          ))}
          {fieldError('mode') && <p className="field-error">{fieldError('mode')}</p>}
        </fieldset>
      )}
      {mode === 'credit' && basis === 'lines' && (
        <>
          <RecordTable
            className="credit-lines"
            caption="Quantities to credit per line"
            columns={CREDIT_LINE_COLUMNS}
          >
            {invoice.lines.map((line, index) => (
              <tr key={line.id}>
                <td>{line.description}</td>
                <td className="num">
                  {line.quantity} × {money(line.unitPrice, invoice.currency)}
                </td>
                <td className="num">
                  <Field label={`Credit quantity for line ${index + 1}`} error={lineError(index)}>
                    {(props) => (
                      <input
                        {...props}
                        inputMode="decimal"
                        placeholder="0"
                        value={quantities[line.id] ?? ''}
                        onChange={(event) =>
                          setQuantities((current) => ({ ...current, [line.id]: event.target.value }))
                        }
                      />
                    )}
                  </Field>
                </td>
              </tr>
            ))}
          </RecordTable>
          {fieldError('lines') && <p className="field-error">{fieldError('lines')}</p>}
        </>
      )}
      {mode === 'credit' && basis === 'amount' && (
        <Field label={`Amount (${invoice.currency})`} hint="Tax included" error={fieldError('amount')}>
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          )}
        </Field>
      )}
      <Field label="Reason" hint="Printed on the credit note" error={fieldError('reason')}>
        {(props) => (
          <textarea {...props} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
        )}
      </Field>
      <SubmitRow busy={busy} variant={mode === 'cancel' ? 'danger' : 'primary'}>
        {mode === 'cancel' ? 'Cancel invoice with credit note' : 'Create draft credit note'}
      </SubmitRow>
    </form>
  );
}
