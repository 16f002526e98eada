import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, query } from '../api.ts';
import { Empty, ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { InvoiceSummary, Page } from '../types.ts';
import { type CurrencyFigures, monthName } from './dashboard/dashboard-figures.ts';
import { MonthChart } from './dashboard/MonthChart.tsx';
import { RecentInvoiceList } from './RecentInvoiceList.tsx';
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

export function DashboardPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('dashboard.title'));
  const { settings } = useSession();
  const { data, error, loading, reload } = useAsync(loadDashboard, []);
  const [chosen, setChosen] = useState<string | null>(null);

  return (
    <section className="dashboard">
      <div className="page-head">
        <h1 tabIndex={-1}>{t('dashboard.title')}</h1>
        <div className="actions">
          <Link className="button button-primary" href="/app/invoices/new">
            {t('dashboard.newInvoice')}
          </Link>
        </div>
      </div>
      <SetupChecklist />
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && !error && <Loading what={t('dashboard.loading')} />}
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
  const { t } = useTranslation('staff');
  if (recent.length === 0) {
    return (
      <div className="card">
        <Empty title={t('dashboard.noInvoices')}>
          <p>
            <Trans
              t={t}
              i18nKey="dashboard.firstInvoice"
              components={{ a: <Link href="/app/invoices/new" /> }}
            />
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
          <legend className="dashboard-currencies-label">{t('dashboard.currency')}</legend>
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
          <p className="stat-label">{t('dashboard.outstanding')}</p>
          <p className="stat-value">{show(figures.outstanding.amount)}</p>
          <p className="stat-note">{t('dashboard.openInvoices', { count: figures.outstanding.count })}</p>
        </div>
        <div className={`stat${figures.overdue.count > 0 ? ' stat-warning' : ''}`}>
          <p className="stat-label">{t('dashboard.overdue')}</p>
          <p className="stat-value">{show(figures.overdue.amount)}</p>
          <p className="stat-note">
            {figures.overdue.count === 0 ? (
              t('dashboard.nothingLate')
            ) : (
              <Link href="/app/invoices?status=overdue">
                {t('dashboard.pastDue', { count: figures.overdue.count })}
              </Link>
            )}
          </p>
        </div>
        <div className="stat stat-good">
          <p className="stat-label">{t('dashboard.paidThisMonth')}</p>
          <p className="stat-value">{show(figures.paidThisMonth)}</p>
          <p className="stat-note">{t('dashboard.receivedIn', { month: monthName(thisMonth, 'long') })}</p>
        </div>
        {figures.credit.count > 0 && (
          <div className="stat">
            <p className="stat-label">{t('dashboard.clientCredit')}</p>
            <p className="stat-value">{show(figures.credit.amount)}</p>
            <p className="stat-note">
              <Link href="/app/credit-notes?status=issued">
                {t('dashboard.creditLeft', { count: figures.credit.count })}
              </Link>
            </p>
          </div>
        )}
        <div className="stat stat-draft">
          <p className="stat-label">{t('dashboard.drafts')}</p>
          <p className="stat-value">{figures.draftCount}</p>
          <p className="stat-note">
            {figures.draftCount === 0 ? (
              t('dashboard.nothingWaiting')
            ) : (
              <Link href="/app/invoices?status=draft">{t('dashboard.notSentYet')}</Link>
            )}
          </p>
        </div>
      </div>
      <div className="card">
        <div className="card-head">
          <h2>{t('dashboard.last12Months')}</h2>
          <span className="muted small">{t('dashboard.inCurrency', { currency: figures.currency })}</span>
        </div>
        <MonthChart figures={figures} />
      </div>
      <div className="card">
        <div className="card-head">
          <h2>{t('dashboard.recentInvoices')}</h2>
          <Link href="/app/invoices">{t('dashboard.allInvoices')}</Link>
        </div>
        <RecentInvoiceList invoices={recent} draftLabel={t('dashboard.draft')} withClient />
      </div>
    </>
  );
}

/** Online payments that do not count until someone looks: the first thing to see on arrival. */
function PaymentsToReview({ payments }: { payments: PaymentInReview[] }) {
  const { t } = useTranslation('staff');
  return (
    <div className="card card-attention">
      <div className="card-head">
        <h2>{t('dashboard.toReview', { count: payments.length })}</h2>
      </div>
      <p className="muted small">{t('dashboard.toReviewText')}</p>
      <ul className="list">
        {payments.map((payment) => (
          <li key={payment.id}>
            <span>
              <Link href={`/app/invoices/${payment.invoice.id}`}>
                {payment.invoice.number ?? t('dashboard.draft')}
              </Link>{' '}
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
