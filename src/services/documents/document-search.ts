import { type RawBuilder, sql } from 'kysely';

/** `%q%` for ILIKE with q's own %, _ and \ taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The clients whose name, company or email contains the pattern: one table, read through its trigram index. */
export function clientMatches(pattern: string, alias = 'clients'): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${column('name')} ilike ${pattern} or ${column('company')} ilike ${pattern}
    or ${column('email')} ilike ${pattern})`;
}

/**
 * The documents of `table` (invoices or quotes) whose number, or whose client's name, company or email, contains
 * `q`, as a condition on the listed row's id. The same rows as `number ilike p or clients.name ilike p or ...` over
 * the join, but an OR across two tables leaves the planner no index to use and it reads every document: here each
 * side is found through its own trigram index (numbers; matching clients first, then their documents through the
 * client index) and the two sets are combined before the list's filters, order and page apply.
 */
export function documentSearch(table: 'invoices' | 'quotes', q: string): RawBuilder<boolean> {
  const pattern = containsPattern(q);
  const documents = sql.table(table);
  return sql<boolean>`${sql.ref(`${table}.id`)} in (
    select found.id from ${documents} as found where found.number ilike ${pattern}
    union all
    select found.id from ${documents} as found
    where found.client_id in (select c.id from clients as c where ${clientMatches(pattern, 'c')})
  )`;
}
