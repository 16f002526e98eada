import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../api.ts';
import { Button, ErrorBox, Field } from '../components/ui.tsx';

/**
 * A destructive action that needs a reason (void an invoice, reject a payment): what it does, the reason, and the
 * server's refusal shown next to the field it names (`field`) or above the form.
 */
export function ReasonForm({
  intro,
  label,
  field,
  submitLabel,
  onSubmit,
}: {
  intro: ReactNode;
  label: string;
  field: string;
  submitLabel: string;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  const fieldError = error instanceof ApiError ? error.fieldMessage(field) : undefined;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>{intro}</p>
      {error && !fieldError && <ErrorBox error={error} />}
      <Field label={label} error={fieldError}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="danger" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
