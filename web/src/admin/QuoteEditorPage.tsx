import { useState } from 'react';
import { addDays } from '../../../src/domain/dates.ts';
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
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Quote, Settings } from '../types.ts';
import { useSession } from './session.tsx';

interface EditorData extends BodyChoices {
  quote: Quote | null;
}

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
  const { search } = useLocation();
  const loaded = useAsync(async (): Promise<EditorData> => {
    const [quote, choices] = await Promise.all([
      id ? api.get<Quote>(`/quotes/${id}`) : Promise.resolve(null),
      loadBodyChoices(),
    ]);
    return { quote, ...choices };
  }, [id]);
  usePageTitle(id ? 'Edit quote' : 'New quote');

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
  const { quote, clients, taxRates } = data;
  const sent = quote !== null && quote.status !== 'draft';
  const [body, setBody] = useState<DocumentBody>(() =>
    quote ? documentBodyOf(quote) : newDocumentBody({ settings, clients, taxRates, presetClientId }),
  );
  // Follows the issue date until it is changed by hand.
  const [validUntil, setValidUntil] = useState<string | null>(quote?.validUntil ?? null);
  const shownValidUntil = validUntil ?? defaultValidUntil(body.issueDate, settings.quoteValidityDays);

  async function save(shared: DocumentBodyPayload) {
    const request = { ...shared, ...(shownValidUntil ? { validUntil: shownValidUntil } : {}) };
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

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/quotes">Quotes</Link>
            {quote && (
              <>
                {' / '}
                <Link href={`/app/quotes/${quote.id}`}>{quote.number ?? 'Draft'}</Link>
              </>
            )}
          </p>
          <h1 tabIndex={-1}>{quote ? `Edit ${quote.number ?? 'draft quote'}` : 'New quote'}</h1>
        </div>
      </div>
      {sent && (
        <p className="alert alert-info">
          This quote was already sent. The client sees the new version as soon as you save it.
        </p>
      )}
      {clients.length === 0 && !quote ? (
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
          partyLocked={sent}
          partyHeading="Quote for"
          totalsSettings={{
            taxRounding: quote?.taxRounding ?? settings.taxRounding,
            invoiceDiscountMode: quote?.invoiceDiscountMode ?? settings.invoiceDiscountMode,
          }}
          dates={dates}
          onSave={save}
          cancelHref={quote ? `/app/quotes/${quote.id}` : '/app/quotes'}
          submitLabel={sent ? 'Save quote' : quote ? 'Save draft' : 'Save draft quote'}
        />
      )}
    </section>
  );
}
