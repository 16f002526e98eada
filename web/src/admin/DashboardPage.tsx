import { useEffect, useState } from 'react';
import { currencyExponent, formatMinor, parseMoney } from '../../../src/domain/currency.ts';
import { api, query } from '../api.ts';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { InvoiceSummary, Page } from '../types.ts';
import { SetupChecklist } from './SetupChecklist.tsx';
import { useSession } from './session.tsx';

/** GET /api/v1/dashboard: the figures are added up by the server, per currency (amounts are decimal strings). */
interface CurrencyFigures {
  currency: string;
  outstanding: { amount: string; count: number };
  overdue: { amount: string; count: number };
  /** Issued credit notes not yet applied or refunded. */
  credit: { amount: string; count: number };
  paidThisMonth: string;
  draftCount: number;
  months: { month: string; invoiced: string; received: string }[];
}

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

/** "2026-11" -> "November 2026" (or "Nov" when short), read as a calendar month with no time zone shift. */
function monthName(month: string, style: 'long' | 'short'): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, number - 1, 1));
  return new Intl.DateTimeFormat(undefined, {
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(first);
}

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

/** A round number of minor units at or above `value`: 1, 2, 2.5 or 5 times a power of ten. */
function roundStep(value: bigint): bigint {
  let power = 1n;
  while (power * 10n <= value) power *= 10n;
  for (const factor of [10n, 20n, 25n, 50n, 100n]) {
    const step = (power * factor) / 10n;
    if (step >= value && step > 0n) return step;
  }
  return power * 10n;
}

/** Width in CSS pixels of the element the returned ref is attached to, kept up to date as it resizes. */
function useWidth(): [(element: HTMLElement | null) => void, number] {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}

const CHART = { height: 200, top: 10, bottom: 26, ticks: 4, minSlot: 18 };

/**
 * Invoiced and received per month as grouped bars on a round scale, drawn at the container's own pixel width so
 * the text stays legible from a phone to a wide screen. Heights come from the exact minor-unit amounts; a month
 * whose refunds exceed its payments draws no bar (the table gives the figure).
 */
function MonthChart({ figures }: { figures: CurrencyFigures }) {
  const [measure, measured] = useWidth();
  const exponent = currencyExponent(figures.currency);
  const minor = (amount: string) => parseMoney(amount, exponent, 'amount');
  const months = figures.months.map((entry) => ({
    ...entry,
    invoicedMinor: minor(entry.invoiced),
    receivedMinor: minor(entry.received),
  }));
  let peak = 0n;
  for (const entry of months) {
    if (entry.invoicedMinor > peak) peak = entry.invoicedMinor;
    if (entry.receivedMinor > peak) peak = entry.receivedMinor;
  }
  // With nothing to show, a scale of one major unit per line keeps the axis labels meaningful.
  const step =
    peak === 0n
      ? 10n ** BigInt(exponent)
      : roundStep((peak + BigInt(CHART.ticks) - 1n) / BigInt(CHART.ticks));
  const scaleTop = step * BigInt(CHART.ticks);
  const show = (amount: string) => money(amount, figures.currency);
  const tickLabels = Array.from({ length: CHART.ticks + 1 }, (_, tick) =>
    show(formatMinor(step * BigInt(tick), exponent)),
  );

  // Room for the longest scale label (about 6.5 px a character at 11 px), then equal slots for the months.
  const left = Math.max(...tickLabels.map((label) => label.length)) * 6.5 + 14;
  const slot = Math.max(CHART.minSlot, (measured - left) / months.length);
  const width = Math.max(measured, left + slot * months.length);
  const bar = Math.min(18, Math.max(5, Math.floor((slot - 6) / 2)));
  const labelEvery = slot < 30 ? 2 : 1;
  const { height } = CHART;
  const y = (value: bigint) =>
    CHART.top + height - (value <= 0n ? 0 : (Number((value * 10_000n) / scaleTop) / 10_000) * height);
  const base = y(0n);
  const first = months[0]?.month ?? '';
  const last = months[months.length - 1]?.month ?? '';
  return (
    <figure className="chart dashboard-chart">
      <div className="dashboard-chart-frame" ref={measure}>
        {measured > 0 && (
          <svg
            width={width}
            height={CHART.top + height + CHART.bottom}
            viewBox={`0 0 ${width} ${CHART.top + height + CHART.bottom}`}
            role="img"
            aria-label={`Amount invoiced and received in ${figures.currency} per month, ${monthName(first, 'long')} to ${monthName(last, 'long')}. The figures are in the table that follows.`}
          >
            {tickLabels.map((label, tick) => {
              const at = y(step * BigInt(tick));
              return (
                <g key={label}>
                  <line
                    x1={left - 4}
                    x2={width}
                    y1={at}
                    y2={at}
                    className={tick === 0 ? 'chart-axis' : 'chart-grid'}
                  />
                  <text x={left - 10} y={at + 4} textAnchor="end" className="chart-label">
                    {label}
                  </text>
                </g>
              );
            })}
            {months.map((entry, index) => {
              const middle = left + index * slot + slot / 2;
              const invoicedTop = y(entry.invoicedMinor);
              const receivedTop = y(entry.receivedMinor);
              // Label the current month always, and every other month when slots are narrow.
              const labelled = (months.length - 1 - index) % labelEvery === 0;
              return (
                <g key={entry.month}>
                  <title>{`${monthName(entry.month, 'long')}: invoiced ${show(entry.invoiced)}, received ${show(entry.received)}`}</title>
                  <rect
                    x={middle - bar - 1}
                    y={invoicedTop}
                    width={bar}
                    height={base - invoicedTop}
                    className="bar-invoiced"
                    rx="2"
                  />
                  <rect
                    x={middle + 1}
                    y={receivedTop}
                    width={bar}
                    height={base - receivedTop}
                    className="bar-paid"
                    rx="2"
                  />
                  {labelled && (
                    <text x={middle} y={base + 18} textAnchor="middle" className="chart-label">
                      {monthName(entry.month, 'short')}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </div>
      {peak === 0n && (
        <p className="muted small dashboard-chart-none">
          Nothing invoiced or received in {figures.currency} over these 12 months.
        </p>
      )}
      <figcaption className="legend">
        <span className="legend-invoiced">Invoiced</span>
        <span className="legend-paid">Received</span>
      </figcaption>
      <table className="visually-hidden">
        <caption>Invoiced and received per month, in {figures.currency}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Invoiced</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {months.map((entry) => (
            <tr key={entry.month}>
              <th scope="row">{monthName(entry.month, 'long')}</th>
              <td>{show(entry.invoiced)}</td>
              <td>{show(entry.received)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
