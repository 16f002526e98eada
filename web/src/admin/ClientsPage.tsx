import { useState } from 'react';
import { api, query } from '../api.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { ListFiltersToolbar, useListFilters } from '../components/ListFilters.tsx';
import { Button, Empty, ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { Link, usePageTitle } from '../router.tsx';
import type { Client, Page } from '../types.ts';
import { ImportLink } from './imports/ImportLink.tsx';

export function ClientsPage() {
  usePageTitle('Clients');
  const filters = useListFilters('/app/clients');
  const { q, archived } = filters;
  const [extra, setExtra] = useState<{ items: Client[]; cursor: string | null } | null>(null);
  const { data, error, loading, reload } = useAsync(async () => {
    setExtra(null);
    return api.get<Page<Client>>(`/clients${query({ ...filters.params, limit: 50 })}`);
  }, [q, archived]);
  const rows = [...(data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : (data?.nextCursor ?? null);

  async function loadMore() {
    if (!cursor) return;
    const page = await api.get<Page<Client>>(`/clients${query({ ...filters.params, limit: 50, cursor })}`);
    setExtra((e) => ({ items: [...(e?.items ?? []), ...page.items], cursor: page.nextCursor }));
  }

  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Clients</h1>
        <div className="actions">
          <ExportMenu
            choices={[
              { name: 'clients', label: 'Clients' },
              { name: 'contacts', label: 'Their contacts' },
            ]}
            params={filters.params}
          />
          <ImportLink kind="clients" />
          <Link className="button button-primary" href="/app/clients/new">
            New client
          </Link>
        </div>
      </div>
      <ListFiltersToolbar
        filters={filters}
        id="client-search"
        label="Search clients"
        placeholder="Name, company or email"
      />
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading clients" />}
      {data && rows.length === 0 && (
        <Empty title={q ? 'No clients match' : 'No clients yet'}>
          <Link className="button button-primary" href="/app/clients/new">
            Add a client
          </Link>
        </Empty>
      )}
      {rows.length > 0 && (
        <ul className="cards-grid">
          {rows.map((client) => (
            <li key={client.id} className="client-card">
              <Link href={`/app/clients/${client.id}`} className="client-name">
                {client.name}
              </Link>
              {client.company && <p className="muted">{client.company}</p>}
              <p className="small">{client.email || client.contacts[0]?.email || 'No email'}</p>
              <p className="small muted">
                {client.contacts.length} contact{client.contacts.length === 1 ? '' : 's'}
                {client.currency ? ` · ${client.currency}` : ''}
                {client.archived ? ' · Archived' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <div className="more">
          <Button onClick={loadMore}>Load more</Button>
        </div>
      )}
    </section>
  );
}
