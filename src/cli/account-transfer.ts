import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { systemClock } from '../ports.ts';
import { resolveSecretKey } from '../secret-key.ts';
import { exportAccount } from '../services/account-transfer/export-account.ts';
import { importAccount } from '../services/account-transfer/import-account.ts';

/**
 * `remit export --out FILE`: the whole account as JSON Lines, written to FILE.partial and renamed when complete, so
 * a file named FILE is never a cut-off export.
 */
export async function exportAccountToFile(config: Config, db: Db, path: string): Promise<string> {
  const secretKey = await resolveSecretKey(config);
  const partial = `${path}.partial`;
  const file = createWriteStream(partial, { encoding: 'utf8' });
  try {
    const written = await exportAccount({ db, clock: systemClock }, secretKey, async (line) => {
      if (!file.write(`${line}\n`)) await once(file, 'drain');
    });
    file.end();
    await once(file, 'finish');
    await rename(partial, path);
    return `Exported ${written.rows} rows of ${written.tables} tables to ${path}`;
  } catch (error) {
    file.destroy();
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}

/** `remit import FILE`: recreates the account of FILE in this (new) database, all or nothing. */
export async function importAccountFromFile(config: Config, db: Db, path: string): Promise<string> {
  const secretKey = await resolveSecretKey(config);
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const imported = await importAccount(db, secretKey, lines);
  return `Imported ${imported.rows} rows of ${imported.tables} tables from ${path}`;
}
