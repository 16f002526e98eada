import { type ReactNode, useEffect, useState } from 'react';
import { api, query } from '../api.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Page } from '../types.ts';
import {
  LoadMore,
  parseSort,
  SortableHeads,
  type SortColumn,
  StatusChips,
  usePagedList,
} from './DocumentList.tsx';
import { type ExportChoice, ExportMenu } from './ExportMenu.tsx';
import { SearchForm } from './ListFilters.tsx';
import { Button, Empty, ErrorBox, Loading, StatusBadge } from './ui.tsx';

/** What the list shows besides its ticked rows, for actions that can apply to every row it matches. */
export interface ListSelectionContext {
  /** Every loaded row is ticked and the server has more pages: "all matching" means more than what is ticked. */
  moreThanShown: boolean;
  /** The list's filters as the API takes them (status, q, and the kept parameters), empty ones left out. */
  filter: Record<string, string>;
  /** Loads the list again (after an action changed its rows). */
  reload: () => void;
}

interface ListedDocument {
  id: string;
  number: string | null;
  status: string;
}

/**
 * A staff list of one kind of document (invoices, quotes, credit notes): status chips, a search box, a table paged
 * from the server, with the filters kept in the address. The Number and Status columns are the same for every kind;
 * the page gives the columns in between.
 */
export function DocumentListPage<T extends ListedDocument, Key extends string>({
  title,
  noun,
  path,
  endpoint,
  intro,
  create,
  statuses,
  searchId,
  searchPlaceholder,
  keep = [],
  columns,
  heads,
  cells,
  selection,
  exports,
  actions,
}: {
  /** "Invoices": the page title, heading and table caption. */
  title: string;
  /** "invoices", as in "No invoices yet" and "Loading invoices". */
  noun: string;
  /** The page's address: "/app/invoices"; each row links to `${path}/${id}`. */
  path: string;
  /** The API path listed: "/invoices". */
  endpoint: string;
  /** A line under the heading. */
  intro?: ReactNode;
  /** The "New …" button of the header and the link offered while the list is empty. */
  create?: { href: string; label: string; emptyLabel: string };
  statuses: string[];
  searchId: string;
  searchPlaceholder: string;
  /** Address parameters kept as filters without a control of their own (a link's clientId). */
  keep?: string[];
  /** Columns the server sorts by (between Number's cell and Status); without them, `heads` is shown unsorted. */
  columns?: SortColumn<Key>[];
  heads?: ReactNode;
  /** The cells of a row after its Number cell and before its Status cell. */
  cells: (row: T) => ReactNode;
  /**
   * Rows can be ticked (a checkbox in front of each); this renders the actions on the ticked rows, above the table.
   * `clear` unticks them all. Changing a filter or the order unticks them too.
   */
  selection?: (selected: T[], clear: () => void, context: ListSelectionContext) => ReactNode;
  /** CSV downloads of the list as filtered now. */
  exports?: ExportChoice[];
  /** More buttons of the header, after the export menu (an import). */
  actions?: ReactNode;
}) {
  usePageTitle(title);
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const q = search.get('q') ?? '';
  const sortParam = columns ? (search.get('sort') ?? '') : '';
  const kept = Object.fromEntries(keep.map((name) => [name, search.get(name) ?? '']));
  const list = usePagedList(
    (cursor) =>
      api.get<Page<T>>(`${endpoint}${query({ status, q, sort: sortParam, ...kept, limit: 25, cursor })}`),
    [status, q, sortParam, ...Object.values(kept)],
  );
  const { data, error, loading, reload, rows } = list;
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  // Another filter or order is another list to choose from.
  useEffect(() => setTicked(new Set()), [status, q, sortParam, ...Object.values(kept)]);
  const toggle = (id: string) =>
    setTicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allTicked = rows.length > 0 && rows.every((row) => ticked.has(row.id));
  const filtered = Boolean(status || q || Object.values(kept).some(Boolean));

  const setFilter = (next: { status?: string; q?: string; sort?: string }) => {
    const params = query({
      status: next.status ?? status,
      q: next.q ?? q,
      sort: next.sort ?? sortParam,
      ...kept,
    });
    navigate(`${path}${params}`, { replace: true });
  };

  const heading = <h1 tabIndex={-1}>{title}</h1>;
  return (
    <section>
      <div className="page-head">
        {intro ? (
          <div>
            {heading}
            <p className="muted">{intro}</p>
          </div>
        ) : (
          heading
        )}
        {(create || exports || actions) && (
          <div className="actions">
            {exports && <ExportMenu choices={exports} params={{ status, q, sort: sortParam, ...kept }} />}
            {actions}
            {create && (
              <Link className="button button-primary" href={create.href}>
                {create.label}
              </Link>
            )}
          </div>
        )}
      </div>
      <div className="toolbar">
        <StatusChips
          statuses={statuses}
          current={status}
          onChoose={(value) => setFilter({ status: value })}
        />
        <SearchForm
          id={searchId}
          label={`Search ${noun}`}
          placeholder={searchPlaceholder}
          value={q}
          onSearch={(text) => setFilter({ q: text })}
        />
      </div>
      {selection?.(
        rows.filter((row) => ticked.has(row.id)),
        () => setTicked(new Set()),
        {
          moreThanShown: allTicked && Boolean(list.cursor),
          filter: Object.fromEntries(
            Object.entries({ status, q, ...kept }).filter(([, value]) => value !== ''),
          ),
          reload,
        },
      )}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what={`Loading ${noun}`} />}
      {data && rows.length === 0 && (
        <Empty title={filtered ? `No ${noun} match` : `No ${noun} yet`}>
          {filtered ? (
            <Button onClick={() => navigate(path, { replace: true })}>Clear filters</Button>
          ) : (
            create && (
              <Link className="button button-primary" href={create.href}>
                {create.emptyLabel}
              </Link>
            )
          )}
        </Empty>
      )}
      {data && rows.length > 0 && (
        <div className="table-wrap" aria-busy={loading}>
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {selection && (
                  <th scope="col" className="select">
                    <input
                      type="checkbox"
                      aria-label={`Select every ${noun.replace(/s$/, '')} shown`}
                      checked={allTicked}
                      onChange={() => setTicked(allTicked ? new Set() : new Set(rows.map((row) => row.id)))}
                    />
                  </th>
                )}
                {columns ? (
                  <SortableHeads
                    columns={columns}
                    sort={parseSort<Key>(sortParam)}
                    onSort={(sort) => setFilter({ sort })}
                  />
                ) : (
                  heads
                )}
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  {selection && (
                    <td className="select">
                      <input
                        type="checkbox"
                        aria-label={`Select ${row.number ?? 'draft'}`}
                        checked={ticked.has(row.id)}
                        onChange={() => toggle(row.id)}
                      />
                    </td>
                  )}
                  <td data-label="Number">
                    <Link href={`${path}/${row.id}`} className="strong">
                      {row.number ?? 'Draft'}
                    </Link>
                  </td>
                  {cells(row)}
                  <td data-label="Status">
                    <StatusBadge status={row.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} />
    </section>
  );
}
