import type { GatewayProviderName } from '../../db/schema.ts';
import type { PaymentGateway } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';

/** Decrypted settings of one gateway, as an adapter needs them. */
export interface GatewayConfig {
  provider: GatewayProviderName;
  mode: 'test' | 'live';
  credentials: Record<string, string>;
}

/** Builds the adapter for a provider from its settings (the composition root decides the endpoints). */
export type GatewayFactory = (config: GatewayConfig) => PaymentGateway;

/** What online payments need beyond a plain use case. */
export interface GatewayDeps extends ServiceDeps {
  /** Base URL of this server as clients reach it, without a trailing slash (return and cancel URLs). */
  appUrl: string;
  /** 32-byte key for secrets in settings (services/settings/secret-box.ts). */
  secretKey: Buffer;
  gateways: GatewayFactory;
}

export const GATEWAY_PROVIDERS: readonly GatewayProviderName[] = ['stripe', 'paypal', 'twocheckout'];

/**
 * The credentials each provider needs, by name. All are secrets: stored encrypted, never returned, reported only as
 * set or not set.
 */
export const CREDENTIAL_FIELDS: Record<GatewayProviderName, readonly string[]> = {
  stripe: ['secretKey', 'webhookSecret'],
  paypal: ['clientId', 'clientSecret', 'webhookId'],
  twocheckout: ['merchantCode', 'secretKey', 'buyLinkSecretWord'],
};

export const PROVIDER_LABELS: Record<GatewayProviderName, string> = {
  stripe: 'Stripe',
  paypal: 'PayPal',
  twocheckout: '2Checkout',
};
