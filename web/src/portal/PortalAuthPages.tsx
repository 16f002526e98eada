import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, portalApi, rememberPortalCsrf } from '../api.ts';
import { CredentialFields } from '../components/CredentialFields.tsx';
import { Button, ErrorBox, Field, Loading } from '../components/ui.tsx';
import { Link, usePageTitle } from '../router.tsx';
import { useSupplierName } from './PortalBrand.tsx';

/** The portal pages shown before sign-in: password sign-in, emailed-link sign-in, reset and expired links. */

/** The token an emailed link carries in its fragment (#token=...), which never reaches server logs. */
function fragmentToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

export function PortalLogin({ onDone, ended }: { onDone: () => void; ended: { email: string } | null }) {
  usePageTitle('Sign in');
  const supplier = useSupplierName();
  const [email, setEmail] = useState(ended?.email ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<'' | 'password' | 'link'>('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  async function login(event: FormEvent) {
    event.preventDefault();
    setBusy('password');
    setError(null);
    try {
      const result = await portalApi.post<{ csrfToken: string }>('/auth/login', { email, password });
      rememberPortalCsrf(result.csrfToken);
      onDone();
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'That email and password do not match.'
          : (caught as Error).message,
      );
    } finally {
      setBusy('');
    }
  }
  async function emailLink() {
    if (!email) {
      setError('Enter your email address first.');
      return;
    }
    setBusy('link');
    setError(null);
    try {
      await portalApi.post('/auth/login-link', { email });
      setSent(true);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy('');
    }
  }
  return (
    <form className="auth-card" onSubmit={login} noValidate>
      <h1 tabIndex={-1}>View and pay your invoices</h1>
      <p className="muted">Sign in with the email address {supplier} sends invoices to.</p>
      {ended && !sent && (
        <p className="alert" role="alert">
          Your session has ended, so this page could not load. Sign in again to come back to it, or have a
          sign-in link emailed to you.
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {sent && (
        <p className="alert alert-success" role="status">
          If that address has portal access, a sign-in link is on its way. It works once, for 15 minutes.
        </p>
      )}
      <CredentialFields
        email={email}
        password={password}
        onEmailChange={setEmail}
        onPasswordChange={setPassword}
      />
      <Button type="submit" variant="primary" busy={busy === 'password'} className="button-block">
        Sign in
      </Button>
      <div className="divider">
        <span>or</span>
      </div>
      <Button onClick={emailLink} busy={busy === 'link'} className="button-block">
        Email me a sign-in link
      </Button>
      <p className="small center">
        <Link href="/portal/forgot">Forgot your password?</Link>
      </p>
    </form>
  );
}

export function TokenSignIn({ kind, onDone }: { kind: 'magic' | 'invite' | 'reset'; onDone: () => void }) {
  usePageTitle(
    kind === 'magic' ? 'Signing in' : kind === 'invite' ? 'Set your password' : 'Choose a new password',
  );
  const [token] = useState(fragmentToken);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  // A sign-in link works once: never spend it twice, whatever re-renders happen.
  const confirming = useRef(false);

  useEffect(() => {
    if (kind !== 'magic' || confirming.current) return;
    confirming.current = true;
    portalApi.post<{ csrfToken: string }>('/auth/login-link/confirm', { token }).then(
      (result) => {
        rememberPortalCsrf(result.csrfToken);
        onDone();
      },
      (caught: Error) => setError(caught),
    );
  }, [kind, token, onDone]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await portalApi.post<{ csrfToken: string }>(
        kind === 'invite' ? '/auth/accept-invitation' : '/auth/password-reset/confirm',
        { token, password },
      );
      rememberPortalCsrf(result.csrfToken);
      onDone();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }

  if (kind === 'magic') {
    return (
      <div className="auth-card">
        <h1 tabIndex={-1}>Signing you in</h1>
        {error ? (
          <>
            <ErrorBox error="This sign-in link has expired or was already used." />
            <Link href="/portal/login">Request a new link</Link>
          </>
        ) : (
          <Loading what="Checking your link" />
        )}
      </div>
    );
  }
  const fieldError = error instanceof ApiError ? error.fieldMessage('password') : undefined;
  return (
    <form className="auth-card" onSubmit={submit} noValidate>
      <h1 tabIndex={-1}>{kind === 'invite' ? 'Set your password' : 'Choose a new password'}</h1>
      {error && !fieldError && <ErrorBox error={error} />}
      <Field label="New password" hint="At least 10 characters" error={fieldError}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" busy={busy} className="button-block">
        Save and sign in
      </Button>
    </form>
  );
}

export function ForgotPassword() {
  usePageTitle('Reset your password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await portalApi.post('/auth/password-reset', { email });
      setSent(true);
    } catch (caught) {
      setError(caught as Error);
    }
  }
  return (
    <form className="auth-card" onSubmit={submit} noValidate>
      <h1 tabIndex={-1}>Reset your password</h1>
      {error && <ErrorBox error={error} />}
      {sent ? (
        <p className="alert alert-success" role="status">
          If that address has portal access, an email with a reset link is on its way.
        </p>
      ) : (
        <>
          <Field label="Email">
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="primary" className="button-block">
            Email me a reset link
          </Button>
        </>
      )}
      <p className="small center">
        <Link href="/portal/login">Back to sign in</Link>
      </p>
    </form>
  );
}

export function LinkUnavailable() {
  usePageTitle('Link no longer valid');
  const [token] = useState(fragmentToken);
  const [state, setState] = useState<'' | 'busy' | 'sent'>('');
  async function resend() {
    setState('busy');
    await portalApi.post('/links/resend', { token }).catch(() => undefined);
    setState('sent');
  }
  return (
    <div className="auth-card">
      <h1 tabIndex={-1}>This link is no longer valid</h1>
      <p>Links in invoice and quote emails expire after a while, or may have been replaced by a newer one.</p>
      {state === 'sent' ? (
        <p className="alert alert-success" role="status">
          If the link can be renewed, a fresh one is on its way to the address it was sent to.
        </p>
      ) : (
        token && (
          <Button variant="primary" busy={state === 'busy'} onClick={resend} className="button-block">
            Email me a fresh link
          </Button>
        )
      )}
      <p className="small center">
        <Link href="/portal/login">Sign in to the portal instead</Link>
      </p>
    </div>
  );
}
