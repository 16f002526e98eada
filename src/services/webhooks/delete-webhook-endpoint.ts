import type { ActionContext, ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { recordEndpointChange } from './webhook-endpoint-audit.ts';

/** Removes the endpoint with its deliveries and their log; events other endpoints still deliver stay. */
export async function deleteWebhookEndpoint(
  deps: ServiceDeps,
  id: string,
  context: ActionContext,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('webhook_endpoints')
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!deleted) throw new NotFoundError('Webhook endpoint');
    await recordEndpointChange(trx, context, deps.clock.now(), deleted, null);
  });
}
