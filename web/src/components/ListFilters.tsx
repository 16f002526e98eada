import { type FormEvent, useEffect, useState } from 'react';
import { query } from '../api.ts';
import { navigate, useLocation } from '../router.tsx';
import { Button } from './ui.tsx';

export interface ListFilters {
  q: string;
  archived: boolean;
  /** The filters as query parameters of the list's API call. */
  params: { q: string; archived: 'true' | undefined };
  go(next: { q?: string; archived?: boolean }): void;
}

/** The search text and "Show archived" of a list page, kept in the address so a reload or a link keeps them. */
export function useListFilters(path: string): ListFilters {
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const archived = search.get('archived') === 'true';
  return {
    q,
    archived,
    params: { q, archived: archived ? 'true' : undefined },
    go: (next) =>
      navigate(
        `${path}${query({ q: next.q ?? q, archived: (next.archived ?? archived) ? 'true' : undefined })}`,
        { replace: true },
      ),
  };
}

/** The toolbar above a list of clients or items: a search form and the archived switch. */
export function ListFiltersToolbar({
  filters,
  id,
  label,
  placeholder,
}: {
  filters: ListFilters;
  /** Id of the search input (its label points at it). */
  id: string;
  /** What the search box is for, read by screen readers: "Search clients". */
  label: string;
  placeholder: string;
}) {
  const [text, setText] = useState(filters.q);
  useEffect(() => setText(filters.q), [filters.q]);

  function submit(event: FormEvent) {
    event.preventDefault();
    filters.go({ q: text.trim() });
  }

  return (
    <div className="toolbar">
      <search className="search">
        <form className="search-form" onSubmit={submit}>
          <label htmlFor={id} className="visually-hidden">
            {label}
          </label>
          <input
            id={id}
            type="search"
            placeholder={placeholder}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="submit">Search</Button>
        </form>
      </search>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filters.archived}
          onChange={(event) => filters.go({ archived: event.target.checked })}
        />
        Show archived
      </label>
    </div>
  );
}
