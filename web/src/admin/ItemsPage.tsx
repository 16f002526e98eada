import { type FormEvent, useEffect, useState } from 'react';
import { api, query } from '../api.ts';
import { Button, Empty, ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Item, Page, TaxRate } from '../types.ts';

const PAGE_SIZE = 50;

/** The catalogue: products and services with their price, unit and default taxes, newest first. */
export function ItemsPage() {
  usePageTitle('Items');
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const archived = search.get('archived') === 'true';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [more, setMore] = useState<{ items: Item[]; cursor: string | null } | null>(null);
  const { data, error, loading, reload } = useAsync(async () => {
    setMore(null);
    const [page, rates] = await Promise.all([
      api.get<Page<Item>>(`/items${query({ q, archived: archived ? 'true' : undefined, limit: PAGE_SIZE })}`),
      api.get<{ items: TaxRate[] }>('/tax-rates'),
    ]);
    return { page, rates: rates.items };
  }, [q, archived]);
  const rows = [...(data?.page.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (data?.page.nextCursor ?? null);
  const rateName = (id: string) => {
    const rate = data?.rates.find((r) => r.id === id);
    return rate ? `${rate.name} ${rate.rate}%` : 'An archived tax';
  };

  async function loadMore() {
    if (!cursor) return;
    const page = await api.get<Page<Item>>(
      `/items${query({ q, archived: archived ? 'true' : undefined, limit: PAGE_SIZE, cursor })}`,
    );
    setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
  }

  const go = (next: { q?: string; archived?: boolean }) =>
    navigate(
      `/app/items${query({
        q: next.q ?? q,
        archived: (next.archived ?? archived) ? 'true' : undefined,
      })}`,
      { replace: true },
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    go({ q: text.trim() });
  }

  return (
    <section>
      <div className="page-head">
        <div>
          <h1 tabIndex={-1}>Items</h1>
          <p className="muted">
            Products and services you bill often. Typing a line description in an invoice offers them.
          </p>
        </div>
        <div className="actions">
          <Link className="button button-primary" href="/app/items/new">
            New item
          </Link>
        </div>
      </div>
      <div className="toolbar">
        <search className="search">
          <form className="search-form" onSubmit={submit}>
            <label htmlFor="item-search" className="visually-hidden">
              Search items
            </label>
            <input
              id="item-search"
              type="search"
              placeholder="Name or description"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
            <Button type="submit">Search</Button>
          </form>
        </search>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={archived}
            onChange={(event) => go({ archived: event.target.checked })}
          />
          Show archived
        </label>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading items" />}
      {data && rows.length === 0 && (
        <Empty title={q ? 'No items match' : archived ? 'No archived items' : 'No items yet'}>
          <Link className="button button-primary" href="/app/items/new">
            Add an item
          </Link>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap" aria-busy={loading}>
          <table className="table">
            <caption className="visually-hidden">{archived ? 'Archived items' : 'Items'}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Unit</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">Default taxes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <tr key={item.id}>
                  <td data-label="Name">
                    <Link href={`/app/items/${item.id}`} className="strong">
                      {item.name}
                    </Link>
                    {item.description && <p className="muted small">{item.description.split('\n')[0]}</p>}
                  </td>
                  <td data-label="Unit">{item.unit === 'C62' ? '—' : item.unitLabel}</td>
                  <td data-label="Price" className="num">
                    {money(item.unitPrice, item.currency)}
                    {item.prices.length > 0 && (
                      <p className="muted small">
                        {item.prices.map((price) => money(price.unitPrice, price.currency)).join(' · ')}
                      </p>
                    )}
                  </td>
                  <td data-label="Default taxes">
                    {item.taxRateIds.length ? item.taxRateIds.map(rateName).join(', ') : 'None'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <div className="more">
          <Button onClick={loadMore}>Load more</Button>
        </div>
      )}
    </section>
  );
}
