import { ApiError } from '../api.ts';

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
            <li key={e.field}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
