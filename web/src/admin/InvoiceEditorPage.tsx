import { useMemo, useState } from 'react';
import { currencyExponent, parseMoney } from '../../../src/domain/currency.ts';
import { dueDateFor, parsePaymentTerms } from '../../../src/domain/dates.ts';
import { api } from '../api.ts';
import { type BodySlotContext, DocumentBodyEditor } from '../components/DocumentBodyEditor.tsx';
import { DocumentEditorLoader, EditorPage, type EditorProps } from '../components/DocumentEditorFrame.tsx';
import {
  type DocumentBody,
  type DocumentBodyPayload,
  documentBodyOf,
  newDocumentBody,
} from '../components/document-body.ts';
import { PaymentTermsSelect } from '../components/PaymentTermsSelect.tsx';
import { Field, useToast } from '../components/ui.tsx';
import { date } from '../format.ts';
import { navigate } from '../router.tsx';
import type { Invoice } from '../types.ts';
import { useSession } from './session.tsx';

/** What only an invoice has: when it is due, and for an issued one, what a revision changed. */
interface InvoiceFields {
  paymentTerms: string;
  dueDate: string;
  revisionNote: string;
  sendUpdated: boolean;
}

export function InvoiceEditorPage({ id }: { id?: string }) {
  const { settings } = useSession();
  return (
    <DocumentEditorLoader<Invoice>
      id={id}
      endpoint="/invoices"
      settings={settings}
      pageTitle={id ? 'Edit invoice' : 'New invoice'}
      editor={(props) => <Editor {...props} />}
    />
  );
}

function Editor({ data, settings }: EditorProps<Invoice>) {
  const toast = useToast();
  const { document: invoice, taxRates } = data;
  const issued = invoice !== null && invoice.status !== 'draft';
  const [body, setBody] = useState<DocumentBody>(() =>
    invoice ? documentBodyOf(invoice) : newDocumentBody({ settings, taxRates, client: data.presetClient }),
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
          <PaymentTermsSelect
            {...props}
            allowFixedDate
            value={own.paymentTerms}
            onChange={(paymentTerms) => update({ paymentTerms })}
          />
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
    <EditorPage
      listHref="/app/invoices"
      listLabel="Invoices"
      document={invoice}
      title={invoice ? `Edit ${invoice.number ?? 'draft'}` : 'New invoice'}
      notice={
        issued &&
        'This invoice was already issued. Saving keeps the current version in its revision history and the client sees the new one.'
      }
      needsClient={!data.newestClient && !invoice}
    >
      <DocumentBodyEditor
        body={body}
        setBody={setBody}
        choices={data}
        settings={settings}
        saved={invoice}
        partyLocked={issued}
        amountPaid={amountPaid}
        dates={dates}
        extraFields={revision}
        onSave={save}
        cancelHref={invoice ? `/app/invoices/${invoice.id}` : '/app/invoices'}
        submitLabel={issued ? 'Save revision' : invoice ? 'Save draft' : 'Save draft invoice'}
      />
    </EditorPage>
  );
}
