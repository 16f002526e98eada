import { portalApi } from '../api.ts';
import { CreditNoteDocument } from '../components/CreditNoteDocument.tsx';
import { ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { CreditNote, CreditNoteSummary, Page } from '../types.ts';
import { PortalDocumentHead, PortalDocumentList } from './PortalDocumentParts.tsx';
import { hasAccount, letterhead, type PortalBusiness, type PortalViewer } from './portal-types.ts';

interface PortalCreditNote extends Omit<CreditNote, 'project'> {
  /** The supplier's letterhead, when the API gives it. */
  business?: PortalBusiness;
}

export function PortalCreditNotes({ me }: { me: PortalViewer }) {
  usePageTitle('Your credit notes');
  const list = useAsync(() => portalApi.get<Page<CreditNoteSummary>>('/credit-notes?limit=100'), []);
  return (
    <PortalDocumentList
      title="Your credit notes"
      noun="credit notes"
      me={me}
      list={list}
      basePath="/portal/credit-notes"
      detail={(note) => (
        <>
          {date(note.issueDate)} · credits invoice {note.invoice.number}
        </>
      )}
      amount={(note) => <span className="num strong">{money(note.total, note.currency)}</span>}
    />
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
      <PortalDocumentHead
        back={hasAccount(me) ? { href: '/portal/credit-notes', label: 'Your credit notes' } : null}
        title={`Credit note ${data.number}`}
        status={data.status}
        subtitle={
          <>
            {data.business ? `From ${data.business.name} · credits` : 'Credits'} invoice {invoiceLink}
          </>
        }
        pdfHref={`/api/portal/v1/credit-notes/${data.id}/pdf`}
        einvoice={{ href: `/api/portal/v1/credit-notes/${data.id}`, preferred: me.client.einvoiceFormat }}
      />
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
