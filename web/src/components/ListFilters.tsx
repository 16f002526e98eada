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
  return (
    <div className="toolbar">
      <SearchForm
        id={id}
        label={label}
        placeholder={placeholder}
        value={filters.q}
        onSearch={(q) => filters.go({ q })}
      />
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

/** A list's search box: searches on submit (Enter or the button) and follows the address (cleared filters, back). */
export function SearchForm({
  id,
  label,
  placeholder,
  value,
  onSearch,
}: {
  /** Id of the search input (its label points at it). */
  id: string;
  /** What the search box is for, read by screen readers: "Search clients". */
  label: string;
  placeholder: string;
  /** The search in the address. */
  value: string;
  /** Called with the trimmed text. */
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }

  return (
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
  );
}
