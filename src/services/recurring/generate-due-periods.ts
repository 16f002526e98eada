import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { inSavepoint } from '../../db/savepoint.ts';
import type { RecurringProfileRow, SettingsRow } from '../../db/schema.ts';
import { type CatchUpMode, nextRunAfterRun, planRun } from '../../domain/recurrence.ts';
import { type ServiceDeps, systemActor } from '../context.ts';
import { invoiceColumns, prepareInvoice, writeLines } from '../invoices/prepare-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import { checkClientBillable } from './period-invoice.ts';
import { profileAsInvoice, scheduleOf } from './recurring-profile.ts';

export interface GeneratedPeriods {
  generated: { periodDate: string; invoiceId: string }[];
  missed: string[];
}

/** What generating a batch of profiles did, profile by profile in the batch's order. */
export interface GenerationOutcome {
  generated: { profileId: string; periodDate: string; invoiceId: string }[];
  missed: { profileId: string; periodDate: string }[];
  failed: { profileId: string; error: string }[];
}

/** The draft invoice of one period: issued on the period's date, due according to the profile's terms. */
async function createPeriodInvoice(
  trx: Trx,
  profile: RecurringProfileRow,
  settings: SettingsRow,
  periodDate: string,
  now: Date,
): Promise<string> {
  const prepared = await prepareInvoice(
    trx,
    { issueDate: periodDate },
    profileAsInvoice(profile, settings, periodDate),
    settings,
    now,
  );
  const { id } = await trx
    .insertInto('invoices')
    .values({
      ...invoiceColumns(prepared),
      status: 'draft',
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLines(trx, id, prepared.lines, { replace: false });
  await recordInvoiceEvent(trx, systemActor, {
    invoiceId: id,
    type: 'created',
    toStatus: 'draft',
    data: { recurringProfileId: profile.id, periodDate },
    at: now,
  });
  return id;
}

/**
 * Generates the due periods of one profile, in one transaction. The profile row is locked with SKIP LOCKED: a
 * second worker passes over a profile that another one is handling, then finds it no longer due. Each period row is
 * inserted before its invoice with ON CONFLICT DO NOTHING on (profile, period), so even a worker that got past the
 * lock (a restart between reading and writing, say) cannot generate a period twice.
 */
export async function generateDuePeriods(
  deps: ServiceDeps,
  profileId: string,
  today: string,
  catchUp: CatchUpMode,
): Promise<GeneratedPeriods> {
  const now = deps.clock.now();
  return deps.db.transaction().execute((trx) => generateDuePeriodsIn(trx, profileId, today, catchUp, now));
}

/** generateDuePeriods inside a transaction the caller owns (a batch of profiles). */
export async function generateDuePeriodsIn(
  trx: Trx,
  profileId: string,
  today: string,
  catchUp: CatchUpMode,
  now: Date,
): Promise<GeneratedPeriods> {
  const profile = await trx
    .selectFrom('recurring_profiles')
    .selectAll()
    .where('id', '=', profileId)
    .where('status', '=', 'active')
    .where('next_run_date', '<=', today)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  const result: GeneratedPeriods = { generated: [], missed: [] };
  if (!profile?.next_run_date) return result;

  const client = await trx
    .selectFrom('clients')
    .select('archived_at')
    .where('id', '=', profile.client_id)
    .executeTakeFirstOrThrow();
  checkClientBillable(client);
  const schedule = scheduleOf(profile);
  const plan = planRun(schedule, profile.next_run_date, profile.generated_count, today, catchUp);
  if (plan.missed.length > 0) {
    const inserted = await trx
      .insertInto('recurring_periods')
      .values(
        plan.missed.map((periodDate) => ({
          profile_id: profile.id,
          period_date: periodDate,
          outcome: 'missed' as const,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['profile_id', 'period_date']).doNothing())
      .returning('period_date')
      .execute();
    result.missed = inserted.map((row) => row.period_date);
  }

  const settings = await getSettings(trx);
  for (const periodDate of plan.generate) {
    const claimed = await trx
      .insertInto('recurring_periods')
      .values({
        profile_id: profile.id,
        period_date: periodDate,
        outcome: 'generated',
        send_pending: profile.auto_send,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['profile_id', 'period_date']).doNothing())
      .returning('period_date')
      .executeTakeFirst();
    if (!claimed) continue;
    const invoiceId = await createPeriodInvoice(trx, profile, settings, periodDate, now);
    await trx
      .updateTable('recurring_periods')
      .set({ invoice_id: invoiceId })
      .where('profile_id', '=', profile.id)
      .where('period_date', '=', periodDate)
      .execute();
    result.generated.push({ periodDate, invoiceId });
  }

  const generatedCount = profile.generated_count + result.generated.length;
  const next = nextRunAfterRun(schedule, profile.next_run_date, plan.due, generatedCount);
  await trx
    .updateTable('recurring_profiles')
    .set({
      next_run_date: next,
      generated_count: generatedCount,
      status: next === null ? 'finished' : 'active',
      last_error: null,
      updated_at: now,
    })
    .where('id', '=', profile.id)
    .execute();
  return result;
}

/**
 * The batch of profiles `ids` one profile at a time, each in a savepoint: one broken profile (its client archived,
 * say) is rolled back alone, the others are generated, and staff see why on it. Slower than the set-based path
 * (generate-profile-batch.ts), which falls back on this one when its batch fails.
 */
export async function generateProfilesOneByOne(
  trx: Trx,
  ids: string[],
  today: string,
  catchUp: CatchUpMode,
  now: Date,
): Promise<GenerationOutcome> {
  const outcome: GenerationOutcome = { generated: [], missed: [], failed: [] };
  for (const id of ids) {
    const result = await inSavepoint(trx, () => generateDuePeriodsIn(trx, id, today, catchUp, now));
    if (result.ok) {
      outcome.generated.push(...result.value.generated.map((period) => ({ profileId: id, ...period })));
      outcome.missed.push(...result.value.missed.map((periodDate) => ({ profileId: id, periodDate })));
    } else {
      outcome.failed.push({ profileId: id, error: errorMessage(result.error) });
    }
  }
  await recordGenerationFailures(trx, outcome.failed);
  return outcome;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Says on each failed profile why it was not generated (until a later run succeeds), in one statement. */
export async function recordGenerationFailures(trx: Trx, failed: GenerationOutcome['failed']): Promise<void> {
  if (failed.length === 0) return;
  const rows = failed.map(
    ({ profileId, error }) => sql`(${profileId}::uuid, ${`Generation failed: ${error}`})`,
  );
  await sql`
    update recurring_profiles p set last_error = v.last_error
    from (values ${sql.join(rows)}) as v(id, last_error)
    where p.id = v.id`.execute(trx);
}
