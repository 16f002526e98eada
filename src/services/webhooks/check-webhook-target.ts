import { isLocalHostname, isPrivateAddress, type WebhookTarget } from '../../domain/webhook-target.ts';
import type { WebhookTransport } from '../../ports.ts';

export class WebhookTargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetRefusedError';
  }
}

const ALLOW_HINT = 'allow private targets in the webhook settings to use it';

/**
 * The address to connect to for `target`: the URL's own address, or the first one its host name resolves to.
 * Unless private targets are allowed, refuses a host any of whose addresses is loopback, link-local or private (an
 * attacker's name may list a public and a private address). Throws WebhookTargetRefusedError saying why.
 */
export async function checkWebhookTarget(
  transport: WebhookTransport,
  target: WebhookTarget,
  allowPrivate: boolean,
): Promise<{ address: string; family: 4 | 6 }> {
  if (!allowPrivate && isLocalHostname(target.hostname))
    throw new WebhookTargetRefusedError(`${target.hostname} is this machine; ${ALLOW_HINT}`);
  let addresses: { address: string; family: 4 | 6 }[];
  if (target.literalAddress) {
    addresses = [{ address: target.literalAddress, family: target.literalAddress.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await transport.resolve(target.hostname);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0)
      throw new WebhookTargetRefusedError(`${target.hostname} could not be resolved`);
  }
  const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
  if (blocked && !allowPrivate)
    throw new WebhookTargetRefusedError(
      `${target.hostname} points at ${blocked.address}, a loopback, link-local or private address; ${ALLOW_HINT}`,
    );
  return addresses[0]!;
}
