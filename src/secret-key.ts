import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config.ts';
import { deriveSecretKey } from './services/settings/secret-box.ts';

export const KEY_FILE_NAME = 'secret.key';

/**
 * The key that encrypts secrets in settings:
 * 1. APP_SECRET, when set.
 * 2. With an external database (DATABASE_URL), APP_SECRET is required: every process sharing the database must use
 *    the same key, and a key file on one host (or one derived from a password that may rotate) cannot promise that.
 * 3. With the embedded database, a random key file DATA_DIR/secret.key, created on first start with mode 0600 and
 *    kept with the data. The file is written aside and hard-linked into place: the link is atomic and refuses to
 *    replace an existing file, so two processes starting at once both end up reading one complete key.
 */
export async function resolveSecretKey(options: {
  appSecret: string | null;
  dataDir: string;
  databaseUrl?: string | null;
}): Promise<Buffer> {
  if (options.appSecret) return deriveSecretKey(options.appSecret);
  if (options.databaseUrl) {
    throw new ConfigError(
      'APP_SECRET',
      'must be set when DATABASE_URL is: every Remit process sharing the database needs the same key for the ' +
        'secrets stored in settings (generate one with `openssl rand -hex 32`)',
    );
  }
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(file);
  if (existing) return existing;
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
