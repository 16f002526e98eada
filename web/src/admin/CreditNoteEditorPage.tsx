import { useState } from 'react';
import { api } from '../api.ts';
import { type BodySlotContext, DocumentBodyEditor } from '../components/DocumentBodyEditor.tsx';
import { DocumentEditorLoader, EditorPage, type EditorProps } from '../components/DocumentEditorFrame.tsx';
import { type DocumentBody, type DocumentBodyPayload, documentBodyOf } from '../components/document-body.ts';
import { Field, useToast } from '../components/ui.tsx';
import { navigate } from '../router.tsx';
import type { CreditNote } from '../types.ts';
import { useSession } from './session.tsx';

/**
 * Edits a draft credit note: its date, lines (with the catalogue), reason and notes. It is created from an issued
 * invoice (with that invoice's lines); client, project, currency, terms and the document discount and taxes stay the
 * invoice's, and each line keeps the invoice line it credits.
 */
export function CreditNoteEditorPage({ id }: { id: string }) {
  const { settings } = useSession();
  return (
    <DocumentEditorLoader<CreditNote>
      id={id}
      endpoint="/credit-notes"
      settings={settings}
      pageTitle="Edit credit note"
      back={{ href: '/app/credit-notes', label: 'Back to credit notes' }}
      editor={(props) => <Editor {...props} />}
    />
  );
}

function Editor({ data, settings }: EditorProps<CreditNote>) {
  const toast = useToast();
  const note = data.document!;
  const [body, setBody] = useState<DocumentBody>(() => documentBodyOf(note));
  // The invoice line each draft line credits, by the draft's key (lines added here credit none).
  const [creditedLine] = useState(
    () => new Map(body.lines.map((line, index) => [line.key, note.lines[index]?.invoiceLineId ?? null])),
  );
  const [reason, setReason] = useState(note.reason);

  async function save(shared: DocumentBodyPayload) {
    const saved = await api.patch<CreditNote>(`/credit-notes/${note.id}`, {
      ...shared,
      reason,
      lines: shared.lines.map((line, index) => ({
        ...line,
        invoiceLineId: creditedLine.get(body.lines[index]!.key) ?? null,
      })),
    });
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

  const issued = note.status !== 'draft';
  return (
    <EditorPage
      listHref="/app/credit-notes"
      listLabel="Credit notes"
      document={note}
      title={issued ? `Credit note ${note.number}` : 'Edit draft credit note'}
      notice={issued && 'An issued credit note cannot be changed.'}
      needsClient={false}
    >
      {!issued && (
        <DocumentBodyEditor
          body={body}
          setBody={setBody}
          choices={data}
          settings={settings}
          saved={note}
          creditedInvoice={note.invoice}
          partyHeading="Credit to"
          extraFields={reasonField}
          onSave={save}
          cancelHref={`/app/credit-notes/${note.id}`}
          submitLabel="Save draft"
        />
      )}
    </EditorPage>
  );
}
