import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VAT_CATEGORY_CODES } from '../../domain/einvoice/vat-category.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { createTaxRate } from '../../services/taxes/create-tax-rate.ts';
import { getTaxRate } from '../../services/taxes/get-tax-rate.ts';
import { listTaxRates } from '../../services/taxes/list-tax-rates.ts';
import { updateTaxRate } from '../../services/taxes/update-tax-rate.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { booleanQuery, decimalInput, idParams, shortText, withResponses } from '../schemas.ts';
import { listOf, taxRateSchema } from '../view-schemas.ts';

const taxFlags = {
  inclusive: z.boolean().optional().meta({ description: 'Contained in prices (extracted from the gross)' }),
  compound: z
    .boolean()
    .optional()
    .meta({ description: 'Charged on the net plus the taxes before it; never with inclusive' }),
};

const vatFields = {
  vatCategory: z
    .enum(VAT_CATEGORY_CODES)
    .nullable()
    .optional()
    .meta({
      description:
        'VAT category (UNCL5305) for e-invoices: S standard, Z zero rated, E exempt, AE reverse charge, K ' +
        'intra-community supply, G export, O not subject, L, M; null: not a VAT (a sales tax). Z, E, AE, K, G ' +
        'and O need rate 0; E needs an exemption reason or VATEX code',
    }),
  exemptionReason: shortText(300)
    .optional()
    .meta({ description: 'Exemption reason (BT-120) as the law states it' }),
  vatexCode: shortText(30)
    .nullable()
    .optional()
    .meta({ description: 'VATEX code (BT-121), e.g. VATEX-EU-AE' }),
};

export const taxRateRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/tax-rates',
    {
      schema: {
        tags: ['tax rates'],
        summary: 'List tax rates (defaults first)',
        querystring: z.strictObject({ archived: booleanQuery.optional() }),
        response: withResponses({ 200: listOf(taxRateSchema) }),
      },
    },
    async (request) => ({ items: await listTaxRates(deps, request.query) }),
  );

  app.post(
    '/tax-rates',
    {
      schema: {
        tags: ['tax rates'],
        summary: 'Create a tax rate; isDefault applies it to new invoices',
        description: 'A rate is inclusive or compound, not both: both answers 422 naming compound.',
        body: z.strictObject({
          name: shortText(100).min(1),
          rate: decimalInput,
          inclusive: taxFlags.inclusive,
          compound: taxFlags.compound,
          isDefault: z.boolean().optional(),
          ...vatFields,
        }),
        response: withResponses({ 201: taxRateSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createTaxRate(deps, request.body, actionContext(request))),
  );

  app.get(
    '/tax-rates/:id',
    {
      schema: {
        tags: ['tax rates'],
        summary: 'One tax rate',
        params: idParams,
        response: withResponses({ 200: taxRateSchema }),
      },
    },
    async (request) => getTaxRate(deps, request.params.id),
  );

  app.patch(
    '/tax-rates/:id',
    {
      schema: {
        tags: ['tax rates'],
        summary: 'Change or archive a tax rate (invoices already written keep their copy)',
        description:
          'The rate must come out inclusive or compound, not both (422 naming the flag sent). A rate an older ' +
          'version saved as both must be fixed by the change (or archived as it is); until then invoices that use ' +
          'it are refused with 422 naming the tax.',
        params: idParams,
        body: z.strictObject({
          name: shortText(100).min(1).optional(),
          rate: decimalInput.optional(),
          inclusive: taxFlags.inclusive,
          compound: taxFlags.compound,
          isDefault: z.boolean().optional(),
          archived: z.boolean().optional(),
          ...vatFields,
        }),
        response: withResponses({ 200: taxRateSchema }),
      },
    },
    async (request) => updateTaxRate(deps, request.params.id, request.body, actionContext(request)),
  );
};
