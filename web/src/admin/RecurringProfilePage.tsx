import { useState } from 'react';
import { quantityWithUnit } from '../../../src/domain/units.ts';
import { api } from '../api.ts';
import { apiChanged, useApi } from '../api-queries.ts';
import { minorTotalsOf, showMinor } from '../components/charges.ts';
import { TotalsTable } from '../components/TotalsCard.tsx';
import { Button, Dialog, ErrorBox, Loading, useAsync, useToast } from '../components/ui.tsx';
import { date, money, termsLabel } from '../format.ts';
import { Link, navigate, usePageTitle } from '../router.tsx';
import type { RecurringPreviewPeriod, RecurringProfile } from '../types.ts';
import { describeEnd, describeSchedule, profileName, RecurringStatusBadge } from './RecurringSchedule.tsx';
import { HistoryCard } from './recurring/HistoryCard.tsx';

/** One recurring profile: its schedule, next dates, the invoice it makes, the invoices made so far, and actions. */
export function RecurringProfilePage({ id }: { id: string }) {
  const profile = useAsync(() => api.get<RecurringProfile>(`/recurring-profiles/${id}`), [id]);
  usePageTitle(profile.data ? profileName(profile.data) : 'Recurring profile');
  if (profile.error) {
    return (
      <section>
        <h1 tabIndex={-1}>Recurring profile</h1>
        <ErrorBox error={profile.error} onRetry={profile.reload} />
        <Link href="/app/recurring">Back to recurring invoices</Link>
      </section>
    );
  }
  if (!profile.data) return <Loading what="Loading the recurring profile" />;
  return <ProfileView profile={profile.data} onChange={profile.setData} />;
}

type Action = 'pause' | 'resume' | 'skip';

const DONE: Record<Action, string> = {
  pause: 'Profile paused',
  resume: 'Profile resumed',
  skip: 'The next invoice was skipped',
};

function ProfileView({
  profile,
  onChange,
}: {
  profile: RecurringProfile;
  onChange: (profile: RecurringProfile) => void;
}) {
  const toast = useToast();
  const [dialog, setDialog] = useState<'' | 'skip' | 'delete'>('');
  const [busy, setBusy] = useState('');
  const [actionError, setActionError] = useState<Error | null>(null);
  const name = profileName(profile);

  async function act(action: Action) {
    setBusy(action);
    setActionError(null);
    try {
      onChange(await api.post<RecurringProfile>(`/recurring-profiles/${profile.id}/${action}`));
      // The next dates and the history (from its first page) are read again.
      void apiChanged(`/recurring-profiles/${profile.id}/`);
      setDialog('');
      toast(DONE[action]);
    } catch (error) {
      setActionError(error as Error);
      setDialog('');
    } finally {
      setBusy('');
    }
  }

  async function remove() {
    setBusy('delete');
    setActionError(null);
    try {
      await api.delete(`/recurring-profiles/${profile.id}`);
      toast('Recurring profile deleted');
      navigate('/app/recurring');
    } catch (error) {
      setActionError(error as Error);
      setDialog('');
      setBusy('');
    }
  }

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/recurring">Recurring invoices</Link>
          </p>
          <h1 tabIndex={-1}>
            {name} <RecurringStatusBadge status={profile.status} />
          </h1>
          <p className="muted">
            <Link href={`/app/clients/${profile.client.id}`}>{profile.client.name}</Link>
            {profile.project && ` · ${profile.project.name}`} ·{' '}
            {money(profile.totals.total, profile.currency)} · {describeSchedule(profile)}
          </p>
        </div>
        <div className="actions">
          <Link className="button button-primary" href={`/app/recurring/${profile.id}/edit`}>
            Edit
          </Link>
          {profile.status === 'active' && (
            <Button busy={busy === 'pause'} onClick={() => act('pause')}>
              Pause
            </Button>
          )}
          {profile.status === 'paused' && (
            <Button busy={busy === 'resume'} onClick={() => act('resume')}>
              Resume
            </Button>
          )}
          {profile.status === 'active' && profile.nextRunDate && (
            <Button onClick={() => setDialog('skip')}>Skip next</Button>
          )}
          <Button variant="danger" onClick={() => setDialog('delete')}>
            Delete
          </Button>
        </div>
      </div>
      {actionError && <ErrorBox error={actionError} />}
      {profile.lastError && <p className="alert alert-warning">{profile.lastError}</p>}

      <div className="invoice-layout">
        <div className="recurring-main">
          <ScheduleCard profile={profile} />
          <UpcomingCard profile={profile} />
          <HistoryCard profile={profile} />
        </div>
        <aside className="invoice-side">
          <TemplateCard profile={profile} />
        </aside>
      </div>

      <Dialog open={dialog === 'skip'} title="Skip the next invoice?" onClose={() => setDialog('')}>
        <p>
          No invoice is created on {date(profile.nextRunDate)}; the schedule continues with the date after it.
        </p>
        <div className="form-actions">
          <Button onClick={() => setDialog('')}>Keep it</Button>
          <Button variant="primary" busy={busy === 'skip'} onClick={() => act('skip')}>
            Skip this invoice
          </Button>
        </div>
      </Dialog>
      <Dialog open={dialog === 'delete'} title="Delete this recurring profile?" onClose={() => setDialog('')}>
        <p>
          No more invoices are created from it.{' '}
          {profile.generatedCount === 1
            ? 'The invoice it created stays.'
            : profile.generatedCount > 1
              ? `The ${profile.generatedCount} invoices it created stay.`
              : ''}{' '}
          This cannot be undone.
        </p>
        <div className="form-actions">
          <Button onClick={() => setDialog('')}>Keep it</Button>
          <Button variant="danger" busy={busy === 'delete'} onClick={remove}>
            Delete profile
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function ScheduleCard({ profile }: { profile: RecurringProfile }) {
  return (
    <div className="card">
      <h2>Schedule</h2>
      <dl className="facts">
        <div>
          <dt>Repeats</dt>
          <dd>{describeSchedule(profile)}</dd>
        </div>
        <div>
          <dt>Starts</dt>
          <dd>{date(profile.startDate)}</dd>
        </div>
        <div>
          <dt>Ends</dt>
          <dd>{describeEnd(profile)}</dd>
        </div>
        <div>
          <dt>Next invoice</dt>
          <dd data-testid="next-run-date">
            {profile.status === 'paused'
              ? 'Paused'
              : profile.nextRunDate
                ? date(profile.nextRunDate)
                : 'No further invoices'}
          </dd>
        </div>
        <div>
          <dt>Invoices created</dt>
          <dd>{profile.generatedCount}</dd>
        </div>
        <div>
          <dt>Payment terms</dt>
          <dd>{termsLabel(profile.paymentTerms)}</dd>
        </div>
        <div>
          <dt>Sending</dt>
          <dd>
            {profile.autoSend ? 'Emailed to the client automatically' : 'Kept as drafts for you to send'}
          </dd>
        </div>
      </dl>
    </div>
  );
}

function UpcomingCard({ profile }: { profile: RecurringProfile }) {
  // A finished schedule makes no further invoices: nothing to ask.
  const preview = useApi<{ items: RecurringPreviewPeriod[] }>(
    profile.status === 'finished' ? null : `/recurring-profiles/${profile.id}/preview`,
  );
  const upcoming = profile.status === 'finished' ? [] : preview.data?.items;
  return (
    <div className="card">
      <h2>Next dates</h2>
      {profile.status === 'paused' && (
        <p className="muted small">Paused: resuming continues from the first of these dates still ahead.</p>
      )}
      {preview.error && <ErrorBox error={preview.error} onRetry={preview.reload} />}
      {!upcoming && !preview.error && <Loading what="Loading the next dates" />}
      {upcoming && upcoming.length === 0 && (
        <p className="muted">This schedule creates no further invoices.</p>
      )}
      {upcoming && upcoming.length > 0 && (
        <ol className="recurring-dates" data-testid="recurring-upcoming">
          {upcoming.map((period) => (
            <li key={period.periodDate}>
              <time dateTime={period.periodDate}>{date(period.periodDate)}</time>
              <span className="muted small">due {date(period.dueDate)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function TemplateCard({ profile }: { profile: RecurringProfile }) {
  const { currency } = profile;
  const figures = minorTotalsOf(profile.totals, currency);
  return (
    <div className="card">
      <h2>Each invoice</h2>
      <ul className="list recurring-lines">
        {profile.lines.map((line, index) => (
          // Lines have no id of their own; their order is their identity.
          <li key={index}>
            <span>
              {line.description}
              <span className="muted small">
                {' '}
                {quantityWithUnit(line.quantity, line.quantity, line.unit)} ×{' '}
                {money(line.unitPrice, currency)}
                {line.discount &&
                  ` − ${line.discount.kind === 'percent' ? `${line.discount.value}%` : money(line.discount.value, currency)}`}
                {line.taxes.map((tax) => ` · ${tax.name} ${tax.rate}%`).join('')}
              </span>
            </span>
          </li>
        ))}
      </ul>
      <TotalsTable totals={figures} show={showMinor(figures, currency)} />
      {profile.notes && <p className="small pre">{profile.notes}</p>}
    </div>
  );
}
