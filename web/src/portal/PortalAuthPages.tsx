import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, portalApi, rememberPortalCsrf } from '../api.ts';
import { CredentialFields, NewPasswordField } from '../components/CredentialFields.tsx';
import { Button, ErrorBox, Field, Loading } from '../components/ui.tsx';
import { Link, usePageTitle } from '../router.tsx';
import { useSupplierName } from './PortalBrand.tsx';

/** The portal pages shown before sign-in: password sign-in, emailed-link sign-in, reset and expired links. */

/** The token an emailed link carries in its fragment (#token=...), which never reaches server logs. */
function fragmentToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

export function PortalLogin({ onDone, ended }: { onDone: () => void; ended: { email: string } | null }) {
  const { t } = useTranslation();
  usePageTitle(t('signIn.title'));
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
          ? t('signIn.wrongPassword')
          : (caught as Error).message,
      );
    } finally {
      setBusy('');
    }
  }
  async function emailLink() {
    if (!email) {
      setError(t('signIn.enterEmailFirst'));
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
      <h1 tabIndex={-1}>{t('signIn.heading')}</h1>
      <p className="muted">{t('signIn.intro', { supplier })}</p>
      {ended && !sent && (
        <p className="alert" role="alert">
          {t('signIn.sessionEnded')}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {sent && (
        <p className="alert alert-success" role="status">
          {t('signIn.linkSent')}
        </p>
      )}
      <CredentialFields
        email={email}
        password={password}
        onEmailChange={setEmail}
        onPasswordChange={setPassword}
      />
      <Button type="submit" variant="primary" busy={busy === 'password'} className="button-block">
        {t('signIn.submit')}
      </Button>
      <div className="divider">
        <span>{t('signIn.or')}</span>
      </div>
      <Button onClick={emailLink} busy={busy === 'link'} className="button-block">
        {t('signIn.emailLink')}
      </Button>
      <p className="small center">
        <Link href="/portal/forgot">{t('signIn.forgot')}</Link>
      </p>
    </form>
  );
}

export function TokenSignIn({ kind, onDone }: { kind: 'magic' | 'invite' | 'reset'; onDone: () => void }) {
  const { t } = useTranslation();
  const heading = kind === 'invite' ? t('tokenSignIn.setPassword') : t('tokenSignIn.choosePassword');
  usePageTitle(kind === 'magic' ? t('tokenSignIn.signingIn') : heading);
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
        <h1 tabIndex={-1}>{t('tokenSignIn.signingYouIn')}</h1>
        {error ? (
          <>
            <ErrorBox error={t('tokenSignIn.linkExpired')} />
            <Link href="/portal/login">{t('tokenSignIn.requestNewLink')}</Link>
          </>
        ) : (
          <Loading what={t('tokenSignIn.checkingLink')} />
        )}
      </div>
    );
  }
  const fieldError = error instanceof ApiError ? error.fieldMessage('password') : undefined;
  return (
    <form className="auth-card" onSubmit={submit} noValidate>
      <h1 tabIndex={-1}>{heading}</h1>
      {error && !fieldError && <ErrorBox error={error} />}
      <NewPasswordField
        label={t('tokenSignIn.newPassword')}
        hint={t('tokenSignIn.passwordHint')}
        error={fieldError}
        value={password}
        onChange={setPassword}
      />
      <Button type="submit" variant="primary" busy={busy} className="button-block">
        {t('tokenSignIn.save')}
      </Button>
    </form>
  );
}

export function ForgotPassword() {
  const { t } = useTranslation();
  usePageTitle(t('forgot.title'));
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
      <h1 tabIndex={-1}>{t('forgot.title')}</h1>
      {error && <ErrorBox error={error} />}
      {sent ? (
        <p className="alert alert-success" role="status">
          {t('forgot.sent')}
        </p>
      ) : (
        <>
          <Field label={t('common.email')}>
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
            {t('forgot.submit')}
          </Button>
        </>
      )}
      <p className="small center">
        <Link href="/portal/login">{t('forgot.backToSignIn')}</Link>
      </p>
    </form>
  );
}

export function LinkUnavailable() {
  const { t } = useTranslation();
  usePageTitle(t('linkUnavailable.title'));
  const [token] = useState(fragmentToken);
  const [state, setState] = useState<'' | 'busy' | 'sent'>('');
  async function resend() {
    setState('busy');
    await portalApi.post('/links/resend', { token }).catch(() => undefined);
    setState('sent');
  }
  return (
    <div className="auth-card">
      <h1 tabIndex={-1}>{t('linkUnavailable.title')}</h1>
      <p>{t('linkUnavailable.why')}</p>
      {state === 'sent' ? (
        <p className="alert alert-success" role="status">
          {t('linkUnavailable.sent')}
        </p>
      ) : (
        token && (
          <Button variant="primary" busy={state === 'busy'} onClick={resend} className="button-block">
            {t('linkUnavailable.resend')}
          </Button>
        )
      )}
      <p className="small center">
        <Link href="/portal/login">{t('linkUnavailable.signInInstead')}</Link>
      </p>
    </div>
  );
}
