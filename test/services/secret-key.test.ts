import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, resolveSecretKey } from '../../src/secret-key.ts';
import {
  decryptSecret,
  encryptSecret,
  SecretUnreadableError,
} from '../../src/services/settings/secret-box.ts';

describe('settings secrets', () => {
  it('encrypts with AES-256-GCM: a fresh nonce each time, bound to its purpose, tamper-evident', async () => {
    const key = await resolveSecretKey({ appSecret: 'x'.repeat(40), dataDir: os.tmpdir() });
    const a = encryptSecret(key, 'hunter2', 'smtp');
    const b = encryptSecret(key, 'hunter2', 'smtp');
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(decryptSecret(key, a, 'smtp')).toBe('hunter2');
    expect(() => decryptSecret(key, a, 'stripe')).toThrow(SecretUnreadableError);
    const other = await resolveSecretKey({ appSecret: 'y'.repeat(40), dataDir: os.tmpdir() });
    expect(() => decryptSecret(other, a, 'smtp')).toThrow(SecretUnreadableError);
    const parts = a.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(key, parts.join('.'), 'smtp')).toThrow(SecretUnreadableError);
  });

  it('without APP_SECRET, creates one key file (mode 0600) that concurrent starts all share', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'remit-key-'));
    try {
      const keys = await Promise.all(
        Array.from({ length: 8 }, () => resolveSecretKey({ appSecret: null, dataDir })),
      );
      expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(1);
      const file = path.join(dataDir, KEY_FILE_NAME);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
      const again = await resolveSecretKey({ appSecret: null, dataDir });
      expect(again.equals(keys[0]!)).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('settings key with an external database', () => {
  it('requires APP_SECRET, so every process sharing the database uses one key, and writes nothing to DATA_DIR', async () => {
    const dataDir = path.join(os.tmpdir(), `remit-none-${process.pid}`);
    const url = 'postgres://remit:a-long-database-password@db.example:5432/remit';
    await expect(resolveSecretKey({ appSecret: null, dataDir, databaseUrl: url })).rejects.toThrow(
      /^APP_SECRET: /,
    );
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
    const a = await resolveSecretKey({ appSecret: 'z'.repeat(40), dataDir, databaseUrl: url });
    const b = await resolveSecretKey({ appSecret: 'z'.repeat(40), dataDir: os.tmpdir(), databaseUrl: url });
    expect(a.equals(b)).toBe(true);
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
