import { listClients } from '../clients/list-clients.ts';
import type { ServiceDeps } from '../context.ts';
import { allPages, type CsvTable, EXPORT_BATCH, mapBatches, textCell } from './csv-table.ts';
import type { ClientExportFilter } from './export-clients.ts';

const COLUMNS = ['id', 'client_id', 'client_name', 'position', 'name', 'email', 'phone'] as const;

/** The contacts of the clients of the client list's filter, client by client, in their order. */
export function exportContacts(deps: ServiceDeps, filter: ClientExportFilter): CsvTable {
  const pages = allPages((cursor) => listClients(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: 'contacts.csv',
    columns: COLUMNS,
    batches: mapBatches(pages, (clients) =>
      clients.flatMap((client) =>
        client.contacts.map((contact, index) => [
          contact.id,
          client.id,
          textCell(client.name),
          String(index + 1),
          textCell(contact.name),
          textCell(contact.email),
          textCell(contact.phone),
        ]),
      ),
    ),
  };
}
