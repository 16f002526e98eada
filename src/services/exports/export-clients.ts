import { type ClientFilter, listClients } from '../clients/list-clients.ts';
import type { ServiceDeps } from '../context.ts';
import { allPages, type CsvTable, EXPORT_BATCH, mapBatches, textCell } from './csv-table.ts';

export type ClientExportFilter = Omit<ClientFilter, 'cursor' | 'limit'>;

const COLUMNS = [
  'id',
  'name',
  'company',
  'email',
  'phone',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postal_code',
  'country',
  'country_code',
  'currency',
  'tax_id',
  'vat_id',
  'electronic_address',
  'electronic_address_scheme',
  'buyer_reference',
  'einvoice_format',
  'language',
  'notes',
  'archived',
  'created_at',
] as const;

/** The clients of the list's filter, newest first. */
export function exportClients(deps: ServiceDeps, filter: ClientExportFilter): CsvTable {
  const pages = allPages((cursor) => listClients(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: 'clients.csv',
    columns: COLUMNS,
    batches: mapBatches(pages, (clients) =>
      clients.map((client) => [
        client.id,
        textCell(client.name),
        textCell(client.company),
        textCell(client.email),
        textCell(client.phone),
        textCell(client.address.line1),
        textCell(client.address.line2),
        textCell(client.address.city),
        textCell(client.address.region),
        textCell(client.address.postalCode),
        textCell(client.address.country),
        client.address.countryCode,
        client.currency,
        textCell(client.taxId),
        textCell(client.vatId),
        textCell(client.electronicAddress.id),
        client.electronicAddress.scheme,
        textCell(client.buyerReference),
        client.einvoiceFormat,
        client.language,
        textCell(client.notes),
        String(client.archived),
        client.createdAt,
      ]),
    ),
  };
}
