import { ConflictError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import { loadProfile } from './recurring-profile.ts';
import { loadProfileView } from './recurring-view.ts';

/** Stops generating until resumed. Pausing a paused profile changes nothing. */
export async function pauseRecurringProfile(deps: ServiceDeps, id: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadProfile(trx, id, { lock: true });
    if (row.status === 'finished') {
      throw new ConflictError(
        'profile_finished',
        'This recurring profile has ended; edit its end to continue it',
      );
    }
    if (row.status === 'active') {
      await trx
        .updateTable('recurring_profiles')
        .set({ status: 'paused', updated_at: now })
        .where('id', '=', id)
        .execute();
    }
    return loadProfileView(trx, id);
  });
}
