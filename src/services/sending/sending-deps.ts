import type { ServiceDeps } from '../context.ts';

/**
 * What sending needs beyond a plain use case: APP_URL for links in emails and the key that decrypts the SMTP
 * password. A separate type so every other service keeps its `{ db, clock }`.
 */
export interface SendingDeps extends ServiceDeps {
  /** Base URL of this server as clients reach it, without a trailing slash. */
  appUrl: string;
  /** 32-byte key for secrets in settings (services/settings/secret-box.ts). */
  secretKey: Buffer;
}
