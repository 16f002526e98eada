import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getClientSummary } from '../../services/clients/get-client-summary.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { idParams, withResponses } from '../schemas.ts';
import { invoiceEventSchema } from '../view-schemas.ts';

const money = (description: string) =>
  z.string().meta({ description: `${description}. Decimal string in major units, e.g. "1234.50"` });

export const clientSummarySchema = z
  .object({
    clientId: z.string(),
    today: z.string().meta({ description: "The organisation's date (YYYY-MM-DD) the figures are as of" }),
    timeZone: z.string(),
    currencies: z
      .array(
        z.object({
          currency: z.string(),
          invoiced: money('Issued invoices less what their voids took back'),
          credited: money('Issued credit notes'),
          paid: money('Payments received less refunds given back'),
          outstanding: money('Open invoice balances, as in the aging report'),
          overdue: money("The part of outstanding past its due date in the organisation's time zone"),
          credit: money('Credit left: issued credit notes less what was applied or refunded'),
          balance: money("The statement's closing balance as of today: outstanding less credit"),
          openInvoices: z.number().int(),
          overdueInvoices: z.number().int(),
        }),
      )
      .meta({
        description: 'One entry per currency the client has figures in; never added across currencies',
      }),
    activity: z
      .array(
        z.object({
          document: z.object({
            kind: z.enum(['invoice', 'quote', 'credit_note']),
            id: z.string(),
            number: z.string().nullable(),
            currency: z.string(),
          }),
          event: invoiceEventSchema,
        }),
      )
      .meta({
        description: "The latest timeline events of the client's documents and payments, newest first",
      }),
  })
  .meta({ id: 'ClientSummary' });

/** The client page's balance summary, for staff of either role like the other client reads. */
export const clientSummaryRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/clients/:id/summary',
    {
      schema: {
        tags: ['clients'],
        summary: "A client's balance summary per currency and its recent activity",
        description:
          "Invoiced, paid, outstanding, overdue and credit as of the organisation's today, per currency, from the " +
          "same figures as the client's statement and the aging report; the latest events of its invoices, " +
          'payments, quotes and credit notes.',
        params: idParams,
        response: withResponses({ 200: clientSummarySchema }),
      },
    },
    async (request) => getClientSummary(deps, request.params.id),
  );
};
