import { api } from '../api.ts';
import { CompactTable } from '../components/ListCard.tsx';
import { Button, ErrorBox, Loading, useAsync, useToast } from '../components/ui.tsx';
import { useRowAction } from '../components/use-save.ts';
import { dateTime, PROVIDER_LABELS } from '../format.ts';

const EVENT_COLUMNS = [
  { label: 'Received' },
  { label: 'Provider' },
  { label: 'Event' },
  { label: 'State' },
  { label: 'Action', hidden: true },
];

interface WebhookEvent {
  id: string;
  provider: string;
  eventId: string;
  eventType: string;
  state: 'received' | 'processed' | 'ignored' | 'waiting' | 'failed';
  attempts: number;
  lastError: string | null;
  /** Why Remit did not act on it, in words (set for ignored events). */
  ignoredReason: string | null;
  receivedAt: string;
}

interface Rejection {
  provider: string;
  reason: string;
  remoteAddress: string;
  receivedAt: string;
}

const STATES: Record<WebhookEvent['state'], string> = {
  received: 'Queued',
  processed: 'Applied',
  ignored: 'Ignored',
  waiting: 'Waiting for an earlier event',
  failed: 'Failed',
};

/**
 * What the providers sent lately: an admin sees that payments arrive, reads why an event was ignored (another kind
 * of event, content Remit cannot use, an invoice that is not ours), retries an event that failed, and spots
 * deliveries refused for their signature (usually a webhook secret that does not match the provider's).
 */
export function WebhookEventsCard() {
  const toast = useToast();
  const { data, error, reload } = useAsync(
    () => api.get<{ items: WebhookEvent[]; rejections: Rejection[] }>('/webhook-events?limit=20'),
    [],
  );
  const { busy, failure, run } = useRowAction();
  const retry = (event: WebhookEvent) =>
    run(event.id, async () => {
      const result = await api.post<WebhookEvent>(`/webhook-events/${event.id}/retry`);
      toast(result.state === 'failed' ? 'The event failed again' : 'Event processed');
      reload();
    });
  return (
    <section className="card" aria-labelledby="webhook-events-title">
      <h2 id="webhook-events-title">Recent webhook events</h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {failure && <ErrorBox error={failure} />}
      {!data && !error && <Loading what="Loading webhook events" />}
      {data && data.items.length === 0 && (
        <p className="muted">No events yet. They appear here as soon as a provider sends one.</p>
      )}
      {data && data.items.length > 0 && (
        <CompactTable caption="Webhook events, newest first" columns={EVENT_COLUMNS}>
          {data.items.map((event) => (
            <tr key={event.id}>
              <td data-label="Received">{dateTime(event.receivedAt)}</td>
              <td data-label="Provider">{PROVIDER_LABELS[event.provider] ?? event.provider}</td>
              <td data-label="Event">
                {event.eventType}
                <span className="muted small webhook-event-id"> {event.eventId}</span>
              </td>
              <td data-label="State">
                <span className={`badge badge-webhook-${event.state}`}>{STATES[event.state]}</span>
                {event.ignoredReason && (
                  <span className="muted small webhook-event-reason">{event.ignoredReason}</span>
                )}
                {event.lastError && <span className="field-error small"> {event.lastError}</span>}
              </td>
              <td>
                {event.state === 'failed' && (
                  <Button small busy={busy === event.id} onClick={() => retry(event)}>
                    Retry
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </CompactTable>
      )}
      {data && data.rejections.length > 0 && (
        <>
          <h3>Refused deliveries</h3>
          <p className="muted small">
            Their signature did not verify. If these are your provider's, the webhook secret saved above does
            not match the one at the provider.
          </p>
          <ul className="list">
            {data.rejections.map((rejection, index) => (
              <li key={`${rejection.receivedAt}-${index}`}>
                <span>
                  {PROVIDER_LABELS[rejection.provider] ?? rejection.provider}: {rejection.reason}
                </span>
                <span className="muted small">
                  {rejection.remoteAddress} · {dateTime(rejection.receivedAt)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
