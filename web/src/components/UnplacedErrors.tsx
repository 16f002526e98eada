import { ApiError, type FieldError } from '../api.ts';

/** A field error as a line of its own: the message names the field; one that does not gets the label in front. */
export function fieldErrorText(error: FieldError): string {
  return error.label && !error.message.startsWith(error.label)
    ? `${error.label}: ${error.message}`
    : error.message;
}

/**
 * A refused save, below a form: the errors of fields the form shows next to their input are only pointed at; the
 * others (and a message without fields) are listed here.
 */
export function UnplacedErrors({ error, placed }: { error: ApiError | Error; placed: Set<string> }) {
  const rest = error instanceof ApiError ? error.errors.filter((e) => !placed.has(e.field)) : [];
  if (error instanceof ApiError && error.errors.length > 0 && rest.length === 0) {
    return (
      <p className="alert alert-error" role="alert" tabIndex={-1}>
        Please correct the highlighted fields.
      </p>
    );
  }
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1}>
      <p>{error.message}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((e) => (
            <li key={e.field}>{fieldErrorText(e)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The field errors of a refused save that no input of the form showed (the form asked for the others by name while
 * rendering, before this renders); nothing when every one sits next to its input.
 */
export function UnshownFieldErrors({ error, shown }: { error: Error | null; shown: Set<string> }) {
  const rest =
    error instanceof ApiError && error.status !== 409 ? error.errors.filter((e) => !shown.has(e.field)) : [];
  if (rest.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      <ul>
        {rest.map((e) => (
          <li key={e.field}>{fieldErrorText(e)}</li>
        ))}
      </ul>
    </div>
  );
}
