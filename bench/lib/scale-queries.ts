import type pg from 'pg';

/** What bench:scale reads of a list page. */
export interface ListPage {
  items: { id: string }[];
  nextCursor: string | null;
}

/**
 * Searches a user types: client names and companies of the seeded data (common and rare), an email fragment, and
 * number fragments (a month of one year's series, one number).
 */
export const SEARCHES = [
  'Harbour',
  'tanaka',
  'Dental Care',
  'cedar-bak',
  'INV-2025-04',
  '2026-0123',
  'Émile',
];

/** The columns the invoice list returns, read by every query here as the API does. */
const COLUMNS = `i.id, i.number, i.status, i.client_id, c.name, c.company, i.project_id, i.currency, i.issue_date,
  i.due_date, i.total_minor, i.amount_paid_minor, i.amount_credited_minor, i.created_at`;

const pattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;
const ids = (result: pg.QueryResult) => result.rows.map((row: { id: string }) => row.id);

/** The best indexed SQL for each answer, written by hand: the floor the API is compared with. */
export function rawQueries(pool: pg.Pool) {
  return {
    /**
     * Numbers through their trigram index, and the invoices of the clients found through theirs, each side's first
     * page of its matches in the list's order; the page is the best of those candidates.
     */
    search: async (q: string) =>
      ids(
        await pool.query(
          `select ${COLUMNS} from invoices i join clients c on c.id = i.client_id
           where i.id in (
             (select f.id from (select * from invoices where number ilike $1 offset 0) f
               order by f.created_at desc, f.id desc limit 26)
             union all
             (select f.id from (select * from invoices where client_id = any(array(
                 select k.id from clients k where k.name ilike $1 or k.company ilike $1 or k.email ilike $1)) offset 0) f
               order by f.created_at desc, f.id desc limit 26))
           order by i.created_at desc, i.id desc limit 26`,
          [pattern(q)],
        ),
      ),
    /** A page in client order along the (client_sort_key, id) index, after a key when given. */
    clientPage: async (after: [string, string] | null, descending = false) => {
      const direction = descending ? 'desc' : 'asc';
      const where = after ? `where (i.client_sort_key, i.id) ${descending ? '<' : '>'} ($1, $2::uuid)` : '';
      return ids(
        await pool.query(
          `select ${COLUMNS} from invoices i join clients c on c.id = i.client_id ${where}
           order by i.client_sort_key ${direction}, i.id ${direction} limit 26`,
          after ? [...after] : [],
        ),
      );
    },
  };
}

/** The queries the lists ran before migration 024: an OR across the join, the client order through the join. */
export function straightforwardQueries(pool: pg.Pool) {
  return {
    search: async (q: string) =>
      ids(
        await pool.query(
          `select ${COLUMNS} from invoices i join clients c on c.id = i.client_id
           where i.number ilike $1 or c.name ilike $1 or c.company ilike $1
           order by i.created_at desc, i.id desc limit 26`,
          [pattern(q)],
        ),
      ),
    clientPage: async (descending: boolean) => {
      const direction = descending ? 'desc' : 'asc';
      return ids(
        await pool.query(
          `select ${COLUMNS} from invoices i join clients c on c.id = i.client_id
           order by lower(c.name) ${direction}, i.id ${direction} limit 26`,
        ),
      );
    },
  };
}
