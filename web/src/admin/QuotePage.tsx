import { api } from '../api.ts';
import { DocumentLayout } from '../components/DocumentLayout.tsx';
import { DocumentPageLoader, useDocumentActions, useDocumentItems } from '../components/document-actions.tsx';
import { QuoteDocument } from '../components/QuoteDocument.tsx';
import { Button, Dialog, ErrorBox } from '../components/ui.tsx';
import { date, dateTime } from '../format.ts';
import { Link } from '../router.tsx';
import type { DocumentEvent, Quote, QuoteDecision } from '../types.ts';
import { ConvertQuoteForm } from './ConvertQuoteForm.tsx';
import { DecisionForm } from './DecisionForm.tsx';
import { DeleteDraftDialog, DocumentPageHead, DraftSendButtons, PdfLink } from './DocumentPageParts.tsx';
import { PortalLinkAction } from './PortalLinkAction.tsx';
import { RevisionsCard } from './RevisionsCard.tsx';
import { SendDocumentForm } from './SendDocumentForm.tsx';
import { useSession } from './session.tsx';
import { TimelineCard } from './Timeline.tsx';

/** Sent to the client and not answered yet. An expired quote takes no acceptance until its date is extended. */
const AWAITING = new Set(['sent', 'viewed']);

/** Some routes answer `{ quote }`, others the quote itself. */
const quoteOf = (result: Quote | { quote: Quote }): Quote => ('quote' in result ? result.quote : result);

export function QuotePage({ id }: { id: string }) {
  return (
    <DocumentPageLoader<Quote>
      id={id}
      endpoint="/quotes"
      label="Quote"
      view={({ document, setData }) => <QuoteView quote={document} onChange={setData} />}
    />
  );
}

type DialogName = 'send' | 'accept' | 'decline' | 'convert' | 'delete';

function QuoteView({ quote, onChange }: { quote: Quote; onChange: (quote: Quote) => void }) {
  const { settings } = useSession();
  const actions = useDocumentActions<DialogName>();
  const { refresh, reloadCards, finished, dialog, setDialog, actionError } = actions;
  const events = useDocumentItems<DocumentEvent>(`/quotes/${quote.id}/events`, quote, refresh);
  const { status } = quote;
  const logoUrl = settings?.logo ? '/api/v1/settings/logo' : null;
  const awaiting = AWAITING.has(status);
  const changed = (next: Quote, message: string) => {
    onChange(next);
    finished(message);
  };

  const markSent = async () =>
    changed(quoteOf(await api.post<Quote>(`/quotes/${quote.id}/mark-sent`)), 'Quote marked as sent');

  return (
    <section>
      <DocumentPageHead
        listHref="/app/quotes"
        listLabel="Quotes"
        title={quote.number ? `Quote ${quote.number}` : 'Draft quote'}
        document={quote}
        detail={`valid until ${date(quote.validUntil)}`}
      >
        {status === 'draft' && <DraftSendButtons noun="quote" actions={actions} markSent={markSent} />}
        {status === 'accepted' && (
          <Button variant="primary" onClick={() => setDialog('convert')}>
            Convert to invoice
          </Button>
        )}
        {awaiting && (
          <Button variant="primary" onClick={() => setDialog('accept')}>
            Record acceptance
          </Button>
        )}
        {(awaiting || status === 'expired') && (
          <Button onClick={() => setDialog('decline')}>Record decline</Button>
        )}
        {(status === 'sent' || status === 'viewed') && (
          <Button onClick={() => setDialog('send')}>Resend</Button>
        )}
        {(status === 'draft' || awaiting || status === 'expired') && (
          <Link className="button button-secondary" href={`/app/quotes/${quote.id}/edit`}>
            Edit
          </Link>
        )}
        <PdfLink href={`/api/v1/quotes/${quote.id}/pdf`}>Download PDF</PdfLink>
        {status !== 'draft' && (
          <PortalLinkAction
            clientId={quote.client.id}
            path={`/quotes/${quote.id}/portal-link`}
            noun="quote"
            onCreated={reloadCards}
          />
        )}
        {status === 'draft' && (
          <Button variant="danger" onClick={() => setDialog('delete')}>
            Delete
          </Button>
        )}
      </DocumentPageHead>
      {actionError && <ErrorBox error={actionError} />}
      {quote.invoice && (
        <p className="alert alert-success">
          Converted to invoice{' '}
          <Link href={`/app/invoices/${quote.invoice.id}`}>{quote.invoice.number ?? '(draft)'}</Link>.
        </p>
      )}
      {quote.decision && <DecisionNotice decision={quote.decision} />}
      {status === 'expired' && (
        <p className="alert alert-warning">
          This quote was valid until {date(quote.validUntil)}. To take an acceptance, edit it and give it a
          later valid-until date.
        </p>
      )}

      <DocumentLayout document={<QuoteDocument quote={quote} business={settings} logoUrl={logoUrl} />}>
        <RevisionsCard<Quote>
          endpoint={`/quotes/${quote.id}`}
          field="quote"
          reloadKey={quote}
          noun="Quote"
          issued="sent"
          render={(version) => (
            <QuoteDocument quote={version} parties={quote.parties} business={settings} logoUrl={logoUrl} />
          )}
        />
        <TimelineCard events={events} currency={quote.currency} noun="Quote" />
      </DocumentLayout>

      <Dialog open={dialog === 'send'} title="Send quote" onClose={() => setDialog('')}>
        <SendDocumentForm<Quote | { quote: Quote }>
          clientId={quote.client.id}
          path={`/quotes/${quote.id}/send`}
          templateKind="quote"
          messageHint="Added above the quote summary"
          submitLabel={status === 'draft' ? 'Send quote' : 'Send again'}
          onDone={(result) => changed(quoteOf(result), 'Quote sent')}
        />
      </Dialog>
      <Dialog open={dialog === 'accept'} title="Record acceptance" onClose={() => setDialog('')}>
        <DecisionForm
          decision="accept"
          onSubmit={async (answer) =>
            changed(
              quoteOf(await api.post<Quote>(`/quotes/${quote.id}/accept`, answer)),
              'Acceptance recorded',
            )
          }
        />
      </Dialog>
      <Dialog open={dialog === 'decline'} title="Record decline" onClose={() => setDialog('')}>
        <DecisionForm
          decision="decline"
          onSubmit={async (answer) =>
            changed(quoteOf(await api.post<Quote>(`/quotes/${quote.id}/decline`, answer)), 'Decline recorded')
          }
        />
      </Dialog>
      <Dialog open={dialog === 'convert'} title="Convert to invoice" onClose={() => setDialog('')}>
        <ConvertQuoteForm quote={quote} />
      </Dialog>
      <DeleteDraftDialog
        actions={actions}
        path={`/quotes/${quote.id}`}
        leaveTo="/app/quotes"
        explanation="The draft quote and its lines are removed. This cannot be undone."
      />
    </section>
  );
}

/** Who answered, when, from where (the portal) or through whom (staff), and their note. */
function DecisionNotice({ decision }: { decision: QuoteDecision }) {
  const accepted = decision.outcome === 'accepted';
  return (
    <div className={`alert ${accepted ? 'alert-success' : 'alert-warning'} quote-decision`}>
      <p>
        <strong>{accepted ? 'Accepted' : 'Declined'}</strong> by {decision.name} on {dateTime(decision.at)}
        {decision.by.type === 'contact'
          ? ` in the client portal${decision.address ? ` (from ${decision.address})` : ''}`
          : ', recorded by staff'}
        .
      </p>
      {decision.note && <p className="pre">{decision.note}</p>}
    </div>
  );
}
