import { useApiPages } from '../../api-queries.ts';
import { RecordTable } from '../../components/ListCard.tsx';
import { Button, Empty, ErrorBox, Loading, StatusBadge } from '../../components/ui.tsx';
import { date, money } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { RecurringPeriod, RecurringProfile } from '../../types.ts';

const OUTCOME_LABELS: Record<RecurringPeriod['outcome'], string> = {
  generated: 'Created',
  skipped: 'Skipped',
  missed: 'Missed',
};

const HISTORY_COLUMNS = [
  { label: 'Date' },
  { label: 'Invoice' },
  { label: 'Status' },
  { label: 'Total', className: 'num' },
];

export function HistoryCard({ profile }: { profile: RecurringProfile }) {
  const history = useApiPages<RecurringPeriod>(`/recurring-profiles/${profile.id}/history`);
  const { items } = history;

  return (
    <div className="card">
      <h2>Invoices created</h2>
      {history.error && <ErrorBox error={history.error} onRetry={history.reload} />}
      {!history.data && !history.error && <Loading what="Loading the history" />}
      {history.data && items.length === 0 && (
        <Empty title="No invoices yet">
          <p>
            {profile.nextRunDate && profile.status === 'active'
              ? `The first one is created on ${date(profile.nextRunDate)}.`
              : 'Invoices show here as the schedule creates them.'}
          </p>
        </Empty>
      )}
      {items.length > 0 && (
        <RecordTable caption="Invoices created by this profile" columns={HISTORY_COLUMNS}>
          {items.map((period) => (
            <tr key={period.periodDate}>
              <td data-label="Date">{date(period.periodDate)}</td>
              <td data-label="Invoice">
                {period.invoice ? (
                  <Link href={`/app/invoices/${period.invoice.id}`}>
                    {period.invoice.number ?? `Draft of ${date(period.invoice.issueDate)}`}
                  </Link>
                ) : (
                  <span className="muted">{period.outcome === 'generated' ? 'Deleted' : '—'}</span>
                )}
                {period.sendError && <p className="field-error small">{period.sendError}</p>}
              </td>
              <td data-label="Status">
                {period.invoice ? (
                  <StatusBadge status={period.invoice.status} />
                ) : (
                  OUTCOME_LABELS[period.outcome]
                )}
              </td>
              <td data-label="Total" className="num">
                {period.invoice ? money(period.invoice.total, profile.currency) : '—'}
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
      {history.moreError && <ErrorBox error={history.moreError} onRetry={history.loadMore} />}
      {history.hasMore && (
        <Button small busy={history.loadingMore} onClick={history.loadMore}>
          Show older
        </Button>
      )}
    </div>
  );
}
