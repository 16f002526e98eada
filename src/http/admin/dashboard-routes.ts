import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCurrency } from '../../domain/currency.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { getDashboardSummary } from '../../services/dashboard/get-dashboard-summary.ts';
import { withResponses } from '../schemas.ts';
import { dashboardSchema } from '../view-schemas.ts';

export const dashboardRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Outstanding, overdue, paid this month, drafts and the last 12 months, per currency',
        description:
          "Months and overdue follow the organisation's time zone. Money received counts payments on the day they " +
          'were paid less refunds on the day they were given back; amounts of different currencies are never added.',
        querystring: z.strictObject({
          currency: z
            .string()
            .toUpperCase()
            .refine(isCurrency, 'Must be an ISO 4217 currency code, e.g. "USD"')
            .optional()
            .meta({ description: 'Only this currency (ISO 4217 code)' }),
        }),
        response: withResponses({ 200: dashboardSchema }),
      },
    },
    async (request) => getDashboardSummary(deps, request.query),
  );
};
