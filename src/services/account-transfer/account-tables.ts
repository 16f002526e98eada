import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';

/**
 * What an account export holds: every table of the public schema except these, whose rows are bookkeeping or live
 * only minutes to days (sign-ins, retries, throttling) and mean nothing on another server.
 */
export const LEFT_OUT_TABLES: readonly string[] = [
  'kysely_migration',
  'kysely_migration_lock',
  'idempotency_keys',
  'sessions',
  'portal_sessions',
  'portal_tokens',
  'rate_limits',
  'email_preview_pages',
];

export interface AccountTable {
  name: string;
  /** Columns written and read, in table order; generated columns are left out (PostgreSQL computes them). */
  columns: string[];
  primaryKey: string[];
  /**
   * Foreign-key columns pointing at a table that comes later (a cycle: an invoice made from a quote, the quote
   * pointing at its invoice): inserted empty, then set once every row is in.
   */
  deferred: string[];
}

interface CatalogColumn {
  table_name: string;
  column_name: string;
  generated: boolean;
  nullable: boolean;
}

/**
 * The account's tables in an order that satisfies their foreign keys (parents first), from the catalog, so a table
 * added by a later migration is included without anyone having to list it here.
 */
export async function accountTables(db: Db | Trx): Promise<AccountTable[]> {
  const left = sql.join(LEFT_OUT_TABLES.map((name) => sql`${name}`));
  const columns = await sql<CatalogColumn>`
    select c.relname as table_name, a.attname as column_name, a.attgenerated <> '' as generated,
           not a.attnotnull as nullable
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not in (${left})
    order by c.relname, a.attnum`.execute(db);
  const keys = await sql<{ table_name: string; columns: string[] }>`
    select c.relname as table_name,
           array(select a.attname from unnest(i.indkey) with ordinality k(attnum, position)
                 join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.position)::text[] as columns
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    where i.indisprimary and n.nspname = 'public'`.execute(db);
  const references = await sql<{ child: string; parent: string; columns: string[] }>`
    select child.relname as child, parent.relname as parent,
           array(select a.attname from unnest(f.conkey) k(attnum)
                 join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum)::text[] as columns
    from pg_constraint f
    join pg_class child on child.oid = f.conrelid
    join pg_class parent on parent.oid = f.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where f.contype = 'f' and n.nspname = 'public'`.execute(db);

  const tables = new Map<string, { columns: CatalogColumn[]; primaryKey: string[] }>();
  for (const column of columns.rows) {
    const table = tables.get(column.table_name) ?? { columns: [], primaryKey: [] };
    table.columns.push(column);
    tables.set(column.table_name, table);
  }
  for (const key of keys.rows) {
    const table = tables.get(key.table_name);
    if (table) table.primaryKey = key.columns;
  }
  const parentsOf = new Map<string, { parent: string; columns: string[] }[]>();
  for (const reference of references.rows) {
    if (!tables.has(reference.child) || reference.child === reference.parent) continue;
    parentsOf.set(reference.child, [...(parentsOf.get(reference.child) ?? []), reference]);
  }

  // Depth-first, parents before children; an edge back to a table still being visited closes a cycle, and its
  // columns are deferred.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const deferred = new Map<string, string[]>();
  const visit = (name: string) => {
    state.set(name, 'visiting');
    for (const { parent, columns: fkColumns } of parentsOf.get(name) ?? []) {
      if (!tables.has(parent)) continue;
      if (state.get(parent) === 'visiting') deferred.set(name, [...(deferred.get(name) ?? []), ...fkColumns]);
      else if (!state.has(parent)) visit(parent);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of [...tables.keys()].sort()) if (!state.has(name)) visit(name);

  return order.map((name) => {
    const table = tables.get(name)!;
    if (table.primaryKey.length === 0)
      throw new Error(`Table ${name} has no primary key: it cannot be exported`);
    const late = deferred.get(name) ?? [];
    for (const column of late) {
      if (!table.columns.find((candidate) => candidate.column_name === column)?.nullable) {
        throw new Error(`Table ${name} has a foreign-key cycle through the required column ${column}`);
      }
    }
    return {
      name,
      columns: table.columns.filter((column) => !column.generated).map((column) => column.column_name),
      primaryKey: table.primaryKey,
      deferred: late,
    };
  });
}
