import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, portalApi } from '../api.ts';
import { QuoteAnswerFields, useQuoteAnswer } from '../components/QuoteAnswerFields.tsx';
import { QuoteDocument } from '../components/QuoteDocument.tsx';
import { Button, Dialog, ErrorBox } from '../components/ui.tsx';
import { date, dateTime, money } from '../format.ts';
import type { Quote, QuoteSummary } from '../types.ts';
import {
  PortalDocumentBody,
  PortalDocumentHead,
  PortalDocumentList,
  usePortalDocument,
} from './PortalDocumentParts.tsx';
import { hasAccount, letterhead, type PortalBusiness, type PortalViewer } from './portal-types.ts';

interface PortalQuote extends Omit<Quote, 'project'> {
  business: PortalBusiness;
  /** The version shown (1 as sent, one more per edit); sent back with the answer. */
  revision: number;
}

/** Quotes the client can still answer. */
const ANSWERABLE = new Set(['sent', 'viewed']);

export function PortalQuotes({ me }: { me: PortalViewer }) {
  const { t } = useTranslation();
  return (
    <PortalDocumentList<QuoteSummary>
      title={t('quotes.title')}
      loadingWhat={t('quotes.loading')}
      emptyTitle={t('quotes.empty')}
      me={me}
      path="/quotes"
      basePath="/portal/quotes"
      detail={(quote) =>
        t('quotes.dates', { date: date(quote.issueDate), validUntil: date(quote.validUntil) })
      }
      amount={(quote) => <span className="num strong">{money(quote.total, quote.currency)}</span>}
    />
  );
}

export function PortalQuotePage({ id, me }: { id: string; me: PortalViewer }) {
  const { data, reload, setData, fallback } = usePortalDocument<PortalQuote>(`/quotes/${id}`, 'quote');
  const [answer, setAnswer] = useState<'' | 'accept' | 'decline'>('');
  const { t } = useTranslation();
  if (fallback || !data) return fallback;
  const answered = (next: PortalQuote | { quote: PortalQuote }) => {
    setData('quote' in next ? { ...data, ...next.quote } : { ...data, ...next });
    setAnswer('');
  };
  const answerable = ANSWERABLE.has(data.status);
  // The quote changed while it was open: show the new version before any answer.
  const readAgain = () => {
    setAnswer('');
    reload();
  };
  return (
    <section className="portal-invoice">
      <PortalDocumentHead
        back={hasAccount(me) ? { href: '/portal/quotes', label: t('quotes.title') } : null}
        title={t('quote.title', { number: data.number })}
        status={data.status}
        subtitle={t('quote.from', { business: data.business.name })}
        pdfHref={`/api/portal/v1/quotes/${data.id}/pdf`}
      />
      {data.decision && (
        <div
          className={`alert ${data.decision.outcome === 'accepted' ? 'alert-success' : 'alert-warning'}`}
          role="status"
        >
          <strong>
            {data.decision.outcome === 'accepted'
              ? t('quote.acceptedBy', { name: data.decision.name })
              : t('quote.declinedBy', { name: data.decision.name })}
          </strong>{' '}
          {t('quote.answeredOn', { when: dateTime(data.decision.at) })}
          {data.decision.outcome === 'accepted' && ` ${t('quote.thanks')}`}
        </div>
      )}
      {data.status === 'expired' && (
        <p className="alert alert-warning">
          {t('quote.expired', { date: date(data.validUntil), business: data.business.name })}
        </p>
      )}
      <PortalDocumentBody
        document={<QuoteDocument quote={{ ...data, project: null }} business={letterhead(data.business)} />}
        heading={t('quote.total')}
        amount={money(data.totals.total, data.currency)}
        note={t('quote.validUntil', { date: date(data.validUntil) })}
        actions={
          answerable && (
            <div className="pay-options">
              <Button variant="primary" className="button-block" onClick={() => setAnswer('accept')}>
                {t('quote.accept')}
              </Button>
              <Button className="button-block" onClick={() => setAnswer('decline')}>
                {t('quote.decline')}
              </Button>
            </div>
          )
        }
      />
      <Dialog open={answer === 'accept'} title={t('quote.acceptTitle')} onClose={() => setAnswer('')}>
        <AnswerForm quote={data} decision="accept" onDone={answered} onStale={readAgain} />
      </Dialog>
      <Dialog open={answer === 'decline'} title={t('quote.declineTitle')} onClose={() => setAnswer('')}>
        <AnswerForm quote={data} decision="decline" onDone={answered} onStale={readAgain} />
      </Dialog>
    </section>
  );
}

/**
 * The client's answer. Accepting asks for the full name typed as a signature and shows the quote's terms first;
 * declining asks for a reason. The server records name, time and address.
 */
function AnswerForm({
  quote,
  decision,
  onDone,
  onStale,
}: {
  quote: PortalQuote;
  decision: 'accept' | 'decline';
  onDone: (next: PortalQuote | { quote: PortalQuote }) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const answer = useQuoteAnswer(async ({ name, note }) => {
    const { revision } = quote;
    const body =
      decision === 'accept' ? { name, revision, ...(note ? { note } : {}) } : { reason: note, revision };
    onDone(await portalApi.post<PortalQuote>(`/quotes/${quote.id}/${decision}`, body));
  });
  const { error, fieldError, unplaced } = answer;
  const noteField = decision === 'accept' ? 'note' : 'reason';
  const stale = error instanceof ApiError && error.code === 'quote_revised';
  return (
    <form className="form" onSubmit={answer.submit} noValidate>
      {decision === 'accept' ? (
        <>
          <p>
            <Trans
              i18nKey={quote.terms ? 'quote.youAcceptOnTerms' : 'quote.youAccept'}
              values={{
                number: quote.number,
                business: quote.business.name,
                amount: money(quote.totals.total, quote.currency),
              }}
              components={{ strong: <strong /> }}
            />
          </p>
          {quote.terms && (
            <div className="quote-terms">
              <p className="document-label">{t('quote.terms')}</p>
              <p className="pre">{quote.terms}</p>
            </div>
          )}
        </>
      ) : (
        <p>{t('quote.whyDecline', { business: quote.business.name })}</p>
      )}
      {stale ? (
        <div className="alert alert-warning" role="alert">
          <p>{t('quote.changed', { business: quote.business.name })}</p>
          <Button onClick={onStale}>{t('quote.showNewVersion')}</Button>
        </div>
      ) : (
        error && unplaced(['name', noteField]) && <ErrorBox error={error} />
      )}
      <QuoteAnswerFields
        answer={answer}
        decision={decision}
        name={{
          label: t('quote.fullName'),
          hint: decision === 'accept' ? t('quote.signatureHint') : undefined,
          autoComplete: 'name',
        }}
        note={{
          label: decision === 'accept' ? t('quote.note') : t('quote.reason'),
          hint: decision === 'accept' ? t('quote.optional') : undefined,
          error: fieldError(noteField) ?? fieldError('note'),
        }}
        submitLabel={decision === 'accept' ? t('quote.accept') : t('quote.declineQuote')}
      />
    </form>
  );
}
