import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError, api, rememberCsrf } from '../api.ts';
import { CredentialFields } from '../components/CredentialFields.tsx';
import { Button, ErrorBox } from '../components/ui.tsx';
import type { Me } from '../types.ts';

/** Email and password for staff: the login page and the "sign in again" prompt both use it. */
export function SignInForm({
  onSignedIn,
  className,
  children,
  submitLabel = 'Log in',
}: {
  onSignedIn: (me: Me) => void;
  className?: string;
  /** What goes above the fields (a heading, an explanation). */
  children?: ReactNode;
  submitLabel?: string;
}) {
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
      onSignedIn(await api.get<Me>('/auth/me'));
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
    <form className={className} onSubmit={submit} noValidate>
      {children}
      {error && <ErrorBox error={error} />}
      <CredentialFields
        email={email}
        password={password}
        onEmailChange={setEmail}
        onPasswordChange={setPassword}
        emailAutoComplete="username"
        required
      />
      <Button type="submit" variant="primary" busy={busy} className="button-block">
        {submitLabel}
      </Button>
    </form>
  );
}
