import { useEffect, useState } from 'react';
import { portalApi } from '../api.ts';
import { InvoiceDocument } from '../components/InvoiceDocument.tsx';
import { Button, ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { date, money, PAYMENT_METHOD_LABELS, setDisplayLocale } from '../format.ts';
import { useLocation, usePageTitle } from '../router.tsx';
import type { Invoice, Page } from '../types.ts';
import { usePortalBranding } from './PortalBrand.tsx';
import { PortalCreditBalance } from './PortalCreditBalance.tsx';
import { PortalDocumentHead, PortalDocumentList } from './PortalDocumentParts.tsx';
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
  usePageTitle('Your invoices');
  const [status, setStatus] = useState('');
  const list = useAsync(
    () => portalApi.get<Page<PortalSummary>>(`/invoices?limit=100${status ? `&status=${status}` : ''}`),
    [status],
  );
  const chips = (
    <nav aria-label="Filter by status" className="chips">
      {[
        ['', 'All'],
        ['sent,viewed,partially_paid,overdue', 'To pay'],
        ['paid', 'Paid'],
      ].map(([value, label]) => (
        <button
          key={label}
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
    <PortalDocumentList
      title="Your invoices"
      noun="invoices"
      me={me}
      list={list}
      filters={
        <>
          <PortalCreditBalance />
          {chips}
        </>
      }
      basePath="/portal/invoices"
      detail={(invoice) => (
        <>
          Issued {date(invoice.issueDate)} · due {date(invoice.dueDate)}
        </>
      )}
      amount={(invoice) => (
        <span className="num">
          <span className="strong">{money(invoice.total, invoice.currency)}</span>
          {invoice.status !== 'paid' && invoice.status !== 'void' && (
            <span className="muted small"> · {money(invoice.balanceDue, invoice.currency)} due</span>
          )}
        </span>
      )}
    />
  );
}

export function PortalInvoicePage({ id, me }: { id: string; me: PortalMe }) {
  const { search } = useLocation();
  const { data, error, loading, reload } = useAsync(
    () => portalApi.get<PortalInvoice>(`/invoices/${id}`),
    [id],
  );
  usePageTitle(data ? `Invoice ${data.number}` : 'Invoice');
  const branding = usePortalBranding();
  useEffect(() => {
    if (data) setDisplayLocale(undefined);
  }, [data]);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading && !data) return <Loading what="Loading the invoice" />;
  if (!data) return null;
  const business = letterhead(data.business, { withPaymentInstructions: true });
  const paid = data.status === 'paid';
  const returned = search.get('payment');
  return (
    <section className="portal-invoice">
      <PortalDocumentHead
        back={me.scope.kind === 'account' ? { href: '/portal/invoices', label: 'Your invoices' } : null}
        title={`Invoice ${data.number}`}
        status={data.status}
        subtitle={`From ${data.business.name}`}
        pdfHref={`/api/portal/v1/invoices/${data.id}/pdf`}
        einvoice={
          data.status === 'void'
            ? undefined
            : { href: `/api/portal/v1/invoices/${data.id}`, preferred: me.client.einvoiceFormat }
        }
      />
      {paid && (
        <div className="alert alert-success paid-banner" role="status">
          <strong>Paid in full, thank you.</strong> Nothing more is due on this invoice.
        </div>
      )}
      {!paid && (returned === 'paid' || returned === 'pending') && (
        <div className="alert alert-info" role="status">
          Thank you: your payment is being confirmed. This page shows Paid as soon as it arrives.
          <Button small onClick={reload}>
            Refresh
          </Button>
        </div>
      )}
      {(returned === 'cancelled' || returned === 'failed') && !paid && (
        <p className="alert alert-warning">
          {returned === 'failed'
            ? 'The payment did not go through; nothing was charged.'
            : 'The payment was cancelled; nothing was charged.'}
        </p>
      )}
      <div className="invoice-layout">
        <div className="invoice-main">
          <InvoiceDocument
            invoice={{ ...data, project: null }}
            business={business}
            logoUrl={branding?.logoUrl}
          />
        </div>
        <aside className="invoice-side">
          <div className="card pay-card">
            <h2>Amount due</h2>
            <p className="amount-due">{money(data.totals.balanceDue, data.currency)}</p>
            <p className="muted small">Due {date(data.dueDate)}</p>
            {!paid && data.status !== 'void' && <PayNow invoiceId={data.id} />}
            {!paid && data.status !== 'void' && data.business.paymentInstructions && (
              <p className="muted small">To pay by bank transfer, see “How to pay” on the invoice.</p>
            )}
          </div>
          <PortalInvoiceCreditNotes creditNotes={data.creditNotes} currency={data.currency} />
          {data.payments.length > 0 && (
            <div className="card">
              <h2>Payments received</h2>
              <ul className="list">
                {data.payments.map((payment) => (
                  <li key={payment.id}>
                    <span>
                      {money(payment.amount, data.currency)}{' '}
                      <span className="muted small">
                        {PAYMENT_METHOD_LABELS[payment.method] ?? payment.method} · {date(payment.paidOn)}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </aside>
      </div>
    </section>
  );
}

/** One button per gateway able to take this invoice; the browser goes to the provider's checkout. */
function PayNow({ invoiceId }: { invoiceId: string }) {
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
  if (options.loading && !options.data) return <Loading what="Loading payment options" />;
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
          {index === 0 ? `Pay now with ${option.name}` : `Pay with ${option.name}`}
        </Button>
      ))}
    </div>
  );
}
