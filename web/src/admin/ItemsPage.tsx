import { useState } from 'react';
import { api, query } from '../api.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { RecordTable } from '../components/ListCard.tsx';
import { ListFiltersToolbar, useListFilters } from '../components/ListFilters.tsx';
import { Button, Empty, ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { Item, Page, TaxRate } from '../types.ts';
import { ImportLink } from './imports/ImportLink.tsx';

const PAGE_SIZE = 50;

/** The catalogue: products and services with their price, unit and default taxes, newest first. */
const ITEM_COLUMNS = [
  { label: 'Name' },
  { label: 'Unit' },
  { label: 'Price', className: 'num' },
  { label: 'Default taxes' },
];

export function ItemsPage() {
  usePageTitle('Items');
  const filters = useListFilters('/app/items');
  const { q, archived } = filters;
  const [more, setMore] = useState<{ items: Item[]; cursor: string | null } | null>(null);
  const { data, error, loading, reload } = useAsync(async () => {
    setMore(null);
    const [page, rates] = await Promise.all([
      api.get<Page<Item>>(`/items${query({ ...filters.params, limit: PAGE_SIZE })}`),
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
    const page = await api.get<Page<Item>>(`/items${query({ ...filters.params, limit: PAGE_SIZE, cursor })}`);
    setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
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
          <ExportMenu choices={[{ name: 'items', label: 'Items' }]} params={filters.params} />
          <ImportLink kind="items" />
          <Link className="button button-primary" href="/app/items/new">
            New item
          </Link>
        </div>
      </div>
      <ListFiltersToolbar
        filters={filters}
        id="item-search"
        label="Search items"
        placeholder="Name or description"
      />
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
        <RecordTable caption={archived ? 'Archived items' : 'Items'} columns={ITEM_COLUMNS} busy={loading}>
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
        </RecordTable>
      )}
      {cursor && (
        <div className="more">
          <Button onClick={loadMore}>Load more</Button>
        </div>
      )}
    </section>
  );
}
