import { useState } from 'react';
import { addDays } from '../../../src/domain/dates.ts';
import { api } from '../api.ts';
import { type BodySlotContext, DocumentBodyEditor } from '../components/DocumentBodyEditor.tsx';
import { DocumentEditorLoader, EditorPage, type EditorProps } from '../components/DocumentEditorFrame.tsx';
import {
  type DocumentBody,
  type DocumentBodyPayload,
  documentBodyOf,
  newDocumentBody,
} from '../components/document-body.ts';
import { Field, useToast } from '../components/ui.tsx';
import { navigate } from '../router.tsx';
import type { Quote } from '../types.ts';
import { useSession } from './session.tsx';

/** The quote's own date: until when it holds (by default the issue date plus the organisation's validity). */
function defaultValidUntil(issueDate: string, days: number): string {
  try {
    return addDays(issueDate, days);
  } catch {
    return '';
  }
}

export function QuoteEditorPage({ id }: { id?: string }) {
  const { settings } = useSession();
  return (
    <DocumentEditorLoader<Quote>
      id={id}
      endpoint="/quotes"
      settings={settings}
      pageTitle={id ? 'Edit quote' : 'New quote'}
      editor={(props) => <Editor {...props} />}
    />
  );
}

function Editor({ data, settings }: EditorProps<Quote>) {
  const toast = useToast();
  const { document: quote, taxRates } = data;
  const sent = quote !== null && quote.status !== 'draft';
  const [body, setBody] = useState<DocumentBody>(() =>
    quote ? documentBodyOf(quote) : newDocumentBody({ settings, taxRates, client: data.presetClient }),
  );
  // Follows the issue date until it is changed by hand.
  const [validUntil, setValidUntil] = useState<string | null>(quote?.validUntil ?? null);
  const shownValidUntil = validUntil ?? defaultValidUntil(body.issueDate, settings.quoteValidityDays);
  const [revisionNote, setRevisionNote] = useState('');

  async function save(shared: DocumentBodyPayload) {
    const request = {
      ...shared,
      ...(shownValidUntil ? { validUntil: shownValidUntil } : {}),
      ...(sent && revisionNote ? { revisionNote } : {}),
    };
    const saved = quote
      ? await api.patch<Quote>(`/quotes/${quote.id}`, request)
      : await api.post<Quote>('/quotes', request);
    toast(quote ? 'Quote saved' : 'Draft quote saved');
    navigate(`/app/quotes/${saved.id}`);
  }

  const dates = ({ fieldError }: BodySlotContext) => (
    <Field
      label="Valid until"
      hint={validUntil === null ? `${settings.quoteValidityDays} days after the date` : undefined}
      error={fieldError('validUntil')}
    >
      {(props) => (
        <input
          {...props}
          type="date"
          value={shownValidUntil}
          onChange={(event) => setValidUntil(event.target.value)}
        />
      )}
    </Field>
  );

  const revision = ({ fieldError }: BodySlotContext) =>
    sent && (
      <Field label="What changed" hint="Kept with the revision history" error={fieldError('revisionNote')}>
        {(props) => (
          <input {...props} value={revisionNote} onChange={(event) => setRevisionNote(event.target.value)} />
        )}
      </Field>
    );

  return (
    <EditorPage
      listHref="/app/quotes"
      listLabel="Quotes"
      document={quote}
      title={quote ? `Edit ${quote.number ?? 'draft quote'}` : 'New quote'}
      notice={
        sent &&
        'This quote was already sent. Saving keeps the current version in its revision history and the client sees the new one; if they had opened it, it counts as not viewed until they open it again. Send it again to tell them.'
      }
      needsClient={!data.newestClient && !quote}
    >
      <DocumentBodyEditor
        body={body}
        setBody={setBody}
        choices={data}
        settings={settings}
        saved={quote}
        partyLocked={sent}
        partyHeading="Quote for"
        dates={dates}
        extraFields={revision}
        onSave={save}
        cancelHref={quote ? `/app/quotes/${quote.id}` : '/app/quotes'}
        submitLabel={sent ? 'Save revision' : quote ? 'Save draft' : 'Save draft quote'}
      />
    </EditorPage>
  );
}
