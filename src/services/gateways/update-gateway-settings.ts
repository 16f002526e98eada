import { CHANGED_SECRET, changedFields, SECRET_NOT_SET, SECRET_SET } from '../../domain/audit.ts';
import { ValidationError } from '../../domain/errors.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext } from '../context.ts';
import { SecretUnreadableError } from '../settings/secret-box.ts';
import { assertProvider, isComplete, openCredentials, sealCredentials } from './gateway-config.ts';
import { CREDENTIAL_FIELDS, type GatewayDeps } from './gateway-deps.ts';
import { type GatewaySettingsView, getGatewaySettings } from './get-gateway-settings.ts';

export interface UpdateGatewaySettingsInput {
  enabled?: boolean;
  mode?: 'test' | 'live';
  /** Only the credentials given change; an empty string clears one. Left out: kept as stored. */
  credentials?: Record<string, string>;
}

/**
 * Saves a gateway's settings. Credentials are merged into the stored ones and sealed again, so an admin can change
 * the webhook secret without typing the API key again. A gateway can be enabled only with every credential set.
 */
export async function updateGatewaySettings(
  deps: GatewayDeps,
  context: ActionContext,
  providerName: string,
  input: UpdateGatewaySettingsInput,
): Promise<GatewaySettingsView> {
  const provider = assertProvider(providerName);
  const fields = CREDENTIAL_FIELDS[provider];
  for (const [name, value] of Object.entries(input.credentials ?? {})) {
    if (!fields.includes(name)) {
      throw new ValidationError(
        `credentials.${name}`,
        `${provider} takes these credentials: ${fields.join(', ')}`,
      );
    }
    if (value !== value.trim()) {
      throw new ValidationError(
        `credentials.${name}`,
        `credentials.${name} must not start or end with spaces`,
      );
    }
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('gateway_settings')
      .selectAll()
      .where('provider', '=', provider)
      .forUpdate()
      .executeTakeFirst();
    let stored: Record<string, string> = {};
    try {
      stored = openCredentials(deps.secretKey, provider, row?.credentials_encrypted ?? null);
    } catch (error) {
      // Unreadable after a key change: the admin is entering them again, start from nothing.
      if (!(error instanceof SecretUnreadableError)) throw error;
    }
    const credentials = { ...stored, ...(input.credentials ?? {}) };
    for (const name of Object.keys(credentials)) if (credentials[name] === '') delete credentials[name];
    const enabled = input.enabled ?? row?.enabled ?? false;
    if (enabled && !isComplete(provider, credentials)) {
      const missing = fields.filter((name) => !credentials[name]);
      throw new ValidationError(
        `credentials.${missing[0]}`,
        `To enable ${provider}, set ${missing.join(', ')} first`,
      );
    }
    const values = {
      enabled,
      mode: input.mode ?? row?.mode ?? 'test',
      credentials_encrypted: Object.keys(credentials).length
        ? sealCredentials(deps.secretKey, provider, credentials)
        : null,
      updated_by: context.actor.userId,
      updated_at: now,
    };
    await trx
      .insertInto('gateway_settings')
      .values({ provider, ...values })
      .onConflict((oc) => oc.column('provider').doUpdateSet(values))
      .execute();
    const credentialStates = (from: Record<string, string>, markChanged: boolean) =>
      Object.fromEntries(
        fields.map((name) => [
          name,
          !from[name]
            ? SECRET_NOT_SET
            : markChanged && from[name] !== stored[name]
              ? CHANGED_SECRET
              : SECRET_SET,
        ]),
      );
    const changes = changedFields(
      {
        enabled: row?.enabled ?? false,
        mode: row?.mode ?? 'test',
        credentials: credentialStates(stored, false),
      },
      { enabled, mode: values.mode, credentials: credentialStates(credentials, true) },
    );
    if (changes) {
      await recordAuditEntry(trx, context, now, {
        action: 'gateway.settings_updated',
        entityType: 'gateway',
        entityId: provider,
        ...changes,
      });
    }
  });
  return getGatewaySettings(deps, provider);
}
