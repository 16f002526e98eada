import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { Button, ErrorBox, Field, useToast } from '../../components/ui.tsx';
import type { Settings } from '../../types.ts';
import { useSession } from '../session.tsx';

/** How long sent and failed emails keep their content (organisation setting, PATCH /settings). */
export function EmailRetentionForm({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const toast = useToast();
  const { reloadSettings } = useSession();
  const [days, setDays] = useState(String(settings.emailRetentionDays));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.patch('/settings', { emailRetentionDays: days.trim() === '' ? null : Number(days) });
      reloadSettings();
      toast('Email history setting saved');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  const fieldError = error instanceof ApiError ? error.fieldMessage('emailRetentionDays') : undefined;
  return (
    <form className="card form" onSubmit={save} noValidate>
      <h2>Email history</h2>
      <p className="muted small">
        After this many days a sent or failed email keeps only to whom it went, when, what it was and whether
        it arrived; its text is deleted. Links in emails are never kept once an email is sent.
      </p>
      {error && !fieldError && <ErrorBox error={error} />}
      <Field label="Keep email content for (days)" hint="1 to 3650; 90 by default" error={fieldError}>
        {(props) => (
          <input
            {...props}
            readOnly={readOnly}
            inputMode="numeric"
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        )}
      </Field>
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            Save email history
          </Button>
        </div>
      )}
    </form>
  );
}
