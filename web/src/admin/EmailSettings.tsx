import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { Button, ErrorBox, Field, Loading, useAsync, useFormErrors, useToast } from '../components/ui.tsx';

interface SmtpSettings {
  configured: boolean;
  host: string;
  port: number | null;
  security: 'none' | 'starttls' | 'tls';
  username: string;
  passwordSet: boolean;
  fromName: string;
  fromAddress: string;
  replyTo: string;
}

type TestResult = { ok: true; to: string } | { ok: false; to: string; kind: string; message: string };

export function SmtpSettingsForm({ readOnly }: { readOnly: boolean }) {
  const toast = useToast();
  const loaded = useAsync(() => api.get<SmtpSettings>('/settings/smtp'), []);
  const [form, setForm] = useState({
    host: '',
    port: '587',
    security: 'starttls',
    username: '',
    password: '',
    fromName: '',
    fromAddress: '',
    replyTo: '',
  });
  const [busy, setBusy] = useState<'' | 'save' | 'test'>('');
  const errors = useFormErrors();
  const { setError, fieldError } = errors;
  const [testTo, setTestTo] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  useEffect(() => {
    const smtp = loaded.data;
    if (smtp?.configured) {
      setForm({
        host: smtp.host,
        port: String(smtp.port ?? ''),
        security: smtp.security,
        username: smtp.username,
        password: '',
        fromName: smtp.fromName,
        fromAddress: smtp.fromAddress,
        replyTo: smtp.replyTo,
      });
    }
  }, [loaded.data]);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy('save');
    setError(null);
    try {
      const { password, port, ...rest } = form;
      loaded.setData(
        await api.put<SmtpSettings>('/settings/smtp', {
          ...rest,
          port: Number(port),
          ...(password ? { password } : {}),
        }),
      );
      setForm((f) => ({ ...f, password: '' }));
      toast('Email settings saved');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy('');
    }
  }
  async function test() {
    setBusy('test');
    setResult(null);
    try {
      setResult(await api.post<TestResult>('/settings/smtp/test', testTo ? { to: testTo } : {}));
    } catch (caught) {
      setResult({ ok: false, to: testTo, kind: 'other', message: (caught as Error).message });
    } finally {
      setBusy('');
    }
  }

  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Loading email settings" />;
  return (
    <>
      <form className="card form" onSubmit={save} noValidate>
        <h2>Outgoing email (SMTP)</h2>
        <p className="muted small">
          Invoices, reminders and portal emails go through this server. Without it, invoices are still issued
          and visible in the portal.
        </p>
        {errors.general && <ErrorBox error={errors.general} />}
        <div className="grid-2">
          <Field label="Host" error={fieldError('host')}>
            {(props) => (
              <input
                {...props}
                readOnly={readOnly}
                value={form.host}
                onChange={set('host')}
                placeholder="smtp.example.com"
              />
            )}
          </Field>
          <Field label="Port" error={fieldError('port')}>
            {(props) => (
              <input
                {...props}
                readOnly={readOnly}
                inputMode="numeric"
                value={form.port}
                onChange={set('port')}
              />
            )}
          </Field>
          <Field label="Security" error={fieldError('security')}>
            {(props) => (
              <select {...props} disabled={readOnly} value={form.security} onChange={set('security')}>
                <option value="starttls">STARTTLS (port 587)</option>
                <option value="tls">TLS (port 465)</option>
                <option value="none">None (local relay only)</option>
              </select>
            )}
          </Field>
          <Field label="Username" error={fieldError('username')}>
            {(props) => (
              <input
                {...props}
                readOnly={readOnly}
                autoComplete="off"
                value={form.username}
                onChange={set('username')}
              />
            )}
          </Field>
          <Field
            label="Password"
            hint={
              loaded.data.passwordSet
                ? 'A password is saved; leave empty to keep it'
                : 'Stored encrypted, never shown again'
            }
            error={fieldError('password')}
          >
            {(props) => (
              <input
                {...props}
                readOnly={readOnly}
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={set('password')}
              />
            )}
          </Field>
          <Field label="From name" error={fieldError('fromName')}>
            {(props) => (
              <input {...props} readOnly={readOnly} value={form.fromName} onChange={set('fromName')} />
            )}
          </Field>
          <Field label="From address" error={fieldError('fromAddress')}>
            {(props) => (
              <input
                {...props}
                readOnly={readOnly}
                type="email"
                value={form.fromAddress}
                onChange={set('fromAddress')}
              />
            )}
          </Field>
          <Field label="Reply-to" error={fieldError('replyTo')}>
            {(props) => (
              <input
                {...props}
                readOnly={readOnly}
                type="email"
                value={form.replyTo}
                onChange={set('replyTo')}
              />
            )}
          </Field>
        </div>
        {!readOnly && (
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy === 'save'}>
              Save email settings
            </Button>
          </div>
        )}
        {errors.unshown}
      </form>
      {!readOnly && loaded.data.configured && (
        <div className="card">
          <h2>Send a test email</h2>
          <div className="inline-form">
            <Field label="Send to" hint="Empty: your own address">
              {(props) => (
                <input
                  {...props}
                  type="email"
                  value={testTo}
                  onChange={(event) => setTestTo(event.target.value)}
                />
              )}
            </Field>
            <Button busy={busy === 'test'} onClick={test}>
              Send test email
            </Button>
          </div>
          <div aria-live="polite">
            {result?.ok && <p className="alert alert-success">Sent to {result.to}. Check that inbox.</p>}
            {result && !result.ok && (
              <p className="alert alert-error">
                Not sent ({result.kind.replace(/_/g, ' ')}): {result.message}
              </p>
            )}
          </div>
        </div>
      )}
    </>
  );
}

interface ReminderSettings {
  enabled: boolean;
  daysBeforeDue: number | null;
  onDueDate: boolean;
  everyDaysAfter: number | null;
  maxAfter: number;
}

export function ReminderSettingsForm({ readOnly }: { readOnly: boolean }) {
  const toast = useToast();
  const loaded = useAsync(() => api.get<ReminderSettings>('/settings/reminders'), []);
  const [form, setForm] = useState<ReminderSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const { setError, fieldError } = errors;
  useEffect(() => {
    if (loaded.data) setForm(loaded.data);
  }, [loaded.data]);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!form) return <Loading what="Loading reminder settings" />;
  const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));
  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(null);
    try {
      const { enabled, daysBeforeDue, onDueDate, everyDaysAfter, maxAfter } = form;
      loaded.setData(
        await api.put<ReminderSettings>('/settings/reminders', {
          enabled,
          daysBeforeDue,
          onDueDate,
          everyDaysAfter,
          maxAfter,
        }),
      );
      toast('Reminder schedule saved');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card form" onSubmit={save} noValidate>
      <h2>Automatic reminders</h2>
      <p className="muted small">
        Reminders stop as soon as an invoice is paid or void. Each one is sent at most once.
      </p>
      {errors.general && <ErrorBox error={errors.general} />}
      <label className="checkbox">
        <input
          type="checkbox"
          disabled={readOnly}
          checked={form.enabled}
          onChange={(event) => setForm({ ...form, enabled: event.target.checked })}
        />
        Send reminders automatically
      </label>
      <div className="grid-2">
        <Field label="Days before the due date" hint="Empty: none before" error={fieldError('daysBeforeDue')}>
          {(props) => (
            <input
              {...props}
              readOnly={readOnly}
              inputMode="numeric"
              value={form.daysBeforeDue ?? ''}
              onChange={(event) => setForm({ ...form, daysBeforeDue: numberOrNull(event.target.value) })}
            />
          )}
        </Field>
        <Field
          label="Then every N days after it is due"
          hint="Empty: none after"
          error={fieldError('everyDaysAfter')}
        >
          {(props) => (
            <input
              {...props}
              readOnly={readOnly}
              inputMode="numeric"
              value={form.everyDaysAfter ?? ''}
              onChange={(event) => setForm({ ...form, everyDaysAfter: numberOrNull(event.target.value) })}
            />
          )}
        </Field>
        <Field label="At most this many after the due date" error={fieldError('maxAfter')}>
          {(props) => (
            <input
              {...props}
              readOnly={readOnly}
              inputMode="numeric"
              value={form.maxAfter}
              onChange={(event) => setForm({ ...form, maxAfter: Number(event.target.value) || 0 })}
            />
          )}
        </Field>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          disabled={readOnly}
          checked={form.onDueDate}
          onChange={(event) => setForm({ ...form, onDueDate: event.target.checked })}
        />
        On the due date
      </label>
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            Save reminder schedule
          </Button>
        </div>
      )}
      {errors.unshown}
    </form>
  );
}
