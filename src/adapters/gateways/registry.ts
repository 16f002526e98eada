import type { PaymentGateway } from '../../ports.ts';
import type { GatewayConfig, GatewayFactory } from '../../services/gateways/gateway-deps.ts';
import { createPaypalGateway, type PaypalEndpoint } from './paypal/paypal-gateway.ts';
import { createStripeGateway, type StripeEndpoint } from './stripe/stripe-gateway.ts';
import { createTwocheckoutGateway, type TwocheckoutEndpoint } from './twocheckout/twocheckout-gateway.ts';

/** Where each provider's API is; left out, the providers' real hosts. Tests point these at local fakes. */
export interface GatewayEndpoints {
  stripe?: StripeEndpoint;
  paypal?: PaypalEndpoint;
  twocheckout?: TwocheckoutEndpoint;
}

/** Builds the adapter for a configured provider; the composition root (start.ts, tests) owns the endpoints. */
export function createGatewayFactory(endpoints: GatewayEndpoints = {}): GatewayFactory {
  return (config: GatewayConfig): PaymentGateway => {
    switch (config.provider) {
      case 'stripe':
        return createStripeGateway(
          {
            secretKey: config.credentials.secretKey ?? '',
            webhookSecret: config.credentials.webhookSecret ?? '',
          },
          endpoints.stripe,
        );
      case 'paypal':
        return createPaypalGateway(
          {
            clientId: config.credentials.clientId ?? '',
            clientSecret: config.credentials.clientSecret ?? '',
            webhookId: config.credentials.webhookId ?? '',
          },
          config.mode,
          endpoints.paypal,
        );
      case 'twocheckout':
        return createTwocheckoutGateway(
          {
            merchantCode: config.credentials.merchantCode ?? '',
            secretKey: config.credentials.secretKey ?? '',
            buyLinkSecretWord: config.credentials.buyLinkSecretWord ?? '',
          },
          config.mode,
          endpoints.twocheckout,
        );
    }
  };
}
