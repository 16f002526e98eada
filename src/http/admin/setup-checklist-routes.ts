import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { getSetupChecklist, SETUP_STEPS } from '../../services/dashboard/get-setup-checklist.ts';
import { withResponses } from '../schemas.ts';

export const setupChecklistSchema = z
  .object({
    complete: z.boolean().meta({ description: 'Every step is done' }),
    steps: z.array(z.object({ id: z.enum(SETUP_STEPS), done: z.boolean() })),
  })
  .meta({ id: 'SetupChecklist' });

export const setupChecklistRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/dashboard/setup',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'First-run setup checklist: which steps are done',
        description:
          'Derived from the data: business details (name, email, address), a logo, a tax rate, payment details ' +
          '(an enabled gateway, an IBAN or payment instructions), SMTP settings, a client, an issued invoice.',
        response: withResponses({ 200: setupChecklistSchema }),
      },
    },
    async () => getSetupChecklist(deps),
  );
};
