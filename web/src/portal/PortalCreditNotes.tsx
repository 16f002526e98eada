import { Trans, useTranslation } from 'react-i18next';
import { CreditNoteDocument } from '../components/CreditNoteDocument.tsx';
import { date, money } from '../format.ts';
import { Link } from '../router.tsx';
import type { CreditNote, CreditNoteSummary } from '../types.ts';
import {
  PortalDocumentBody,
  PortalDocumentHead,
  PortalDocumentList,
  usePortalDocument,
} from './PortalDocumentParts.tsx';
import { hasAccount, letterhead, type PortalBusiness, type PortalViewer } from './portal-types.ts';

interface PortalCreditNote extends Omit<CreditNote, 'project'> {
  /** The supplier's letterhead, when the API gives it. */
  business?: PortalBusiness;
}

export function PortalCreditNotes({ me }: { me: PortalViewer }) {
  const { t } = useTranslation();
  return (
    <PortalDocumentList<CreditNoteSummary>
      title={t('creditNotes.title')}
      loadingWhat={t('creditNotes.loading')}
      emptyTitle={t('creditNotes.empty')}
      me={me}
      path="/credit-notes"
      basePath="/portal/credit-notes"
      detail={(note) => t('creditNotes.dates', { date: date(note.issueDate), invoice: note.invoice.number })}
      amount={(note) => <span className="num strong">{money(note.total, note.currency)}</span>}
    />
  );
}

/** One credit note, read-only, with its PDF; the invoice it credits opens in the portal too. */
export function PortalCreditNotePage({ id, me }: { id: string; me: PortalViewer }) {
  const { data, fallback } = usePortalDocument<PortalCreditNote>(`/credit-notes/${id}`, 'creditNote');
  const { t } = useTranslation();
  if (fallback || !data) return fallback;
  // Whoever sees a credit note may open the invoice it credits (an account, or a link to that invoice).
  const invoiceLink = <Link href={`/portal/invoices/${data.invoice.id}`}>{data.invoice.number}</Link>;
  return (
    <section className="portal-invoice">
      <PortalDocumentHead
        back={hasAccount(me) ? { href: '/portal/credit-notes', label: t('creditNotes.title') } : null}
        title={t('creditNote.title', { number: data.number })}
        status={data.status}
        subtitle={
          <Trans
            i18nKey={data.business ? 'creditNote.fromCredits' : 'creditNote.credits'}
            values={{ business: data.business?.name, invoice: data.invoice.number }}
            components={{ a: <Link href={`/portal/invoices/${data.invoice.id}`} /> }}
          />
        }
        pdfHref={`/api/portal/v1/credit-notes/${data.id}/pdf`}
        einvoice={{ href: `/api/portal/v1/credit-notes/${data.id}`, preferred: me.client.einvoiceFormat }}
      />
      <PortalDocumentBody
        document={
          <CreditNoteDocument
            note={{ ...data, project: null }}
            invoiceLink={invoiceLink}
            business={data.business ? letterhead(data.business) : null}
          />
        }
        heading={t('creditNote.credit')}
        amount={money(data.totals.total, data.currency)}
        note={
          hasAccount(me)
            ? t('creditNote.leftToUse', { amount: money(data.credit.remaining, data.currency) })
            : t('creditNote.takenOff', { invoice: data.invoice.number ?? '' })
        }
      />
    </section>
  );
}
