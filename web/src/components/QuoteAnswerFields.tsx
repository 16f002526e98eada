import { useState } from 'react';
import { SubmitRow } from './PaymentFields.tsx';
import { Field } from './ui.tsx';
import { useRequest } from './use-save.ts';

/**
 * What a form answering a quote holds (who answered and their note) and its request: `submit` sends the answer,
 * busy meanwhile; a refusal stays in `error`, `fieldError` gives what it says of one field.
 */
export function useQuoteAnswer(send: (answer: { name: string; note: string }) => Promise<void>) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const request = useRequest();
  return { ...request, name, setName, note, setNote, submit: request.submit(() => send({ name, note })) };
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
      <SubmitRow busy={answer.busy} variant={decision === 'accept' ? 'primary' : 'danger'}>
        {submitLabel}
      </SubmitRow>
    </>
  );
}
