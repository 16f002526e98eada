import type { Trx } from '../../db/client.ts';

/**
 * Keys of the active clients ("email:..." and "name:...", lower case) with their ids: how imported rows find a
 * client, read once per import instead of once per row.
 */
export async function loadClientKeys(trx: Trx): Promise<Map<string, string[]>> {
  return (await loadClients(trx)).keys;
}

/** The active clients' keys (see loadClientKeys) and each client's currency (null: the organisation's). */
export async function loadClients(trx: Trx) {
  const rows = await trx
    .selectFrom('clients')
    .select(['id', 'name', 'email', 'currency'])
    .where('archived_at', 'is', null)
    .execute();
  const keys = new Map<string, string[]>();
  const add = (key: string, id: string) => keys.set(key, [...(keys.get(key) ?? []), id]);
  for (const row of rows) {
    add(`name:${row.name.trim().toLowerCase()}`, row.id);
    if (row.email) add(`email:${row.email.trim().toLowerCase()}`, row.id);
  }
  return { keys, currencies: new Map(rows.map((row) => [row.id, row.currency])) };
}
