import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deriveSecretKey } from './services/settings/secret-box.ts';

export const KEY_FILE_NAME = 'secret.key';

/**
 * The key that encrypts secrets in settings, in this order:
 * 1. APP_SECRET, when set: the recommended way, and the one to use when several processes share a database.
 * 2. A key file DATA_DIR/secret.key made earlier.
 * 3. With an external database (DATABASE_URL) and no APP_SECRET: derived from the database password in the URL
 *    (at least 16 characters), which every process sharing that database already has, and which no dump or backup
 *    of the database contains. Nothing is written to DATA_DIR, which an external setup does not use. Changing that
 *    password (or setting APP_SECRET later) makes stored secrets unreadable: they are then saved again.
 * 4. Otherwise a random key file in DATA_DIR, created on first use with mode 0600. The file is written aside and
 *    hard-linked into place: the link is atomic and refuses to replace an existing file, so two processes starting
 *    at once both end up reading one complete key.
 */
export async function resolveSecretKey(options: {
  appSecret: string | null;
  dataDir: string;
  databaseUrl?: string | null;
}): Promise<Buffer> {
  if (options.appSecret) return deriveSecretKey(options.appSecret);
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(file);
  if (existing) return existing;
  if (options.databaseUrl) {
    const password = decodeURIComponent(new URL(options.databaseUrl).password);
    if (password.length >= 16) return deriveSecretKey(`database-password:${password}`);
  }
  await mkdir(options.dataDir, { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(draft, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  const created = await readKeyFile(file);
  if (!created) throw new Error(`${file} could not be created`);
  return created;
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new Error(
      `${file} is not a Remit key file (64 hex digits); restore it from your backup or set APP_SECRET`,
    );
  }
  return deriveSecretKey(Buffer.from(text, 'hex'));
}
