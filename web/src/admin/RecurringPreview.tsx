import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Spinner } from '../components/ui.tsx';
import { date } from '../format.ts';
import type { RecurringPreviewPeriod } from '../types.ts';

/**
 * What to preview: POST /recurring-profiles/preview with a new schedule, or /recurring-profiles/{id}/preview with
 * the schedule fields of an edit.
 */
export interface SchedulePreviewRequest {
  path: string;
  body: Record<string, unknown>;
}

const DEBOUNCE_MS = 300;

/**
 * The next invoice dates with their due dates, from the server's preview, asked again a moment after the schedule
 * stops changing. The server's field errors go to `onError`, for the form to show next to their inputs.
 */
export function RecurringPreview({
  request,
  onError,
}: {
  request: SchedulePreviewRequest | null;
  onError: (error: ApiError | null) => void;
}) {
  const [periods, setPeriods] = useState<RecurringPreviewPeriod[] | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(request);

  useEffect(() => {
    if (!request) {
      setPeriods(null);
      return;
    }
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api.post<{ items: RecurringPreviewPeriod[] }>(request.path, request.body).then(
        (result) => {
          if (!live) return;
          setPeriods(result.items);
          setFailure(null);
          setLoading(false);
          onError(null);
        },
        (error: Error) => {
          if (!live) return;
          setPeriods(null);
          setLoading(false);
          const byField = error instanceof ApiError && error.errors.length > 0;
          setFailure(byField ? null : error);
          onError(byField ? error : null);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The request is compared by value: a new object with the same schedule asks nothing again.
  }, [key]);

  const first = periods?.[0];
  return (
    <aside className="card recurring-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Next invoice dates {loading && <Spinner label="Updating the dates" />}</h2>
      <p className="muted small" aria-live="polite">
        {!request
          ? 'The dates show once the schedule is complete.'
          : failure
            ? `The dates cannot be shown: ${failure.message}`
            : periods === null
              ? loading
                ? 'Working out the dates…'
                : 'Correct the schedule to see its dates.'
              : first
                ? `First invoice on ${date(first.periodDate)}, due ${date(first.dueDate)}.`
                : 'This schedule creates no further invoices.'}
      </p>
      {periods && periods.length > 0 && (
        <table className="preview-table" data-testid="recurring-preview">
          <caption className="visually-hidden">Next invoice dates and their due dates</caption>
          <thead>
            <tr>
              <th scope="col">Invoice date</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((period) => (
              <tr key={period.periodDate}>
                <td>
                  <time dateTime={period.periodDate}>{date(period.periodDate)}</time>
                </td>
                <td>
                  <time dateTime={period.dueDate}>{date(period.dueDate)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
