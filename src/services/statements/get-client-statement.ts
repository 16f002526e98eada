import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { assertValidDate, todayIn } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import { rangeProblem } from '../../domain/reports/periods.ts';
import { buildStatementLedgers } from '../../domain/statement.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { getAgingReport } from '../reports/get-aging-report.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readClientMovements } from './client-movements.ts';
import type { ClientStatement, StatementCurrencyView } from './statement-view.ts';

export interface StatementQuery {
  /** Default: the first day of `to`'s month. */
  from?: string;
  /** Default: the organisation's today. */
  to?: string;
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
 * A client's statement for `from`..`to`: the client's movements up to `to` (see client-movements.ts), signed and
 * summed per currency by the domain. The aging is the aging report's for this client as of `to`, so both always
 * agree.
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
  const { time_zone: timeZone } = await getSettings(deps.db);
  const movements = await readClientMovements(deps, clientId, range.to, timeZone);
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
