import { api } from '../api.ts';
import { ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { dateTime, money } from '../format.ts';
import { Link } from '../router.tsx';
import type { DocumentEvent } from '../types.ts';
import { describeEvent } from './Timeline.tsx';

/** GET /api/v1/clients/{id}/summary: figures added up by the server, per currency (amounts are decimal strings). */
interface CurrencySummary {
  currency: string;
  invoiced: string;
  credited: string;
  paid: string;
  outstanding: string;
  overdue: string;
  credit: string;
  balance: string;
  openInvoices: number;
  overdueInvoices: number;
}

type DocumentKind = 'invoice' | 'quote' | 'credit_note';

interface ActivityEntry {
  document: { kind: DocumentKind; id: string; number: string | null; currency: string };
  event: DocumentEvent;
}

interface ClientSummary {
  today: string;
  currencies: CurrencySummary[];
  activity: ActivityEntry[];
}

const NOUNS: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  quote: 'Quote',
  credit_note: 'Credit note',
};
const PATHS: Record<DocumentKind, string> = {
  invoice: '/app/invoices',
  quote: '/app/quotes',
  credit_note: '/app/credit-notes',
};

const plural = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;

/** The client's balance at a glance, one row of cards per currency, and what happened lately on its documents. */
export function ClientSummaryCard({ clientId }: { clientId: string }) {
  const { data, error, reload } = useAsync(
    () => api.get<ClientSummary>(`/clients/${clientId}/summary`),
    [clientId],
  );
  return (
    <div className="card client-summary" data-testid="client-summary">
      <h2>Balance</h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {!data && !error && <Loading what="Adding up the client's balance" />}
      {data && data.currencies.length === 0 && (
        <p className="muted">Nothing invoiced yet. Issued invoices, payments and credit add up here.</p>
      )}
      {data?.currencies.map((figures) => (
        <CurrencyCards key={figures.currency} figures={figures} clientId={clientId} />
      ))}
      {data && <RecentActivity entries={data.activity} />}
    </div>
  );
}

function CurrencyCards({ figures, clientId }: { figures: CurrencySummary; clientId: string }) {
  const show = (amount: string) => money(amount, figures.currency);
  const stat = (label: string, amount: string, note: string, className = '') => (
    <div className={`stat ${className}`.trim()}>
      <p className="stat-label">{label}</p>
      <p className="stat-value">{show(amount)}</p>
      <p className="stat-note">{note}</p>
    </div>
  );
  return (
    <section aria-label={`Balance in ${figures.currency}`} data-currency={figures.currency}>
      <h3 className="client-summary-currency">In {figures.currency}</h3>
      <div className="stats">
        {stat('Invoiced', figures.invoiced, 'Issued invoices, voids taken out')}
        {stat('Paid', figures.paid, 'Received, net of refunds', 'stat-good')}
        {stat('Outstanding', figures.outstanding, plural(figures.openInvoices, 'open invoice'))}
        {stat(
          'Overdue',
          figures.overdue,
          figures.overdueInvoices === 0
            ? 'Nothing late'
            : `${plural(figures.overdueInvoices, 'invoice')} past due`,
          figures.overdueInvoices > 0 ? 'stat-warning' : '',
        )}
        {stat('Credit', figures.credit, 'Credit notes not yet used')}
      </div>
      <p className="muted small">
        Balance {show(figures.balance)} (outstanding less credit), as on the{' '}
        <Link href={`/app/clients/${clientId}/statement`}>statement</Link>.
      </p>
    </section>
  );
}

function RecentActivity({ entries }: { entries: ActivityEntry[] }) {
  return (
    <>
      <h3>Recent activity</h3>
      {entries.length === 0 && <p className="muted">Nothing has happened yet.</p>}
      {entries.length > 0 && (
        <ol className="timeline" aria-label="Recent activity">
          {entries.map(({ document, event }) => {
            const noun = NOUNS[document.kind];
            return (
              <li key={`${document.kind}-${event.id}`}>
                <p className="timeline-what">
                  <Link href={`${PATHS[document.kind]}/${document.id}`}>
                    {noun} {document.number ?? '(draft)'}
                  </Link>
                  : {describeEvent(event, document.currency, noun)}
                </p>
                <p className="timeline-when">
                  <time dateTime={event.at}>{dateTime(event.at)}</time> · {event.actor.name}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
