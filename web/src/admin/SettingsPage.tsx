import { type ChangeEvent, type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { AddressCountrySelect } from '../components/CountrySelect.tsx';
import { CurrencySelect } from '../components/CurrencySelect.tsx';
import { LocaleSelect } from '../components/LocaleSelect.tsx';
import { PaymentTermsSelect } from '../components/PaymentTermsSelect.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useFormErrors, useToast } from '../components/ui.tsx';
import { dateTime, editableAddress } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { Settings, TaxRate, User } from '../types.ts';
import { AuditLogSettings } from './AuditLogSettings.tsx';
import { DocumentSeriesSettings } from './DocumentSeriesSettings.tsx';
import { EInvoiceSettings } from './EInvoiceSettings.tsx';
import { EmailRetentionForm, ReminderSettingsForm, SmtpSettingsForm } from './EmailSettings.tsx';
import { GatewaySettingsForm } from './GatewaySettings.tsx';
import { useSession } from './session.tsx';
import { TextSetting, TimeZoneSetting, useSettingsForm } from './settings-form.tsx';
import { TaxRateVatCategories } from './TaxRateVatCategories.tsx';
import { WebhookSettings } from './WebhookSettings.tsx';

const TABS = [
  { id: 'business', label: 'Business & branding' },
  { id: 'invoicing', label: 'Invoicing' },
  { id: 'taxes', label: 'Taxes' },
  { id: 'email', label: 'Email (SMTP)', adminOnly: true },
  { id: 'gateways', label: 'Payment gateways', adminOnly: true },
  { id: 'webhooks', label: 'Webhooks', adminOnly: true },
  { id: 'reminders', label: 'Reminders' },
  { id: 'users', label: 'Users & roles', adminOnly: true },
  { id: 'tokens', label: 'API tokens' },
  { id: 'audit', label: 'Audit log', adminOnly: true },
];

export function SettingsPage({ tab }: { tab: string }) {
  const { me, settings } = useSession();
  const current = TABS.find((t) => t.id === tab);
  usePageTitle(current ? `Settings: ${current.label}` : 'Settings');
  const isAdmin = me.role === 'admin';
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Settings</h1>
      </div>
      <div className="settings-layout">
        <nav aria-label="Settings sections" className="subnav">
          <ul>
            {TABS.filter((t) => !t.adminOnly || isAdmin).map((t) => (
              <li key={t.id}>
                <Link href={`/app/settings/${t.id}`} aria-current={t.id === tab ? 'page' : undefined}>
                  {t.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body">
          {!isAdmin && tab !== 'tokens' && tab !== 'users' && (
            <p className="alert alert-info">Only admins can change settings. You can read them here.</p>
          )}
          {!settings && <Loading what="Loading settings" />}
          {settings && tab === 'business' && <BusinessSettings settings={settings} readOnly={!isAdmin} />}
          {settings && tab === 'invoicing' && <InvoicingSettings settings={settings} readOnly={!isAdmin} />}
          {settings && tab === 'invoicing' && (
            <DocumentSeriesSettings settings={settings} readOnly={!isAdmin} />
          )}
          {settings && tab === 'invoicing' && <EInvoiceSettings settings={settings} readOnly={!isAdmin} />}
          {tab === 'taxes' && <TaxSettings />}
          {tab === 'taxes' && <TaxRateVatCategories readOnly={!isAdmin} />}
          {tab === 'users' && (isAdmin ? <UserSettings /> : <AdminOnly />)}
          {tab === 'tokens' && <TokenSettings />}
          {tab === 'email' && !isAdmin && <AdminOnly />}
          {tab === 'email' && isAdmin && <SmtpSettingsForm readOnly={false} />}
          {tab === 'email' && isAdmin && settings && (
            <EmailRetentionForm settings={settings} readOnly={false} />
          )}
          {tab === 'gateways' && (isAdmin ? <GatewaySettingsForm readOnly={false} /> : <AdminOnly />)}
          {tab === 'webhooks' && (isAdmin ? <WebhookSettings /> : <AdminOnly />)}
          {tab === 'audit' && (isAdmin ? <AuditLogSettings /> : <AdminOnly />)}
          {tab === 'reminders' && <ReminderSettingsForm readOnly={!isAdmin} />}
          {!current && <ErrorBox error="There is no such settings section." />}
        </div>
      </div>
    </section>
  );
}

function AdminOnly() {
  return (
    <div className="alert alert-warning" role="alert">
      <h2>Admins only</h2>
      <p>This section is reserved to admins. Ask an admin of your workspace to make changes here.</p>
    </div>
  );
}

function BusinessSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const form = useSettingsForm(settings);
  const address = form.value('address');
  const setAddress = (key: keyof Settings['address'], next: string) =>
    form.set('address', { ...editableAddress(address), [key]: next });
  return (
    <>
      <form className="card form" onSubmit={form.save} noValidate>
        <h2>Business details</h2>
        <p className="muted small">Shown on every invoice, PDF and email.</p>
        {form.errors.general && <ErrorBox error={form.errors.general} />}
        <div className="grid-2">
          <TextSetting form={form} name="businessName" label="Business name" readOnly={readOnly} />
          <TextSetting form={form} name="email" label="Email" type="email" readOnly={readOnly} />
          <TextSetting form={form} name="phone" label="Phone" type="tel" readOnly={readOnly} />
          <TextSetting form={form} name="website" label="Website" readOnly={readOnly} />
          <TextSetting form={form} name="taxId" label="Tax id" readOnly={readOnly} />
          <Field
            label="Accent colour"
            hint="Headings and rules on invoices"
            error={form.errors.fieldError('accentColor')}
          >
            {(props) => (
              <input
                {...props}
                type="color"
                disabled={readOnly}
                value={form.value('accentColor') || '#1d3a5f'}
                onChange={(event) => form.set('accentColor', event.target.value)}
              />
            )}
          </Field>
        </div>
        <h3>Address</h3>
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
            <Field key={key} label={label} error={form.errors.fieldError(`address.${key}`)}>
              {(props) =>
                key === 'country' ? (
                  <AddressCountrySelect
                    {...props}
                    disabled={readOnly}
                    locale={settings.locale}
                    value={address.country}
                    onChange={(country) => setAddress('country', country)}
                  />
                ) : (
                  <input
                    {...props}
                    readOnly={readOnly}
                    value={address[key]}
                    onChange={(event) => setAddress(key, event.target.value)}
                  />
                )
              }
            </Field>
          ))}
        </div>
        <TextSetting
          form={form}
          name="paymentInstructions"
          label="Payment instructions"
          hint="Bank details and how to pay"
          multiline
          readOnly={readOnly}
        />
        <TextSetting form={form} name="footer" label="Footer" readOnly={readOnly} />
        {!readOnly && (
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={form.busy} disabled={!form.dirty}>
              Save business details
            </Button>
          </div>
        )}
        {form.errors.unshown}
      </form>
      <LogoSettings settings={settings} readOnly={readOnly} />
    </>
  );
}

function LogoSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const { reloadSettings } = useSession();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [version, setVersion] = useState(0);
  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await api.put('/settings/logo', file);
      reloadSettings();
      setVersion((v) => v + 1);
      toast('Logo uploaded');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
      event.target.value = '';
    }
  }
  async function remove() {
    setBusy(true);
    try {
      await api.delete('/settings/logo');
      reloadSettings();
      toast('Logo removed');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="card">
      <h2>Logo</h2>
      <p className="muted small">PNG or JPEG, up to 1 MB and 2000 × 2000 pixels.</p>
      {error && <ErrorBox error={error} />}
      <div className="logo-row">
        <div className="logo-preview">
          {settings.logo ? (
            <img src={`/api/v1/settings/logo?v=${version}-${settings.updatedAt}`} alt="Current logo" />
          ) : (
            <span className="muted">No logo</span>
          )}
        </div>
        {!readOnly && (
          <div className="logo-actions">
            <label className="button button-secondary file-button">
              {busy ? 'Uploading…' : settings.logo ? 'Replace logo' : 'Upload logo'}
              <input
                type="file"
                accept="image/png,image/jpeg"
                onChange={upload}
                disabled={busy}
                className="visually-hidden"
              />
            </label>
            {settings.logo ? (
              <Button variant="ghost" onClick={remove} disabled={busy}>
                Remove
              </Button>
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}

function InvoicingSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const form = useSettingsForm(settings);
  return (
    <form className="card form" onSubmit={form.save} noValidate>
      <h2>Invoice defaults and numbering</h2>
      {form.errors.general && <ErrorBox error={form.errors.general} />}
      <div className="grid-2">
        <TextSetting
          form={form}
          name="invoiceNumberPattern"
          label="Number pattern"
          hint="{YYYY} year, {MM} month, {SEQ:4} counter with 4 digits, e.g. INV-{YYYY}-{SEQ:4}"
          readOnly={readOnly}
        />
        <Field label="Default currency" error={form.errors.fieldError('defaultCurrency')}>
          {(props) => (
            <CurrencySelect
              {...props}
              disabled={readOnly}
              locale={settings.locale}
              value={form.value('defaultCurrency')}
              onChange={(code) => form.set('defaultCurrency', code)}
            />
          )}
        </Field>
        <Field label="Default payment terms" error={form.errors.fieldError('defaultPaymentTerms')}>
          {(props) => (
            <PaymentTermsSelect
              {...props}
              disabled={readOnly}
              value={form.value('defaultPaymentTerms')}
              onChange={(terms) => form.set('defaultPaymentTerms', terms)}
            />
          )}
        </Field>
        <Field label="Locale" hint="Formats amounts and dates" error={form.errors.fieldError('locale')}>
          {(props) => (
            <LocaleSelect
              {...props}
              disabled={readOnly}
              displayLocale={settings.locale}
              value={form.value('locale')}
              onChange={(locale) => form.set('locale', locale)}
            />
          )}
        </Field>
        <TimeZoneSetting form={form} readOnly={readOnly} />
        <Field label="Tax rounding" error={form.errors.fieldError('taxRounding')}>
          {(props) => (
            <select
              {...props}
              disabled={readOnly}
              value={form.value('taxRounding')}
              onChange={(event) => form.set('taxRounding', event.target.value as Settings['taxRounding'])}
            >
              <option value="per_document">Per invoice (sum, then round)</option>
              <option value="per_line">Per line (round each line)</option>
            </select>
          )}
        </Field>
        <Field label="Invoice discount applies" error={form.errors.fieldError('invoiceDiscountMode')}>
          {(props) => (
            <select
              {...props}
              disabled={readOnly}
              value={form.value('invoiceDiscountMode')}
              onChange={(event) =>
                form.set('invoiceDiscountMode', event.target.value as Settings['invoiceDiscountMode'])
              }
            >
              <option value="before_tax">Before tax</option>
              <option value="after_tax">After tax</option>
            </select>
          )}
        </Field>
      </div>
      <TextSetting form={form} name="defaultNotes" label="Default notes" multiline readOnly={readOnly} />
      <TextSetting form={form} name="defaultTerms" label="Default terms" multiline readOnly={readOnly} />
      <TextSetting
        form={form}
        name="paymentTermsText"
        label="Payment terms text"
        multiline
        readOnly={readOnly}
      />
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={form.busy} disabled={!form.dirty}>
            Save invoicing settings
          </Button>
        </div>
      )}
      {form.errors.unshown}
    </form>
  );
}

function TaxSettings() {
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(async () => {
    const [active, archived] = await Promise.all([
      api.get<{ items: TaxRate[] }>('/tax-rates'),
      api.get<{ items: TaxRate[] }>('/tax-rates?archived=true'),
    ]);
    return {
      items: [...active.items, ...archived.items.filter((tax) => !active.items.some((a) => a.id === tax.id))],
    };
  }, []);
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const [inclusive, setInclusive] = useState(false);
  const [compound, setCompound] = useState(false);
  const [isDefault, setIsDefault] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    try {
      await api.post('/tax-rates', { name, rate, inclusive, compound, isDefault });
      setName('');
      setRate('');
      setInclusive(false);
      setCompound(false);
      setIsDefault(false);
      toast('Tax rate added');
      reload();
    } catch (caught) {
      errors.setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  async function patch(tax: TaxRate, change: Partial<TaxRate>) {
    try {
      await api.patch(`/tax-rates/${tax.id}`, change);
      reload();
    } catch (caught) {
      errors.setError(caught as Error);
    }
  }
  return (
    <div className="card">
      <h2>Tax rates</h2>
      <p className="muted small">
        Default rates are added to new invoices. Invoices keep their own copy of a rate.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading tax rates" />}
      {data && data.items.length === 0 && <p className="muted">No tax rates yet.</p>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table compact">
            <caption className="visually-hidden">Tax rates</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col">Kind</th>
                <th scope="col">Default</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((tax) => (
                <tr key={tax.id} className={tax.archived ? 'muted' : undefined}>
                  <td data-label="Name">{tax.name}</td>
                  <td data-label="Rate" className="num">
                    {tax.rate}%
                  </td>
                  <td data-label="Kind">
                    {[tax.inclusive ? 'Included in prices' : 'Added', tax.compound ? 'compound' : '']
                      .filter(Boolean)
                      .join(', ')}
                  </td>
                  <td data-label="Default">
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={tax.isDefault}
                        disabled={tax.archived}
                        onChange={() => patch(tax, { isDefault: !tax.isDefault })}
                      />
                      <span className="visually-hidden">Apply {tax.name} to new invoices</span>
                    </label>
                  </td>
                  <td>
                    <Button small variant="ghost" onClick={() => patch(tax, { archived: !tax.archived })}>
                      {tax.archived ? 'Restore' : 'Archive'}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="form inline-form wrap" onSubmit={add} noValidate>
        <h3 className="full">Add a tax rate</h3>
        {errors.general && <ErrorBox error={errors.general} />}
        <Field label="Tax name" error={errors.fieldError('name')}>
          {(props) => (
            <input
              {...props}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="VAT"
            />
          )}
        </Field>
        <Field label="Rate (%)" error={errors.fieldError('rate')}>
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={rate}
              onChange={(event) => setRate(event.target.value)}
              placeholder="20"
            />
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={inclusive}
            onChange={(event) => setInclusive(event.target.checked)}
          />
          Included in prices
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={compound} onChange={(event) => setCompound(event.target.checked)} />
          Compound
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={isDefault}
            onChange={(event) => setIsDefault(event.target.checked)}
          />
          Default
        </label>
        <Button type="submit" busy={busy}>
          Add tax rate
        </Button>
        {errors.unshown}
      </form>
    </div>
  );
}

function UserSettings() {
  const toast = useToast();
  const { me } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.get<{ items: User[] }>('/users'), []);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'finance'>('finance');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    try {
      await api.post('/users', { email, name, role, password });
      setEmail('');
      setName('');
      setPassword('');
      toast('User added');
      reload();
    } catch (caught) {
      errors.setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  async function patch(user: User, change: Partial<User>) {
    try {
      await api.patch(`/users/${user.id}`, change);
      reload();
    } catch (caught) {
      errors.setError(caught as Error);
    }
  }
  return (
    <div className="card">
      <h2>Users and roles</h2>
      <p className="muted small">
        Admins manage settings and users; finance staff handle clients, invoices and payments.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading users" />}
      {data && (
        <div className="table-wrap">
          <table className="table compact">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((user) => (
                <tr key={user.id}>
                  <td data-label="Name">{user.name || '—'}</td>
                  <td data-label="Email">{user.email}</td>
                  <td data-label="Role">
                    <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                      Role of {user.email}
                    </label>
                    <select
                      id={`role-${user.id}`}
                      value={user.role}
                      disabled={user.id === me.userId}
                      onChange={(event) => patch(user, { role: event.target.value as User['role'] })}
                    >
                      <option value="admin">Admin</option>
                      <option value="finance">Finance</option>
                    </select>
                  </td>
                  <td data-label="Status">
                    <Button
                      small
                      variant="ghost"
                      disabled={user.id === me.userId}
                      onClick={() => patch(user, { active: !user.active })}
                    >
                      {user.active ? 'Deactivate' : 'Reactivate'}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="form inline-form wrap" onSubmit={add} noValidate>
        <h3 className="full">Add a user</h3>
        {errors.general && <ErrorBox error={errors.general} />}
        <Field label="Email" error={errors.fieldError('email')}>
          {(props) => (
            <input {...props} type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
          )}
        </Field>
        <Field label="Name" error={errors.fieldError('name')}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Role" error={errors.fieldError('role')}>
          {(props) => (
            <select
              {...props}
              value={role}
              onChange={(event) => setRole(event.target.value as 'admin' | 'finance')}
            >
              <option value="finance">Finance</option>
              <option value="admin">Admin</option>
            </select>
          )}
        </Field>
        <Field label="Initial password" error={errors.fieldError('password')}>
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
        <Button type="submit" busy={busy}>
          Add user
        </Button>
        {errors.unshown}
      </form>
    </div>
  );
}

interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string | null;
}

function TokenSettings() {
  const { data, error, reload } = useAsync(() => api.get<{ items: TokenView[] }>('/api-tokens'), []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  async function add(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      const result = await api.post<{ token: string }>('/api-tokens', { name });
      setCreated(result.token);
      setName('');
      reload();
    } catch (caught) {
      setFailure(caught as Error);
    }
  }
  async function revoke(token: TokenView) {
    await api.delete(`/api-tokens/${token.id}`);
    reload();
  }
  return (
    <div className="card">
      <h2>API tokens</h2>
      <p className="muted small">
        Tokens let scripts use the <a href="/api/docs">Remit API</a> as you. A token is shown once, when
        created.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {created && (
        <p className="alert alert-success">
          New token (copy it now): <code className="token">{created}</code>
        </p>
      )}
      {data && data.items.length === 0 && <p className="muted">No tokens.</p>}
      {data && data.items.length > 0 && (
        <ul className="list">
          {data.items.map((token) => (
            <li key={token.id}>
              <span>
                {token.name} <span className="muted small">created {dateTime(token.createdAt)}</span>
              </span>
              <Button small variant="ghost" onClick={() => revoke(token)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add}>
        <Field
          label="Token name"
          error={failure instanceof ApiError ? failure.fieldMessage('name') : undefined}
        >
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Button type="submit" disabled={!name.trim()}>
          Create token
        </Button>
      </form>
    </div>
  );
}
