import type { FormEventHandler, ReactNode } from 'react';
import { Button, ErrorBox } from './ui.tsx';
import type { useSave } from './use-save.ts';

export interface Column {
  label: string;
  /** `num` right-aligns figures. */
  className?: string;
  /** Said to screen readers only (an actions column). */
  hidden?: boolean;
}

/**
 * A table of records in its scrolling frame: its caption (for screen readers only unless `captionShown`), its
 * column heads, and the rows given. `className` adds to the table's ("compact"); `busy` marks it while a newer
 * page of rows loads.
 */
export function RecordTable({
  caption,
  columns,
  className,
  captionShown = false,
  busy,
  children,
}: {
  caption: ReactNode;
  columns: Column[];
  className?: string;
  captionShown?: boolean;
  busy?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className={className ? `table ${className}` : 'table'}>
        <caption className={captionShown ? undefined : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.className}>
                {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A compact table of records: its caption for screen readers, its column heads, and the rows given. */
export function CompactTable(props: { caption: string; columns: Column[]; children: ReactNode }) {
  return <RecordTable className="compact" {...props} />;
}

/** The small form under a list that adds one more entry: heading, refusal, fields and the add button. */
export function AddForm({
  title,
  save,
  onSubmit,
  submitLabel,
  children,
}: {
  title: string;
  save: ReturnType<typeof useSave>;
  onSubmit: FormEventHandler<HTMLFormElement>;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <form className="form inline-form wrap" onSubmit={onSubmit} noValidate>
      <h3 className="full">{title}</h3>
      {save.errors.general && <ErrorBox error={save.errors.general} />}
      {children}
      <Button type="submit" busy={save.busy}>
        {submitLabel}
      </Button>
      {save.errors.unshown}
    </form>
  );
}
