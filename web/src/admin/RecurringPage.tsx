import { useState } from 'react';
import { api } from '../api.ts';
import { Button, Empty, ErrorBox, Loading, useAsync, useToast } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { Page } from '../types.ts';

interface RecurringProfile {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'finished';
  client: { id: string; name: string };
  currency: string;
  totals: { total: string };
  frequency: string;
  interval: number;
  dayOfMonth: number | 'last' | null;
  autoSend: boolean;
  nextRunDate: string | null;
  generatedCount: number;
}

function describeSchedule(profile: RecurringProfile): string {
  const every = profile.interval > 1 ? `Every ${profile.interval} ` : 'Every ';
  const unit: Record<string, string> = {
    daily: 'day',
    weekly: 'week',
    monthly: 'month',
    quarterly: 'quarter',
    yearly: 'year',
  };
  const name = unit[profile.frequency] ?? profile.frequency;
  const day =
    profile.dayOfMonth === 'last'
      ? ', on the last day'
      : profile.dayOfMonth
        ? `, on day ${profile.dayOfMonth}`
        : '';
  return `${every}${name}${profile.interval > 1 ? 's' : ''}${day}`;
}

const STATUS_CLASS: Record<string, string> = { active: 'paid', paused: 'partially_paid', finished: 'void' };

/** Recurring profiles with their next date; pause, resume and skip act on the schedule at once. */
export function RecurringPage() {
  usePageTitle('Recurring invoices');
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(
    () => api.get<Page<RecurringProfile>>('/recurring-profiles?limit=100'),
    [],
  );
  const [busy, setBusy] = useState('');
  const [failure, setFailure] = useState<Error | null>(null);
  async function act(profile: RecurringProfile, action: 'pause' | 'resume' | 'skip') {
    setBusy(`${profile.id}:${action}`);
    setFailure(null);
    try {
      await api.post(`/recurring-profiles/${profile.id}/${action}`);
      toast(
        action === 'skip'
          ? 'The next invoice will be skipped'
          : action === 'pause'
            ? 'Profile paused'
            : 'Profile resumed',
      );
      reload();
    } catch (caught) {
      setFailure(caught as Error);
    } finally {
      setBusy('');
    }
  }
  return (
    <section>
      <div className="page-head">
        <div>
          <h1 tabIndex={-1}>Recurring invoices</h1>
          <p className="muted">Invoices Remit creates on a schedule, for retainers and subscriptions.</p>
        </div>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {failure && <ErrorBox error={failure} />}
      {loading && !data && <Loading what="Loading recurring profiles" />}
      {data && data.items.length === 0 && (
        <Empty title="No recurring invoices yet">
          <p>Create them through the API (POST /api/v1/recurring-profiles); they show up here.</p>
        </Empty>
      )}
      {data && data.items.length > 0 && (
        <ul className="cards-grid">
          {data.items.map((profile) => (
            <li key={profile.id} className="client-card">
              <p className="client-name">{profile.name || profile.client.name}</p>
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
                <span className={`badge badge-${STATUS_CLASS[profile.status] ?? 'draft'}`}>
                  {profile.status[0]!.toUpperCase() + profile.status.slice(1)}
                </span>
              </p>
              <div className="actions">
                {profile.status === 'active' && (
                  <>
                    <Button small busy={busy === `${profile.id}:pause`} onClick={() => act(profile, 'pause')}>
                      Pause
                    </Button>
                    <Button small busy={busy === `${profile.id}:skip`} onClick={() => act(profile, 'skip')}>
                      Skip next
                    </Button>
                  </>
                )}
                {profile.status === 'paused' && (
                  <Button small busy={busy === `${profile.id}:resume`} onClick={() => act(profile, 'resume')}>
                    Resume
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
