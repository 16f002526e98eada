import type { Db, Trx } from '../../db/client.ts';
import type { GatewayProviderName } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import { decryptSecret, encryptSecret } from '../settings/secret-box.ts';
import { CREDENTIAL_FIELDS, GATEWAY_PROVIDERS, type GatewayConfig } from './gateway-deps.ts';

/** Binds the ciphertext to its row: one provider's credentials cannot be pasted into another's. */
const purposeOf = (provider: GatewayProviderName) => `gateway_settings.${provider}.credentials`;

export function assertProvider(value: string, field = 'provider'): GatewayProviderName {
  if (!(GATEWAY_PROVIDERS as readonly string[]).includes(value)) {
    throw new ValidationError(field, `${field} must be one of ${GATEWAY_PROVIDERS.join(', ')}`);
  }
  return value as GatewayProviderName;
}

export function sealCredentials(
  key: Buffer,
  provider: GatewayProviderName,
  credentials: Record<string, string>,
) {
  return encryptSecret(key, JSON.stringify(credentials), purposeOf(provider));
}

export function openCredentials(key: Buffer, provider: GatewayProviderName, sealed: string | null) {
  if (sealed === null) return {};
  return JSON.parse(decryptSecret(key, sealed, purposeOf(provider))) as Record<string, string>;
}

export function isComplete(provider: GatewayProviderName, credentials: Record<string, string>): boolean {
  return CREDENTIAL_FIELDS[provider].every((field) => (credentials[field] ?? '') !== '');
}

/** The settings of one provider with its credentials decrypted; null when it has never been configured. */
export async function loadGatewayConfig(
  db: Db | Trx,
  key: Buffer,
  provider: GatewayProviderName,
): Promise<(GatewayConfig & { enabled: boolean }) | null> {
  const row = await db
    .selectFrom('gateway_settings')
    .selectAll()
    .where('provider', '=', provider)
    .executeTakeFirst();
  if (!row) return null;
  return {
    provider,
    mode: row.mode,
    enabled: row.enabled,
    credentials: openCredentials(key, provider, row.credentials_encrypted),
  };
}
