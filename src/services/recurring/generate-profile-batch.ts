import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import { insertRows, rowsOf } from '../../db/json-rows.ts';
import type { RecurringProfileRow } from '../../db/schema.ts';
import { type CatchUpMode, nextRunAfterRun, planRun } from '../../domain/recurrence.ts';
import { systemActor } from '../context.ts';
import { lineColumns } from '../documents/prepare-document-body.ts';
import { invoiceColumns, type PreparedInvoice } from '../invoices/prepare-invoice.ts';
import { invoiceEventRow } from '../invoices/record-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import {
  errorMessage,
  type GenerationOutcome,
  generateProfilesOneByOne,
  recordGenerationFailures,
} from './generate-due-periods.ts';
import { checkClientBillable, preparePeriodInvoices } from './period-invoice.ts';
import { scheduleOf } from './recurring-profile.ts';

/**
 * Generates the due periods of the profiles `ids` (a batch, in one transaction) with a few set-based statements,
 * writing the rows generateDuePeriodsIn would write one profile at a time. If the batch fails (a period already
 * recorded, a row the database refuses), nothing of it stays, and it is done again in a new transaction one profile
 * at a time in savepoints, so a bad profile is rolled back alone and retried on the next run, as before.
 */
export async function generateProfileBatch(
  db: Db,
  ids: string[],
  today: string,
  catchUp: CatchUpMode,
  now: Date,
): Promise<GenerationOutcome & { redoneOneByOne: boolean }> {
  try {
    const outcome = await db.transaction().execute((trx) => generateSetBased(trx, ids, today, catchUp, now));
    return { ...outcome, redoneOneByOne: false };
  } catch {
    const outcome = await db
      .transaction()
      .execute((trx) => generateProfilesOneByOne(trx, ids, today, catchUp, now));
    return { ...outcome, redoneOneByOne: true };
  }
}

/** A profile locked for the batch, with what its invoices need of its client and project (null: not found). */
type LockedProfile = RecurringProfileRow & {
  found_client_id: string | null;
  client_name: string | null;
  client_company: string | null;
  client_archived_at: Date | null;
  client_currency: string | null;
  found_project_id: string | null;
  project_name: string | null;
  project_client_id: string | null;
};

/** One profile of the batch, worked out in memory before anything is written. */
interface ProfilePlan {
  profile: LockedProfile;
  due: string[];
  missed: string[];
  invoices: PreparedInvoice[];
}

/**
 * The set-based path: locks the batch's profiles and reads their clients and projects in one statement (SKIP
 * LOCKED: another worker's profiles are passed over, as on the one-profile path), prepares every invoice in memory
 * (a profile whose invoice cannot be made fails alone, before any write), then writes periods, invoices, lines,
 * events and profiles in one statement. Periods are inserted without ON CONFLICT: a period already recorded under
 * its (profile, period) key fails the batch, which the one-profile path then handles.
 */
async function generateSetBased(
  trx: Trx,
  ids: string[],
  today: string,
  catchUp: CatchUpMode,
  now: Date,
): Promise<GenerationOutcome> {
  const outcome: GenerationOutcome = { generated: [], missed: [], failed: [] };
  if (ids.length === 0) return outcome;
  const profiles: LockedProfile[] = await trx
    .selectFrom('recurring_profiles as p')
    .leftJoin('clients as c', 'c.id', 'p.client_id')
    .leftJoin('projects as pr', 'pr.id', 'p.project_id')
    .selectAll('p')
    .select([
      'c.id as found_client_id',
      'c.name as client_name',
      'c.company as client_company',
      'c.archived_at as client_archived_at',
      'c.currency as client_currency',
      'pr.id as found_project_id',
      'pr.name as project_name',
      'pr.client_id as project_client_id',
    ])
    .where('p.id', 'in', ids)
    .where('p.status', '=', 'active')
    .where('p.next_run_date', '<=', today)
    .orderBy('p.next_run_date')
    .orderBy('p.id')
    .forUpdate(['p'])
    .skipLocked()
    .execute();
  if (profiles.length === 0) return outcome;
  const plans = await planProfiles(trx, profiles, today, catchUp, now, outcome.failed);

  const periodRows = [];
  const invoiceRows = [];
  const lineRows = [];
  const eventRows = [];
  const profileRows = [];
  for (const { profile, due, missed, invoices } of plans) {
    for (const periodDate of missed) {
      periodRows.push(periodRow(profile, periodDate, null, now));
      outcome.missed.push({ profileId: profile.id, periodDate });
    }
    for (const invoice of invoices) {
      const id = randomUUID();
      const periodDate = invoice.issueDate;
      periodRows.push(periodRow(profile, periodDate, id, now));
      invoiceRows.push({
        id,
        ...invoiceColumns(invoice),
        taxes: invoice.taxes,
        status: 'draft',
        created_by: null,
        created_at: now,
        updated_at: now,
      });
      lineRows.push(
        ...invoice.lines.map((line, position) => ({
          invoice_id: id,
          ...lineColumns(line, position),
          taxes: line.taxes,
        })),
      );
      const data = { recurringProfileId: profile.id, periodDate };
      eventRows.push({
        ...invoiceEventRow(systemActor, { invoiceId: id, type: 'created', toStatus: 'draft', data, at: now }),
        data,
      });
      outcome.generated.push({ profileId: profile.id, periodDate, invoiceId: id });
    }
    const generatedCount = profile.generated_count + invoices.length;
    const next = nextRunAfterRun(scheduleOf(profile), profile.next_run_date!, due, generatedCount);
    profileRows.push({
      id: profile.id,
      next_run_date: next,
      generated_count: generatedCount,
      status: next === null ? 'finished' : 'active',
      updated_at: now,
    });
  }

  await writeAll(trx, [
    ['periods', periodRows.length, insertRows('recurring_periods', periodRows)],
    ['invoices', invoiceRows.length, insertRows('invoices', invoiceRows)],
    ['lines', lineRows.length, insertRows('invoice_lines', lineRows)],
    ['events', eventRows.length, insertRows('invoice_events', eventRows)],
    [
      'profiles',
      profileRows.length,
      sql`update recurring_profiles p
          set next_run_date = v.next_run_date, generated_count = v.generated_count, status = v.status,
              last_error = null, updated_at = v.updated_at
          from ${rowsOf('recurring_profiles', profileRows)} v where p.id = v.id`,
    ],
  ]);
  await recordGenerationFailures(trx, outcome.failed);
  return outcome;
}

function periodRow(profile: RecurringProfileRow, periodDate: string, invoiceId: string | null, now: Date) {
  return {
    profile_id: profile.id,
    period_date: periodDate,
    outcome: invoiceId ? 'generated' : 'missed',
    invoice_id: invoiceId,
    send_pending: invoiceId ? profile.auto_send : false,
    created_at: now,
  };
}

/**
 * Runs the writes that have rows as data-modifying CTEs of one statement (foreign keys between them are checked at
 * its end) and checks that each wrote as many rows as it was given.
 */
async function writeAll(trx: Trx, writes: [name: string, rows: number, statement: RawBuilder<unknown>][]) {
  const present = writes.filter(([, rows]) => rows > 0);
  if (present.length === 0) return;
  const ctes = present.map(([name, , statement]) => sql`${sql.id(name)} as (${statement} returning 1)`);
  const counts = present.map(([name]) => sql`(select count(*) from ${sql.id(name)})::int as ${sql.id(name)}`);
  const { rows } = await sql<
    Record<string, number>
  >`with ${sql.join(ctes)} select ${sql.join(counts)}`.execute(trx);
  for (const [name, expected] of present) {
    const written = rows[0]?.[name];
    if (written !== expected) throw new Error(`The batch wrote ${written} ${name} instead of ${expected}`);
  }
}

/**
 * Each profile's periods and invoices, worked out in memory. A profile whose invoice cannot be made (client
 * archived, a project moved to another client, figures the totals engine refuses) goes to `failed` with the error
 * the one-profile path would give, and is left out.
 */
async function planProfiles(
  trx: Trx,
  profiles: LockedProfile[],
  today: string,
  catchUp: CatchUpMode,
  now: Date,
  failed: GenerationOutcome['failed'],
): Promise<ProfilePlan[]> {
  const settings = await getSettings(trx);
  const plans: ProfilePlan[] = [];
  for (const profile of profiles) {
    try {
      if (profile.found_client_id !== null) checkClientBillable({ archived_at: profile.client_archived_at });
      const plan = planRun(
        scheduleOf(profile),
        profile.next_run_date!,
        profile.generated_count,
        today,
        catchUp,
      );
      const invoices = await preparePeriodInvoices(
        trx,
        profile,
        settings,
        referencesOf(profile),
        plan.generate,
        now,
      );
      plans.push({ profile, due: plan.due, missed: plan.missed, invoices });
    } catch (error) {
      failed.push({ profileId: profile.id, error: errorMessage(error) });
    }
  }
  return plans;
}

/** The client and project of a locked profile, as prepareDocumentBody takes them (null: not found). */
function referencesOf(profile: LockedProfile) {
  return {
    client:
      profile.found_client_id === null
        ? null
        : {
            id: profile.found_client_id,
            name: profile.client_name ?? '',
            company: profile.client_company ?? '',
            currency: profile.client_currency,
            archived: profile.client_archived_at !== null,
          },
    project:
      profile.found_project_id === null
        ? null
        : {
            id: profile.found_project_id,
            name: profile.project_name ?? '',
            clientId: profile.project_client_id ?? '',
          },
  };
}
