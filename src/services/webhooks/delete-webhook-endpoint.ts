import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/** Removes the endpoint with its deliveries and their log; events other endpoints still deliver stay. */
export async function deleteWebhookEndpoint(deps: ServiceDeps, id: string): Promise<void> {
  const deleted = await deps.db
    .deleteFrom('webhook_endpoints')
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!deleted) throw new NotFoundError('Webhook endpoint');
}
