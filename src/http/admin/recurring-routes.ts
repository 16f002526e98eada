import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FREQUENCIES } from '../../domain/recurrence.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { MAX_LINES } from '../../services/documents/document-input.ts';
import { createRecurringProfile } from '../../services/recurring/create-recurring-profile.ts';
import { deleteRecurringProfile } from '../../services/recurring/delete-recurring-profile.ts';
import { getRecurringProfile } from '../../services/recurring/get-recurring-profile.ts';
import { getRecurringSettings } from '../../services/recurring/get-recurring-settings.ts';
import { listRecurringHistory } from '../../services/recurring/list-recurring-history.ts';
import { listRecurringProfiles } from '../../services/recurring/list-recurring-profiles.ts';
import { pauseRecurringProfile } from '../../services/recurring/pause-recurring-profile.ts';
import {
  previewProfileDates,
  previewProfileEdit,
  previewScheduleDates,
} from '../../services/recurring/preview-recurring-dates.ts';
import { resumeRecurringProfile } from '../../services/recurring/resume-recurring-profile.ts';
import { skipNextRecurringInvoice } from '../../services/recurring/skip-next-recurring-invoice.ts';
import { updateRecurringProfile } from '../../services/recurring/update-recurring-profile.ts';
import { updateRecurringSettings } from '../../services/recurring/update-recurring-settings.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import {
  dateString,
  discountSchema,
  idParams,
  invoiceLineSchema,
  longText,
  pageQuery,
  shortText,
  taxReferenceSchema,
  uuid,
  withResponses,
} from '../schemas.ts';
import { listOf, pageOf, totalsSchema } from '../view-schemas.ts';

// Ranges (day 0, interval 0, an end before the start) are checked by the domain, which answers 422 naming the field.
const scheduleFields = {
  frequency: z.enum(FREQUENCIES),
  interval: z
    .number()
    .int()
    .optional()
    .meta({ description: 'Every N days, weeks, months, quarters or years (default 1)' }),
  dayOfMonth: z
    .union([z.number().int(), z.literal('last')])
    .nullable()
    .optional()
    .meta({
      description:
        'Monthly and quarterly: day 1-31 (the 29th-31st fall on the last day of shorter months) or "last". ' +
        'Default: the day of the start date',
    }),
  startDate: dateString,
  endAfterCount: z
    .number()
    .int()
    .nullable()
    .optional()
    .meta({ description: 'Stop after this many invoices' }),
  endDate: dateString.nullable().optional().meta({ description: 'No invoice after this date' }),
};

const profileFields = {
  name: shortText().optional(),
  projectId: uuid.nullable().optional(),
  currency: z.string().length(3).toUpperCase().optional(),
  paymentTerms: shortText(20).optional().meta({
    description:
      'due_on_receipt, net_N (e.g. net_30), eom or eom_next (end of the issue month or of the next), counted from each invoice’s issue date',
  }),
  lines: z.array(invoiceLineSchema).max(MAX_LINES),
  discount: discountSchema.nullable().optional(),
  taxes: z.array(taxReferenceSchema).max(10).optional(),
  notes: longText.optional(),
  terms: longText.optional(),
  autoSend: z
    .boolean()
    .optional()
    .meta({ description: 'Email each invoice to the client when it is generated' }),
};

const decimal = z.string();
const tax = z.object({
  taxRateId: z.string().nullable(),
  name: z.string(),
  rate: decimal,
  inclusive: z.boolean(),
  compound: z.boolean(),
});
const discount = z.object({ kind: z.enum(['percent', 'fixed']), value: decimal }).nullable();

const recurringProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'paused', 'finished']),
    client: z.object({ id: z.string(), name: z.string(), company: z.string() }),
    project: z.object({ id: z.string(), name: z.string() }).nullable(),
    currency: z.string(),
    paymentTerms: z.string(),
    lines: z.array(
      z.object({
        description: z.string(),
        quantity: decimal,
        unitPrice: decimal,
        unit: z.string().nullable().meta({ description: 'UN/ECE Recommendation 20 unit code; null: none' }),
        itemId: z.string().nullable().meta({ description: 'The catalogue item the line was filled from' }),
        discount,
        taxes: z.array(tax),
      }),
    ),
    discount,
    taxes: z.array(tax),
    notes: z.string(),
    terms: z.string(),
    totals: totalsSchema,
    frequency: z.enum(FREQUENCIES),
    interval: z.number(),
    dayOfMonth: z.union([z.number(), z.literal('last')]).nullable(),
    startDate: z.string(),
    endAfterCount: z.number().nullable(),
    endDate: z.string().nullable(),
    autoSend: z.boolean(),
    nextRunDate: z.string().nullable(),
    generatedCount: z.number(),
    upcomingDates: z.array(z.string()),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RecurringProfile' });

/** One date of a schedule: the invoice's issue date and the due date its payment terms give. */
const previewSchema = listOf(
  z.object({ periodDate: z.string(), dueDate: z.string() }).meta({ id: 'RecurringPreviewPeriod' }),
);

const periodSchema = z
  .object({
    periodDate: z.string(),
    outcome: z.enum(['generated', 'skipped', 'missed']),
    invoice: z
      .object({
        id: z.string(),
        number: z.string().nullable(),
        status: z.string(),
        issueDate: z.string(),
        dueDate: z.string(),
        total: z.string(),
      })
      .nullable(),
    sendPending: z.boolean(),
    sendError: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'RecurringPeriod' });

const catchUpSchema = z.object({ catchUp: z.enum(['all', 'latest']) });

export const recurringRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/recurring-profiles',
    {
      schema: {
        tags: ['recurring'],
        summary: 'List recurring profiles, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(['active', 'paused', 'finished']).optional(),
          clientId: uuid.optional(),
        }),
        response: withResponses({ 200: pageOf(recurringProfileSchema) }),
      },
    },
    async (request) => listRecurringProfiles(deps, request.query),
  );

  app.post(
    '/recurring-profiles',
    {
      schema: {
        tags: ['recurring'],
        summary: 'Create a recurring profile: an invoice template and its schedule',
        description:
          'The first invoice is generated on the first date of the schedule on or after `startDate`. A start date ' +
          'in the past is caught up according to the catch-up setting (GET /recurring-settings).',
        body: z.strictObject({ clientId: uuid, ...profileFields, ...scheduleFields }),
        response: withResponses({ 201: recurringProfileSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createRecurringProfile(deps, requireActor(request), request.body)),
  );

  app.post(
    '/recurring-profiles/preview',
    {
      schema: {
        tags: ['recurring'],
        summary: 'The first 12 dates of a schedule, before saving it',
        body: z.strictObject({ ...scheduleFields, paymentTerms: profileFields.paymentTerms }),
        response: withResponses({ 200: previewSchema }),
      },
    },
    async (request) => previewScheduleDates(deps, request.body),
  );

  app.get(
    '/recurring-profiles/:id',
    {
      schema: {
        tags: ['recurring'],
        summary: 'One recurring profile, with its next 12 dates',
        params: idParams,
        response: withResponses({ 200: recurringProfileSchema }),
      },
    },
    async (request) => getRecurringProfile(deps, request.params.id),
  );

  app.patch(
    '/recurring-profiles/:id',
    {
      schema: {
        tags: ['recurring'],
        summary: 'Edit a profile; changes apply to the invoices generated from now on',
        description:
          'Fields left out keep their value; `lines`, when given, replaces all lines. A changed frequency, ' +
          'interval, day or start date takes effect from today: no invoice is generated for earlier dates.',
        params: idParams,
        body: z.strictObject({
          clientId: uuid.optional(),
          ...profileFields,
          lines: profileFields.lines.optional(),
          ...scheduleFields,
          frequency: scheduleFields.frequency.optional(),
          startDate: dateString.optional(),
        }),
        response: withResponses({ 200: recurringProfileSchema }),
      },
    },
    async (request) => updateRecurringProfile(deps, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/recurring-profiles/:id',
    {
      schema: {
        tags: ['recurring'],
        summary: 'Delete a profile; the invoices it generated stay',
        params: idParams,
        response: withResponses({ 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      await deleteRecurringProfile(deps, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/recurring-profiles/:id/pause',
    {
      schema: {
        tags: ['recurring'],
        summary: 'Stop generating invoices until resumed',
        params: idParams,
        response: withResponses({ 200: recurringProfileSchema }),
      },
    },
    async (request) => pauseRecurringProfile(deps, request.params.id),
  );

  app.post(
    '/recurring-profiles/:id/resume',
    {
      schema: {
        tags: ['recurring'],
        summary: 'Resume a paused profile from the first date on or after today',
        params: idParams,
        response: withResponses({ 200: recurringProfileSchema }),
      },
    },
    async (request) => resumeRecurringProfile(deps, request.params.id),
  );

  app.post(
    '/recurring-profiles/:id/skip',
    {
      schema: {
        tags: ['recurring'],
        summary: 'Skip the next invoice; the schedule continues with the date after it',
        params: idParams,
        response: withResponses({ 200: recurringProfileSchema }),
      },
    },
    async (request) => skipNextRecurringInvoice(deps, request.params.id),
  );

  app.get(
    '/recurring-profiles/:id/preview',
    {
      schema: {
        tags: ['recurring'],
        summary: 'The next 12 invoice dates of a profile, with their due dates',
        params: idParams,
        response: withResponses({ 200: previewSchema }),
      },
    },
    async (request) => previewProfileDates(deps, request.params.id),
  );

  app.post(
    '/recurring-profiles/:id/preview',
    {
      schema: {
        tags: ['recurring'],
        summary: 'The next 12 dates of a profile with an edited schedule, before saving the edit',
        description:
          'Takes the schedule fields of PATCH /recurring-profiles/{id} (left out: unchanged) and answers the dates ' +
          'the profile would have once edited; nothing is saved.',
        params: idParams,
        body: z.strictObject({
          ...scheduleFields,
          frequency: scheduleFields.frequency.optional(),
          startDate: dateString.optional(),
          paymentTerms: profileFields.paymentTerms,
        }),
        response: withResponses({ 200: previewSchema }),
      },
    },
    async (request) => previewProfileEdit(deps, request.params.id, request.body),
  );

  app.get(
    '/recurring-profiles/:id/history',
    {
      schema: {
        tags: ['recurring'],
        summary:
          'The periods a profile has handled, newest first: generated (with the invoice), skipped, missed',
        params: idParams,
        querystring: z.strictObject({
          limit: pageQuery.limit,
          cursor: dateString.optional().meta({ description: 'nextCursor of the previous page' }),
        }),
        response: withResponses({ 200: pageOf(periodSchema) }),
      },
    },
    async (request) =>
      listRecurringHistory(deps, request.params.id, {
        limit: request.query.limit,
        before: request.query.cursor,
      }),
  );

  app.get(
    '/recurring-settings',
    {
      schema: {
        tags: ['recurring'],
        summary: 'How recurring invoices catch up after downtime',
        response: withResponses({ 200: catchUpSchema }),
      },
    },
    async () => getRecurringSettings(deps),
  );

  app.put(
    '/recurring-settings',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['recurring'],
        summary:
          'Set the catch-up rule (admin): "all" missed periods, each with its own dates, or only the "latest"',
        body: z.strictObject({ catchUp: z.enum(['all', 'latest']) }),
        response: withResponses({ 200: catchUpSchema }),
      },
    },
    async (request) => updateRecurringSettings(deps, request.body),
  );
};
