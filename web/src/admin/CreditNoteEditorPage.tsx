import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, api } from '../api.ts';
import {
  type ChargesChange,
  type ChargesDraft,
  chargesFields,
  chargesOf,
  chargesPayload,
  liveFieldError,
  liveTotals,
} from '../components/charges.ts';
import { LineItemsEditor } from '../components/LineItemsEditor.tsx';
import { TotalsCard } from '../components/TotalsCard.tsx';
import { UnplacedErrors } from '../components/UnplacedErrors.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useToast } from '../components/ui.tsx';
import { Link, navigate, usePageTitle } from '../router.tsx';
import type { CreditNote, TaxRate } from '../types.ts';

interface EditorData {
  note: CreditNote;
  taxRates: TaxRate[];
}

/**
 * Edits a draft credit note: its lines (with the catalogue), date, reason and notes. Client, currency, the document
 * discount and taxes are the credited invoice's and stay as they are; each line keeps the invoice line it credits.
 */
export function CreditNoteEditorPage({ id }: { id: string }) {
  const loaded = useAsync(async (): Promise<EditorData> => {
    const [note, taxRates] = await Promise.all([
      api.get<CreditNote>(`/credit-notes/${id}`),
      api.get<{ items: TaxRate[] }>('/tax-rates'),
    ]);
    return { note, taxRates: taxRates.items };
  }, [id]);
  usePageTitle('Edit credit note');
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Preparing the editor" />;
  return <Editor data={loaded.data} />;
}

function Editor({ data }: { data: EditorData }) {
  const toast = useToast();
  const { note, taxRates } = data;
  const [charges, setCharges] = useState<ChargesDraft>(() => chargesOf(note));
  // The invoice line each draft line credits, by the draft's key (lines added here credit none).
  const [creditedLine] = useState(
    () => new Map(charges.lines.map((line, index) => [line.key, note.lines[index]?.invoiceLineId ?? null])),
  );
  const [issueDate, setIssueDate] = useState(note.issueDate);
  const [reason, setReason] = useState(note.reason);
  const [notes, setNotes] = useState(note.notes);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<Error | null>(null);
  const live = useMemo(
    () =>
      liveTotals({
        currency: note.currency,
        charges,
        settings: { taxRounding: note.taxRounding, invoiceDiscountMode: note.invoiceDiscountMode },
      }),
    [charges, note],
  );
  const fieldError = (field: string) => {
    if (serverError instanceof ApiError) {
      const message = serverError.fieldMessage(field);
      if (message) return message;
    }
    return liveFieldError(live, field);
  };
  const placed = new Set([...chargesFields(charges), 'issueDate', 'reason', 'notes']);
  for (let index = 0; index < charges.lines.length; index++) placed.add(`lines.${index}.invoiceLineId`);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setServerError(null);
    try {
      const { lines } = chargesPayload(charges);
      const saved = await api.patch<CreditNote>(`/credit-notes/${note.id}`, {
        issueDate,
        reason,
        notes,
        lines: lines.map((line, index) => ({
          ...line,
          invoiceLineId: creditedLine.get(charges.lines[index]!.key) ?? null,
        })),
      });
      toast('Credit note saved');
      navigate(`/app/credit-notes/${saved.id}`);
    } catch (caught) {
      setServerError(caught as Error);
      setBusy(false);
    }
  }

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/credit-notes">Credit notes</Link> /{' '}
            <Link href={`/app/credit-notes/${note.id}`}>Draft</Link>
          </p>
          <h1 tabIndex={-1}>Edit draft credit note</h1>
          <p className="muted">
            {note.client.name} · credits invoice{' '}
            <Link href={`/app/invoices/${note.invoice.id}`}>{note.invoice.number}</Link> · {note.currency}
          </p>
        </div>
      </div>
      {note.status !== 'draft' ? (
        <p className="alert alert-info">An issued credit note cannot be changed.</p>
      ) : (
        <form className="editor" onSubmit={save} noValidate>
          <div className="card form">
            <h2>Credit note</h2>
            <div className="grid-3">
              <Field label="Date" error={fieldError('issueDate')}>
                {(props) => (
                  <input
                    {...props}
                    type="date"
                    value={issueDate}
                    onChange={(event) => setIssueDate(event.target.value)}
                  />
                )}
              </Field>
            </div>
            <Field label="Reason" hint="Printed on the credit note" error={fieldError('reason')}>
              {(props) => (
                <textarea
                  {...props}
                  rows={2}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              )}
            </Field>
          </div>
          <LineItemsEditor
            charges={charges}
            onChange={(change: ChargesChange) =>
              setCharges((current) => ({ ...current, ...change(current) }))
            }
            rates={taxRates.filter((rate) => !rate.archived)}
            currency={note.currency}
            totals={live.totals}
            leftOut={live.leftOut}
            fieldError={fieldError}
          />
          <div className="editor-bottom">
            <div className="card form">
              <h2>Notes</h2>
              <Field label="Notes to the client" error={fieldError('notes')}>
                {(props) => (
                  <textarea
                    {...props}
                    rows={3}
                    value={notes}
                    onChange={(event) => setNotes(event.target.value)}
                  />
                )}
              </Field>
              <p className="muted small">
                The document discount and taxes are those of invoice {note.invoice.number}.
              </p>
            </div>
            <TotalsCard live={live} currency={note.currency} />
          </div>
          {serverError && <UnplacedErrors error={serverError} placed={placed} />}
          <div className="sticky-actions">
            <Link className="button button-ghost" href={`/app/credit-notes/${note.id}`}>
              Cancel
            </Link>
            <Button type="submit" variant="primary" busy={busy}>
              Save draft
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
