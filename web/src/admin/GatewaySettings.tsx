import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { Checkbox } from '../components/FormParts.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useFormErrors, useToast } from '../components/ui.tsx';
import { WebhookEventsCard } from './WebhookEventsCard.tsx';

interface Gateway {
  provider: string;
  name: string;
  enabled: boolean;
  mode: 'test' | 'live';
  credentials: { name: string; set: boolean }[];
  configured: boolean;
  problem: string | null;
  webhookUrl: string;
}

/** What each provider calls its credentials in its own dashboard. */
const CREDENTIAL_LABELS: Record<string, string> = {
  secretKey: 'Secret key',
  webhookSecret: 'Webhook signing secret',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  webhookId: 'Webhook ID',
  merchantCode: 'Merchant code',
  buyLinkSecretWord: 'Buy-link secret word',
};

/** Enable a gateway, pick test or live, enter credentials (write-only: the server only says which are set). */
export function GatewaySettingsForm({ readOnly }: { readOnly: boolean }) {
  const { data, error, reload } = useAsync(() => api.get<{ items: Gateway[] }>('/settings/gateways'), []);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!data) return <Loading what="Loading payment gateways" />;
  return (
    <>
      {data.items.map((gateway) => (
        <GatewayCard key={gateway.provider} gateway={gateway} readOnly={readOnly} onSaved={reload} />
      ))}
      {!readOnly && <WebhookEventsCard />}
    </>
  );
}

function GatewayCard({
  gateway,
  readOnly,
  onSaved,
}: {
  gateway: Gateway;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const toast = useToast();
  const [enabled, setEnabled] = useState(gateway.enabled);
  const [mode, setMode] = useState(gateway.mode);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'' | 'save' | 'check'>('');
  const errors = useFormErrors();
  const { setError, fieldError } = errors;
  const [check, setCheck] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy('save');
    setError(null);
    try {
      const credentials = Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== ''));
      await api.put(`/settings/gateways/${gateway.provider}`, {
        enabled,
        mode,
        ...(Object.keys(credentials).length ? { credentials } : {}),
      });
      setSecrets({});
      // Secrets are write-only: once saved, the form forgets them and shows only that they are set.
      setSecrets({});
      toast(`${gateway.name} settings saved`);
      onSaved();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy('');
    }
  }
  async function checkConnection() {
    setBusy('check');
    setCheck(null);
    try {
      const result = await api.post<{ ok: boolean; message?: string }>(
        `/settings/gateways/${gateway.provider}/check`,
      );
      setCheck(result.ok ? 'Connection works.' : `Connection failed: ${result.message ?? 'unknown error'}`);
    } catch (caught) {
      setCheck(`Connection failed: ${(caught as Error).message}`);
    } finally {
      setBusy('');
    }
  }
  return (
    <form className="card form" onSubmit={save} noValidate>
      <div className="card-head">
        <h2>{gateway.name}</h2>
        <span className={`badge ${gateway.enabled && gateway.configured ? 'badge-paid' : 'badge-draft'}`}>
          {gateway.enabled && gateway.configured
            ? 'Taking payments'
            : gateway.configured
              ? 'Off'
              : 'Not set up'}
        </span>
      </div>
      {gateway.problem && <p className="alert alert-warning">{gateway.problem}</p>}
      {errors.general && <ErrorBox error={errors.general} />}
      <Checkbox disabled={readOnly} checked={enabled} onChange={setEnabled}>
        Offer {gateway.name} on invoices
      </Checkbox>
      <div className="grid-2">
        <Field label="Mode" error={fieldError('mode')}>
          {(props) => (
            <select
              {...props}
              disabled={readOnly}
              value={mode}
              onChange={(event) => setMode(event.target.value as 'test' | 'live')}
            >
              <option value="test">Test (sandbox)</option>
              <option value="live">Live</option>
            </select>
          )}
        </Field>
        {gateway.credentials.map((credential) => (
          <Field
            key={credential.name}
            label={CREDENTIAL_LABELS[credential.name] ?? credential.name}
            hint={credential.set ? 'Saved; leave empty to keep it' : 'Not set'}
            error={fieldError(`credentials.${credential.name}`)}
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="off"
                readOnly={readOnly}
                value={secrets[credential.name] ?? ''}
                onChange={(event) => setSecrets((s) => ({ ...s, [credential.name]: event.target.value }))}
              />
            )}
          </Field>
        ))}
      </div>
      <p className="small muted">
        Webhook URL to enter at {gateway.name}: <code>{gateway.webhookUrl}</code>
      </p>
      {check && (
        <p className="alert alert-info" role="status">
          {check}
        </p>
      )}
      {!readOnly && (
        <div className="form-actions">
          {gateway.configured && (
            <Button busy={busy === 'check'} onClick={checkConnection}>
              Check connection
            </Button>
          )}
          <Button type="submit" variant="primary" busy={busy === 'save'}>
            Save {gateway.name}
          </Button>
        </div>
      )}
      {errors.unshown}
    </form>
  );
}
