import { ValidationError } from '../../domain/errors.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../domain/webhook-events.ts';
import { parseWebhookUrl } from '../../domain/webhook-target.ts';
import { checkWebhookTarget, WebhookTargetRefusedError } from './check-webhook-target.ts';
import { getWebhookSettings } from './get-webhook-settings.ts';
import type { WebhookDeps } from './webhook-deps.ts';

export interface WebhookEndpointInput {
  url: string;
  description?: string;
  eventTypes: WebhookEventType[];
  /** Left out on create: Remit generates one and returns it once. */
  secret?: string;
  enabled?: boolean;
}

export const MIN_SECRET_LENGTH = 16;

/** The URL as it will be stored, once it is a valid http(s) URL whose host Remit may deliver to (422 naming `url`). */
export async function checkedEndpointUrl(deps: WebhookDeps, raw: string): Promise<string> {
  const target = parseWebhookUrl(raw.trim());
  if (typeof target === 'string') throw new ValidationError('url', `The URL ${target}`);
  const { allowPrivateTargets } = await getWebhookSettings(deps.db);
  try {
    await checkWebhookTarget(deps.transport, target, allowPrivateTargets);
  } catch (error) {
    if (error instanceof WebhookTargetRefusedError)
      throw new ValidationError('url', `The URL is refused: ${error.message}`);
    throw error;
  }
  return target.url.toString();
}

/** Subscribed types without repeats, in the catalogue's order; at least one. */
export function checkedEventTypes(types: readonly string[]): WebhookEventType[] {
  const unknown = types.find((type) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type));
  if (unknown !== undefined)
    throw new ValidationError('eventTypes', `"${unknown}" is not a webhook event type`);
  if (types.length === 0) throw new ValidationError('eventTypes', 'Choose at least one event type');
  return WEBHOOK_EVENT_TYPES.filter((type) => types.includes(type));
}

export function checkedSecret(secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH || /\s/.test(secret))
    throw new ValidationError(
      'secret',
      `The signing secret needs at least ${MIN_SECRET_LENGTH} characters and no spaces`,
    );
  return secret;
}
