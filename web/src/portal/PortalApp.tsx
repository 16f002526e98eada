import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, onUnauthorized, portalApi, rememberPortalCsrf } from '../api.ts';
import { InvoiceDocument } from '../components/InvoiceDocument.tsx';
import { Button, ErrorBox, Field, Loading, useAsync } from '../components/ui.tsx';
import { date, money, PAYMENT_METHOD_LABELS, setDisplayLocale } from '../format.ts';
import { Link, match, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Invoice, Page } from '../types.ts';
import { PortalCreditBalance } from './PortalCreditBalance.tsx';
import { PortalCreditNotePage, PortalCreditNotes } from './PortalCreditNotes.tsx';
import { PortalDocumentHead, PortalDocumentList } from './PortalDocumentParts.tsx';
import { PortalInvoiceCreditNotes } from './PortalInvoiceCreditNotes.tsx';
import { PortalQuotePage, PortalQuotes } from './PortalQuotes.tsx';
import { PortalStatement } from './PortalStatement.tsx';
import { letterhead, type PortalBusiness } from './portal-types.ts';

interface PortalMe {
  contact: { id: string; name: string; email: string };
  client: { id: string; name: string; einvoiceFormat?: string };
  scope: { kind: 'account' } | { kind: 'invoice_link'; invoiceId: string };
  csrfToken: string;
}

interface PortalInvoice extends Omit<Invoice, 'project'> {
  business: PortalBusiness;
  payments: {
    id: string;
    amount: string;
    refundedAmount: string;
    paidOn: string;
    method: string;
    reference: string;
  }[];
}

interface PortalSummary {
  id: string;
  number: string | null;
  status: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountPaid: string;
  balanceDue: string;
}

/** The token an emailed link carries in its fragment (#token=...), which never reaches server logs. */
function fragmentToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

const PUBLIC_PAGES = [
  '/portal/login',
  '/portal/sign-in',
  '/portal/set-password',
  '/portal/reset-password',
  '/portal/forgot',
  '/portal/link-unavailable',
];

export function PortalApp() {
  const { path } = useLocation();
  const [me, setMe] = useState<PortalMe | null | undefined>(undefined);
  // The session ended while a page was open: who it was, so signing in again is one step and lands back here.
  const [ended, setEnded] = useState<{ email: string } | null>(null);

  useEffect(() => {
    portalApi.get<PortalMe>('/me').then(
      (found) => {
        rememberPortalCsrf(found.csrfToken);
        setMe(found);
      },
      (caught) => {
        // The cookie is still there but its session is over (expired, signed out elsewhere): say so.
        if (caught instanceof ApiError && caught.reason === 'session_expired') setEnded({ email: '' });
        setMe(null);
      },
    );
  }, []);

  const meNow = useRef(me);
  meNow.current = me;
  useEffect(
    () =>
      onUnauthorized(() => {
        if (meNow.current) setEnded({ email: meNow.current.contact.email });
        setMe(null);
      }),
    [],
  );

  const signedIn = async () => {
    const found = await portalApi.get<PortalMe>('/me');
    rememberPortalCsrf(found.csrfToken);
    setMe(found);
    const stayHere = ended !== null && !PUBLIC_PAGES.includes(window.location.pathname);
    setEnded(null);
    if (stayHere) return;
    navigate(
      found.scope.kind === 'invoice_link' ? `/portal/invoices/${found.scope.invoiceId}` : '/portal/invoices',
      {
        replace: true,
      },
    );
  };
  const logout = async () => {
    await portalApi.post('/auth/logout').catch(() => undefined);
    rememberPortalCsrf(null);
    setMe(null);
    navigate('/portal/login');
  };

  const invoice = match('/portal/invoices/:id', path);
  const quote = match('/portal/quotes/:id', path);
  const creditNote = match('/portal/credit-notes/:id', path);
  let page: ReactNode;
  if (path === '/portal/sign-in') page = <TokenSignIn kind="magic" onDone={signedIn} />;
  else if (path === '/portal/set-password') page = <TokenSignIn kind="invite" onDone={signedIn} />;
  else if (path === '/portal/reset-password') page = <TokenSignIn kind="reset" onDone={signedIn} />;
  else if (path === '/portal/forgot') page = <ForgotPassword />;
  else if (path === '/portal/link-unavailable') page = <LinkUnavailable />;
  else if (me === undefined) page = <Loading what="Opening your invoices" />;
  else if (me === null || PUBLIC_PAGES.includes(path)) page = <PortalLogin onDone={signedIn} ended={ended} />;
  else if (invoice) page = <PortalInvoicePage key={invoice.id} id={invoice.id!} me={me} />;
  else if (quote) page = <PortalQuotePage key={quote.id} id={quote.id!} me={me} />;
  else if (creditNote) page = <PortalCreditNotePage key={creditNote.id} id={creditNote.id!} me={me} />;
  else if (path === '/portal/quotes') page = <PortalQuotes me={me} />;
  else if (path === '/portal/credit-notes') page = <PortalCreditNotes me={me} />;
  else if (path === '/portal/statement' && me.scope.kind === 'account') page = <PortalStatement me={me} />;
  else page = <PortalInvoices me={me} />;

  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="portal-bar">
        <span className="portal-brand">
          {me?.client.name ? `Invoices for ${me.client.name}` : 'Client portal'}
        </span>
        {me && (
          <div className="usermenu">
            <span className="username">{me.contact.name}</span>
            {me.scope.kind === 'account' && (
              <nav aria-label="Your documents" className="portal-nav">
                <Link href="/portal/invoices">All invoices</Link>
                <Link href="/portal/quotes">Quotes</Link>
                <Link href="/portal/credit-notes">Credit notes</Link>
                <Link href="/portal/statement">Statement</Link>
              </nav>
            )}
            <button type="button" className="button button-ghost button-small" onClick={logout}>
              Log out
            </button>
          </div>
        )}
      </header>
      <main id="main" className="portal-main">
        {page}
      </main>
      <footer className="portal-footer">Secure invoice portal powered by Remit</footer>
    </div>
  );
}

function PortalLogin({ onDone, ended }: { onDone: () => void; ended: { email: string } | null }) {
  usePageTitle('Sign in');
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
      <p className="muted">Sign in with the email address your supplier sends invoices to.</p>
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
      <Field label="Password">
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </Field>
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

function TokenSignIn({ kind, onDone }: { kind: 'magic' | 'invite' | 'reset'; onDone: () => void }) {
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

function ForgotPassword() {
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

function LinkUnavailable() {
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

function PortalInvoices({ me }: { me: PortalMe }) {
  usePageTitle('Your invoices');
  const [status, setStatus] = useState('');
  const list = useAsync(
    () => portalApi.get<Page<PortalSummary>>(`/invoices?limit=100${status ? `&status=${status}` : ''}`),
    [status],
  );
  const chips = (
    <nav aria-label="Filter by status" className="chips">
      {[
        ['', 'All'],
        ['sent,viewed,partially_paid,overdue', 'To pay'],
        ['paid', 'Paid'],
      ].map(([value, label]) => (
        <button
          key={label}
          type="button"
          className="chip"
          aria-pressed={status === value}
          onClick={() => setStatus(value!)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
  return (
    <PortalDocumentList
      title="Your invoices"
      noun="invoices"
      me={me}
      list={list}
      filters={
        <>
          <PortalCreditBalance />
          {chips}
        </>
      }
      basePath="/portal/invoices"
      detail={(invoice) => (
        <>
          Issued {date(invoice.issueDate)} · due {date(invoice.dueDate)}
        </>
      )}
      amount={(invoice) => (
        <span className="num">
          <span className="strong">{money(invoice.total, invoice.currency)}</span>
          {invoice.status !== 'paid' && invoice.status !== 'void' && (
            <span className="muted small"> · {money(invoice.balanceDue, invoice.currency)} due</span>
          )}
        </span>
      )}
    />
  );
}

function PortalInvoicePage({ id, me }: { id: string; me: PortalMe }) {
  const { search } = useLocation();
  const { data, error, loading, reload } = useAsync(
    () => portalApi.get<PortalInvoice>(`/invoices/${id}`),
    [id],
  );
  usePageTitle(data ? `Invoice ${data.number}` : 'Invoice');
  useEffect(() => {
    if (data) setDisplayLocale(undefined);
  }, [data]);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading && !data) return <Loading what="Loading the invoice" />;
  if (!data) return null;
  const business = letterhead(data.business, { withPaymentInstructions: true });
  const paid = data.status === 'paid';
  const returned = search.get('payment');
  return (
    <section className="portal-invoice">
      <PortalDocumentHead
        back={me.scope.kind === 'account' ? { href: '/portal/invoices', label: 'Your invoices' } : null}
        title={`Invoice ${data.number}`}
        status={data.status}
        subtitle={`From ${data.business.name}`}
        pdfHref={`/api/portal/v1/invoices/${data.id}/pdf`}
        einvoice={
          data.status === 'void'
            ? undefined
            : { href: `/api/portal/v1/invoices/${data.id}`, preferred: me.client.einvoiceFormat }
        }
      />
      {paid && (
        <div className="alert alert-success paid-banner" role="status">
          <strong>Paid in full, thank you.</strong> Nothing more is due on this invoice.
        </div>
      )}
      {!paid && (returned === 'paid' || returned === 'pending') && (
        <div className="alert alert-info" role="status">
          Thank you: your payment is being confirmed. This page shows Paid as soon as it arrives.
          <Button small onClick={reload}>
            Refresh
          </Button>
        </div>
      )}
      {(returned === 'cancelled' || returned === 'failed') && !paid && (
        <p className="alert alert-warning">
          {returned === 'failed'
            ? 'The payment did not go through; nothing was charged.'
            : 'The payment was cancelled; nothing was charged.'}
        </p>
      )}
      <div className="invoice-layout">
        <div className="invoice-main">
          <InvoiceDocument invoice={{ ...data, project: null }} business={business} />
        </div>
        <aside className="invoice-side">
          <div className="card pay-card">
            <h2>Amount due</h2>
            <p className="amount-due">{money(data.totals.balanceDue, data.currency)}</p>
            <p className="muted small">Due {date(data.dueDate)}</p>
            {!paid && data.status !== 'void' && <PayNow invoiceId={data.id} />}
            {!paid && data.status !== 'void' && data.business.paymentInstructions && (
              <p className="muted small">To pay by bank transfer, see “How to pay” on the invoice.</p>
            )}
          </div>
          <PortalInvoiceCreditNotes creditNotes={data.creditNotes} currency={data.currency} />
          {data.payments.length > 0 && (
            <div className="card">
              <h2>Payments received</h2>
              <ul className="list">
                {data.payments.map((payment) => (
                  <li key={payment.id}>
                    <span>
                      {money(payment.amount, data.currency)}{' '}
                      <span className="muted small">
                        {PAYMENT_METHOD_LABELS[payment.method] ?? payment.method} · {date(payment.paidOn)}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </aside>
      </div>
    </section>
  );
}

/** One button per gateway able to take this invoice; the browser goes to the provider's checkout. */
function PayNow({ invoiceId }: { invoiceId: string }) {
  const options = useAsync(
    () =>
      portalApi.get<{ options: { provider: string; name: string }[] }>(
        `/invoices/${invoiceId}/payment-options`,
      ),
    [invoiceId],
  );
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<Error | null>(null);
  async function pay(provider: string) {
    setBusy(provider);
    setError(null);
    try {
      const result = await portalApi.post<{ redirectUrl: string }>(`/invoices/${invoiceId}/pay`, {
        provider,
      });
      window.location.assign(result.redirectUrl);
    } catch (caught) {
      setError(caught as Error);
      setBusy('');
    }
  }
  if (options.loading && !options.data) return <Loading what="Loading payment options" />;
  if (!options.data || options.data.options.length === 0) return null;
  return (
    <div className="pay-options">
      {error && <ErrorBox error={error} />}
      {options.data.options.map((option, index) => (
        <Button
          key={option.provider}
          variant={index === 0 ? 'primary' : 'secondary'}
          className="button-block"
          busy={busy === option.provider}
          onClick={() => pay(option.provider)}
        >
          {index === 0 ? `Pay now with ${option.name}` : `Pay with ${option.name}`}
        </Button>
      ))}
    </div>
  );
}
