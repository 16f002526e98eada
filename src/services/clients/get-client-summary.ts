import { foldClientBalances } from '../../domain/client-balance.ts';
import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { AGING_BUCKETS, type BucketAmounts } from '../../domain/reports/aging.ts';
import type { ServiceDeps } from '../context.ts';
import { getClientCredit } from '../credit-notes/get-client-credit.ts';
import { NotFoundError } from '../errors.ts';
import { getAgingReport } from '../reports/get-aging-report.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readClientMovements } from '../statements/client-movements.ts';
import { type ClientActivityEntry, listClientActivity } from './client-activity.ts';

/** How many timeline events the summary lists. */
export const CLIENT_ACTIVITY_LIMIT = 10;

export interface ClientCurrencySummary {
  currency: string;
  invoiced: string;
  credited: string;
  paid: string;
  outstanding: string;
  overdue: string;
  credit: string;
  balance: string;
  openInvoices: number;
  overdueInvoices: number;
}

export interface ClientSummary {
  clientId: string;
  /** The organisation's date the figures are as of. */
  today: string;
  timeZone: string;
  currencies: ClientCurrencySummary[];
  activity: ClientActivityEntry[];
}

/**
 * A client's balance summary as of the organisation's today, per currency, from the same building blocks as its
 * statement (the movements, summed by the domain) and the aging report (open and overdue balances), with the credit
 * left on its credit notes; and the latest events of its documents.
 */
export async function getClientSummary(deps: ServiceDeps, clientId: string): Promise<ClientSummary> {
  const client = await deps.db
    .selectFrom('clients')
    .select('id')
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const { time_zone: timeZone } = await getSettings(deps.db);
  const today = todayIn(timeZone, deps.clock.now());
  const [movements, aging, credit, activity] = await Promise.all([
    readClientMovements(deps, clientId, today, timeZone),
    getAgingReport(deps, { asOf: today, clientId }),
    getClientCredit(deps, clientId),
    listClientActivity(deps, clientId, CLIENT_ACTIVITY_LIMIT),
  ]);
  const minor = (amount: string, currency: string) =>
    parseMoney(amount, currencyExponent(currency), 'amount');
  const balances = foldClientBalances(
    movements,
    today,
    aging.clients.map((row) => ({
      currency: row.currency,
      buckets: Object.fromEntries(
        AGING_BUCKETS.map((bucket) => [bucket, minor(row.buckets[bucket], row.currency)]),
      ) as BucketAmounts,
    })),
    credit.credit.map((row) => ({ currency: row.currency, amountMinor: minor(row.amount, row.currency) })),
  );
  const openInvoices = aging.invoices ?? [];
  return {
    clientId,
    today,
    timeZone,
    currencies: balances.map((balance) => {
      const show = (amount: bigint) => formatMinor(amount, currencyExponent(balance.currency));
      const open = openInvoices.filter((invoice) => invoice.currency === balance.currency);
      return {
        currency: balance.currency,
        invoiced: show(balance.invoicedMinor),
        credited: show(balance.creditedMinor),
        paid: show(balance.paidMinor),
        outstanding: show(balance.outstandingMinor),
        overdue: show(balance.overdueMinor),
        credit: show(balance.creditMinor),
        balance: show(balance.balanceMinor),
        openInvoices: open.length,
        overdueInvoices: open.filter((invoice) => invoice.daysPastDue > 0).length,
      };
    }),
    activity,
  };
}
