import { BlockList, isIP } from 'node:net';

/**
 * Where outgoing webhooks may go (SSRF): http(s) URLs without credentials, and only to public addresses unless an
 * admin allows private ones. Checked when an endpoint is saved and again on the resolved address of every delivery
 * (a name may resolve elsewhere later). Pure: name resolution happens in the caller.
 */
const PRIVATE_RANGES = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96], // NAT64: reaches IPv4 addresses through a translator
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}

/** Loopback, link-local, private or otherwise not a public unicast address. IPv4-mapped IPv6 counts as its IPv4. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export const MAX_WEBHOOK_URL_LENGTH = 2000;

export interface WebhookTarget {
  url: URL;
  /** The host without IPv6 brackets. */
  hostname: string;
  /** Set when the URL names an address rather than a host name. */
  literalAddress: string | null;
}

/** Parses an endpoint URL; a string saying what is wrong with it in plain words otherwise. */
export function parseWebhookUrl(raw: string): WebhookTarget | string {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (url.username || url.password) return 'must not contain a user name or password';
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) return 'must name a host';
  return { url, hostname, literalAddress: isIP(hostname) ? hostname : null };
}

/** Host names that mean this machine whatever DNS says. */
export function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
