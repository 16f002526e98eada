import type { ServiceDeps } from '../context.ts';
import { loadProfileView } from './recurring-view.ts';

export async function getRecurringProfile(deps: ServiceDeps, id: string) {
  return loadProfileView(deps.db, id);
}
