import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { AddressCountrySelect } from '../components/CountrySelect.tsx';
import { CurrencySelect } from '../components/CurrencySelect.tsx';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useFormErrors, useToast } from '../components/ui.tsx';
import { editableAddress } from '../format.ts';
import { Link, navigate, usePageTitle } from '../router.tsx';
import type { Client } from '../types.ts';
import { ClientEInvoiceCard } from './ClientEInvoiceCard.tsx';
import { ClientCreditCard, ClientQuotesCard } from './ClientQuotesAndCredit.tsx';
import { ClientSummaryCard } from './ClientSummaryCard.tsx';
import { ClientInvoices } from './client/ClientInvoices.tsx';
import { PortalAccess } from './client/PortalAccess.tsx';
import { Projects } from './client/Projects.tsx';
import { useSession } from './session.tsx';

interface ContactDraft {
  key: string;
  id?: string;
  name: string;
  email: string;
  phone: string;
}

interface ClientForm {
  name: string;
  company: string;
  email: string;
  phone: string;
  currency: string;
  /** '' is the organisation's language. */
  language: string;
  taxId: string;
  notes: string;
  address: {
    line1: string;
    line2: string;
    city: string;
    region: string;
    postalCode: string;
    country: string;
  };
  contacts: ContactDraft[];
}

const emptyForm: ClientForm = {
  name: '',
  company: '',
  email: '',
  phone: '',
  currency: '',
  language: '',
  taxId: '',
  notes: '',
  address: { line1: '', line2: '', city: '', region: '', postalCode: '', country: '' },
  contacts: [],
};

let contactKey = 0;
const newKey = () => `c${++contactKey}`;

function formOf(client: Client): ClientForm {
  return {
    name: client.name,
    company: client.company,
    email: client.email,
    phone: client.phone,
    currency: client.currency ?? '',
    language: client.language ?? '',
    taxId: client.taxId,
    notes: client.notes,
    address: editableAddress(client.address),
    contacts: client.contacts.map((contact) => ({ ...contact, key: newKey() })),
  };
}

export function ClientPage({ id }: { id?: string }) {
  const loaded = useAsync(() => (id ? api.get<Client>(`/clients/${id}`) : Promise.resolve(null)), [id]);
  usePageTitle(id ? (loaded.data?.name ?? 'Client') : 'New client');
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.loading && !loaded.data) return <Loading what="Loading client" />;
  return <ClientEditor client={loaded.data ?? null} onSaved={loaded.setData} />;
}

function ClientEditor({ client, onSaved }: { client: Client | null; onSaved: (client: Client) => void }) {
  const toast = useToast();
  const [form, setForm] = useState<ClientForm>(client ? formOf(client) : { ...emptyForm, contacts: [] });
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const locale = useSession().settings?.locale ?? 'en';
  useEffect(() => {
    if (client) setForm(formOf(client));
  }, [client]);

  const set = <K extends keyof ClientForm>(key: K, value: ClientForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setAddress = (key: keyof ClientForm['address'], value: string) =>
    setForm((f) => ({ ...f, address: { ...f.address, [key]: value } }));
  const setContact = (index: number, patch: Partial<ContactDraft>) =>
    setForm((f) => ({ ...f, contacts: f.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)) }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    const body = {
      name: form.name,
      company: form.company,
      email: form.email,
      phone: form.phone,
      currency: form.currency ? form.currency : null,
      language: form.language ? form.language : null,
      taxId: form.taxId,
      notes: form.notes,
      address: form.address,
      contacts: form.contacts.map(({ id, name, email, phone }) => ({
        ...(id ? { id } : {}),
        name,
        email,
        phone,
      })),
    };
    try {
      const saved = client
        ? await api.patch<Client>(`/clients/${client.id}`, body)
        : await api.post<Client>('/clients', body);
      toast(client ? 'Client saved' : 'Client created');
      if (client) onSaved(saved);
      else navigate(`/app/clients/${saved.id}`, { replace: true });
    } catch (error) {
      errors.setError(error as Error);
    } finally {
      setBusy(false);
    }
  }

  async function setArchived(archived: boolean) {
    if (!client) return;
    try {
      onSaved(await api.patch<Client>(`/clients/${client.id}`, { archived }));
      toast(archived ? 'Client archived' : 'Client restored');
    } catch (error) {
      errors.setError(error as Error);
    }
  }

  const text = (label: string, key: 'name' | 'company' | 'email' | 'phone' | 'taxId', type = 'text') => (
    <Field label={label} error={errors.fieldError(key)}>
      {(props) => (
        <input {...props} type={type} value={form[key]} onChange={(event) => set(key, event.target.value)} />
      )}
    </Field>
  );

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/clients">Clients</Link>
          </p>
          <h1 tabIndex={-1}>{client ? client.name : 'New client'}</h1>
        </div>
        {client && (
          <div className="actions">
            <Link className="button button-primary" href={`/app/invoices/new?clientId=${client.id}`}>
              New invoice
            </Link>
            <Link className="button button-secondary" href={`/app/quotes/new?clientId=${client.id}`}>
              New quote
            </Link>
            <Link className="button button-secondary" href={`/app/clients/${client.id}/statement`}>
              Statement
            </Link>
            <Button onClick={() => setArchived(!client.archived)}>
              {client.archived ? 'Restore' : 'Archive'}
            </Button>
          </div>
        )}
      </div>
      {client && <ClientSummaryCard clientId={client.id} />}
      <form className="card form" onSubmit={save} noValidate>
        {errors.general && <ErrorBox error={errors.general} />}
        <h2>Details</h2>
        <div className="grid-2">
          {text('Name', 'name')}
          {text('Company', 'company')}
          {text('Billing email', 'email', 'email')}
          {text('Phone', 'phone', 'tel')}
          <Field label="Currency" error={errors.fieldError('currency')}>
            {(props) => (
              <CurrencySelect
                {...props}
                locale={locale}
                emptyLabel="Business default"
                value={form.currency}
                onChange={(code) => set('currency', code)}
              />
            )}
          </Field>
          {text('Tax id', 'taxId')}
          <Field label="Language of documents and emails" error={errors.fieldError('language')}>
            {(props) => (
              <LanguageSelect
                {...props}
                emptyLabel="Business default"
                value={form.language}
                onChange={(code) => set('language', code)}
              />
            )}
          </Field>
        </div>
        <h2>Address</h2>
        <div className="grid-2">
          {(
            [
              ['line1', 'Street address'],
              ['line2', 'Address line 2'],
              ['city', 'City'],
              ['region', 'Region / state'],
              ['postalCode', 'Postal code'],
              ['country', 'Country'],
            ] as const
          ).map(([key, label]) => (
            <Field key={key} label={label} error={errors.fieldError(`address.${key}`)}>
              {(props) =>
                key === 'country' ? (
                  <AddressCountrySelect
                    {...props}
                    locale={locale}
                    value={form.address.country}
                    onChange={(country) => setAddress('country', country)}
                  />
                ) : (
                  <input
                    {...props}
                    value={form.address[key]}
                    onChange={(event) => setAddress(key, event.target.value)}
                  />
                )
              }
            </Field>
          ))}
        </div>
        <h2>Contacts</h2>
        <p className="muted small">People who receive invoices and can open them in the client portal.</p>
        {form.contacts.length === 0 && <p className="muted">No contacts yet.</p>}
        {form.contacts.map((contact, index) => (
          <fieldset key={contact.key} className="contact-row">
            <legend className="visually-hidden">Contact {index + 1}</legend>
            <Field label="Contact name" error={errors.fieldError(`contacts.${index}.name`)}>
              {(props) => (
                <input
                  {...props}
                  value={contact.name}
                  onChange={(event) => setContact(index, { name: event.target.value })}
                />
              )}
            </Field>
            <Field label="Contact email" error={errors.fieldError(`contacts.${index}.email`)}>
              {(props) => (
                <input
                  {...props}
                  type="email"
                  value={contact.email}
                  onChange={(event) => setContact(index, { email: event.target.value })}
                />
              )}
            </Field>
            <Field label="Contact phone" error={errors.fieldError(`contacts.${index}.phone`)}>
              {(props) => (
                <input
                  {...props}
                  type="tel"
                  value={contact.phone}
                  onChange={(event) => setContact(index, { phone: event.target.value })}
                />
              )}
            </Field>
            <Button
              variant="ghost"
              small
              aria-label={`Remove contact ${contact.name || index + 1}`}
              onClick={() =>
                set(
                  'contacts',
                  form.contacts.filter((_, i) => i !== index),
                )
              }
            >
              Remove
            </Button>
          </fieldset>
        ))}
        <Button
          small
          onClick={() =>
            set('contacts', [...form.contacts, { key: newKey(), name: '', email: '', phone: '' }])
          }
        >
          + Add contact
        </Button>
        <Field label="Notes" hint="Private to your team" error={errors.fieldError('notes')}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={form.notes}
              onChange={(event) => set('notes', event.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {client ? 'Save client' : 'Create client'}
          </Button>
        </div>
        {errors.unshown}
      </form>
      {client && <PortalAccess clientId={client.id} />}
      {client && <Projects clientId={client.id} />}
      {client && (
        <ClientEInvoiceCard
          key={`${client.id}-${client.address.country}`}
          client={client}
          onSaved={onSaved}
        />
      )}
      {client && <ClientCreditCard clientId={client.id} />}
      {client && <ClientInvoices clientId={client.id} />}
      {client && <ClientQuotesCard clientId={client.id} />}
    </section>
  );
}
