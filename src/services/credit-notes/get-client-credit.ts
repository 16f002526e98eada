import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface ClientCredit {
  clientId: string;
  /** One entry per currency with credit left, in currency order; never mixed across currencies. */
  credit: { currency: string; amount: string; creditNotes: number }[];
}

/** The client's credit: what is left of its issued credit notes (total − applied − refunded), per currency. */
export async function getClientCredit(deps: ServiceDeps, clientId: string): Promise<ClientCredit> {
  const client = await deps.db
    .selectFrom('clients')
    .select('id')
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const left = sql<bigint>`credit_notes.total_minor - credit_notes.amount_applied_minor - credit_notes.amount_refunded_minor`;
  const rows = await deps.db
    .selectFrom('credit_notes')
    .select([
      'credit_notes.currency',
      sql<string>`sum(${left})::text`.as('amount'),
      sql<string>`count(*)`.as('count'),
    ])
    .where('credit_notes.client_id', '=', clientId)
    .where('credit_notes.status', '=', 'issued')
    .where(sql<boolean>`${left} > 0`)
    .groupBy('credit_notes.currency')
    .orderBy('credit_notes.currency')
    .execute();
  return {
    clientId,
    credit: rows.map((row) => ({
      currency: row.currency,
      amount: formatMinor(BigInt(row.amount), currencyExponent(row.currency)),
      creditNotes: Number(row.count),
    })),
  };
}
