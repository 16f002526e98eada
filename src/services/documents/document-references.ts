import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';

/** A saved tax rate as a document's tax snapshot needs it (the rate as exact text). */
export interface ReferencedTaxRate {
  id: string;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}

/**
 * Everything a document's body refers to, read in one round trip: the organisation's settings, the client, the
 * project, the saved tax rates it names, the default taxes (a new document without taxes) and its catalogue items.
 */
export interface DocumentReferences {
  settings: SettingsRow;
  /** Null: no client has the id. */
  client: {
    id: string;
    name: string;
    company: string;
    currency: string | null;
    archived: boolean;
  } | null;
  /** Null: no project asked for, or none has the id. */
  project: { id: string; name: string; clientId: string } | null;
  /** Active (not archived) saved rates among those named, by id. */
  taxRates: ReadonlyMap<string, ReferencedTaxRate>;
  /** The default taxes in the order they apply; empty when the document names its own. */
  defaultTaxRates: ReferencedTaxRate[];
  /** Catalogue items named by the lines (archived ones too), id -> item code, read with a key-share lock. */
  itemCodes: ReadonlyMap<string, string>;
}

/** What to read: ids from the input, and whether the default taxes apply. */
export interface DocumentReferencesRequest {
  clientId: string;
  projectId: string | null;
  taxRateIds: string[];
  itemIds: string[];
  defaultTaxes: boolean;
}

const rateColumns = sql<ReferencedTaxRate>`json_build_object('id', id, 'name', name, 'rate', rate::text,
  'inclusive', inclusive, 'compound', compound)`;

/**
 * Reads a document's references in one query. The items are read with a key-share lock (see
 * services/items/line-items.ts): an item cannot be deleted while a document that uses it is being saved.
 */
export async function loadDocumentReferences(
  trx: Trx,
  request: DocumentReferencesRequest,
): Promise<DocumentReferences> {
  const row = await trx
    .selectFrom('settings')
    .leftJoin('clients', (join) => join.on('clients.id', '=', request.clientId))
    .leftJoin('projects', (join) =>
      // No project asked for: a condition no row meets rather than a comparison with null.
      request.projectId ? join.on('projects.id', '=', request.projectId) : join.on(sql<boolean>`false`),
    )
    .selectAll('settings')
    .select((eb) => [
      'clients.id as client_id',
      'clients.name as client_name',
      'clients.company as client_company',
      'clients.currency as client_currency',
      sql<boolean>`clients.archived_at is not null`.as('client_archived'),
      'projects.id as project_id',
      'projects.name as project_name',
      'projects.client_id as project_client_id',
      request.taxRateIds.length
        ? eb
            .selectFrom('tax_rates')
            .select(sql<ReferencedTaxRate[]>`coalesce(json_agg(${rateColumns}), '[]')`.as('rates'))
            .where(sql<boolean>`id = any(${request.taxRateIds}::uuid[])`)
            .where('archived_at', 'is', null)
            .as('tax_rates')
        : sql<ReferencedTaxRate[]>`'[]'::json`.as('tax_rates'),
      request.defaultTaxes
        ? eb
            .selectFrom(
              eb
                .selectFrom('tax_rates')
                .select(rateColumns.as('rate'))
                .where('is_default', '=', true)
                .where('archived_at', 'is', null)
                .orderBy('compound')
                .orderBy('name')
                .as('defaults'),
            )
            .select(sql<ReferencedTaxRate[]>`coalesce(json_agg(defaults.rate), '[]')`.as('rates'))
            .as('default_tax_rates')
        : sql<ReferencedTaxRate[]>`'[]'::json`.as('default_tax_rates'),
      request.itemIds.length
        ? jsonArrayFrom(
            eb
              .selectFrom('items')
              .select(['items.id', 'items.code'])
              .where(sql<boolean>`items.id = any(${request.itemIds}::uuid[])`)
              .forKeyShare(),
          ).as('items')
        : sql<{ id: string; code: string }[]>`'[]'::json`.as('items'),
    ])
    .where('settings.id', '=', 1)
    .executeTakeFirstOrThrow();

  const {
    client_id,
    client_name,
    client_company,
    client_currency,
    client_archived,
    project_id,
    project_name,
    project_client_id,
    tax_rates,
    default_tax_rates,
    items,
    ...settings
  } = row;
  return {
    settings,
    client: client_id
      ? {
          id: client_id,
          name: client_name ?? '',
          company: client_company ?? '',
          currency: client_currency,
          archived: client_archived,
        }
      : null,
    project: project_id
      ? { id: project_id, name: project_name ?? '', clientId: project_client_id ?? '' }
      : null,
    taxRates: new Map((tax_rates ?? []).map((rate) => [rate.id, rate])),
    defaultTaxRates: default_tax_rates ?? [],
    itemCodes: new Map(items.map((item) => [item.id, item.code])),
  };
}
