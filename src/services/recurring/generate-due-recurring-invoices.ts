import { sql } from 'kysely';
import type { CatchUpMode } from '../../domain/recurrence.ts';
import type { BatchProgress } from '../batch-progress.ts';
import { BatchesInFlight } from '../batches-in-flight.ts';
import type { ServiceDeps } from '../context.ts';
import type { GenerationOutcome } from './generate-due-periods.ts';
import { generateProfileBatch } from './generate-profile-batch.ts';

/**
 * Profiles generated per transaction. A batch costs a handful of statements whatever its size, so larger batches
 * mean fewer round trips and commits; 500 keeps each transaction (and the profile locks it holds) well under a
 * second.
 */
export const GENERATE_BATCH = 500;

export interface DueGenerationOutcome extends GenerationOutcome {
  /** Batches whose set-based writes failed and that were done again one profile at a time (slower). */
  batchesRedoneOneByOne: number;
}

/**
 * Batches in flight at once. While the database writes one batch, Node locks and prepares the next one in memory
 * (on another connection), so neither waits for the other.
 */
const IN_FLIGHT = 2;

type BatchResult = Awaited<ReturnType<typeof generateProfileBatch>>;

/**
 * Generates every due period of every active profile due on `today`: all the due work, in batches of `batchSize`
 * profiles in (next run date, id) order, each batch one transaction written with a few set-based statements
 * (generate-profile-batch.ts), two batches in flight. A profile whose next date is still due after its batch (a
 * period another worker had taken did not use up its count) comes again in a later batch if one follows, else on the
 * next run. Safe to run from several workers at once and again after a crash: each (profile, period) is handled once.
 */
export async function generateDueRecurringInvoices(
  deps: ServiceDeps,
  today: string,
  catchUp: CatchUpMode,
  options: { batchSize?: number; onProgress?: BatchProgress } = {},
): Promise<DueGenerationOutcome> {
  const batchSize = options.batchSize ?? GENERATE_BATCH;
  const summary: DueGenerationOutcome = { generated: [], missed: [], failed: [], batchesRedoneOneByOne: 0 };
  let batch = 0;
  const batches = new BatchesInFlight<BatchResult>(IN_FLIGHT, (done) => {
    summary.generated.push(...done.generated);
    summary.missed.push(...done.missed);
    summary.failed.push(...done.failed);
    if (done.redoneOneByOne) summary.batchesRedoneOneByOne += 1;
    batch += 1;
    options.onProgress?.({ batch, done: done.generated.length, total: summary.generated.length });
  });

  let after: { nextRunDate: string; id: string } | null = null;
  await batches.run(async () => {
    for (;;) {
      const from: { nextRunDate: string; id: string } | null = after;
      // Read without locks: each batch locks its own profiles, passing over those another worker holds.
      const due = await deps.db
        .selectFrom('recurring_profiles')
        .select(['id', 'next_run_date'])
        .where('status', '=', 'active')
        .where('next_run_date', '<=', today)
        .$if(from !== null, (query) =>
          query.where(sql<boolean>`(next_run_date, id) > (${from!.nextRunDate}::date, ${from!.id}::uuid)`),
        )
        .orderBy('next_run_date')
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (due.length === 0) break;
      const ids = due.map((row) => row.id);
      await batches.start(() => generateProfileBatch(deps.db, ids, today, catchUp, deps.clock.now()));
      if (due.length < batchSize) break;
      after = { nextRunDate: due.at(-1)!.next_run_date!, id: due.at(-1)!.id };
    }
  });
  return summary;
}
