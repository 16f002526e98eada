import { todayIn } from '../../domain/dates.ts';
import type { BatchProgress } from '../batch-progress.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import {
  type DueGenerationOutcome,
  generateDueRecurringInvoices,
} from './generate-due-recurring-invoices.ts';
import { getRecurringSettings } from './get-recurring-settings.ts';
import { sendPendingRecurringInvoices } from './send-pending-recurring-invoices.ts';

export interface RecurringRunSummary extends DueGenerationOutcome {
  today: string;
  /** Invoices sent automatically in this run. */
  sent: string[];
  /** Generated invoices that could not be sent automatically (the reason is on their period). */
  sendFailed: string[];
}

export interface RecurringRunOptions {
  /** Profiles generated, and invoices sent, per transaction (default: GENERATE_BATCH and SEND_BATCH). */
  batchSize?: number;
  onProgress?: (step: 'generate' | 'send', progress: Parameters<BatchProgress>[0]) => void;
}

/**
 * Generates every due period of every active profile (generate-due-recurring-invoices.ts), then sends those of
 * auto-send profiles in batches too. "Due" means on or before today in the organisation's time zone, asked once per
 * run of the clock: a daylight-saving change shifts instants, never calendar days, so no day is skipped or run
 * twice. Safe to run from several workers at once and again after a crash: each (profile, period) is handled once.
 */
export async function runRecurringInvoices(
  deps: SendingDeps,
  options: RecurringRunOptions = {},
): Promise<RecurringRunSummary> {
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  const { catchUp } = await getRecurringSettings(deps);
  const generation = await generateDueRecurringInvoices(deps, today, catchUp, {
    batchSize: options.batchSize,
    onProgress: (progress) => options.onProgress?.('generate', progress),
  });
  const sending = await sendPendingRecurringInvoices(deps, {
    batchSize: options.batchSize,
    onProgress: (progress) => options.onProgress?.('send', progress),
  });
  return { today, ...generation, sent: sending.sent, sendFailed: sending.failed };
}
