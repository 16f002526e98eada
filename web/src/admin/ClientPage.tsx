import { useEffect } from 'react';
import { type FieldPath, useFieldArray } from 'react-hook-form';
import { newClientBody } from '../../../src/http/admin/client-schemas.ts';
import { api } from '../api.ts';
import { AddressFields } from '../components/AddressFields.tsx';
import { useApiForm, useRecordSave } from '../components/api-form.ts';
import { CurrencySelect } from '../components/CurrencySelect.tsx';
import { ArchiveToggle, FormCard, ListEntry, RecordHead } from '../components/FormParts.tsx';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { Button, ErrorBox, Field, Loading, useAsync } from '../components/ui.tsx';
import { type EditableAddress, editableAddress } from '../format.ts';
import { Link, navigate, usePageTitle } from '../router.tsx';
import type { Client } from '../types.ts';
import { ClientEInvoiceCard } from './ClientEInvoiceCard.tsx';
import { ClientCreditCard, ClientQuotesCard } from './ClientQuotesAndCredit.tsx';
import { ClientSummaryCard } from './ClientSummaryCard.tsx';
import { ClientInvoices } from './client/ClientInvoices.tsx';
import { PortalAccess } from './client/PortalAccess.tsx';
import { Projects } from './client/Projects.tsx';
import { useSession } from './session.tsx';

interface ClientValues {
  name: string;
  company: string;
  email: string;
  phone: string;
  currency: string;
  /** '' is the organisation's language. */
  language: string;
  taxId: string;
  notes: string;
  address: EditableAddress;
  contacts: { id?: string; name: string; email: string; phone: string }[];
}

const emptyClient: ClientValues = {
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

function valuesOf(client: Client): ClientValues {
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
    contacts: client.contacts.map(({ id, name, email, phone }) => ({ id, name, email, phone })),
  };
}

/** The request body: an empty currency or language is the organisation's (null); a new contact has no id yet. */
function bodyOf(values: ClientValues) {
  return {
    ...values,
    currency: values.currency || null,
    language: values.language || null,
    contacts: values.contacts.map(({ id, ...contact }) => (id ? { id, ...contact } : contact)),
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
  const locale = useSession().settings?.locale ?? 'en';
  const { form, fieldError, submitWith, busy, errors } = useApiForm({
    defaultValues: client ? valuesOf(client) : emptyClient,
    schema: newClientBody,
    toBody: bodyOf,
  });
  const { register, watch, setValue, reset } = form;
  const contacts = useFieldArray({ control: form.control, name: 'contacts', keyName: 'key' });
  useEffect(() => {
    if (client) reset(valuesOf(client));
  }, [client, reset]);

  const save = submitWith(
    useRecordSave({
      collection: '/clients',
      record: client,
      noun: 'Client',
      onSaved,
      onCreated: (saved) => navigate(`/app/clients/${saved.id}`, { replace: true }),
    }),
  );

  const text = (label: string, path: FieldPath<ClientValues>, type = 'text') => (
    <Field label={label} error={fieldError(path)}>
      {(props) => <input {...props} type={type} {...register(path)} />}
    </Field>
  );

  return (
    <section>
      <RecordHead
        listHref="/app/clients"
        listName="Clients"
        title={client ? client.name : 'New client'}
        actions={
          client && (
            <>
              <Link className="button button-primary" href={`/app/invoices/new?clientId=${client.id}`}>
                New invoice
              </Link>
              <Link className="button button-secondary" href={`/app/quotes/new?clientId=${client.id}`}>
                New quote
              </Link>
              <Link className="button button-secondary" href={`/app/clients/${client.id}/statement`}>
                Statement
              </Link>
              <ArchiveToggle
                path={`/clients/${client.id}`}
                archived={client.archived}
                noun="Client"
                onSaved={onSaved}
                onError={errors.setError}
              />
            </>
          )
        }
      />
      {client && <ClientSummaryCard clientId={client.id} />}
      <FormCard
        onSubmit={save}
        general={errors.general}
        unshown={errors.unshown}
        busy={busy}
        submitLabel={client ? 'Save client' : 'Create client'}
      >
        <h2>Details</h2>
        <div className="grid-2">
          {text('Name', 'name')}
          {text('Company', 'company')}
          {text('Billing email', 'email', 'email')}
          {text('Phone', 'phone', 'tel')}
          <Field label="Currency" error={fieldError('currency')}>
            {(props) => (
              <CurrencySelect
                {...props}
                locale={locale}
                emptyLabel="Business default"
                value={watch('currency')}
                onChange={(code) => setValue('currency', code, { shouldDirty: true })}
              />
            )}
          </Field>
          {text('Tax id', 'taxId')}
          <Field label="Language of documents and emails" error={fieldError('language')}>
            {(props) => (
              <LanguageSelect
                {...props}
                emptyLabel="Business default"
                value={watch('language')}
                onChange={(code) => setValue('language', code, { shouldDirty: true })}
              />
            )}
          </Field>
        </div>
        <h2>Address</h2>
        <AddressFields
          address={watch('address')}
          onChange={(key, value) => setValue(`address.${key}`, value, { shouldDirty: true })}
          fieldError={fieldError}
          locale={locale}
        />
        <h2>Contacts</h2>
        <p className="muted small">People who receive invoices and can open them in the client portal.</p>
        {contacts.fields.length === 0 && <p className="muted">No contacts yet.</p>}
        {contacts.fields.map((contact, index) => (
          <ListEntry
            key={contact.key}
            className="contact-row"
            legend={`Contact ${index + 1}`}
            removeLabel={`Remove contact ${watch(`contacts.${index}.name`) || index + 1}`}
            onRemove={() => contacts.remove(index)}
          >
            {text('Contact name', `contacts.${index}.name`)}
            {text('Contact email', `contacts.${index}.email`, 'email')}
            {text('Contact phone', `contacts.${index}.phone`, 'tel')}
          </ListEntry>
        ))}
        <Button small onClick={() => contacts.append({ name: '', email: '', phone: '' })}>
          + Add contact
        </Button>
        <Field label="Notes" hint="Private to your team" error={fieldError('notes')}>
          {(props) => <textarea {...props} rows={3} {...register('notes')} />}
        </Field>
      </FormCard>
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
