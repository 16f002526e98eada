/** Fields a payment, a refund and an applied credit ask for alike. */
import type { ReactNode } from 'react';
import { PAYMENT_METHOD_LABELS } from '../format.ts';
import { Button, Field } from './ui.tsx';

/** An amount typed in the document's currency ("Amount (EUR)"). */
export function AmountField({
  currency,
  value,
  onChange,
  error,
  hint,
}: {
  currency: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
}) {
  return (
    <Field label={`Amount (${currency})`} hint={hint} error={error}>
      {(props) => (
        <input
          {...props}
          inputMode="decimal"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A date input with its label ("Date received", "Date refunded"). */
export function DateField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <Field label={label} error={error}>
      {(props) => (
        <input {...props} type="date" value={value} onChange={(event) => onChange(event.target.value)} />
      )}
    </Field>
  );
}

/** How the money moved: bank transfer, card, cheque, cash… */
export function PaymentMethodField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <Field label="Method" error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          {Object.entries(PAYMENT_METHOD_LABELS).map(([method, label]) => (
            <option key={method} value={method}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The transfer reference or cheque number. */
export function ReferenceField({
  value,
  onChange,
  hint,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  hint: string;
  error?: string;
}) {
  return (
    <Field label="Reference" hint={hint} error={error}>
      {(props) => <input {...props} value={value} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}

/** The form's submit button, busy while the request runs. */
export function SubmitRow({
  busy,
  variant = 'primary',
  children,
}: {
  busy: boolean;
  /** "danger" for a submit that cannot be taken back (void, cancel, decline). */
  variant?: 'primary' | 'danger';
  children: ReactNode;
}) {
  return (
    <div className="form-actions">
      <Button type="submit" variant={variant} busy={busy}>
        {children}
      </Button>
    </div>
  );
}
