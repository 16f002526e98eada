import { GatewayError } from '../../ports.ts';
import { SecretUnreadableError } from '../settings/secret-box.ts';
import { assertProvider, isComplete, loadGatewayConfig } from './gateway-config.ts';
import type { GatewayDeps } from './gateway-deps.ts';

export type ConnectionCheck = { ok: true; message: string } | { ok: false; message: string };

/** Makes a harmless authenticated call to the provider with the stored credentials and says in words how it went. */
export async function checkGatewayConnection(
  deps: GatewayDeps,
  providerName: string,
): Promise<ConnectionCheck> {
  const provider = assertProvider(providerName);
  let config: Awaited<ReturnType<typeof loadGatewayConfig>>;
  try {
    config = await loadGatewayConfig(deps.db, deps.secretKey, provider);
  } catch (error) {
    if (error instanceof SecretUnreadableError) return { ok: false, message: error.message };
    throw error;
  }
  if (!config || !isComplete(provider, config.credentials)) {
    return { ok: false, message: 'Enter every credential of this gateway first' };
  }
  try {
    await deps.gateways(config).checkConnection();
    return { ok: true, message: `Connected to ${provider} in ${config.mode} mode` };
  } catch (error) {
    if (error instanceof GatewayError) return { ok: false, message: error.message };
    throw error;
  }
}
