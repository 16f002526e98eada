import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../domain/audit.ts';
import { exportAuditLog } from '../../services/audit/export-audit-log.ts';
import { listAuditLog } from '../../services/audit/list-audit-log.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { csvOptionsQuery, sendCsv } from '../csv-download.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { pageQuery, shortText, uuid, withResponses } from '../schemas.ts';
import { pageOf } from '../view-schemas.ts';

const ACTOR_TYPES = ['user', 'api_token', 'system', 'portal', 'anonymous'] as const;

const instant = z.iso
  .datetime({ offset: true, message: 'Use an ISO 8601 instant such as 2026-01-31T00:00:00Z' })
  .transform((text) => new Date(text));

const fields = z.record(z.string(), z.unknown()).nullable();

const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string().meta({ description: 'ISO 8601 instant' }),
    actor: z.object({
      type: z.enum(ACTOR_TYPES),
      userId: z.string().nullable().meta({ description: 'The user, or the owner of the API token' }),
      tokenId: z.string().nullable(),
      name: z.string().meta({ description: 'As it was when the entry was written' }),
    }),
    action: z.string().meta({ description: `One of ${AUDIT_ACTIONS.join(', ')}` }),
    entity: z.object({ type: z.string(), id: z.string().nullable() }),
    before: fields.meta({ description: 'The fields that changed, as they were; secrets show as [redacted]' }),
    after: fields.meta({ description: 'The same fields as they became; a new secret shows as [changed]' }),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

const auditQuery = z.strictObject({
  ...pageQuery,
  actor: uuid.optional().meta({ description: 'A staff user: their actions and those of their API tokens' }),
  actorType: z.enum(ACTOR_TYPES).optional(),
  action: z
    .string()
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(AUDIT_ACTIONS)))
    .optional()
    .meta({ description: 'Comma-separated actions, e.g. user.created,user.deactivated' }),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: shortText(100)
    .optional()
    .meta({ description: 'With entityType: one user, tax rate, gateway...' }),
  from: instant.optional().meta({ description: 'Entries at or after this instant' }),
  to: instant.optional().meta({ description: 'Entries before this instant' }),
  format: z
    .enum(['json', 'csv'])
    .optional()
    .meta({ description: 'csv: every matching entry as a CSV download (limit and cursor do not apply)' }),
  ...csvOptionsQuery,
});

/** The audit log (admins only): read-only, filterable, exportable as CSV. */
export const auditLogRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/audit-log',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit log'],
        summary: 'Who changed settings, users, tax rates, gateways and API tokens, and who signed in (admin)',
        description:
          'Newest first, with keyset pagination. format=csv answers every matching entry as text/csv (RFC 4180); ' +
          'the export is recorded in the log itself. Entries are kept settings.auditRetentionDays days.',
        querystring: auditQuery,
        response: withResponses({
          200: z.union([pageOf(auditEntrySchema), z.any().meta({ description: 'text/csv with format=csv' })]),
        }),
      },
    },
    async (request, reply) => {
      const { format, limit, cursor, actor, action, bom, delimiter, ...rest } = request.query;
      const filter = { ...rest, actorUserId: actor, actions: action };
      if (format !== 'csv') return listAuditLog(deps, { ...filter, limit, cursor });
      return sendCsv(reply, await exportAuditLog(deps, filter, actionContext(request)), { bom, delimiter });
    },
  );
};
