import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Button, Dialog, ErrorBox, Field, Loading } from '../components/ui.tsx';
import { dateTime } from '../format.ts';
import { Link } from '../router.tsx';

/** A client's contact with their portal access, from GET /clients/:id/contacts. */
interface PortalContact {
  id: string;
  name: string;
  email: string;
  portal: { status: string };
}

/** The answer of POST /<documents>/:id/portal-link: the link is shown this once. */
interface PortalLink {
  url: string;
  expiresAt: string;
  contact: { id: string; name: string; email: string };
}

/** The contacts a portal link can be made for: with an email address and not cut off the portal. */
function portalCapable(contacts: PortalContact[]): PortalContact[] {
  return contacts.filter((contact) => contact.email.trim() !== '' && contact.portal.status !== 'deactivated');
}

/**
 * "Copy portal link" and its dialog, for any document: with one contact who can use the portal the link is made at
 * once; with several the dialog asks for whom. `path` is the document's portal-link route, `noun` names it
 * ("invoice", "quote", "credit note").
 */
export function PortalLinkAction({
  clientId,
  path,
  noun,
  onCreated,
}: {
  clientId: string;
  path: string;
  noun: string;
  onCreated: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [contacts, setContacts] = useState<PortalContact[] | null>(null);
  const [prepared, setPrepared] = useState<PortalLink | null>(null);
  const [error, setError] = useState<Error | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    setContacts(null);
    setPrepared(null);
    setOpen(true);
    try {
      const { items } = await api.get<{ items: PortalContact[] }>(`/clients/${clientId}/contacts`);
      const capable = portalCapable(items);
      setPrepared(
        capable.length === 1 ? await api.post<PortalLink>(path, { contactId: capable[0]!.id }) : null,
      );
      setContacts(capable);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button busy={busy} onClick={start}>
        Copy portal link
      </Button>
      <Dialog open={open} title="Portal link" onClose={() => setOpen(false)}>
        {error && <ErrorBox error={error} onRetry={start} />}
        {!error && !contacts && <Loading what="Preparing the link" />}
        {contacts && (
          <PortalLinkPanel
            clientId={clientId}
            path={path}
            noun={noun}
            contacts={contacts}
            initial={prepared}
            onCreated={onCreated}
          />
        )}
      </Dialog>
    </>
  );
}

type CopyState = 'copying' | 'copied' | 'refused';

/**
 * Makes a portal link for one contact (asking which when the client has several), copies it to the clipboard and
 * shows it in a read-only field too, since the browser may refuse the clipboard.
 */
function PortalLinkPanel({
  clientId,
  path,
  noun,
  contacts,
  initial,
  onCreated,
}: {
  clientId: string;
  path: string;
  noun: string;
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
      setLink(await api.post<PortalLink>(path, { contactId }));
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
        portal access is not deactivated. <Link href={`/app/clients/${clientId}`}>Open the client</Link>.
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
          Anyone who has the link can open this {noun} until it expires, so give it only to that person.
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
        open this {noun} in the client portal.
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
