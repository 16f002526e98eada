import { type FormEvent, useState } from 'react';
import {
  attachmentForPreference,
  EMAIL_ATTACHMENT_CHOICES,
  EMAIL_ATTACHMENT_LABELS,
} from '../../../src/domain/einvoice/attachment-choice.ts';
import type { EmailTemplateKind } from '../../../src/domain/email-templates.ts';
import { resolveLanguage } from '../../../src/domain/language.ts';
import { ApiError, api } from '../api.ts';
import { Button, ErrorBox, Field, Loading, useAsync } from '../components/ui.tsx';
import { Link } from '../router.tsx';
import type { Client, EmailTemplate } from '../types.ts';
import { SendPreview } from './SendPreview.tsx';
import { useSession } from './session.tsx';

/** Addresses typed one per line or separated by commas. */
function addressList(typed: string): string[] {
  return typed
    .split(/[,\n]/)
    .map((address) => address.trim())
    .filter(Boolean);
}

/**
 * Emails a document (an invoice, a reminder, a quote, a credit note) to the client's contacts: every contact with
 * an address is ticked, the subject and message are optional. `path` is the API's send route; the response goes
 * to `onDone`. Invoices and credit notes choose what is attached (`attachment`): 'client' preselects the client's
 * preferred e-invoice format (else the PDF); 'last-send' (reminders) starts at what the invoice was sent with.
 * `body` adds fields of the route's own (a statement's period); `contactsField` names the route's list of contacts.
 * CC and BCC copies ride on the first email; the client's billing email is offered as a ticked CC. A preview
 * of the first email follows what is typed. The subject and message start from the admin's email template of
 * `templateKind` in the client's language; left as they are, they are not sent (the server applies the template).
 */
export function SendDocumentForm<T>({
  clientId,
  path,
  submitLabel,
  messageHint = 'Added above the document summary',
  attachment: attachmentDefault,
  body,
  contactsField = 'contactIds',
  templateKind,
  onDone,
}: {
  clientId: string;
  path: string;
  submitLabel: string;
  messageHint?: string;
  attachment?: 'client' | 'last-send';
  body?: Record<string, unknown>;
  contactsField?: string;
  templateKind: EmailTemplateKind;
  onDone: (result: T) => void;
}) {
  const client = useAsync(() => api.get<Client>(`/clients/${clientId}`), [clientId]);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const { settings } = useSession();
  const templates = useAsync(() => api.get<{ templates: EmailTemplate[] }>('/settings/email-templates'), []);
  // null: not typed, the template's text (or empty) is shown.
  const [typedSubject, setSubject] = useState<string | null>(null);
  const [typedMessage, setMessage] = useState<string | null>(null);
  const [attachment, setAttachment] = useState<string | null>(null);
  const [cc, setCc] = useState('');
  const [bcc, setBcc] = useState('');
  const [copyBilling, setCopyBilling] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const language = resolveLanguage(client.data?.language, settings?.locale ?? '');
  const override = templates.data?.templates.find(
    (template) => template.kind === templateKind && template.language === language,
  )?.override;
  const templateSubject = override?.subject ?? '';
  const templateMessage = override?.body ?? '';
  const subject = typedSubject ?? templateSubject;
  const message = typedMessage ?? templateMessage;
  // The template's own text is left to the server, which fills it in anyway.
  const sentSubject = subject === templateSubject ? '' : subject;
  const sentMessage = message === templateMessage ? '' : message;
  const contacts = (client.data?.contacts ?? []).filter((contact) => contact.email);
  const selected = chosen ?? new Set(contacts.map((contact) => contact.id));
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  // Every refused address of a copy list (`cc.2`), beside its input.
  const copiesError = (field: 'cc' | 'bcc') =>
    error instanceof ApiError
      ? error.errors
          .filter((e) => e.field === field || e.field.startsWith(`${field}.`))
          .map((e) => e.message)
          .join(' ') || undefined
      : undefined;
  const billingEmail = client.data?.email ?? '';
  const offerBilling =
    billingEmail !== '' &&
    !contacts.some((contact) => contact.email.toLowerCase() === billingEmail.toLowerCase());
  const preselected =
    attachmentDefault === 'client' ? attachmentForPreference(client.data?.einvoiceFormat ?? 'none') : '';
  const chosenAttachment = attachment ?? preselected;
  const placed = [contactsField, 'subject', 'message', 'attachment', 'cc', 'bcc'];
  // An e-invoice that cannot be made: every reason, as the E-invoice menu lists them.
  const refusal = error instanceof ApiError && error.code === 'einvoice_not_possible' ? error : null;
  const unplaced =
    error &&
    !refusal &&
    !(error instanceof ApiError && error.errors.some((e) => placed.includes(e.field.split('.')[0] ?? '')));
  // Typed copies first, so `cc.N` in a refusal points at the Nth typed address.
  const ccList = [...addressList(cc), ...(offerBilling && copyBilling ? [billingEmail] : [])];
  const bccList = addressList(bcc);
  const sendBody = {
    ...body,
    [contactsField]: [...selected],
    ...(sentSubject ? { subject: sentSubject } : {}),
    ...(sentMessage ? { message: sentMessage } : {}),
    ...(attachmentDefault && chosenAttachment ? { attachment: chosenAttachment } : {}),
    ...(ccList.length > 0 ? { cc: ccList } : {}),
    ...(bccList.length > 0 ? { bcc: bccList } : {}),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await api.post<T>(path, sendBody));
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  if (client.error) return <ErrorBox error={client.error} onRetry={client.reload} />;
  if (client.loading && !client.data) return <Loading what="Loading contacts" />;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {unplaced && <ErrorBox error={error} />}
      {contacts.length === 0 ? (
        <p className="alert alert-warning">
          This client has no contact with an email address.{' '}
          <Link href={`/app/clients/${clientId}`}>Add one</Link>.
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
          {fieldError(contactsField) && <p className="field-error">{fieldError(contactsField)}</p>}
        </fieldset>
      )}
      {offerBilling && (
        <label className="checkbox">
          <input type="checkbox" checked={copyBilling} onChange={() => setCopyBilling(!copyBilling)} />
          Also send a copy to {billingEmail}
        </label>
      )}
      <Field label="CC" hint="Email addresses, separated by commas or one per line" error={copiesError('cc')}>
        {(props) => (
          <textarea {...props} rows={1} value={cc} onChange={(event) => setCc(event.target.value)} />
        )}
      </Field>
      <Field label="BCC" hint="Not shown to the other recipients" error={copiesError('bcc')}>
        {(props) => (
          <textarea {...props} rows={1} value={bcc} onChange={(event) => setBcc(event.target.value)} />
        )}
      </Field>
      <Field
        label="Subject"
        hint={templateSubject ? 'From your email template' : 'Leave empty for the standard subject'}
        error={fieldError('subject')}
      >
        {(props) => <input {...props} value={subject} onChange={(event) => setSubject(event.target.value)} />}
      </Field>
      <Field label="Message" hint={messageHint} error={fieldError('message')}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
          />
        )}
      </Field>
      {attachmentDefault && (
        <Field
          label="Attach"
          hint="An e-invoice XML goes with the PDF; Factur-X is a PDF with the XML inside"
          error={fieldError('attachment')}
        >
          {(props) => (
            <select
              {...props}
              value={chosenAttachment}
              onChange={(event) => setAttachment(event.target.value)}
            >
              {attachmentDefault === 'last-send' && <option value="">As the invoice was last sent</option>}
              {EMAIL_ATTACHMENT_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {EMAIL_ATTACHMENT_LABELS[choice]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {refusal && (
        <div className="alert alert-error" role="alert">
          <p>This attachment is not possible yet; fix the following or choose another attachment:</p>
          <ul>
            {refusal.errors.map((problem) => (
              <li key={`${problem.field}:${problem.message}`}>{problem.message}</li>
            ))}
          </ul>
        </div>
      )}
      <SendPreview path={path} body={sendBody} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={selected.size === 0}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
