import { useState } from 'react';
import { api } from '../api.ts';
import { CompactTable, RecordTable } from '../components/ListCard.tsx';
import { Button, Dialog, ErrorBox, Loading, useAsync, useToast } from '../components/ui.tsx';
import { dateTime } from '../format.ts';
import type { Page, WebhookDelivery, WebhookDeliveryDetail, WebhookEndpoint } from '../types.ts';

const DELIVERY_COLUMNS = [
  { label: 'State' },
  { label: 'Event' },
  { label: 'Response' },
  { label: 'Duration' },
  { label: 'Time' },
  { label: 'Details' },
];

const ATTEMPT_COLUMNS = [
  { label: 'Time' },
  { label: 'Response' },
  { label: 'Duration' },
  { label: 'Answer' },
];

const STATE_LABELS: Record<WebhookDelivery['state'], string> = {
  pending: 'Queued',
  delivering: 'Sending',
  retrying: 'Retrying',
  delivered: 'Delivered',
  failed: 'Failed',
};

const STATE_BADGES: Record<WebhookDelivery['state'], string> = {
  pending: 'badge-draft',
  delivering: 'badge-sent',
  retrying: 'badge-overdue',
  delivered: 'badge-paid',
  failed: 'badge-void',
};

const duration = (ms: number | null) => (ms === null ? '—' : `${ms} ms`);

/** One endpoint's deliveries, newest first, with a detail view of attempts and "Redeliver". */
export function WebhookDeliveryLog({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { data, error, reload } = useAsync(
    () => api.get<Page<WebhookDelivery>>(`/webhook-endpoints/${endpoint.id}/deliveries`),
    [endpoint.id],
  );
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="webhook-deliveries-heading">
      <div className="card-head">
        <h2 id="webhook-deliveries-heading">Deliveries to {endpoint.url}</h2>
        <Button small onClick={reload}>
          Refresh
        </Button>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {!data && !error && <Loading what="Loading deliveries" />}
      {data && data.items.length === 0 && <p>Nothing sent yet.</p>}
      {data && data.items.length > 0 && (
        <CompactTable caption="Deliveries, newest first" columns={DELIVERY_COLUMNS}>
          {data.items.map((delivery) => (
            <tr key={delivery.id}>
              <td data-label="State">
                <span className={`badge ${STATE_BADGES[delivery.state]}`}>
                  {STATE_LABELS[delivery.state]}
                </span>
              </td>
              <td data-label="Event">{delivery.eventType}</td>
              <td data-label="Response">
                {delivery.lastStatusCode ?? '—'}
                {delivery.lastError && <div className="small">{delivery.lastError}</div>}
              </td>
              <td data-label="Duration">{duration(delivery.lastDurationMs)}</td>
              <td data-label="Time">{dateTime(delivery.createdAt)}</td>
              <td data-label="Details">
                <Button small onClick={() => setOpen(delivery.id)}>
                  View attempts
                </Button>
              </td>
            </tr>
          ))}
        </CompactTable>
      )}
      <Dialog open={open !== null} title="Delivery" onClose={() => setOpen(null)} wide>
        {open && <DeliveryDetail endpointId={endpoint.id} deliveryId={open} onRedelivered={reload} />}
      </Dialog>
    </section>
  );
}

function DeliveryDetail({
  endpointId,
  deliveryId,
  onRedelivered,
}: {
  endpointId: string;
  deliveryId: string;
  onRedelivered: () => void;
}) {
  const toast = useToast();
  const path = `/webhook-endpoints/${endpointId}/deliveries/${deliveryId}`;
  const { data, error, reload } = useAsync(() => api.get<WebhookDeliveryDetail>(path), [path]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!data) return <Loading what="Loading the delivery" />;
  async function redeliver() {
    setBusy(true);
    setResult('');
    try {
      await api.post(`${path}/redeliver`);
      setResult('Queued to be sent again now.');
      toast('Redelivery queued');
      reload();
      onRedelivered();
    } catch (caught) {
      setResult(`Redelivery failed: ${(caught as Error).message}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <p>
        <span className={`badge ${STATE_BADGES[data.state]}`}>{STATE_LABELS[data.state]}</span>{' '}
        {data.eventType}, event id <code>{data.eventId}</code>
        {data.nextAttemptAt && <> · next attempt {dateTime(data.nextAttemptAt)}</>}
      </p>
      <RecordTable className="compact" captionShown caption="Attempts" columns={ATTEMPT_COLUMNS}>
        {data.attemptLog.map((attempt) => (
          <tr key={attempt.attemptedAt}>
            <td data-label="Time">{dateTime(attempt.attemptedAt)}</td>
            <td data-label="Response">{attempt.statusCode ?? attempt.error ?? '—'}</td>
            <td data-label="Duration">{duration(attempt.durationMs)}</td>
            <td data-label="Answer">
              <code>{attempt.responseExcerpt}</code>
            </td>
          </tr>
        ))}
      </RecordTable>
      {data.attemptLog.length === 0 && <p>No attempt yet.</p>}
      <details>
        <summary>Body</summary>
        <pre>{data.body}</pre>
      </details>
      <div className="form-actions">
        <Button variant="primary" busy={busy} onClick={redeliver}>
          Redeliver
        </Button>
      </div>
      <p role="status" aria-live="polite">
        {result}
      </p>
    </div>
  );
}
