import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { pageClauses, type SortedPagePlan } from '../sorted-keyset.ts';

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
 * `q`, as a condition on the listed row's id; the same rows as `number ilike p or clients.name ilike p or ...` over
 * the join. An OR across two tables leaves the planner no index to use, so it reads every document. Here each side
 * is a query of its own through its own index: numbers through their trigram index; the matching clients first
 * (trigram index on clients), then their documents through the client index. `filtered` is the list's query with
 * its filters, on the documents table alone; each side keeps the page `plan` asks for of its matches, in the list's
 * order, so only two pages of candidates reach the list, which keeps the best of them.
 */
export function documentSearch<DB, TB extends keyof DB, O>(
  table: 'invoices' | 'quotes',
  q: string,
  filtered: SelectQueryBuilder<DB, TB, O>,
  plan: SortedPagePlan,
): RawBuilder<boolean> {
  const pattern = containsPattern(q);
  const column = (name: string) => sql.ref(`${table}.${name}`);
  // Every match first, then the page: OFFSET 0 keeps the planner from walking the order's index in the hope of
  // meeting matches soon, which reads most of the table when they are few. This way the cost follows the matches.
  const candidates = (match: RawBuilder<boolean>) =>
    sql`select ${column('id')} from (${filtered.selectAll().where(match).offset(0)}) as ${sql.table(table)}
      ${pageClauses(plan)}`;
  const byNumber = candidates(sql<boolean>`${column('number')} ilike ${pattern}`);
  const byClient = candidates(
    sql<boolean>`${column('client_id')} = any(array(select c.id from clients as c where ${clientMatches(pattern, 'c')}))`,
  );
  return sql<boolean>`${column('id')} in ((${byNumber}) union all (${byClient}))`;
}
