import { currencyExponent, formatMinor, parseMoney } from '../../../src/domain/currency.ts';
import { api, query } from '../api.ts';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { InvoiceSummary, Page, Payment } from '../types.ts';
import { useSession } from './session.tsx';

/** How many invoices and payment lists the dashboard reads; beyond that it says the figures are partial. */
const MAX_INVOICES = 1000;
const MAX_PAYMENT_LISTS = 60;

interface Month {
  key: string; // YYYY-MM
  label: string;
  invoiced: bigint;
  paid: bigint;
}

interface Summary {
  currency: string;
  outstanding: bigint;
  outstandingCount: number;
  overdue: bigint;
  overdueCount: number;
  paidThisMonth: bigint;
  months: Month[];
  recent: InvoiceSummary[];
  partial: boolean;
  otherCurrencies: string[];
}

async function loadAll(): Promise<{ items: InvoiceSummary[]; partial: boolean }> {
  const items: InvoiceSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<InvoiceSummary> = await api.get(`/invoices${query({ limit: 100, cursor })}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_INVOICES);
  return { items, partial: cursor !== null };
}

function lastTwelveMonths(today: Date): Month[] {
  const months: Month[] = [];
  for (let back = 11; back >= 0; back--) {
    const day = new Date(Date.UTC(today.getFullYear(), today.getMonth() - back, 1));
    months.push({
      key: day.toISOString().slice(0, 7),
      label: new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' }).format(day),
      invoiced: 0n,
      paid: 0n,
    });
  }
  return months;
}

async function summarise(currency: string): Promise<Summary> {
  const exponent = currencyExponent(currency);
  const minor = (amount: string) => parseMoney(amount, exponent, 'amount');
  const { items, partial } = await loadAll();
  const months = lastTwelveMonths(new Date());
  const byMonth = new Map(months.map((month) => [month.key, month]));
  const thisMonth = months[months.length - 1]!.key;
  const summary: Summary = {
    currency,
    outstanding: 0n,
    outstandingCount: 0,
    overdue: 0n,
    overdueCount: 0,
    paidThisMonth: 0n,
    months,
    recent: items.slice(0, 6),
    partial,
    otherCurrencies: [],
  };
  const others = new Set<string>();
  const withPayments: InvoiceSummary[] = [];
  for (const invoice of items) {
    if (invoice.currency !== currency) {
      if (invoice.status !== 'draft') others.add(invoice.currency);
      continue;
    }
    if (invoice.status === 'draft' || invoice.status === 'void') continue;
    const balance = minor(invoice.balanceDue);
    if (balance > 0n) {
      summary.outstanding += balance;
      summary.outstandingCount++;
    }
    if (invoice.status === 'overdue') {
      summary.overdue += balance;
      summary.overdueCount++;
    }
    const month = byMonth.get(invoice.issueDate.slice(0, 7));
    if (month) month.invoiced += minor(invoice.total);
    if (minor(invoice.amountPaid) !== 0n) withPayments.push(invoice);
  }
  const lists = await Promise.all(
    withPayments
      .slice(0, MAX_PAYMENT_LISTS)
      .map((invoice) => api.get<{ items: Payment[] }>(`/invoices/${invoice.id}/payments`)),
  );
  for (const payment of lists.flatMap((list) => list.items)) {
    const counted = minor(payment.countedAmount);
    const month = byMonth.get(payment.paidOn.slice(0, 7));
    if (month) month.paid += counted;
    if (payment.paidOn.startsWith(thisMonth)) summary.paidThisMonth += counted;
  }
  summary.partial ||= withPayments.length > MAX_PAYMENT_LISTS;
  summary.otherCurrencies = [...others];
  return summary;
}

export function DashboardPage() {
  usePageTitle('Dashboard');
  const { settings } = useSession();
  const currency = settings?.defaultCurrency;
  const { data, error, loading, reload } = useAsync(
    () => (currency ? summarise(currency) : Promise.resolve(null)),
    [currency],
  );

  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Dashboard</h1>
        <div className="actions">
          <Link className="button button-primary" href="/app/invoices/new">
            New invoice
          </Link>
        </div>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {(loading || !data) && !error && <Loading what="Adding up your invoices" />}
      {data && <DashboardBody summary={data} />}
    </section>
  );
}

function DashboardBody({ summary }: { summary: Summary }) {
  const exponent = currencyExponent(summary.currency);
  const show = (minor: bigint) => money(formatMinor(minor, exponent), summary.currency);
  return (
    <>
      <div className="stats">
        <div className="stat">
          <p className="stat-label">Outstanding</p>
          <p className="stat-value">{show(summary.outstanding)}</p>
          <p className="stat-note">
            {summary.outstandingCount} open invoice{summary.outstandingCount === 1 ? '' : 's'}
          </p>
        </div>
        <div className={`stat${summary.overdue > 0n ? ' stat-warning' : ''}`}>
          <p className="stat-label">Overdue</p>
          <p className="stat-value">{show(summary.overdue)}</p>
          <p className="stat-note">
            {summary.overdueCount === 0
              ? 'Nothing late'
              : `${summary.overdueCount} invoice${summary.overdueCount === 1 ? '' : 's'} past due`}
          </p>
        </div>
        <div className="stat stat-good">
          <p className="stat-label">Paid this month</p>
          <p className="stat-value">{show(summary.paidThisMonth)}</p>
          <p className="stat-note">Payments received since the 1st</p>
        </div>
      </div>
      <div className="card">
        <h2>Last 12 months</h2>
        <MonthChart months={summary.months} format={show} />
      </div>
      {(summary.partial || summary.otherCurrencies.length > 0) && (
        <p className="muted small">
          Figures are in {summary.currency}
          {summary.otherCurrencies.length > 0 &&
            `; invoices in ${summary.otherCurrencies.join(', ')} are not included`}
          {summary.partial && '; only the most recent invoices are counted'}.
        </p>
      )}
      <div className="card">
        <div className="card-head">
          <h2>Recent invoices</h2>
          <Link href="/app/invoices">All invoices</Link>
        </div>
        {summary.recent.length === 0 ? (
          <Empty title="No invoices yet">
            <p>
              <Link href="/app/invoices/new">Create your first invoice</Link> to start getting paid.
            </p>
          </Empty>
        ) : (
          <ul className="recent">
            {summary.recent.map((invoice) => (
              <li key={invoice.id}>
                <Link href={`/app/invoices/${invoice.id}`}>{invoice.number ?? 'Draft'}</Link>
                <span className="recent-client">{invoice.client.name}</span>
                <span className="recent-date">{date(invoice.issueDate)}</span>
                <span className="num">{money(invoice.total, invoice.currency)}</span>
                <StatusBadge status={invoice.status} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

/** Invoiced and paid per month as grouped bars; the table below it carries the same figures for screen readers. */
function MonthChart({ months, format }: { months: Month[]; format: (minor: bigint) => string }) {
  let peak = 0n;
  for (const month of months) {
    if (month.invoiced > peak) peak = month.invoiced;
    if (month.paid > peak) peak = month.paid;
  }
  const height = 160;
  const scale = (value: bigint) => (peak === 0n ? 0 : Number((value * 1000n) / peak) / 1000) * height;
  const slot = 56;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${months.length * slot} ${height + 28}`}
        role="img"
        aria-label="Amount invoiced and paid per month over the last 12 months"
      >
        <line x1="0" x2={months.length * slot} y1={height} y2={height} className="chart-axis" />
        {months.map((month, i) => {
          const invoiced = scale(month.invoiced);
          const paid = scale(month.paid);
          return (
            <g key={month.key}>
              <title>{`${month.label}: invoiced ${format(month.invoiced)}, paid ${format(month.paid)}`}</title>
              <rect
                x={i * slot + 10}
                y={height - invoiced}
                width="16"
                height={invoiced}
                className="bar-invoiced"
                rx="2"
              />
              <rect
                x={i * slot + 28}
                y={height - paid}
                width="16"
                height={paid}
                className="bar-paid"
                rx="2"
              />
              <text x={i * slot + 27} y={height + 20} textAnchor="middle" className="chart-label">
                {month.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span className="legend-invoiced">Invoiced</span>
        <span className="legend-paid">Paid</span>
      </figcaption>
      <table className="visually-hidden">
        <caption>Invoiced and paid per month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Invoiced</th>
            <th scope="col">Paid</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.key}>
              <th scope="row">{month.key}</th>
              <td>{format(month.invoiced)}</td>
              <td>{format(month.paid)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
