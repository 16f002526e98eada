import { type ReactNode, useState } from 'react';
import { SubmitRow } from '../components/PaymentFields.tsx';
import { ErrorBox, Field } from '../components/ui.tsx';
import { useRequest } from '../components/use-save.ts';

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
  const { busy, error, fieldError, unplaced, submit } = useRequest();
  return (
    <form className="form" onSubmit={submit(() => onSubmit(reason))} noValidate>
      <p>{intro}</p>
      {error && unplaced([field]) && <ErrorBox error={error} />}
      <Field label={label} error={fieldError(field)}>
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
      <SubmitRow busy={busy} variant="danger">
        {submitLabel}
      </SubmitRow>
    </form>
  );
}
