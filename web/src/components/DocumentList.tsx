import { useState } from 'react';
import { STATUS_LABELS } from '../format.ts';
import type { Page } from '../types.ts';
import { Button, ErrorBox, useAsync } from './ui.tsx';

/**
 * Pieces of a document list page (invoices, quotes, credit notes): the status chips, the sortable column heads and
 * the pages loaded one after the other. The server filters and sorts every page, not just the loaded rows.
 */

/** The status chips above a list; '' stands for all statuses. */
export function StatusChips({
  statuses,
  current,
  onChoose,
}: {
  /** In the order shown, '' first for "All". */
  statuses: readonly string[];
  current: string;
  onChoose: (status: string) => void;
}) {
  return (
    <nav aria-label="Filter by status" className="chips">
      {statuses.map((value) => (
        <button
          key={value || 'all'}
          type="button"
          className="chip"
          aria-pressed={current === value}
          onClick={() => onChoose(value)}
        >
          {value ? (STATUS_LABELS[value] ?? value) : 'All'}
        </button>
      ))}
    </nav>
  );
}

export interface SortColumn<Key extends string> {
  key: Key;
  label: string;
  numeric?: boolean;
}

export interface Sort<Key extends string> {
  key: Key;
  dir: 1 | -1;
}

/** The `sort` parameter of the address ("dueDate", "-total" for descending) as a column and a direction. */
export function parseSort<Key extends string>(param: string): Sort<Key> | null {
  return param ? { key: param.replace(/^-/, '') as Key, dir: param.startsWith('-') ? -1 : 1 } : null;
}

/** The head cells of the sortable columns; a click sorts by the column, a second one reverses it. */
export function SortableHeads<Key extends string>({
  columns,
  sort,
  onSort,
}: {
  columns: SortColumn<Key>[];
  sort: Sort<Key> | null;
  /** The new `sort` parameter. */
  onSort: (param: string) => void;
}) {
  return columns.map((column) => {
    const active = sort?.key === column.key;
    return (
      <th
        key={column.key}
        scope="col"
        className={column.numeric ? 'num' : undefined}
        aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}
      >
        <button
          type="button"
          className="sort"
          onClick={() => onSort(active && sort.dir === 1 ? `-${column.key}` : column.key)}
        >
          {column.label}
          <span aria-hidden="true">{active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  });
}

/**
 * A list loaded a page at a time: the first page again whenever `deps` change, then "Load more" appends the next.
 * `loadPage(null)` asks for the first page.
 */
export function usePagedList<T>(loadPage: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]) {
  const [more, setMore] = useState<{
    items: T[];
    cursor: string | null;
    busy: boolean;
    error: Error | null;
  } | null>(null);
  const first = useAsync(async () => {
    setMore(null);
    return loadPage(null);
  }, deps);

  const rows = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);

  async function loadMore() {
    if (!cursor) return;
    setMore((m) => ({ items: m?.items ?? [], cursor, busy: true, error: null }));
    try {
      const page = await loadPage(cursor);
      setMore((m) => ({
        items: [...(m?.items ?? []), ...page.items],
        cursor: page.nextCursor,
        busy: false,
        error: null,
      }));
    } catch (caught) {
      setMore((m) => (m ? { ...m, busy: false, error: caught as Error } : null));
    }
  }

  return {
    /** The first page once loaded (undefined while it loads the first time). */
    data: first.data,
    error: first.error,
    loading: first.loading,
    reload: first.reload,
    rows,
    cursor,
    loadMore,
    moreBusy: more?.busy ?? false,
    moreError: more?.error ?? null,
  };
}

/** The error of a failed "Load more" and the button itself, below a paged list. */
export function LoadMore({
  list,
  label = 'Load more',
}: {
  list: { cursor: string | null; loadMore: () => void; moreBusy: boolean; moreError: Error | null };
  /** The button's text, translated where the page is (the client portal). */
  label?: string;
}) {
  return (
    <>
      {list.moreError && <ErrorBox error={list.moreError} onRetry={list.loadMore} />}
      {list.cursor && (
        <div className="more">
          <Button onClick={list.loadMore} busy={list.moreBusy}>
            {label}
          </Button>
        </div>
      )}
    </>
  );
}
