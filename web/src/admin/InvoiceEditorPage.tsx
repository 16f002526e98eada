import { useMemo, useState } from 'react';
import { currencyExponent, parseMoney } from '../../../src/domain/currency.ts';
import { dueDateFor, parsePaymentTerms } from '../../../src/domain/dates.ts';
import { api } from '../api.ts';
import { type BodySlotContext, DocumentBodyEditor } from '../components/DocumentBodyEditor.tsx';
import {
  type BodyChoices,
  type DocumentBody,
  type DocumentBodyPayload,
  documentBodyOf,
  loadBodyChoices,
  newDocumentBody,
} from '../components/document-body.ts';
import { ErrorBox, Field, Loading, useAsync, useToast } from '../components/ui.tsx';
import { date } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Invoice, Settings } from '../types.ts';
import { useSession } from './session.tsx';

/** What only an invoice has: when it is due, and for an issued one, what a revision changed. */
interface InvoiceFields {
  paymentTerms: string;
  dueDate: string;
  revisionNote: string;
  sendUpdated: boolean;
}

const TERMS = [
  ['due_on_receipt', 'Due on receipt'],
  ['net_7', 'Net 7'],
  ['net_15', 'Net 15'],
  ['net_30', 'Net 30'],
  ['net_45', 'Net 45'],
  ['net_60', 'Net 60'],
  ['fixed_date', 'Fixed date'],
] as const;

interface EditorData extends BodyChoices {
  invoice: Invoice | null;
}

export function InvoiceEditorPage({ id }: { id?: string }) {
  const { settings } = useSession();
  const { search } = useLocation();
  const loaded = useAsync(async (): Promise<EditorData> => {
    const [invoice, choices] = await Promise.all([
      id ? api.get<Invoice>(`/invoices/${id}`) : Promise.resolve(null),
      loadBodyChoices(),
    ]);
    return { invoice, ...choices };
  }, [id]);
  usePageTitle(id ? 'Edit invoice' : 'New invoice');

  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !settings) return <Loading what="Preparing the editor" />;
  return <Editor data={loaded.data} settings={settings} presetClientId={search.get('clientId') ?? ''} />;
}

function Editor({
  data,
  settings,
  presetClientId,
}: {
  data: EditorData;
  settings: Settings;
  presetClientId: string;
}) {
  const toast = useToast();
  const { invoice, clients, taxRates } = data;
  const issued = invoice !== null && invoice.status !== 'draft';
  const [body, setBody] = useState<DocumentBody>(() =>
    invoice ? documentBodyOf(invoice) : newDocumentBody({ settings, clients, taxRates, presetClientId }),
  );
  const [own, setOwn] = useState<InvoiceFields>(() => ({
    paymentTerms: invoice?.paymentTerms ?? (settings.defaultPaymentTerms || 'net_30'),
    dueDate: invoice?.dueDate ?? '',
    revisionNote: '',
    sendUpdated: false,
  }));
  const update = (patch: Partial<InvoiceFields>) => setOwn((current) => ({ ...current, ...patch }));

  const amountPaid = invoice
    ? parseMoney(invoice.totals.amountPaid, currencyExponent(invoice.currency), 'amountPaid')
    : 0n;

  const dueDatePreview = useMemo(() => {
    try {
      return dueDateFor(body.issueDate, parsePaymentTerms(own.paymentTerms), own.dueDate || null);
    } catch {
      return null;
    }
  }, [body.issueDate, own.paymentTerms, own.dueDate]);

  async function save(shared: DocumentBodyPayload) {
    const request = {
      ...shared,
      paymentTerms: own.paymentTerms,
      dueDate: own.paymentTerms === 'fixed_date' ? own.dueDate || null : null,
      ...(issued ? { revisionNote: own.revisionNote || undefined, sendUpdated: own.sendUpdated } : {}),
    };
    const saved = invoice
      ? await api.patch<Invoice>(`/invoices/${invoice.id}`, request)
      : await api.post<Invoice>('/invoices', request);
    toast(invoice ? 'Invoice saved' : 'Draft invoice saved');
    navigate(`/app/invoices/${saved.id}`);
  }

  const dates = ({ fieldError }: BodySlotContext) => (
    <>
      <Field
        label="Payment terms"
        error={fieldError('paymentTerms')}
        hint={own.paymentTerms !== 'fixed_date' && dueDatePreview ? `Due ${date(dueDatePreview)}` : undefined}
      >
        {(props) => (
          <select
            {...props}
            value={own.paymentTerms}
            onChange={(event) => update({ paymentTerms: event.target.value })}
          >
            {TERMS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
            {!TERMS.some(([value]) => value === own.paymentTerms) && (
              <option value={own.paymentTerms}>{own.paymentTerms}</option>
            )}
          </select>
        )}
      </Field>
      {own.paymentTerms === 'fixed_date' && (
        <Field label="Due date" error={fieldError('dueDate')}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={own.dueDate}
              onChange={(event) => update({ dueDate: event.target.value })}
            />
          )}
        </Field>
      )}
    </>
  );

  const revision = ({ fieldError }: BodySlotContext) =>
    issued && (
      <>
        <Field label="What changed" hint="Kept with the revision history" error={fieldError('revisionNote')}>
          {(props) => (
            <input
              {...props}
              value={own.revisionNote}
              onChange={(event) => update({ revisionNote: event.target.value })}
            />
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={own.sendUpdated}
            onChange={(event) => update({ sendUpdated: event.target.checked })}
          />
          Email the updated invoice to the client
        </label>
      </>
    );

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/invoices">Invoices</Link>
            {invoice && (
              <>
                {' / '}
                <Link href={`/app/invoices/${invoice.id}`}>{invoice.number ?? 'Draft'}</Link>
              </>
            )}
          </p>
          <h1 tabIndex={-1}>{invoice ? `Edit ${invoice.number ?? 'draft'}` : 'New invoice'}</h1>
        </div>
      </div>
      {issued && (
        <p className="alert alert-info">
          This invoice was already issued. Saving keeps the current version in its revision history and the
          client sees the new one.
        </p>
      )}
      {clients.length === 0 && !invoice ? (
        <p className="alert alert-info">
          You need a client first. <Link href="/app/clients/new">Add a client</Link>.
        </p>
      ) : (
        <DocumentBodyEditor
          body={body}
          setBody={setBody}
          clients={clients}
          taxRates={taxRates}
          defaultCurrency={settings.defaultCurrency}
          partyLocked={issued}
          totalsSettings={{
            taxRounding: invoice?.taxRounding ?? settings.taxRounding,
            invoiceDiscountMode: invoice?.invoiceDiscountMode ?? settings.invoiceDiscountMode,
          }}
          amountPaid={amountPaid}
          dates={dates}
          extraFields={revision}
          onSave={save}
          cancelHref={invoice ? `/app/invoices/${invoice.id}` : '/app/invoices'}
          submitLabel={issued ? 'Save revision' : invoice ? 'Save draft' : 'Save draft invoice'}
        />
      )}
    </section>
  );
}
