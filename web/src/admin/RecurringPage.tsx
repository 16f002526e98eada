import { api, query } from '../api.ts';
import { LoadMore, usePagedList } from '../components/DocumentList.tsx';
import { Button, Empty, ErrorBox, Loading, useToast } from '../components/ui.tsx';
import { useRowAction } from '../components/use-save.ts';
import { date, money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { Page, RecurringProfile } from '../types.ts';
import { describeSchedule, profileName, RecurringStatusBadge } from './RecurringSchedule.tsx';

/** Recurring profiles with their next date; pause and resume act on the schedule at once. */
export function RecurringPage() {
  usePageTitle('Recurring invoices');
  const toast = useToast();
  const list = usePagedList(
    (cursor) => api.get<Page<RecurringProfile>>(`/recurring-profiles${query({ limit: 100, cursor })}`),
    [],
  );
  const { data, error, loading, reload } = list;
  const { busy, failure, run } = useRowAction();
  const act = (profile: RecurringProfile, action: 'pause' | 'resume') =>
    run(`${profile.id}:${action}`, async () => {
      await api.post(`/recurring-profiles/${profile.id}/${action}`);
      toast(action === 'pause' ? 'Profile paused' : 'Profile resumed');
      reload();
    });
  return (
    <section>
      <div className="page-head">
        <div>
          <h1 tabIndex={-1}>Recurring invoices</h1>
          <p className="muted">Invoices Remit creates on a schedule, for retainers and subscriptions.</p>
        </div>
        <div className="actions">
          <Link className="button button-primary" href="/app/recurring/new">
            New recurring profile
          </Link>
        </div>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {failure && <ErrorBox error={failure} />}
      {loading && !data && <Loading what="Loading recurring profiles" />}
      {data && list.rows.length === 0 && (
        <Empty title="No recurring invoices yet">
          <p>
            Set up an invoice once and Remit creates it every week, month or year.{' '}
            <Link href="/app/recurring/new">Create a recurring profile</Link>.
          </p>
        </Empty>
      )}
      {list.rows.length > 0 && (
        <ul className="cards-grid">
          {list.rows.map((profile) => (
            <li key={profile.id} className="client-card">
              <p>
                <Link className="client-name" href={`/app/recurring/${profile.id}`}>
                  {profileName(profile)}
                </Link>
              </p>
              <p className="muted small">
                <Link href={`/app/clients/${profile.client.id}`}>{profile.client.name}</Link> ·{' '}
                {money(profile.totals.total, profile.currency)}
              </p>
              <p className="small">{describeSchedule(profile)}</p>
              <p className="small">
                {profile.nextRunDate ? `Next invoice ${date(profile.nextRunDate)}` : 'No further invoices'} ·{' '}
                {profile.generatedCount} created{profile.autoSend ? ' · sent automatically' : ''}
              </p>
              <p>
                <RecurringStatusBadge status={profile.status} />
              </p>
              <div className="actions">
                <Link
                  className="button button-secondary button-small"
                  href={`/app/recurring/${profile.id}/edit`}
                  aria-label={`Edit ${profileName(profile)}`}
                >
                  Edit
                </Link>
                {profile.status === 'active' && (
                  <Button
                    small
                    busy={busy === `${profile.id}:pause`}
                    onClick={() => act(profile, 'pause')}
                    aria-label={`Pause ${profileName(profile)}`}
                  >
                    Pause
                  </Button>
                )}
                {profile.status === 'paused' && (
                  <Button
                    small
                    busy={busy === `${profile.id}:resume`}
                    onClick={() => act(profile, 'resume')}
                    aria-label={`Resume ${profileName(profile)}`}
                  >
                    Resume
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </section>
  );
}
