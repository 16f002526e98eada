import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../api.ts';
import { InvoiceDocument } from '../components/InvoiceDocument.tsx';
import { Button, ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { useLocation } from '../router.tsx';
import type { Invoice } from '../types.ts';
import { usePortalBranding } from './PortalBrand.tsx';
import { PortalCreditBalance } from './PortalCreditBalance.tsx';
import {
  PortalDocumentBody,
  PortalDocumentHead,
  PortalDocumentList,
  usePortalDocument,
} from './PortalDocumentParts.tsx';
import { PortalInvoiceCreditNotes } from './PortalInvoiceCreditNotes.tsx';
import { letterhead, type PortalBusiness, type PortalMe } from './portal-types.ts';

interface PortalInvoice extends Omit<Invoice, 'project'> {
  business: PortalBusiness;
  payments: {
    id: string;
    amount: string;
    refundedAmount: string;
    paidOn: string;
    method: string;
    reference: string;
  }[];
}

interface PortalSummary {
  id: string;
  number: string | null;
  status: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountPaid: string;
  balanceDue: string;
}

export function PortalInvoices({ me }: { me: PortalMe }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const chips = (
    <nav aria-label={t('list.filterByStatus')} className="chips">
      {[
        ['', t('invoices.all')],
        ['sent,viewed,partially_paid,overdue', t('invoices.toPay')],
        ['paid', t('invoices.paid')],
      ].map(([value, label]) => (
        <button
          key={value}
          type="button"
          className="chip"
          aria-pressed={status === value}
          onClick={() => setStatus(value!)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
  return (
    <PortalDocumentList<PortalSummary>
      title={t('invoices.title')}
      loadingWhat={t('invoices.loading')}
      emptyTitle={t('invoices.empty')}
      me={me}
      path="/invoices"
      params={status ? { status } : {}}
      filters={
        <>
          <PortalCreditBalance />
          {chips}
        </>
      }
      basePath="/portal/invoices"
      detail={(invoice) =>
        t('invoices.dates', { issued: date(invoice.issueDate), due: date(invoice.dueDate) })
      }
      amount={(invoice) => (
        <span className="num">
          <span className="strong">{money(invoice.total, invoice.currency)}</span>
          {invoice.status !== 'paid' && invoice.status !== 'void' && (
            <span className="muted small">
              {' · '}
              {t('invoices.due', { amount: money(invoice.balanceDue, invoice.currency) })}
            </span>
          )}
        </span>
      )}
    />
  );
}

export function PortalInvoicePage({ id, me }: { id: string; me: PortalMe }) {
  const { search } = useLocation();
  const { data, reload, fallback } = usePortalDocument<PortalInvoice>(`/invoices/${id}`, 'invoice');
  const { t } = useTranslation();
  const branding = usePortalBranding();
  if (fallback || !data) return fallback;
  const business = letterhead(data.business, { withPaymentInstructions: true });
  const methods: Record<string, string> = t('paymentMethod', { returnObjects: true });
  const paid = data.status === 'paid';
  const returned = search.get('payment');
  return (
    <section className="portal-invoice">
      <PortalDocumentHead
        back={me.scope.kind === 'account' ? { href: '/portal/invoices', label: t('invoices.title') } : null}
        title={t('invoice.title', { number: data.number })}
        status={data.status}
        subtitle={t('invoice.from', { business: data.business.name })}
        pdfHref={`/api/portal/v1/invoices/${data.id}/pdf`}
        einvoice={
          data.status === 'void'
            ? undefined
            : { href: `/api/portal/v1/invoices/${data.id}`, preferred: me.client.einvoiceFormat }
        }
      />
      {paid && (
        <div className="alert alert-success paid-banner" role="status">
          <strong>{t('invoice.paidInFull')}</strong> {t('invoice.nothingMore')}
        </div>
      )}
      {!paid && (returned === 'paid' || returned === 'pending') && (
        <div className="alert alert-info" role="status">
          {t('invoice.confirming')}
          <Button small onClick={reload}>
            {t('invoice.refresh')}
          </Button>
        </div>
      )}
      {(returned === 'cancelled' || returned === 'failed') && !paid && (
        <p className="alert alert-warning">
          {returned === 'failed' ? t('invoice.paymentFailed') : t('invoice.paymentCancelled')}
        </p>
      )}
      <PortalDocumentBody
        document={
          <InvoiceDocument
            invoice={{ ...data, project: null }}
            business={business}
            logoUrl={branding?.logoUrl}
          />
        }
        heading={t('invoice.amountDue')}
        amount={money(data.totals.balanceDue, data.currency)}
        note={t('invoice.dueOn', { date: date(data.dueDate) })}
        actions={
          !paid &&
          data.status !== 'void' && (
            <>
              <PayNow invoiceId={data.id} />
              {data.business.paymentInstructions && (
                <p className="muted small">{t('invoice.bankTransfer')}</p>
              )}
            </>
          )
        }
      >
        <PortalInvoiceCreditNotes creditNotes={data.creditNotes} currency={data.currency} />
        {data.payments.length > 0 && (
          <div className="card">
            <h2>{t('invoice.paymentsReceived')}</h2>
            <ul className="list">
              {data.payments.map((payment) => (
                <li key={payment.id}>
                  <span>
                    {money(payment.amount, data.currency)}{' '}
                    <span className="muted small">
                      {methods[payment.method] ?? payment.method} · {date(payment.paidOn)}
                    </span>
                  </span>
                  <a
                    href={`/api/portal/v1/payments/${payment.id}/receipt.pdf`}
                    aria-label={t('invoice.receiptLabel', {
                      amount: money(payment.amount, data.currency),
                      date: date(payment.paidOn),
                    })}
                  >
                    {t('invoice.receipt')}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
      </PortalDocumentBody>
    </section>
  );
}

/** One button per gateway able to take this invoice; the browser goes to the provider's checkout. */
function PayNow({ invoiceId }: { invoiceId: string }) {
  const { t } = useTranslation();
  const options = useAsync(
    () =>
      portalApi.get<{ options: { provider: string; name: string }[] }>(
        `/invoices/${invoiceId}/payment-options`,
      ),
    [invoiceId],
  );
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<Error | null>(null);
  async function pay(provider: string) {
    setBusy(provider);
    setError(null);
    try {
      const result = await portalApi.post<{ redirectUrl: string }>(`/invoices/${invoiceId}/pay`, {
        provider,
      });
      window.location.assign(result.redirectUrl);
    } catch (caught) {
      setError(caught as Error);
      setBusy('');
    }
  }
  if (options.loading && !options.data) return <Loading what={t('invoice.loadingPaymentOptions')} />;
  if (!options.data || options.data.options.length === 0) return null;
  return (
    <div className="pay-options">
      {error && <ErrorBox error={error} />}
      {options.data.options.map((option, index) => (
        <Button
          key={option.provider}
          variant={index === 0 ? 'primary' : 'secondary'}
          className="button-block"
          busy={busy === option.provider}
          onClick={() => pay(option.provider)}
        >
          {index === 0
            ? t('invoice.payNowWith', { provider: option.name })
            : t('invoice.payWith', { provider: option.name })}
        </Button>
      ))}
    </div>
  );
}
