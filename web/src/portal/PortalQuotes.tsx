import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, portalApi } from '../api.ts';
import { QuoteDocument } from '../components/QuoteDocument.tsx';
import { Button, Dialog, ErrorBox, Field, Loading, useAsync } from '../components/ui.tsx';
import { date, dateTime, money } from '../format.ts';
import { usePageTitle } from '../router.tsx';
import type { Page, Quote, QuoteSummary } from '../types.ts';
import { PortalDocumentHead, PortalDocumentList } from './PortalDocumentParts.tsx';
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
  usePageTitle(t('quotes.title'));
  const list = useAsync(() => portalApi.get<Page<QuoteSummary>>('/quotes?limit=100'), []);
  return (
    <PortalDocumentList
      title={t('quotes.title')}
      loadingWhat={t('quotes.loading')}
      emptyTitle={t('quotes.empty')}
      me={me}
      list={list}
      basePath="/portal/quotes"
      detail={(quote) =>
        t('quotes.dates', { date: date(quote.issueDate), validUntil: date(quote.validUntil) })
      }
      amount={(quote) => <span className="num strong">{money(quote.total, quote.currency)}</span>}
    />
  );
}

export function PortalQuotePage({ id, me }: { id: string; me: PortalViewer }) {
  const { data, error, loading, reload, setData } = useAsync(
    () => portalApi.get<PortalQuote>(`/quotes/${id}`),
    [id],
  );
  const [answer, setAnswer] = useState<'' | 'accept' | 'decline'>('');
  const { t } = useTranslation();
  usePageTitle(data ? t('quote.title', { number: data.number }) : t('quote.titleLoading'));
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading && !data) return <Loading what={t('quote.loading')} />;
  if (!data) return null;
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
      <div className="invoice-layout">
        <div className="invoice-main">
          <QuoteDocument quote={{ ...data, project: null }} business={letterhead(data.business)} />
        </div>
        <aside className="invoice-side">
          <div className="card pay-card">
            <h2>{t('quote.total')}</h2>
            <p className="amount-due">{money(data.totals.total, data.currency)}</p>
            <p className="muted small">{t('quote.validUntil', { date: date(data.validUntil) })}</p>
            {answerable && (
              <div className="pay-options">
                <Button variant="primary" className="button-block" onClick={() => setAnswer('accept')}>
                  {t('quote.accept')}
                </Button>
                <Button className="button-block" onClick={() => setAnswer('decline')}>
                  {t('quote.decline')}
                </Button>
              </div>
            )}
          </div>
        </aside>
      </div>
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
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  const noteField = decision === 'accept' ? 'note' : 'reason';
  const unplaced = error && !fieldError('name') && !fieldError(noteField);
  const stale = error instanceof ApiError && error.code === 'quote_revised';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { revision } = quote;
      const body =
        decision === 'accept' ? { name, revision, ...(note ? { note } : {}) } : { reason: note, revision };
      onDone(await portalApi.post<PortalQuote>(`/quotes/${quote.id}/${decision}`, body));
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
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
        unplaced && <ErrorBox error={error} />
      )}
      <Field
        label={t('quote.fullName')}
        hint={decision === 'accept' ? t('quote.signatureHint') : undefined}
        error={fieldError('name')}
      >
        {(props) => (
          <input
            {...props}
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <Field
        label={decision === 'accept' ? t('quote.note') : t('quote.reason')}
        hint={decision === 'accept' ? t('quote.optional') : undefined}
        error={fieldError(noteField) ?? fieldError('note')}
      >
        {(props) => (
          <textarea {...props} rows={3} value={note} onChange={(event) => setNote(event.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant={decision === 'accept' ? 'primary' : 'danger'} busy={busy}>
          {decision === 'accept' ? t('quote.accept') : t('quote.declineQuote')}
        </Button>
      </div>
    </form>
  );
}
