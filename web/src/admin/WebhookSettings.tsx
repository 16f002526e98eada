import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { Checkbox } from '../components/FormParts.tsx';
import { CompactTable } from '../components/ListCard.tsx';
import {
  Button,
  Dialog,
  ErrorBox,
  Field,
  Loading,
  useAsync,
  useFormErrors,
  useToast,
} from '../components/ui.tsx';
import type { WebhookEndpoint } from '../types.ts';
import { WebhookDeliveryLog } from './WebhookDeliveries.tsx';

const ENDPOINT_COLUMNS = [{ label: 'URL' }, { label: 'Events' }, { label: 'State' }, { label: 'Actions' }];

/** The event types an endpoint can subscribe to (docs/webhooks.md). */
const EVENT_TYPES = [
  'invoice.created',
  'invoice.issued',
  'invoice.sent',
  'invoice.viewed',
  'invoice.paid',
  'invoice.overdue',
  'invoice.voided',
  'payment.recorded',
  'payment.refunded',
  'quote.accepted',
  'quote.declined',
  'credit_note.issued',
  'client.created',
  'client.updated',
];

/** Settings → Webhooks (admins only): endpoints, their delivery logs and the private-address allowance. */
export function WebhookSettings() {
  const { data, error, reload } = useAsync(
    () => api.get<{ items: WebhookEndpoint[] }>('/webhook-endpoints'),
    [],
  );
  const [editing, setEditing] = useState<WebhookEndpoint | 'new' | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!data) return <Loading what="Loading webhook endpoints" />;
  return (
    <>
      <section className="card" aria-labelledby="webhook-endpoints-heading">
        <div className="card-head">
          <h2 id="webhook-endpoints-heading">Webhook endpoints</h2>
          <Button variant="primary" onClick={() => setEditing('new')}>
            Add endpoint
          </Button>
        </div>
        <p className="small muted">
          Remit POSTs signed JSON to these URLs when things happen. See the webhooks documentation for how to
          verify the signature.
        </p>
        {secret && <SecretOnce url={secret.url} secret={secret.secret} onDone={() => setSecret(null)} />}
        {data.items.length === 0 ? (
          <p>No endpoints yet.</p>
        ) : (
          <CompactTable caption="Webhook endpoints" columns={ENDPOINT_COLUMNS}>
            {data.items.map((endpoint) => (
              <EndpointRow
                key={endpoint.id}
                endpoint={endpoint}
                onEdit={() => setEditing(endpoint)}
                onShowLog={() => setLogFor(logFor === endpoint.id ? null : endpoint.id)}
                logShown={logFor === endpoint.id}
                onChanged={reload}
              />
            ))}
          </CompactTable>
        )}
      </section>
      {logFor && data.items.some((endpoint) => endpoint.id === logFor) && (
        <WebhookDeliveryLog endpoint={data.items.find((endpoint) => endpoint.id === logFor)!} />
      )}
      <PrivateTargetsSetting />
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? 'Add webhook endpoint' : 'Edit webhook endpoint'}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <EndpointForm
            endpoint={editing === 'new' ? null : editing}
            onSaved={(created) => {
              setEditing(null);
              if (created?.secret) setSecret({ url: created.url, secret: created.secret });
              reload();
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function EndpointRow({
  endpoint,
  onEdit,
  onShowLog,
  logShown,
  onChanged,
}: {
  endpoint: WebhookEndpoint;
  onEdit: () => void;
  onShowLog: () => void;
  logShown: boolean;
  onChanged: () => void;
}) {
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'' | 'test' | 'delete'>('');
  const [error, setError] = useState<Error | null>(null);
  async function sendTest() {
    setBusy('test');
    setError(null);
    try {
      await api.post(`/webhook-endpoints/${endpoint.id}/test`);
      toast('Test event queued');
      if (!logShown) onShowLog();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy('');
    }
  }
  async function remove() {
    setBusy('delete');
    try {
      await api.delete(`/webhook-endpoints/${endpoint.id}`);
      toast('Endpoint deleted');
      setConfirming(false);
      onChanged();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy('');
    }
  }
  return (
    <tr>
      <td data-label="URL">
        <code>{endpoint.url}</code>
        {endpoint.description && <div className="small muted">{endpoint.description}</div>}
      </td>
      <td data-label="Events">{endpoint.eventTypes.join(', ')}</td>
      <td data-label="State">
        <span className={`badge ${endpoint.enabled ? 'badge-paid' : 'badge-draft'}`}>
          {endpoint.enabled ? 'Enabled' : 'Disabled'}
        </span>
        {endpoint.disabledReason && <div className="small">{endpoint.disabledReason}</div>}
        {endpoint.consecutiveFailures > 0 && (
          <div className="small">
            {endpoint.consecutiveFailures} failed{' '}
            {endpoint.consecutiveFailures === 1 ? 'attempt' : 'attempts'} in a row
          </div>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
      </td>
      <td data-label="Actions">
        <div className="form-actions">
          <Button small onClick={onEdit} aria-label={`Edit ${endpoint.url}`}>
            Edit
          </Button>
          <Button small busy={busy === 'test'} onClick={sendTest}>
            Send test event
          </Button>
          <Button small onClick={onShowLog} aria-expanded={logShown}>
            {logShown ? 'Hide deliveries' : 'Deliveries'}
          </Button>
          <Button small variant="danger" onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </div>
        <Dialog open={confirming} title="Delete webhook endpoint?" onClose={() => setConfirming(false)}>
          <p>
            Remit stops sending to <code>{endpoint.url}</code> and forgets its delivery log. This cannot be
            undone.
          </p>
          <div className="form-actions">
            <Button onClick={() => setConfirming(false)}>Keep it</Button>
            <Button variant="danger" busy={busy === 'delete'} onClick={remove}>
              Delete endpoint
            </Button>
          </div>
        </Dialog>
      </td>
    </tr>
  );
}

type Created = WebhookEndpoint & { secret?: string };

function EndpointForm({
  endpoint,
  onSaved,
}: {
  endpoint: WebhookEndpoint | null;
  onSaved: (created: Created | null) => void;
}) {
  const toast = useToast();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [eventTypes, setEventTypes] = useState<string[]>(endpoint?.eventTypes ?? []);
  const [enabled, setEnabled] = useState(endpoint?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const toggle = (type: string, on: boolean) =>
    setEventTypes((list) => (on ? [...list, type] : list.filter((t) => t !== type)));
  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    try {
      const body = { url, description, eventTypes, enabled };
      if (endpoint) {
        await api.patch(`/webhook-endpoints/${endpoint.id}`, body);
        toast('Endpoint saved');
        onSaved(null);
      } else {
        onSaved(await api.post<Created>('/webhook-endpoints', body));
        toast('Endpoint added');
      }
    } catch (caught) {
      errors.setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  const eventsError = errors.fieldError('eventTypes');
  return (
    <form className="form" onSubmit={save} noValidate>
      {errors.general && <ErrorBox error={errors.general} />}
      <Field label="URL" error={errors.fieldError('url')} hint="http:// or https://">
        {(props) => (
          <input {...props} type="url" value={url} onChange={(event) => setUrl(event.target.value)} />
        )}
      </Field>
      <Field label="Description" error={errors.fieldError('description')}>
        {(props) => (
          <input {...props} value={description} onChange={(event) => setDescription(event.target.value)} />
        )}
      </Field>
      <fieldset className={eventsError ? 'field-invalid' : undefined}>
        <legend>Events to send</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={eventTypes.includes(type)}
              onChange={(event) => toggle(type, event.target.checked)}
            />
            {type}
          </label>
        ))}
        {eventsError && <p className="field-error">{eventsError}</p>}
      </fieldset>
      <Checkbox checked={enabled} onChange={setEnabled}>
        Enabled
      </Checkbox>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {endpoint ? 'Save endpoint' : 'Add endpoint'}
        </Button>
      </div>
      {errors.unshown}
    </form>
  );
}

/** A generated signing secret: the API returns it once, at creation, and never again. */
function SecretOnce({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying failed; select the secret and copy it by hand.');
    }
  }
  return (
    <section className="alert alert-warning" aria-label="Signing secret">
      <p>
        Signing secret for <code>{url}</code>. Copy it now: Remit stores it encrypted and will not show it
        again.
      </p>
      <p>
        <code data-testid="webhook-secret">{secret}</code>
      </p>
      <div className="form-actions">
        <Button small onClick={copy}>
          Copy secret
        </Button>
        <Button small onClick={onDone}>
          I have saved it
        </Button>
      </div>
      <p role="status" aria-live="polite" className="small">
        {copied}
      </p>
    </section>
  );
}

function PrivateTargetsSetting() {
  const toast = useToast();
  const { data, error, reload } = useAsync(
    () => api.get<{ allowPrivateTargets: boolean }>('/settings/webhooks'),
    [],
  );
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<Error | null>(null);
  // Shown at once while saving; dropped again if the save fails.
  const [pending, setPending] = useState<boolean | null>(null);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!data) return <Loading what="Loading webhook settings" />;
  async function change(allowPrivateTargets: boolean) {
    setBusy(true);
    setSaveError(null);
    setPending(allowPrivateTargets);
    try {
      await api.patch('/settings/webhooks', { allowPrivateTargets });
      toast(allowPrivateTargets ? 'Private addresses allowed' : 'Private addresses refused');
      reload();
    } catch (caught) {
      setSaveError(caught as Error);
      setPending(null);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card form" aria-labelledby="webhook-private-heading">
      <h2 id="webhook-private-heading">Private addresses</h2>
      <p className="alert alert-warning">
        Allowing private targets lets anyone with admin access make Remit send requests to machines on its own
        network (loopback, private and link-local addresses, cloud metadata services). Turn it on only for
        receivers you run on your network.
      </p>
      {saveError && <ErrorBox error={saveError} />}
      <label className="checkbox">
        <input
          type="checkbox"
          disabled={busy}
          checked={pending ?? data.allowPrivateTargets}
          onChange={(event) => change(event.target.checked)}
        />
        Allow endpoints on private and loopback addresses
      </label>
    </section>
  );
}
