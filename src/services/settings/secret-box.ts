import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption of secrets stored in settings (SMTP password, later gateway keys): AES-256-GCM with a random 96-bit
 * nonce, stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url). The key comes from APP_SECRET or a key file
 * (see secret-key.ts); `purpose` binds a ciphertext to its column, so one cannot be pasted into another.
 */
const VERSION = 'v1';

export class SecretUnreadableError extends Error {
  constructor() {
    super(
      'A stored secret cannot be decrypted: APP_SECRET or the key file changed since it was saved; save it again',
    );
    this.name = 'SecretUnreadableError';
  }
}

/** Derives a 256-bit key from APP_SECRET (HKDF-SHA256), so the raw secret is never the cipher key itself. */
export function deriveSecretKey(appSecret: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'remit-settings', 'settings-encryption-v1', 32));
}

export function encryptSecret(key: Buffer, plaintext: string, purpose: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(purpose));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, nonce, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptSecret(key: Buffer, stored: string, purpose: string): string {
  const [version, nonce, tag, ciphertext] = stored.split('.');
  if (version !== VERSION || nonce === undefined || tag === undefined || ciphertext === undefined) {
    throw new SecretUnreadableError();
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretUnreadableError();
  }
}
