import { useState } from 'react';
import { api } from '../api.ts';
import { SubmitRow } from '../components/PaymentFields.tsx';
import { ErrorBox, useToast } from '../components/ui.tsx';
import { useRequest } from '../components/use-save.ts';
import { navigate } from '../router.tsx';
import type { Invoice, Quote } from '../types.ts';

/** The answer of POST /quotes/:id/convert: the invoice made (and the quote, now Invoiced). */
type Converted = { invoice: Invoice; quote?: Quote } | Invoice;

/** Turns an accepted quote into an invoice with the same lines and figures, as a draft or issued at once. */
export function ConvertQuoteForm({ quote }: { quote: Quote }) {
  const toast = useToast();
  const [issue, setIssue] = useState(false);
  const { busy, error, submit } = useRequest();
  const convert = async () => {
    const result = await api.post<Converted>(`/quotes/${quote.id}/convert`, { issue });
    const invoice = 'invoice' in result && result.invoice ? result.invoice : (result as Invoice);
    toast(issue ? `Invoice ${invoice.number ?? ''} issued` : 'Draft invoice created');
    navigate(`/app/invoices/${invoice.id}`);
  };

  return (
    <form className="form" onSubmit={submit(convert)} noValidate>
      <p className="muted">The invoice gets the quote's client, lines, discounts, taxes, notes and terms.</p>
      {error && <ErrorBox error={error} />}
      <fieldset className="checks choices">
        <legend>The invoice</legend>
        <label className="checkbox">
          <input type="radio" name="convert-issue" checked={!issue} onChange={() => setIssue(false)} />
          Create it as a draft, to review before issuing
        </label>
        <label className="checkbox">
          <input type="radio" name="convert-issue" checked={issue} onChange={() => setIssue(true)} />
          Issue it now (it gets its number)
        </label>
      </fieldset>
      <SubmitRow busy={busy}>Convert to invoice</SubmitRow>
    </form>
  );
}
