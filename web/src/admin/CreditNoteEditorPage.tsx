import { useState } from 'react';
import { api } from '../api.ts';
import { type BodySlotContext, DocumentBodyEditor } from '../components/DocumentBodyEditor.tsx';
import {
  type BodyChoices,
  type DocumentBody,
  type DocumentBodyPayload,
  documentBodyOf,
  loadBodyChoices,
} from '../components/document-body.ts';
import { ErrorBox, Field, Loading, useAsync, useToast } from '../components/ui.tsx';
import { Link, navigate, usePageTitle } from '../router.tsx';
import type { CreditNote, Settings } from '../types.ts';
import { useSession } from './session.tsx';

interface EditorData extends BodyChoices {
  note: CreditNote;
}

/** Edits a draft credit note: its lines and figures, and the reason. Client and currency are the invoice's. */
export function CreditNoteEditorPage({ id }: { id: string }) {
  const { settings } = useSession();
  const loaded = useAsync(async (): Promise<EditorData> => {
    const [note, choices] = await Promise.all([
      api.get<CreditNote>(`/credit-notes/${id}`),
      loadBodyChoices(),
    ]);
    return { note, ...choices };
  }, [id]);
  usePageTitle('Edit credit note');
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !settings) return <Loading what="Preparing the editor" />;
  return <Editor data={loaded.data} settings={settings} />;
}

function Editor({ data, settings }: { data: EditorData; settings: Settings }) {
  const toast = useToast();
  const { note, clients, taxRates } = data;
  const [body, setBody] = useState<DocumentBody>(() => documentBodyOf(note));
  const [reason, setReason] = useState(note.reason);

  async function save(shared: DocumentBodyPayload) {
    const saved = await api.patch<CreditNote>(`/credit-notes/${note.id}`, { ...shared, reason });
    toast('Credit note saved');
    navigate(`/app/credit-notes/${saved.id}`);
  }

  const reasonField = ({ fieldError }: BodySlotContext) => (
    <Field label="Reason" hint="Printed on the credit note" error={fieldError('reason')}>
      {(props) => (
        <textarea {...props} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
      )}
    </Field>
  );

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
            Credits invoice <Link href={`/app/invoices/${note.invoice.id}`}>{note.invoice.number}</Link>
          </p>
        </div>
      </div>
      {note.status !== 'draft' ? (
        <p className="alert alert-info">An issued credit note cannot be changed.</p>
      ) : (
        <DocumentBodyEditor
          body={body}
          setBody={setBody}
          clients={clients}
          taxRates={taxRates}
          defaultCurrency={settings.defaultCurrency}
          partyLocked
          partyHeading="Credit to"
          totalsSettings={{ taxRounding: note.taxRounding, invoiceDiscountMode: note.invoiceDiscountMode }}
          extraFields={reasonField}
          onSave={save}
          cancelHref={`/app/credit-notes/${note.id}`}
          submitLabel="Save draft"
        />
      )}
    </section>
  );
}
