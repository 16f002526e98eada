/**
 * What the audit log records (services/audit/): the actions, the kinds of thing they change, and the rules that
 * shape an entry's before/after: only the fields that changed, and never a secret.
 */

export const AUDIT_ACTIONS = [
  'settings.updated',
  'settings.logo_uploaded',
  'settings.logo_deleted',
  'smtp.settings_updated',
  'smtp.settings_deleted',
  'email_template.updated',
  'email_template.reset',
  'gateway.settings_updated',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.password_changed',
  'user.deactivated',
  'user.reactivated',
  'tax_rate.created',
  'tax_rate.updated',
  'tax_rate.archived',
  'tax_rate.restored',
  'api_token.created',
  'api_token.revoked',
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.logout',
  'audit_log.exported',
  'statement.sent',
  'import.completed',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'invoice.created',
  'invoice.updated',
  'invoice.issued',
  'invoice.voided',
  'invoice.cancelled',
  'invoice.status_changed',
  'invoice.email_queued',
  'invoice.reminder_queued',
  'invoice.deleted',
  'payment.recorded',
  'payment.deleted',
  'payment.refunded',
  'payment.accepted',
  'payment.rejected',
  'payment.receipt_sent',
  'credit_note.created',
  'credit_note.updated',
  'credit_note.issued',
  'credit_note.applied',
  'credit_note.refunded',
  'credit_note.email_queued',
  'credit_note.deleted',
  'quote.created',
  'quote.updated',
  'quote.issued',
  'quote.accepted',
  'quote.declined',
  'quote.invoiced',
  'quote.status_changed',
  'quote.email_queued',
  'quote.deleted',
  'client.created',
  'client.updated',
  'client.deleted',
  'item.created',
  'item.updated',
  'item.deleted',
  'project.created',
  'project.updated',
  'project.deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  'settings',
  'smtp_settings',
  'email_template',
  'gateway',
  'user',
  'tax_rate',
  'api_token',
  'audit_log',
  'client',
  'import',
  'webhook_endpoint',
  'invoice',
  'payment',
  'credit_note',
  'quote',
  'item',
  'project',
] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export type AuditFields = Record<string, unknown>;

/** What stands in for a secret's value; a changed secret shows as CHANGED_SECRET on the after side. */
export const REDACTED = '[redacted]';
export const CHANGED_SECRET = '[changed]';
export const SECRET_SET = '[set]';
export const SECRET_NOT_SET = '[not set]';
const SECRET_MARKERS: ReadonlySet<unknown> = new Set([REDACTED, CHANGED_SECRET, SECRET_SET, SECRET_NOT_SET]);

/** Keys whose values are secrets wherever they appear: passwords, keys, webhook secrets, token hashes. */
const SECRET_KEY = /pass(word)?|secret|token_?hash|tokenHash|api_?key|apiKey|private|encrypted/i;

/**
 * A deep copy with every secret-looking string replaced by REDACTED. Booleans and nulls stay (they only say whether
 * a secret is set), as do the markers above. The safety net under each use case's own shaping.
 */
export function redactSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as AuditFields).map(([name, inner]) => [name, redactSecrets(inner, name)]),
    );
  }
  if (typeof value === 'string' && SECRET_KEY.test(key) && !SECRET_MARKERS.has(value)) {
    return REDACTED;
  }
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields that differ between two states, each side holding only those (a field missing on one side shows as
 * null there). Null when nothing changed: an update that changes nothing is not recorded.
 */
export function changedFields(
  beforeState: object,
  afterState: object,
): { before: AuditFields; after: AuditFields } | null {
  const before = beforeState as AuditFields;
  const after = afterState as AuditFields;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((key) => !sameValue(before[key] ?? null, after[key] ?? null));
  if (!changed.length) return null;
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(changed.map((key) => [key, after[key] ?? null])),
  };
}

/** snake_case column names as the API spells them (business_name -> businessName), for rows without a view. */
export function camelCaseKeys(row: AuditFields): AuditFields {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}
