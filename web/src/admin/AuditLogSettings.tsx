import { useState } from 'react';
import { api, query } from '../api.ts';
import { LoadMore, usePagedList } from '../components/DocumentList.tsx';
import { RecordTable } from '../components/ListCard.tsx';
import { Empty, ErrorBox, Loading } from '../components/ui.tsx';
import { dateTime } from '../format.ts';
import type { Page } from '../types.ts';

/** One entry of GET /audit-log (docs/audit-log.md). */
interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; userId: string | null; tokenId: string | null; name: string };
  action: string;
  entity: { type: string; id: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
}

const AUDIT_COLUMNS = [{ label: 'When' }, { label: 'Who' }, { label: 'Action' }, { label: 'Changes' }];

const ENTITY_TYPES: [string, string][] = [
  ['', 'Everything'],
  ['settings', 'Settings'],
  ['smtp_settings', 'Email (SMTP)'],
  ['gateway', 'Payment gateways'],
  ['user', 'Users and sign-ins'],
  ['tax_rate', 'Tax rates'],
  ['api_token', 'API tokens'],
  ['audit_log', 'Audit log exports'],
  ['client', 'Clients (changes, statements sent)'],
];

const ACTOR_LABELS: Record<string, string> = {
  user: 'in the app',
  api_token: 'API token',
  system: 'command line',
  anonymous: 'not signed in',
  portal: 'client portal',
};

/** A day picked in the browser's time zone, as the instant it starts. */
function startOfDay(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields an entry changed, each as it was and as it became. */
function Changes({ entry }: { entry: AuditEntry }) {
  const names = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
  if (names.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="audit-changes">
      {names.map((name) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>
            {entry.before && <del>{valueText(entry.before[name])}</del>}
            {entry.before && entry.after && ' → '}
            {entry.after && <ins>{valueText(entry.after[name])}</ins>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Settings → Audit log (admins): who changed settings, users, tax rates, gateways and tokens, and who signed in,
 * newest first, with what changed; filtered by kind and days, and downloadable as CSV with the same filter.
 */
export function AuditLogSettings() {
  const [filter, setFilter] = useState({ entityType: '', fromDay: '', toDay: '' });
  const params = {
    entityType: filter.entityType || undefined,
    from: startOfDay(filter.fromDay),
    // The API's `to` is exclusive: the day after the last day shown.
    to: filter.toDay
      ? new Date(new Date(`${filter.toDay}T00:00:00`).getTime() + 86_400_000).toISOString()
      : undefined,
  };
  const list = usePagedList(
    (cursor) => api.get<Page<AuditEntry>>(`/audit-log${query({ ...params, limit: 50, cursor })}`),
    [filter.entityType, filter.fromDay, filter.toDay],
  );
  const { data, error, loading, reload, rows } = list;
  return (
    <div className="card">
      <h2>Audit log</h2>
      <p className="muted">
        Every change to settings, users, tax rates, payment gateways and API tokens, and every sign-in, with
        who made it. Entries cannot be edited; they are kept as long as the retention setting says.
      </p>
      <form
        className="report-filters"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setFilter({
            entityType: String(form.get('entityType') ?? ''),
            fromDay: String(form.get('fromDay') ?? ''),
            toDay: String(form.get('toDay') ?? ''),
          });
        }}
      >
        <div className="field">
          <label htmlFor="audit-entity">Show</label>
          <select id="audit-entity" name="entityType" defaultValue={filter.entityType}>
            {ENTITY_TYPES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" name="fromDay" type="date" defaultValue={filter.fromDay} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" name="toDay" type="date" defaultValue={filter.toDay} />
        </div>
        <button type="submit" className="button button-primary">
          Show
        </button>
        <a
          className="button button-ghost"
          href={`/api/v1/audit-log${query({ ...params, format: 'csv' })}`}
          download
        >
          Download CSV
        </a>
      </form>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading the audit log" />}
      {data && rows.length === 0 && <Empty title="No entries match" />}
      {rows.length > 0 && (
        <RecordTable caption="Audit log entries, newest first" columns={AUDIT_COLUMNS}>
          {rows.map((entry) => (
            <tr key={entry.id}>
              <td data-label="When">{dateTime(entry.at)}</td>
              <td data-label="Who">
                {entry.actor.name || '—'}
                <span className="small muted"> ({ACTOR_LABELS[entry.actor.type] ?? entry.actor.type})</span>
              </td>
              <td data-label="Action">
                <code>{entry.action}</code>
              </td>
              <td data-label="Changes">
                <Changes entry={entry} />
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
      <LoadMore list={list} />
    </div>
  );
}
