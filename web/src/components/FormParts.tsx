import type { FormEventHandler, ReactNode } from 'react';
import { api } from '../api.ts';
import { Link } from '../router.tsx';
import { Button, ErrorBox, useToast } from './ui.tsx';

/** The head of a record's page: the list it belongs to, its name, a line under it and the actions on it. */
export function RecordHead({
  listHref,
  listName,
  title,
  note,
  actions,
}: {
  listHref: string;
  listName: string;
  title: ReactNode;
  note?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        <p className="breadcrumb">
          <Link href={listHref}>{listName}</Link>
        </p>
        <h1 tabIndex={-1}>{title}</h1>
        {note}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}

/**
 * A form on a card: the refusal that names no field on top, the fields, the save button (after an optional cancel
 * link) and, last, the field errors no input showed.
 */
export function FormCard({
  onSubmit,
  general,
  unshown,
  busy,
  submitLabel,
  cancelHref,
  children,
}: {
  onSubmit: FormEventHandler<HTMLFormElement>;
  general: string | null;
  unshown: ReactNode;
  busy: boolean;
  submitLabel: string;
  cancelHref?: string;
  children: ReactNode;
}) {
  return (
    <form className="card form" onSubmit={onSubmit} noValidate>
      {general && <ErrorBox error={general} />}
      {children}
      <SaveActions busy={busy} submitLabel={submitLabel} cancelHref={cancelHref} />
      {unshown}
    </form>
  );
}

/** A form's save button, after an optional cancel link; `sticky` keeps the row in view on a long form. */
export function SaveActions({
  busy,
  submitLabel,
  cancelHref,
  sticky = false,
}: {
  busy: boolean;
  submitLabel: string;
  cancelHref?: string;
  sticky?: boolean;
}) {
  return (
    <div className={sticky ? 'sticky-actions' : 'form-actions'}>
      {cancelHref && (
        <Link className="button button-ghost" href={cancelHref}>
          Cancel
        </Link>
      )}
      <Button type="submit" variant="primary" busy={busy}>
        {submitLabel}
      </Button>
    </div>
  );
}

/** One entry of a list the form edits (a contact, a price): its fields and a button that takes it out. */
export function ListEntry({
  className,
  legend,
  removeLabel,
  onRemove,
  children,
}: {
  className: string;
  legend: string;
  removeLabel: string;
  onRemove: () => void;
  children: ReactNode;
}) {
  return (
    <fieldset className={className}>
      <legend className="visually-hidden">{legend}</legend>
      {children}
      <Button variant="ghost" small aria-label={removeLabel} onClick={onRemove}>
        Remove
      </Button>
    </fieldset>
  );
}

/** Archive or restore a record (`path` its API address), whichever it needs; `noun` names it in the toast. */
export function ArchiveToggle<T>({
  path,
  archived,
  noun,
  onSaved,
  onError,
}: {
  path: string;
  archived: boolean;
  noun: string;
  onSaved: (record: T) => void;
  onError: (error: Error | null) => void;
}) {
  const toast = useToast();
  async function toggle() {
    onError(null);
    try {
      onSaved(await api.patch<T>(path, { archived: !archived }));
      toast(archived ? `${noun} restored` : `${noun} archived`);
    } catch (error) {
      onError(error as Error);
    }
  }
  return <Button onClick={toggle}>{archived ? 'Restore' : 'Archive'}</Button>;
}

/** A checkbox with its label (`children`); `onChange` gets whether it is now ticked. */
export function Checkbox({
  checked,
  onChange,
  disabled,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        disabled={disabled}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      {children}
    </label>
  );
}
