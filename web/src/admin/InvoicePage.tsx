import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { InvoiceDocument } from '../components/InvoiceDocument.tsx';
import {
  Button,
  Dialog,
  ErrorBox,
  Field,
  Loading,
  StatusBadge,
  useAsync,
  useToast,
} from '../components/ui.tsx';
import { date, dateTime, money, PAYMENT_METHOD_LABELS, STATUS_LABELS } from '../format.ts';
import { Link, navigate, usePageTitle } from '../router.tsx';
import type { Client, Invoice, InvoiceEvent, Payment } from '../types.ts';
import { PaymentsCard } from './PaymentsCard.tsx';
import { ReasonForm } from './ReasonForm.tsx';
import { useSession } from './session.tsx';

const OPEN = new Set(['sent', 'viewed', 'partially_paid', 'overdue']);

interface EmailView {
  id: string;
  kind: string;
  to: { address: string; name: string };
  subject: string;
  state: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** A client's contact with their portal access, from GET /clients/:id/contacts. */
interface PortalContact {
  id: string;
  name: string;
  email: string;
  portal: { status: string };
}

/** The answer of POST /invoices/:id/portal-link: the link is shown this once. */
interface PortalLink {
  url: string;
  expiresAt: string;
  contact: { id: string; name: string; email: string };
}

/** The contacts a portal link can be made for: with an email address and not cut off the portal. */
function portalCapable(contacts: PortalContact[]): PortalContact[] {
  return contacts.filter((contact) => contact.email.trim() !== '' && contact.portal.status !== 'deactivated');
}

export function InvoicePage({ id }: { id: string }) {
  const invoice = useAsync(() => api.get<Invoice>(`/invoices/${id}`), [id]);
  usePageTitle(invoice.data ? `Invoice ${invoice.data.number ?? '(draft)'}` : 'Invoice');
  if (invoice.error) {
    return (
      <section>
        <h1 tabIndex={-1}>Invoice</h1>
        <ErrorBox error={invoice.error} onRetry={invoice.reload} />
        <Link href="/app/invoices">Back to invoices</Link>
      </section>
    );
  }
  if (!invoice.data) return <Loading what="Loading invoice" />;
  return <InvoiceView invoice={invoice.data} onChange={invoice.setData} />;
}

function InvoiceView({ invoice, onChange }: { invoice: Invoice; onChange: (invoice: Invoice) => void }) {
  const toast = useToast();
  const { settings } = useSession();
  const [refresh, setRefresh] = useState(0);
  const [dialog, setDialog] = useState<'' | 'payment' | 'void' | 'send' | 'remind' | 'delete' | 'link'>('');
  const [linkContacts, setLinkContacts] = useState<PortalContact[]>([]);
  const [preparedLink, setPreparedLink] = useState<PortalLink | null>(null);
  const [busy, setBusy] = useState('');
  const [actionError, setActionError] = useState<Error | null>(null);
  const events = useAsync(
    () => api.get<{ items: InvoiceEvent[] }>(`/invoices/${invoice.id}/events`),
    [invoice, refresh],
  );
  const payments = useAsync(
    () => api.get<{ items: Payment[] }>(`/invoices/${invoice.id}/payments`),
    [invoice, refresh],
  );
  const emails = useAsync(
    () => api.get<{ items: EmailView[] }>(`/invoices/${invoice.id}/emails`),
    [invoice, refresh],
  );
  const status = invoice.status;
  const isOpen = OPEN.has(status);
  const changed = (next: Invoice, message: string) => {
    onChange(next);
    setRefresh((r) => r + 1);
    setDialog('');
    toast(message);
  };

  async function act(name: string, run: () => Promise<void>) {
    setBusy(name);
    setActionError(null);
    try {
      await run();
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setBusy('');
    }
  }

  const markSent = () =>
    act('mark-sent', async () =>
      changed(await api.post<Invoice>(`/invoices/${invoice.id}/mark-sent`), 'Invoice marked as sent'),
    );
  const duplicate = () =>
    act('duplicate', async () => {
      const copy = await api.post<Invoice>(`/invoices/${invoice.id}/duplicate`);
      toast('Copied into a new draft');
      navigate(`/app/invoices/${copy.id}/edit`);
    });
  // With one contact who can use the portal the link is made at once; with several the dialog asks for whom.
  const copyPortalLink = () =>
    act('link', async () => {
      const { items } = await api.get<{ items: PortalContact[] }>(`/clients/${invoice.client.id}/contacts`);
      const capable = portalCapable(items);
      setLinkContacts(capable);
      setPreparedLink(
        capable.length === 1
          ? await api.post<PortalLink>(`/invoices/${invoice.id}/portal-link`, { contactId: capable[0]!.id })
          : null,
      );
      setDialog('link');
    });
  const portalLinkMade = () => setRefresh((r) => r + 1);

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/invoices">Invoices</Link>
          </p>
          <h1 tabIndex={-1}>
            {invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice'} <StatusBadge status={status} />
          </h1>
          <p className="muted">
            <Link href={`/app/clients/${invoice.client.id}`}>{invoice.client.name}</Link> ·{' '}
            {money(invoice.totals.total, invoice.currency)} · due {date(invoice.dueDate)}
          </p>
        </div>
        <div className="actions">
          {status === 'draft' && (
            <Button variant="primary" onClick={() => setDialog('send')}>
              Send invoice
            </Button>
          )}
          {status === 'draft' && (
            <Button busy={busy === 'mark-sent'} onClick={markSent}>
              Mark as sent
            </Button>
          )}
          {isOpen && (
            <Button variant="primary" onClick={() => setDialog('payment')}>
              Record payment
            </Button>
          )}
          {isOpen && <Button onClick={() => setDialog('send')}>Resend</Button>}
          {isOpen && <Button onClick={() => setDialog('remind')}>Send reminder</Button>}
          {(status === 'draft' || isOpen) && (
            <Link className="button button-secondary" href={`/app/invoices/${invoice.id}/edit`}>
              Edit
            </Link>
          )}
          <a
            className="button button-secondary"
            href={`/api/v1/invoices/${invoice.id}/pdf`}
            target="_blank"
            rel="noopener"
          >
            PDF
          </a>
          {status !== 'draft' && status !== 'void' && (
            <Button busy={busy === 'link'} onClick={copyPortalLink}>
              Copy portal link
            </Button>
          )}
          <Button busy={busy === 'duplicate'} onClick={duplicate}>
            Duplicate
          </Button>
          {isOpen && (
            <Button variant="danger" onClick={() => setDialog('void')}>
              Void
            </Button>
          )}
          {status === 'draft' && (
            <Button variant="danger" onClick={() => setDialog('delete')}>
              Delete
            </Button>
          )}
        </div>
      </div>
      {actionError && <ErrorBox error={actionError} />}
      {status === 'void' && invoice.voidReason && (
        <p className="alert alert-warning">
          Voided {invoice.voidedAt ? dateTime(invoice.voidedAt) : ''}: {invoice.voidReason}
        </p>
      )}

      <div className="invoice-layout">
        <div className="invoice-main">
          <InvoiceDocument
            invoice={invoice}
            business={settings}
            logoUrl={settings?.logo ? '/api/v1/settings/logo' : null}
          />
        </div>
        <aside className="invoice-side">
          <div className="card">
            <h2>Balance</h2>
            <dl className="totals-list">
              <div>
                <dt>Total</dt>
                <dd>{money(invoice.totals.total, invoice.currency)}</dd>
              </div>
              <div>
                <dt>Paid</dt>
                <dd>{money(invoice.totals.amountPaid, invoice.currency)}</dd>
              </div>
              <div className="grand">
                <dt>Balance due</dt>
                <dd data-testid="balance-due">{money(invoice.totals.balanceDue, invoice.currency)}</dd>
              </div>
            </dl>
          </div>
          <PaymentsCard
            invoice={invoice}
            payments={payments.data?.items}
            error={payments.error}
            onChanged={changed}
          />
          <EmailsCard
            emails={emails.data?.items}
            onRetried={() => {
              setRefresh((r) => r + 1);
              toast('Email queued again');
            }}
          />
          <div className="card">
            <h2>Timeline</h2>
            {events.error && <ErrorBox error={events.error} onRetry={events.reload} />}
            {!events.data && !events.error && <Loading what="Loading timeline" />}
            {events.data && <Timeline events={events.data.items} currency={invoice.currency} />}
          </div>
        </aside>
      </div>

      <Dialog open={dialog === 'payment'} title="Record a payment" onClose={() => setDialog('')}>
        <PaymentForm invoice={invoice} onDone={(next) => changed(next, 'Payment recorded')} />
      </Dialog>
      <Dialog open={dialog === 'void'} title="Void this invoice" onClose={() => setDialog('')}>
        <ReasonForm
          intro="A void invoice keeps its number and stays on record, but nothing is owed on it any more. The client sees it as void."
          label="Reason"
          field="reason"
          submitLabel="Void invoice"
          onSubmit={async (reason) =>
            changed(await api.post<Invoice>(`/invoices/${invoice.id}/void`, { reason }), 'Invoice voided')
          }
        />
      </Dialog>
      <Dialog
        open={dialog === 'send' || dialog === 'remind'}
        title={dialog === 'remind' ? 'Send a reminder' : 'Send invoice'}
        onClose={() => setDialog('')}
      >
        <SendForm
          invoice={invoice}
          path={`/invoices/${invoice.id}/${dialog === 'remind' ? 'remind' : 'send'}`}
          reminder={dialog === 'remind'}
          onDone={(next) => changed(next, dialog === 'remind' ? 'Reminder queued' : 'Invoice sent')}
        />
      </Dialog>
      <Dialog open={dialog === 'link'} title="Portal link" onClose={() => setDialog('')}>
        <PortalLinkPanel
          invoice={invoice}
          contacts={linkContacts}
          initial={preparedLink}
          onCreated={portalLinkMade}
        />
      </Dialog>
      <Dialog open={dialog === 'delete'} title="Delete this draft?" onClose={() => setDialog('')}>
        <p>The draft and its lines are removed. This cannot be undone.</p>
        <div className="form-actions">
          <Button onClick={() => setDialog('')}>Keep it</Button>
          <Button
            variant="danger"
            busy={busy === 'delete'}
            onClick={() =>
              act('delete', async () => {
                await api.delete(`/invoices/${invoice.id}`);
                toast('Draft deleted');
                navigate('/app/invoices');
              })
            }
          >
            Delete draft
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function todayLocal(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: (invoice: Invoice) => void }) {
  const [amount, setAmount] = useState(invoice.totals.balanceDue);
  const [paidOn, setPaidOn] = useState(todayLocal());
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ invoice: Invoice }>(`/invoices/${invoice.id}/payments`, {
        amount,
        paidOn,
        method,
        reference,
        note,
      });
      onDone(result.invoice);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        Balance due: <strong>{money(invoice.totals.balanceDue, invoice.currency)}</strong>
      </p>
      {error && !(error instanceof ApiError && error.errors.length) && <ErrorBox error={error} />}
      <Field label={`Amount (${invoice.currency})`} error={fieldError('amount')}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        )}
      </Field>
      <Field label="Date received" error={fieldError('paidOn')}>
        {(props) => (
          <input {...props} type="date" value={paidOn} onChange={(event) => setPaidOn(event.target.value)} />
        )}
      </Field>
      <Field label="Method" error={fieldError('method')}>
        {(props) => (
          <select {...props} value={method} onChange={(event) => setMethod(event.target.value)}>
            {Object.entries(PAYMENT_METHOD_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Reference" hint="Cheque number, transfer reference…" error={fieldError('reference')}>
        {(props) => (
          <input {...props} value={reference} onChange={(event) => setReference(event.target.value)} />
        )}
      </Field>
      <Field label="Note" error={fieldError('note')}>
        {(props) => (
          <textarea {...props} rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Record payment
        </Button>
      </div>
    </form>
  );
}

function SendForm({
  invoice,
  path,
  reminder,
  onDone,
}: {
  invoice: Invoice;
  path: string;
  reminder: boolean;
  onDone: (invoice: Invoice) => void;
}) {
  const client = useAsync(() => api.get<Client>(`/clients/${invoice.client.id}`), [invoice.client.id]);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const contacts = (client.data?.contacts ?? []).filter((contact) => contact.email);
  const selected = chosen ?? new Set(contacts.map((contact) => contact.id));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ invoice: Invoice }>(path, {
        contactIds: [...selected],
        ...(subject ? { subject } : {}),
        ...(message ? { message } : {}),
      });
      onDone(result.invoice);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  if (client.loading && !client.data) return <Loading what="Loading contacts" />;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && <ErrorBox error={error} />}
      {contacts.length === 0 ? (
        <p className="alert alert-warning">
          This client has no contact with an email address.{' '}
          <Link href={`/app/clients/${invoice.client.id}`}>Add one</Link>.
        </p>
      ) : (
        <fieldset className="checks">
          <legend>Send to</legend>
          {contacts.map((contact) => (
            <label key={contact.id} className="checkbox">
              <input
                type="checkbox"
                checked={selected.has(contact.id)}
                onChange={() => {
                  const next = new Set(selected);
                  if (next.has(contact.id)) next.delete(contact.id);
                  else next.add(contact.id);
                  setChosen(next);
                }}
              />
              {contact.name} &lt;{contact.email}&gt;
            </label>
          ))}
        </fieldset>
      )}
      <Field label="Subject" hint="Leave empty for the standard subject">
        {(props) => <input {...props} value={subject} onChange={(event) => setSubject(event.target.value)} />}
      </Field>
      <Field label="Message" hint="Added above the invoice summary">
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={selected.size === 0}>
          {reminder ? 'Send reminder' : invoice.status === 'draft' ? 'Send invoice' : 'Send again'}
        </Button>
      </div>
    </form>
  );
}

type CopyState = 'copying' | 'copied' | 'refused';

/**
 * Makes a portal link for one contact (asking which when the client has several), copies it to the clipboard and
 * shows it in a read-only field too, since the browser may refuse the clipboard.
 */
function PortalLinkPanel({
  invoice,
  contacts,
  initial,
  onCreated,
}: {
  invoice: Invoice;
  contacts: PortalContact[];
  initial: PortalLink | null;
  onCreated: () => void;
}) {
  const [contactId, setContactId] = useState(contacts[0]?.id ?? '');
  const [link, setLink] = useState<PortalLink | null>(initial);
  const [copy, setCopy] = useState<CopyState>('copying');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const urlField = useRef<HTMLInputElement>(null);
  const copiedFor = useRef<string | null>(null);

  async function copyToClipboard(url: string) {
    setCopy('copying');
    try {
      if (!navigator.clipboard) throw new Error('No clipboard');
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      setCopy('refused');
      urlField.current?.select();
    }
  }

  // Each new link (made before the dialog opened, or chosen here) is copied once and shows on the timeline.
  useEffect(() => {
    if (!link || copiedFor.current === link.url) return;
    copiedFor.current = link.url;
    onCreated();
    void copyToClipboard(link.url);
  }, [link]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setLink(await api.post<PortalLink>(`/invoices/${invoice.id}/portal-link`, { contactId }));
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }

  if (contacts.length === 0) {
    return (
      <p className="alert alert-warning">
        No contact of this client can use the portal: a link needs a contact with an email address whose
        portal access is not deactivated.{' '}
        <Link href={`/app/clients/${invoice.client.id}`}>Open the client</Link>.
      </p>
    );
  }

  if (!link) {
    const fieldError = error instanceof ApiError ? error.fieldMessage('contactId') : undefined;
    return (
      <form className="form" onSubmit={create} noValidate>
        {error && !fieldError && <ErrorBox error={error} />}
        <fieldset className="checks portal-link-choices">
          <legend>Who is the link for?</legend>
          {contacts.map((contact) => (
            <label key={contact.id} className="checkbox">
              <input
                type="radio"
                name="portal-link-contact"
                value={contact.id}
                checked={contactId === contact.id}
                onChange={() => setContactId(contact.id)}
              />
              {contact.name} &lt;{contact.email}&gt;
            </label>
          ))}
          {fieldError && <p className="field-error">{fieldError}</p>}
        </fieldset>
        <p className="muted small">
          Anyone who has the link can open this invoice until it expires, so give it only to that person.
        </p>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            Create and copy link
          </Button>
        </div>
      </form>
    );
  }

  return (
    <div className="form portal-link-result">
      <p>
        A link for <strong>{link.contact.name || link.contact.email}</strong> &lt;{link.contact.email}&gt; to
        open this invoice in the client portal.
      </p>
      <Field
        label="Portal link"
        hint={`Works until ${dateTime(link.expiresAt)}. It is shown only now: make a new one if you lose it.`}
      >
        {(props) => (
          <input
            {...props}
            ref={urlField}
            readOnly
            value={link.url}
            className="portal-link-url"
            onFocus={(event) => event.currentTarget.select()}
          />
        )}
      </Field>
      <p className="portal-link-copy-state" role="status">
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'refused' &&
          'The browser did not allow copying: select the link above and copy it (Ctrl+C or ⌘C).'}
      </p>
      <div className="form-actions">
        <Button onClick={() => copyToClipboard(link.url)}>Copy again</Button>
      </div>
    </div>
  );
}

const EMAIL_KIND_LABELS: Record<string, string> = {
  invoice: 'Invoice',
  reminder: 'Reminder',
  receipt: 'Receipt',
  payment_notice: 'Payment notice (to you)',
  payment_review: 'Payment to review (to you)',
  portal_link: 'New invoice link',
};

function EmailsCard({ emails, onRetried }: { emails?: EmailView[]; onRetried: () => void }) {
  const [retrying, setRetrying] = useState('');
  const [retryError, setRetryError] = useState<Error | null>(null);
  // A failed email goes back to the outbox with its attempts from zero, and leaves at once.
  async function retry(email: EmailView) {
    setRetrying(email.id);
    setRetryError(null);
    try {
      await api.post(`/emails/${email.id}/retry`);
      onRetried();
    } catch (error) {
      setRetryError(error as Error);
    } finally {
      setRetrying('');
    }
  }
  return (
    <div className="card">
      <h2>Emails</h2>
      {retryError && <ErrorBox error={retryError} />}
      {!emails && <Loading what="Loading emails" />}
      {emails && emails.length === 0 && <p className="muted">No emails sent for this invoice.</p>}
      {emails && emails.length > 0 && (
        <ul className="list">
          {emails.map((email) => (
            <li key={email.id}>
              <div>
                <strong>{email.to.name || email.to.address}</strong>{' '}
                <span className="muted small">
                  {EMAIL_KIND_LABELS[email.kind] ?? email.kind} · {dateTime(email.sentAt ?? email.createdAt)}
                </span>
                {email.lastError && <p className="field-error small">{email.lastError}</p>}
              </div>
              <span className="email-state">
                <span className={`badge badge-email-${email.state}`}>{email.state}</span>
                {email.state === 'failed' && (
                  <Button
                    small
                    busy={retrying === email.id}
                    onClick={() => retry(email)}
                    aria-label={`Retry now: email to ${email.to.name || email.to.address}`}
                  >
                    Retry now
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function describe(event: InvoiceEvent, currency: string): string {
  const data = event.data as Record<string, string | undefined>;
  if (event.type === 'created') return 'Draft created';
  if (event.type === 'status_changed' && event.toStatus) {
    const to = STATUS_LABELS[event.toStatus] ?? event.toStatus;
    return data.reason ? `${to}: ${data.reason}` : `Status changed to ${to}`;
  }
  if (event.type === 'payment_rejected' && data.amount) {
    return `Payment of ${money(data.amount, currency)} rejected: ${data.note ?? ''}`;
  }
  if (event.type === 'payment_accepted' && data.amount) {
    return `Payment of ${money(data.amount, currency)} accepted after review`;
  }
  if (event.type === 'payment_needs_review' && data.amount) {
    return `Payment of ${money(data.amount, currency)} held for review: ${data.reason ?? ''}`;
  }
  if (event.type === 'email_sent' || event.type === 'email_failed') {
    const what = EMAIL_KIND_LABELS[data.kind ?? ''] ?? 'Email';
    return event.type === 'email_sent'
      ? `${what} emailed to ${data.to ?? 'the recipient'}`
      : `${what} to ${data.to ?? 'the recipient'} could not be delivered: ${data.error ?? ''}`;
  }
  if (event.type === 'email_retried') {
    const what = EMAIL_KIND_LABELS[data.kind ?? ''] ?? 'Email';
    return `${what} to ${data.to ?? 'the recipient'} queued again`;
  }
  if (event.type === 'email_queued') {
    if (data.reason) return `Invoice not emailed: ${data.reason}`;
    return data.resend ? 'Invoice sent again by email' : 'Invoice sent by email';
  }
  if (event.type === 'portal_link_created') {
    return `Portal link created for ${data.contactName || data.contactEmail || 'a contact'}`;
  }
  if (event.type.includes('payment') && data.amount) {
    return `${event.type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())}: ${money(data.amount, currency)}`;
  }
  return event.type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function Timeline({ events, currency }: { events: InvoiceEvent[]; currency: string }) {
  if (events.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline">
      {[...events].reverse().map((event) => (
        <li key={event.id}>
          <p className="timeline-what">{describe(event, currency)}</p>
          <p className="timeline-when">
            <time dateTime={event.at}>{dateTime(event.at)}</time> · {event.actor.name}
          </p>
        </li>
      ))}
    </ol>
  );
}
