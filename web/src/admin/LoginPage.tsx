import { type FormEvent, useState } from 'react';
import { ApiError, api, rememberCsrf } from '../api.ts';
import { Logo } from '../components/Logo.tsx';
import { Button, ErrorBox, Field } from '../components/ui.tsx';
import { usePageTitle } from '../router.tsx';
import type { Me } from '../types.ts';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (me: Me) => void }) {
  usePageTitle('Log in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ csrfToken: string }>('/auth/login', { email, password });
      rememberCsrf(result.csrfToken);
      onLoggedIn(await api.get<Me>('/auth/me'));
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'That email and password do not match an active account.'
          : (caught as Error).message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate>
        <div className="auth-brand">
          <Logo />
          <span>Remit</span>
        </div>
        <h1 tabIndex={-1}>Log in to your workspace</h1>
        <p className="muted">
          For admins and finance staff. Clients use the portal link in their invoice email.
        </p>
        {error && <ErrorBox error={error} />}
        <Field label="Email">
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" busy={busy} className="button-block">
          Log in
        </Button>
      </form>
    </main>
  );
}
