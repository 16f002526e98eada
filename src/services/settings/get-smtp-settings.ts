import type { Db, Trx } from '../../db/client.ts';
import type { SmtpSettingsRow } from '../../db/schema.ts';
import type { SmtpServer } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';
import { decryptSecret } from './secret-box.ts';

/** AAD of the encrypted SMTP password: a ciphertext made for another column does not decrypt here. */
export const SMTP_PASSWORD_PURPOSE = 'smtp_settings.password';

export interface SmtpSettingsView {
  configured: boolean;
  host: string;
  port: number | null;
  security: 'none' | 'starttls' | 'tls';
  username: string;
  /** The password itself is never returned. */
  passwordSet: boolean;
  fromName: string;
  fromAddress: string;
  replyTo: string;
  updatedAt: string | null;
}

export function smtpSettingsView(row: SmtpSettingsRow | undefined): SmtpSettingsView {
  if (!row) {
    return {
      configured: false,
      host: '',
      port: null,
      security: 'starttls',
      username: '',
      passwordSet: false,
      fromName: '',
      fromAddress: '',
      replyTo: '',
      updatedAt: null,
    };
  }
  return {
    configured: true,
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    passwordSet: row.password_encrypted !== null,
    fromName: row.from_name,
    fromAddress: row.from_address,
    replyTo: row.reply_to,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The SMTP settings as the audit log compares them: the password only as whether it is set. */
export function smtpAuditState({ updatedAt: _updatedAt, ...view }: SmtpSettingsView) {
  return view;
}

export async function readSmtpSettings(
  db: Db | Trx,
  options: { forUpdate?: boolean } = {},
): Promise<SmtpSettingsRow | undefined> {
  const query = db.selectFrom('smtp_settings').selectAll().where('id', '=', 1);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function getSmtpSettings(deps: ServiceDeps): Promise<SmtpSettingsView> {
  return smtpSettingsView(await readSmtpSettings(deps.db));
}

/** What a delivery needs: the server with its password decrypted, and the sender. Null when SMTP is not set up. */
export interface SmtpDelivery {
  server: SmtpServer;
  from: { name: string; address: string };
  replyTo: string | null;
}

export async function loadSmtpDelivery(db: Db | Trx, secretKey: Buffer): Promise<SmtpDelivery | null> {
  const row = await readSmtpSettings(db);
  if (!row) return null;
  return {
    server: {
      host: row.host,
      port: row.port,
      security: row.security,
      username: row.username,
      password: row.password_encrypted
        ? decryptSecret(secretKey, row.password_encrypted, SMTP_PASSWORD_PURPOSE)
        : null,
    },
    from: { name: row.from_name, address: row.from_address },
    replyTo: row.reply_to || null,
  };
}
