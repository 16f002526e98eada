import { query } from '../api.ts';

export interface ExportChoice {
  /** The export's name under /api/v1/exports: "invoices" for invoices.csv. */
  name: string;
  /** "Invoices", "Invoice lines". */
  label: string;
  /** false: the whole export, not the list's filters (which it does not take). */
  filtered?: boolean;
}

/**
 * Downloads of a list as CSV, with the filters the list shows now (the session cookie goes along; a GET needs no
 * CSRF token). The server streams the file, so the browser's download shows its progress, however many rows.
 * "For Excel" adds a byte order mark, without which Excel misreads accented letters.
 */
export function ExportMenu({
  choices,
  params,
}: {
  choices: ExportChoice[];
  params: Record<string, string | undefined>;
}) {
  return (
    <details className="export-menu">
      <summary className="button button-ghost">Export CSV</summary>
      <ul>
        {choices.map((choice) => {
          const filter = choice.filtered === false ? {} : params;
          return (
            <li key={choice.name}>
              <span>{choice.label}</span>
              <a href={`/api/v1/exports/${choice.name}.csv${query(filter)}`} download>
                CSV
              </a>
              <a href={`/api/v1/exports/${choice.name}.csv${query({ ...filter, bom: 'true' })}`} download>
                CSV for Excel
              </a>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
