import { portalApi } from '../api.ts';
import { CreditNoteDocument } from '../components/CreditNoteDocument.tsx';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { CreditNote, CreditNoteSummary, Page } from '../types.ts';
import { hasAccount, letterhead, type PortalBusiness, type PortalViewer } from './portal-types.ts';

interface PortalCreditNote extends Omit<CreditNote, 'project'> {
  /** The supplier's letterhead, when the API gives it. */
  business?: PortalBusiness;
}

export function PortalCreditNotes({ me }: { me: PortalViewer }) {
  usePageTitle('Your credit notes');
  const { data, error, loading, reload } = useAsync(
    () => portalApi.get<Page<CreditNoteSummary>>('/credit-notes?limit=100'),
    [],
  );
  return (
    <section>
      <div className="page-head">
        <div>
          <h1 tabIndex={-1}>Your credit notes</h1>
          <p className="muted">
            {me.contact.name} · {me.client.name}
          </p>
        </div>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading your credit notes" />}
      {data && data.items.length === 0 && <Empty title="No credit notes here" />}
      {data && data.items.length > 0 && (
        <ul className="portal-list">
          {data.items.map((note) => (
            <li key={note.id}>
              <Link href={`/portal/credit-notes/${note.id}`} className="portal-item">
                <span className="strong">{note.number}</span>
                <span className="muted small">
                  {date(note.issueDate)} · credits invoice {note.invoice.number}
                </span>
                <span className="num strong">{money(note.total, note.currency)}</span>
                <StatusBadge status={note.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One credit note, read-only, with its PDF; the invoice it credits opens in the portal too. */
export function PortalCreditNotePage({ id, me }: { id: string; me: PortalViewer }) {
  const { data, error, loading, reload } = useAsync(
    () => portalApi.get<PortalCreditNote>(`/credit-notes/${id}`),
    [id],
  );
  usePageTitle(data ? `Credit note ${data.number}` : 'Credit note');
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading && !data) return <Loading what="Loading the credit note" />;
  if (!data) return null;
  // Whoever sees a credit note may open the invoice it credits (an account, or a link to that invoice).
  const invoiceLink = <Link href={`/portal/invoices/${data.invoice.id}`}>{data.invoice.number}</Link>;
  return (
    <section className="portal-invoice">
      <div className="page-head">
        <div>
          {hasAccount(me) && (
            <p className="breadcrumb">
              <Link href="/portal/credit-notes">Your credit notes</Link>
            </p>
          )}
          <h1 tabIndex={-1}>
            Credit note {data.number} <StatusBadge status={data.status} />
          </h1>
          <p className="muted">
            {data.business ? `From ${data.business.name} · credits` : 'Credits'} invoice {invoiceLink}
          </p>
        </div>
        <div className="actions">
          <a
            className="button button-secondary"
            href={`/api/portal/v1/credit-notes/${data.id}/pdf`}
            target="_blank"
            rel="noopener"
          >
            Download PDF
          </a>
        </div>
      </div>
      <div className="invoice-layout">
        <div className="invoice-main">
          <CreditNoteDocument
            note={{ ...data, project: null }}
            invoiceLink={invoiceLink}
            business={data.business ? letterhead(data.business) : null}
          />
        </div>
        <aside className="invoice-side">
          <div className="card pay-card">
            <h2>Credit</h2>
            <p className="amount-due">{money(data.totals.total, data.currency)}</p>
            <p className="muted small">
              {hasAccount(me)
                ? `${money(data.credit.remaining, data.currency)} left to use on your invoices`
                : `Taken off invoice ${data.invoice.number ?? ''}`}
            </p>
          </div>
        </aside>
      </div>
    </section>
  );
}
