import { type FormEvent, useState } from 'react';
import { ApiError } from '../api.ts';
import { Button, ErrorBox, Field } from '../components/ui.tsx';

/**
 * Records the client's answer to a quote given by phone or in person: who answered and an optional note (for a
 * decline, the reason). The server's refusal shows next to the field it names, or above the form.
 */
export function DecisionForm({
  decision,
  onSubmit,
}: {
  decision: 'accept' | 'decline';
  onSubmit: (answer: { name: string; note: string }) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  const unplaced = error && !fieldError('name') && !fieldError('note');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ name, note });
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        {decision === 'accept'
          ? 'Record that the client accepted the quote, for instance by phone. The quote is then locked and can be converted to an invoice.'
          : 'Record that the client declined the quote.'}
      </p>
      {unplaced && <ErrorBox error={error} />}
      <Field label="Name of the person who answered" error={fieldError('name')}>
        {(props) => (
          <input
            {...props}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <Field
        label={decision === 'accept' ? 'Note' : 'Reason'}
        hint={decision === 'accept' ? 'Optional' : undefined}
        error={fieldError('note')}
      >
        {(props) => (
          <textarea {...props} rows={3} value={note} onChange={(event) => setNote(event.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant={decision === 'accept' ? 'primary' : 'danger'} busy={busy}>
          {decision === 'accept' ? 'Record acceptance' : 'Record decline'}
        </Button>
      </div>
    </form>
  );
}
