import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/**
 * Deletes a profile and its period history. Invoices it generated stay, as ordinary invoices (their timeline still
 * names the profile and period they came from).
 */
export async function deleteRecurringProfile(deps: ServiceDeps, id: string): Promise<void> {
  const deleted = await deps.db.deleteFrom('recurring_profiles').where('id', '=', id).executeTakeFirst();
  if (deleted.numDeletedRows === 0n) throw new NotFoundError('Recurring profile');
}
