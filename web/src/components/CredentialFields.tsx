import { useTranslation } from 'react-i18next';
import { Field } from './ui.tsx';

/** The email and password inputs of a sign-in form (staff login, the "sign in again" prompt, the portal). */
export function CredentialFields({
  email,
  password,
  onEmailChange,
  onPasswordChange,
  emailAutoComplete = 'email',
  required = false,
}: {
  email: string;
  password: string;
  onEmailChange: (email: string) => void;
  onPasswordChange: (password: string) => void;
  /** `username` where the email is the account's user name (staff), `email` elsewhere. */
  emailAutoComplete?: 'email' | 'username';
  required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('common.email')}>
        {(props) => (
          <input
            {...props}
            type="email"
            autoComplete={emailAutoComplete}
            required={required}
            value={email}
            onChange={(event) => onEmailChange(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('common.password')}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="current-password"
            required={required}
            value={password}
            onChange={(event) => onPasswordChange(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}

/** A password being chosen: the browser may offer a generated one, and does not fill in the saved one. */
export function NewPasswordField({
  label,
  hint,
  error,
  value,
  onChange,
}: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (password: string) => void;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => (
        <input
          {...props}
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
