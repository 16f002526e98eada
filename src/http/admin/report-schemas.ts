import { z } from 'zod';
import { isCurrency } from '../../domain/currency.ts';
import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import { REPORT_PERIODS, rangeProblem } from '../../domain/reports/periods.ts';
import { dateString, uuid } from '../schemas.ts';

/** Query parameters and answers of GET /api/v1/reports/* (report-routes.ts). */

const money = z.string().meta({ description: 'Decimal string in major units, e.g. "1234.50"' });

const currency = z
  .string()
  .toUpperCase()
  .refine(isCurrency, 'Must be an ISO 4217 currency code, e.g. "USD"')
  .optional()
  .meta({ description: 'Only this currency (ISO 4217 code)' });

const output = {
  format: z.enum(['json', 'csv', 'pdf']).optional().meta({
    description:
      'csv: an RFC 4180 file (UTF-8, CRLF, decimals as text, ISO dates) to download; pdf: the branded PDF',
  }),
  bom: z
    .enum(['0', '1'])
    .optional()
    .meta({ description: '1: start the CSV with a UTF-8 byte order mark (for spreadsheet programs)' }),
};

/** `from` and `to` of a report, checked together: in order and at most ten years apart. */
function ranged<T extends z.ZodRawShape>(shape: T) {
  return z
    .strictObject({
      from: dateString.meta({ description: 'First day (YYYY-MM-DD, inclusive)' }),
      to: dateString.meta({ description: 'Last day (YYYY-MM-DD, inclusive), at most ten years after from' }),
      ...shape,
    })
    .superRefine((query, context) => {
      const { from, to } = query as { from: string; to: string };
      const problem = rangeProblem(from, to);
      if (problem) context.addIssue({ code: 'custom', path: ['to'], message: problem });
    });
}

const period = z
  .enum(REPORT_PERIODS)
  .default('month')
  .meta({ description: "Calendar month, quarter or year of the organisation's dates (default month)" });

export const agingQuery = z.strictObject({
  asOf: dateString
    .optional()
    .meta({ description: "The day the balances are taken on; default the organisation's today" }),
  currency,
  clientId: uuid.optional().meta({ description: "Drill down: this client's figures and open invoices" }),
  ...output,
});

export const taxQuery = ranged({
  period,
  basis: z.enum(['invoice', 'cash']).default('invoice').meta({
    description: 'invoice: by issue date; cash: by the day money moved, in proportion (default invoice)',
  }),
  currency,
  ...output,
});

export const revenueQuery = ranged({
  groupBy: z.enum(['month', 'client', 'project']).default('month').meta({ description: 'Default month' }),
  currency,
  ...output,
});

export const paymentsQuery = ranged({ period, currency, ...output });

const buckets = z.object(Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, money])));

export const agingReportSchema = z
  .object({
    asOf: z.string(),
    timeZone: z.string(),
    buckets: z.array(z.enum(AGING_BUCKETS)),
    clients: z.array(
      z.object({
        clientId: z.string(),
        clientName: z.string(),
        currency: z.string(),
        buckets,
        total: money,
        invoiceCount: z.number().int(),
      }),
    ),
    totals: z.array(
      z.object({ currency: z.string(), buckets, total: money, invoiceCount: z.number().int() }),
    ),
    invoices: z
      .array(
        z.object({
          id: z.string(),
          number: z.string().nullable(),
          clientId: z.string(),
          currency: z.string(),
          issueDate: z.string(),
          dueDate: z.string(),
          daysPastDue: z.number().int(),
          bucket: z.enum(AGING_BUCKETS),
          balance: money,
        }),
      )
      .optional(),
  })
  .meta({ id: 'AgingReport' });

const taxFigure = {
  currency: z.string(),
  name: z.string(),
  rate: z.string().meta({ description: 'Percent, e.g. "20"' }),
  inclusive: z.boolean(),
  compound: z.boolean(),
  vatCategory: z.string().nullable().meta({ description: 'UNCL5305 category of the tax rate; null: none' }),
  taxableAmount: money,
  taxAmount: money,
};

export const taxReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    period: z.enum(REPORT_PERIODS),
    basis: z.enum(['invoice', 'cash']),
    timeZone: z.string(),
    rows: z.array(z.object({ period: z.string(), ...taxFigure })),
    totals: z.array(z.object(taxFigure)),
  })
  .meta({ id: 'TaxReport' });

const revenueFigures = { currency: z.string(), invoiced: money, collected: money, outstanding: money };

export const revenueReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(['month', 'client', 'project']),
    timeZone: z.string(),
    rows: z.array(z.object({ key: z.string().nullable(), label: z.string(), ...revenueFigures })),
    totals: z.array(z.object(revenueFigures)),
  })
  .meta({ id: 'RevenueReport' });

const paymentFigures = {
  currency: z.string(),
  count: z.number().int(),
  received: money,
  refunded: money,
  net: money,
};

export const paymentsReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    period: z.enum(REPORT_PERIODS),
    timeZone: z.string(),
    rows: z.array(
      z.object({
        period: z.string(),
        method: z.string(),
        gateway: z.string(),
        fees: money.nullable().meta({ description: 'Gateway fees; null: not reported by the gateway' }),
        ...paymentFigures,
      }),
    ),
    totals: z.array(z.object(paymentFigures)),
  })
  .meta({ id: 'PaymentsReport' });
