import { useState } from 'react';
import { api, query } from '../api.ts';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { InvoiceSummary, Page } from '../types.ts';
import { type CurrencyFigures, monthName } from './dashboard/dashboard-figures.ts';
import { MonthChart } from './dashboard/MonthChart.tsx';
import { SetupChecklist } from './SetupChecklist.tsx';
import { useSession } from './session.tsx';

interface Dashboard {
  today: string;
  timeZone: string;
  defaultCurrency: string;
  currencies: CurrencyFigures[];
}

/** GET /api/v1/payments/in-review: gateway payments held back until staff accept or reject them. */
interface PaymentInReview {
  id: string;
  invoice: { id: string; number: string | null; clientName: string };
  amount: string;
  currency: string;
  provider: string;
  reason: string;
  receivedAt: string;
}

const RECENT_INVOICES = 6;

async function loadDashboard() {
  const [summary, recent, inReview] = await Promise.all([
    api.get<Dashboard>('/dashboard'),
    api.get<Page<InvoiceSummary>>(`/invoices${query({ limit: RECENT_INVOICES })}`),
    api.get<{ items: PaymentInReview[] }>('/payments/in-review'),
  ]);
  return { summary, recent: recent.items, inReview: inReview.items };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function DashboardPage() {
  usePageTitle('Dashboard');
  const { settings } = useSession();
  const { data, error, loading, reload } = useAsync(loadDashboard, []);
  const [chosen, setChosen] = useState<string | null>(null);

  return (
    <section className="dashboard">
      <div className="page-head">
        <h1 tabIndex={-1}>Dashboard</h1>
        <div className="actions">
          <Link className="button button-primary" href="/app/invoices/new">
            New invoice
          </Link>
        </div>
      </div>
      <SetupChecklist />
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && !error && <Loading what="Adding up your invoices" />}
      {data && (
        <DashboardBody
          summary={data.summary}
          recent={data.recent}
          inReview={data.inReview}
          currency={chosen ?? settings?.defaultCurrency ?? data.summary.defaultCurrency}
          onCurrency={setChosen}
        />
      )}
    </section>
  );
}

function DashboardBody({
  summary,
  recent,
  inReview,
  currency,
  onCurrency,
}: {
  summary: Dashboard;
  recent: InvoiceSummary[];
  inReview: PaymentInReview[];
  currency: string;
  onCurrency: (currency: string) => void;
}) {
  if (recent.length === 0) {
    return (
      <div className="card">
        <Empty title="No invoices yet">
          <p>
            <Link href="/app/invoices/new">Create your first invoice</Link> to start getting paid. Your
            outstanding, overdue and paid figures will show here.
          </p>
        </Empty>
      </div>
    );
  }
  const figures = summary.currencies.find((entry) => entry.currency === currency) ?? summary.currencies[0];
  if (!figures) return null;
  const show = (amount: string) => money(amount, figures.currency);
  const thisMonth = figures.months[figures.months.length - 1]?.month ?? summary.today.slice(0, 7);
  return (
    <>
      {summary.currencies.length > 1 && (
        <fieldset className="dashboard-currencies">
          <legend className="dashboard-currencies-label">Currency</legend>
          <div className="chips">
            {summary.currencies.map((entry) => (
              <button
                key={entry.currency}
                type="button"
                className="chip"
                aria-pressed={entry.currency === figures.currency}
                onClick={() => onCurrency(entry.currency)}
              >
                {entry.currency}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {inReview.length > 0 && <PaymentsToReview payments={inReview} />}
      <div className="stats dashboard-stats">
        <div className="stat">
          <p className="stat-label">Outstanding</p>
          <p className="stat-value">{show(figures.outstanding.amount)}</p>
          <p className="stat-note">{plural(figures.outstanding.count, 'open invoice')}</p>
        </div>
        <div className={`stat${figures.overdue.count > 0 ? ' stat-warning' : ''}`}>
          <p className="stat-label">Overdue</p>
          <p className="stat-value">{show(figures.overdue.amount)}</p>
          <p className="stat-note">
            {figures.overdue.count === 0 ? (
              'Nothing late'
            ) : (
              <Link href="/app/invoices?status=overdue">
                {plural(figures.overdue.count, 'invoice')} past due
              </Link>
            )}
          </p>
        </div>
        <div className="stat stat-good">
          <p className="stat-label">Paid this month</p>
          <p className="stat-value">{show(figures.paidThisMonth)}</p>
          <p className="stat-note">Received in {monthName(thisMonth, 'long')}, net of refunds</p>
        </div>
        {figures.credit.count > 0 && (
          <div className="stat">
            <p className="stat-label">Client credit</p>
            <p className="stat-value">{show(figures.credit.amount)}</p>
            <p className="stat-note">
              <Link href="/app/credit-notes?status=issued">
                {plural(figures.credit.count, 'credit note')} with credit left
              </Link>
            </p>
          </div>
        )}
        <div className="stat stat-draft">
          <p className="stat-label">Drafts</p>
          <p className="stat-value">{figures.draftCount}</p>
          <p className="stat-note">
            {figures.draftCount === 0 ? (
              'Nothing waiting to be sent'
            ) : (
              <Link href="/app/invoices?status=draft">Not sent yet</Link>
            )}
          </p>
        </div>
      </div>
      <div className="card">
        <div className="card-head">
          <h2>Last 12 months</h2>
          <span className="muted small">in {figures.currency}</span>
        </div>
        <MonthChart figures={figures} />
      </div>
      <div className="card">
        <div className="card-head">
          <h2>Recent invoices</h2>
          <Link href="/app/invoices">All invoices</Link>
        </div>
        <ul className="recent">
          {recent.map((invoice) => (
            <li key={invoice.id}>
              <Link href={`/app/invoices/${invoice.id}`}>{invoice.number ?? 'Draft'}</Link>
              <span className="recent-client">{invoice.client.name}</span>
              <span className="recent-date">{date(invoice.issueDate)}</span>
              <span className="num">{money(invoice.total, invoice.currency)}</span>
              <StatusBadge status={invoice.status} />
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

/** Online payments that do not count until someone looks: the first thing to see on arrival. */
function PaymentsToReview({ payments }: { payments: PaymentInReview[] }) {
  return (
    <div className="card card-attention">
      <div className="card-head">
        <h2>{plural(payments.length, 'payment')} to review</h2>
      </div>
      <p className="muted small">
        These online payments came in for another amount or currency than asked, or on an invoice that cannot
        take them. They do not count until you accept them on the invoice.
      </p>
      <ul className="list">
        {payments.map((payment) => (
          <li key={payment.id}>
            <span>
              <Link href={`/app/invoices/${payment.invoice.id}`}>{payment.invoice.number ?? 'Draft'}</Link>{' '}
              <span className="muted">{payment.invoice.clientName}</span>
              <span className="muted small"> · {payment.reason}</span>
            </span>
            <strong className="num">{money(payment.amount, payment.currency)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
