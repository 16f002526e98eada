import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { webhookBody } from '../../domain/webhook-events.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../../domain/webhook-signature.ts';
import { parseWebhookUrl } from '../../domain/webhook-target.ts';
import { decryptSecret } from '../settings/secret-box.ts';
import { checkWebhookTarget } from './check-webhook-target.ts';
import { getWebhookSettings } from './get-webhook-settings.ts';
import { type AttemptOutcome, type AttemptResult, recordWebhookAttempt } from './record-webhook-attempt.ts';
import { endpointSecretPurpose, type WebhookDeps } from './webhook-deps.ts';

export interface WebhookDeliveryOptions {
  /** Rows claimed per round trip (default 50). */
  batchSize?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** How long a claimed row stays with its worker; longer than the timeout. */
  leaseMs?: number;
  /** Deadline of one request, connecting to reading the answer (default 10 s). */
  timeoutMs?: number;
  /** Bytes of an answer read and kept in the log (default 1 KiB). */
  maxResponseBytes?: number;
  /** In [0, 1), for the backoff's jitter; tests fix it. */
  random?: () => number;
}

export interface WebhookDeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

const USER_AGENT = 'Remit-Webhooks/1';

interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  url: string;
  secret_encrypted: string;
  event_type: string;
  event_data: unknown;
  event_created_at: Date;
}

/**
 * Claims due deliveries of enabled endpoints so that no two workers get the same one (FOR UPDATE SKIP LOCKED, as
 * the email outbox does), moving them to 'delivering' with a lease in one committed statement before any request.
 */
async function claimDueDeliveries(
  deps: WebhookDeps,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const now = deps.clock.now();
  const { rows } = await sql<ClaimedDelivery>`
    with claimed as (
      update webhook_deliveries
      set state = 'delivering', attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + leaseMs)}
      where id in (
        select d.id from webhook_deliveries d
        join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
        where d.state in ('pending', 'retrying', 'delivering') and d.next_attempt_at <= ${now}
        order by d.next_attempt_at
        limit ${limit}
        for update of d skip locked
      )
      returning id, endpoint_id, event_id, attempts
    )
    select claimed.*, e.url, e.secret_encrypted, v.type as event_type, v.data as event_data,
      v.created_at as event_created_at
    from claimed
    join webhook_endpoints e on e.id = claimed.endpoint_id
    join outgoing_events v on v.id = claimed.event_id
  `.execute(deps.db);
  return rows;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/** One attempt: check where the URL leads now, sign, POST; never throws. */
async function attempt(
  deps: WebhookDeps,
  delivery: ClaimedDelivery,
  allowPrivate: boolean,
  options: Required<Pick<WebhookDeliveryOptions, 'timeoutMs' | 'maxResponseBytes'>>,
): Promise<Omit<AttemptOutcome, 'deliveryId' | 'endpointId' | 'attempts'>> {
  const started = performance.now();
  const failed = (error: string, statusCode: number | null = null, responseExcerpt = '') => ({
    ok: false,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
    responseExcerpt,
  });
  try {
    const target = parseWebhookUrl(delivery.url);
    if (typeof target === 'string') return failed(`The URL ${target}`);
    const { address, family } = await checkWebhookTarget(deps.transport, target, allowPrivate);
    const secret = decryptSecret(
      deps.secretKey,
      delivery.secret_encrypted,
      endpointSecretPurpose(delivery.endpoint_id),
    );
    const body = webhookBody({
      id: delivery.event_id,
      type: delivery.event_type,
      createdAt: delivery.event_created_at,
      data: delivery.event_data,
    });
    const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
    const response = await deps.transport.post({
      url: target.url,
      address,
      family,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'remit-event-id': delivery.event_id,
        'remit-event-type': delivery.event_type,
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secret, timestamp, body),
      },
      body,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    });
    const excerpt = response.body;
    if (response.status >= 200 && response.status < 300)
      return {
        ok: true,
        statusCode: response.status,
        error: null,
        durationMs: Math.round(performance.now() - started),
        responseExcerpt: excerpt,
      };
    return failed(`The endpoint answered HTTP ${response.status}`, response.status, excerpt);
  } catch (error) {
    return failed(errorText(error));
  }
}

/**
 * Delivers every due webhook: at least once (a worker that dies mid-request leaves the row 'delivering'; once its
 * lease has passed another takes it again, so receivers dedupe on the event id), in no guaranteed order.
 */
export async function deliverDueWebhooks(
  deps: WebhookDeps,
  options: WebhookDeliveryOptions = {},
): Promise<WebhookDeliveryReport> {
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? timeoutMs + 60_000;
  const maxResponseBytes = options.maxResponseBytes ?? 1024;
  const random = options.random ?? Math.random;
  const report: WebhookDeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
  const { allowPrivateTargets } = await getWebhookSettings(deps.db);

  for (;;) {
    const claimed = await claimDueDeliveries(deps, batchSize, leaseMs);
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        const outcome = await attempt(deps, delivery, allowPrivateTargets, { timeoutMs, maxResponseBytes });
        const result: AttemptResult = await recordWebhookAttempt(
          deps.db,
          {
            deliveryId: delivery.id,
            endpointId: delivery.endpoint_id,
            attempts: delivery.attempts,
            ...outcome,
          },
          deps.clock.now(),
          random(),
        );
        report[result] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    if (claimed.length < batchSize) return report;
  }
}
