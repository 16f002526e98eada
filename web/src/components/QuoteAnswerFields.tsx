import { type FormEvent, useState } from 'react';
import { ApiError } from '../api.ts';
import { Button, Field } from './ui.tsx';

/**
 * What a form answering a quote holds (who answered and their note) and its request: `submit` sends the answer,
 * busy meanwhile; a refusal stays in `error`, `fieldError` gives what it says of one field.
 */
export function useQuoteAnswer(send: (answer: { name: string; note: string }) => Promise<void>) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send({ name, note });
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return { name, setName, note, setNote, busy, error, fieldError, submit };
}

/** The fields of an answer to a quote, the name then the note, and the button that records it. */
export function QuoteAnswerFields({
  answer,
  decision,
  name,
  note,
  submitLabel,
}: {
  answer: ReturnType<typeof useQuoteAnswer>;
  decision: 'accept' | 'decline';
  name: { label: string; hint?: string; autoComplete: string };
  note: { label: string; hint?: string; error?: string };
  submitLabel: string;
}) {
  return (
    <>
      <Field label={name.label} hint={name.hint} error={answer.fieldError('name')}>
        {(props) => (
          <input
            {...props}
            autoComplete={name.autoComplete}
            value={answer.name}
            onChange={(event) => answer.setName(event.target.value)}
          />
        )}
      </Field>
      <Field label={note.label} hint={note.hint} error={note.error}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={answer.note}
            onChange={(event) => answer.setNote(event.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant={decision === 'accept' ? 'primary' : 'danger'} busy={answer.busy}>
          {submitLabel}
        </Button>
      </div>
    </>
  );
}
