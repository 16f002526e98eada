import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { Button, ErrorBox, Field, useAsync } from '../../components/ui.tsx';
import { dateTime } from '../../format.ts';

interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string | null;
}

export function TokenSettings() {
  const { data, error, reload } = useAsync(() => api.get<{ items: TokenView[] }>('/api-tokens'), []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  async function add(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      const result = await api.post<{ token: string }>('/api-tokens', { name });
      setCreated(result.token);
      setName('');
      reload();
    } catch (caught) {
      setFailure(caught as Error);
    }
  }
  async function revoke(token: TokenView) {
    await api.delete(`/api-tokens/${token.id}`);
    reload();
  }
  return (
    <div className="card">
      <h2>API tokens</h2>
      <p className="muted small">
        Tokens let scripts use the <a href="/api/docs">Remit API</a> as you. A token is shown once, when
        created.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {created && (
        <p className="alert alert-success">
          New token (copy it now): <code className="token">{created}</code>
        </p>
      )}
      {data && data.items.length === 0 && <p className="muted">No tokens.</p>}
      {data && data.items.length > 0 && (
        <ul className="list">
          {data.items.map((token) => (
            <li key={token.id}>
              <span>
                {token.name} <span className="muted small">created {dateTime(token.createdAt)}</span>
              </span>
              <Button small variant="ghost" onClick={() => revoke(token)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add}>
        <Field
          label="Token name"
          error={failure instanceof ApiError ? failure.fieldMessage('name') : undefined}
        >
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Button type="submit" disabled={!name.trim()}>
          Create token
        </Button>
      </form>
    </div>
  );
}
