import type { ReactNode } from 'react';
import { query } from '../../api.ts';
import { RecordTable } from '../../components/ListCard.tsx';

/** Shared pieces of the report pages: the filter bar, the CSV link, the chart frame and the figures table. */

export type Params = Record<string, string>;

/** The first and last day of the current calendar year of `today` (YYYY-MM-DD). */
export function yearOf(today: string): { from: string; to: string } {
  const year = today.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The same report as a CSV and as a PDF download (the session cookie goes along; GET needs no CSRF token). */
export function DownloadLinks({ report, params }: { report: string; params: Params }) {
  return (
    <span className="report-downloads">
      <a
        className="button button-ghost"
        href={`/api/v1/reports/${report}${query({ ...params, format: 'csv' })}`}
        download
      >
        Download CSV
      </a>
      <a
        className="button button-ghost"
        href={`/api/v1/reports/${report}${query({ ...params, format: 'pdf' })}`}
        download
      >
        Download PDF
      </a>
    </span>
  );
}

/** The report's filter form; on submit, every field of it becomes the report's parameters. */
export function Filters({ children, onSubmit }: { children: ReactNode; onSubmit: (params: Params) => void }) {
  return (
    <form
      className="report-filters"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        onSubmit(Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)])));
      }}
    >
      {children}
      <button type="submit" className="button button-primary">
        Show
      </button>
    </form>
  );
}

export function DateField({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div className="field">
      <label htmlFor={`report-${name}`}>{label}</label>
      <input id={`report-${name}`} name={name} type="date" defaultValue={value} required />
    </div>
  );
}

export function SelectField({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string;
  options: [value: string, label: string][];
}) {
  return (
    <div className="field">
      <label htmlFor={`report-${name}`}>{label}</label>
      <select id={`report-${name}`} name={name} defaultValue={value}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A chart is a picture of the table below it: screen readers get its summary and then the table itself, which
 * holds the exact figures (the chart plots them as numbers, which may not be exact for very large amounts).
 */
export function ChartFrame({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <figure className="report-chart" role="img" aria-label={summary}>
      {children}
    </figure>
  );
}

export interface Column<T> {
  label: string;
  value: (row: T) => ReactNode;
  numeric?: boolean;
}

export function FiguresTable<T>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
}) {
  const heads = columns.map((column) => ({
    label: column.label,
    className: column.numeric ? 'num' : undefined,
  }));
  return (
    <RecordTable caption={caption} columns={heads}>
      {rows.map((row, index) => (
        <tr key={rowKey(row, index)}>
          {columns.map((column) => (
            <td key={column.label} data-label={column.label} className={column.numeric ? 'num' : undefined}>
              {column.value(row)}
            </td>
          ))}
        </tr>
      ))}
    </RecordTable>
  );
}

/** A decimal amount as a number for plotting only; the tables and tooltips show the exact text. */
export const plotted = (amount: string) => Number(amount);

/** Colours of the chart series, readable on the app's light background. */
export const SERIES_COLOURS = ['#2f5aa8', '#2e8b57', '#c77d0a', '#b23a48', '#6b4fa0'];

/** The From and To days of a report over a range. */
export function RangeFields({ params }: { params: Params }) {
  return (
    <>
      <DateField name="from" label="From" value={params.from!} />
      <DateField name="to" label="To" value={params.to!} />
    </>
  );
}

export const PERIOD_OPTIONS: [string, string][] = [
  ['month', 'Month'],
  ['quarter', 'Quarter'],
  ['year', 'Year'],
];
