import type { SmtpSecurity } from '../../db/schema.ts';
import { CHANGED_SECRET, changedFields } from '../../domain/audit.ts';
import { ValidationError } from '../../domain/errors.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { type ActionContext, systemContext } from '../context.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import {
  readSmtpSettings,
  SMTP_PASSWORD_PURPOSE,
  smtpAuditState,
  smtpSettingsView,
} from './get-smtp-settings.ts';
import { encryptSecret } from './secret-box.ts';

export interface SmtpSettingsInput {
  host: string;
  port: number;
  security: SmtpSecurity;
  username?: string;
  /** Omitted: keep the stored password; null or '': remove it; a string: replace it. */
  password?: string | null;
  fromName?: string;
  fromAddress: string;
  replyTo?: string;
}

const HOST_RE = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9a-fA-F:.]+\]?$/;

/** Saves the SMTP server (admin). The password is encrypted before it reaches the database. */
export async function updateSmtpSettings(
  deps: SendingDeps,
  input: SmtpSettingsInput,
  context: ActionContext = systemContext,
) {
  const host = input.host.trim();
  if (!HOST_RE.test(host)) throw new ValidationError('host', 'Give a host name such as smtp.example.com');
  const now = deps.clock.now();
  const base = {
    host,
    port: input.port,
    security: input.security,
    username: input.username?.trim() ?? '',
    from_name: input.fromName?.trim() ?? '',
    from_address: input.fromAddress.trim(),
    reply_to: input.replyTo?.trim() ?? '',
    updated_at: now,
  };
  const password =
    input.password === undefined
      ? undefined
      : input.password === null || input.password === ''
        ? null
        : encryptSecret(deps.secretKey, input.password, SMTP_PASSWORD_PURPOSE);
  return deps.db.transaction().execute(async (trx) => {
    const before = smtpSettingsView(await readSmtpSettings(trx, { forUpdate: true }));
    await trx
      .insertInto('smtp_settings')
      .values({ id: 1, ...base, password_encrypted: password ?? null })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet(password === undefined ? base : { ...base, password_encrypted: password }),
      )
      .execute();
    const after = smtpSettingsView(await readSmtpSettings(trx));
    const changes = changedFields(
      smtpAuditState(before),
      // A new password shows as changed; its value is never written anywhere but the encrypted column.
      typeof password === 'string'
        ? { ...smtpAuditState(after), password: CHANGED_SECRET }
        : smtpAuditState(after),
    );
    if (changes) {
      await recordAuditEntry(trx, context, now, {
        action: 'smtp.settings_updated',
        entityType: 'smtp_settings',
        entityId: null,
        ...changes,
      });
    }
    return after;
  });
}
