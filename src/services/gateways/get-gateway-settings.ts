import type { GatewayProviderName } from '../../db/schema.ts';
import { SecretUnreadableError } from '../settings/secret-box.ts';
import { assertProvider, isComplete, openCredentials } from './gateway-config.ts';
import { CREDENTIAL_FIELDS, type GatewayDeps, PROVIDER_LABELS } from './gateway-deps.ts';

export interface GatewaySettingsView {
  provider: GatewayProviderName;
  name: string;
  enabled: boolean;
  mode: 'test' | 'live';
  /** Each credential by name, saying only whether it is set: secrets never leave the server. */
  credentials: { name: string; set: boolean }[];
  configured: boolean;
  /** Set when the stored credentials cannot be decrypted (APP_SECRET changed): they must be entered again. */
  problem: string | null;
  webhookUrl: string;
  updatedAt: string | null;
}

export function webhookUrlOf(appUrl: string, provider: GatewayProviderName): string {
  return `${appUrl}/api/webhooks/${provider}`;
}

/** The settings of one gateway for the admin screen, secrets reduced to "set" or "not set". */
export async function getGatewaySettings(
  deps: GatewayDeps,
  providerName: string,
): Promise<GatewaySettingsView> {
  const provider = assertProvider(providerName);
  const row = await deps.db
    .selectFrom('gateway_settings')
    .selectAll()
    .where('provider', '=', provider)
    .executeTakeFirst();
  let credentials: Record<string, string> = {};
  let problem: string | null = null;
  try {
    credentials = openCredentials(deps.secretKey, provider, row?.credentials_encrypted ?? null);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    problem = error.message;
  }
  return {
    provider,
    name: PROVIDER_LABELS[provider],
    enabled: row?.enabled ?? false,
    mode: row?.mode ?? 'test',
    credentials: CREDENTIAL_FIELDS[provider].map((name) => ({ name, set: (credentials[name] ?? '') !== '' })),
    configured: isComplete(provider, credentials),
    problem,
    webhookUrl: webhookUrlOf(deps.appUrl, provider),
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}
