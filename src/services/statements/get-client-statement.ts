import { sql } from 'kysely';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { assertValidDate, todayIn } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import { rangeProblem } from '../../domain/reports/periods.ts';
import {
  buildStatementLedgers,
  type StatementEntryKind,
  type StatementMovement,
} from '../../domain/statement.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { getAgingReport } from '../reports/get-aging-report.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { ClientStatement, StatementCurrencyView } from './statement-view.ts';

export interface StatementQuery {
  /** Default: the first day of `to`'s month. */
  from?: string;
  /** Default: the organisation's today. */
  to?: string;
}

interface MovementRow {
  kind: StatementEntryKind;
  id: string;
  date: string;
  currency: string;
  amount: string;
  document_id: string;
  document_number: string;
}

/** The days a statement covers, checked as the reports do: real dates, in order, at most ten years apart. */
export async function statementRange(
  deps: ServiceDeps,
  query: StatementQuery,
): Promise<{ from: string; to: string }> {
  const to =
    query.to === undefined
      ? todayIn((await getSettings(deps.db)).time_zone, deps.clock.now())
      : assertValidDate(query.to, 'to');
  const from = query.from === undefined ? `${to.slice(0, 8)}01` : assertValidDate(query.from, 'from');
  const problem = rangeProblem(from, to);
  if (problem) throw new ValidationError('to', problem);
  return { from, to };
}

/**
 * A client's statement for `from`..`to`: every issued invoice and credit note, payment and refund up to `to`, signed
 * and summed per currency by the domain; drafts are not on it. A void invoice is: issued on its issue date, taken
 * back by a `void` entry (what was still owed on it) on the day it was voided, in the organisation's time zone, so a
 * statement to a day before the void shows it owed, like the aging report as of that day. The aging is the aging
 * report's for this client as of `to`, so both always agree.
 */
export async function getClientStatement(
  deps: ServiceDeps,
  clientId: string,
  query: StatementQuery,
): Promise<ClientStatement> {
  const range = await statementRange(deps, query);
  const client = await deps.db
    .selectFrom('clients')
    .select(['id', 'name', 'company'])
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const counted = sql`p.status = 'succeeded' and p.deleted_at is null`;
  const issued = sql`i.status <> 'draft' and i.number is not null`;
  const { time_zone: timeZone } = await getSettings(deps.db);
  const result = await sql<MovementRow>`
    select 'invoice' as kind, i.id, i.issue_date::text as date, i.currency, i.total_minor::text as amount,
           i.id as document_id, i.number as document_number
    from invoices as i where i.client_id = ${clientId} and ${issued} and i.issue_date <= ${range.to}::date
    union all
    select 'credit_note', n.id, n.issue_date::text, n.currency, n.total_minor::text, n.id, n.number
    from credit_notes as n join invoices as i on i.id = n.invoice_id
    where n.client_id = ${clientId} and n.status = 'issued' and n.number is not null and ${issued}
      and n.issue_date <= ${range.to}::date
    union all
    select 'payment', p.id, p.paid_on::text, p.currency, p.amount_minor::text, i.id, i.number
    from payments as p join invoices as i on i.id = p.invoice_id
    where i.client_id = ${clientId} and ${issued} and ${counted} and p.paid_on <= ${range.to}::date
    union all
    select 'refund', r.id, r.refunded_on::text, p.currency, r.amount_minor::text, i.id, i.number
    from payment_refunds as r join payments as p on p.id = r.payment_id join invoices as i on i.id = p.invoice_id
    where i.client_id = ${clientId} and ${issued} and ${counted} and r.refunded_on <= ${range.to}::date
    union all
    select 'void', i.id, (i.voided_at at time zone ${timeZone})::date::text, i.currency,
           (i.total_minor - i.amount_paid_minor - i.amount_credited_minor)::text, i.id, i.number
    from invoices as i
    where i.client_id = ${clientId} and i.status = 'void' and i.number is not null
      and (i.voided_at at time zone ${timeZone})::date <= ${range.to}::date
    union all
    select 'credit_refund', f.id, f.refunded_on::text, n.currency, f.amount_minor::text, n.id, n.number
    from credit_refunds as f join credit_notes as n on n.id = f.credit_note_id join invoices as i on i.id = n.invoice_id
    where n.client_id = ${clientId} and n.status = 'issued' and ${issued} and f.refunded_on <= ${range.to}::date
  `.execute(deps.db);

  const movements: StatementMovement[] = result.rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    date: row.date,
    currency: row.currency,
    amountMinor: BigInt(row.amount),
    documentId: row.document_id,
    documentNumber: row.document_number,
  }));
  const ledgers = buildStatementLedgers(movements, range.from, range.to);
  const aging = await getAgingReport(deps, { asOf: range.to, clientId });
  const zeroAging = (currency: string) => {
    const zero = show(0n, currency);
    return { ...Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, zero])), total: zero };
  };
  return {
    client,
    from: range.from,
    to: range.to,
    currencies: ledgers.map((ledger) => {
      const aged = aging.clients.find((row) => row.currency === ledger.currency);
      return {
        currency: ledger.currency,
        openingBalance: show(ledger.openingMinor, ledger.currency),
        entries: ledger.entries.map((entry) => ({
          date: entry.date,
          kind: entry.kind,
          documentId: entry.documentId,
          documentNumber: entry.documentNumber,
          amount: show(entry.signedMinor, ledger.currency),
          balance: show(entry.balanceMinor, ledger.currency),
        })),
        closingBalance: show(ledger.closingMinor, ledger.currency),
        aging: (aged
          ? { ...aged.buckets, total: aged.total }
          : zeroAging(ledger.currency)) as StatementCurrencyView['aging'],
      };
    }),
  };
}

const show = (minor: bigint, currency: string) => formatMinor(minor, currencyExponent(currency));
