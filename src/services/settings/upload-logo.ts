import { checkDeclaredType, inspectLogo } from '../../domain/logo-image.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { type LogoInfo, logoInfo } from './get-logo.ts';

/**
 * Replaces the organisation's logo. The bytes are checked (PNG or JPEG by content, size read from the image
 * header, limits on bytes and pixels) before anything is written; every invoice rendered afterwards shows it.
 */
export async function uploadLogo(
  deps: ServiceDeps,
  bytes: Buffer,
  declaredType: string | undefined,
  context: ActionContext,
): Promise<LogoInfo> {
  const image = inspectLogo(bytes, 'body');
  checkDeclaredType(declaredType, image.mimeType, 'Content-Type');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await logoInfo({ db: trx });
    await trx
      .insertInto('settings_logo')
      .values({
        id: 1,
        image: bytes,
        mime_type: image.mimeType,
        width: image.width,
        height: image.height,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          image: bytes,
          mime_type: image.mimeType,
          width: image.width,
          height: image.height,
          updated_at: now,
        }),
      )
      .execute();
    // The settings' own timestamp moves too: anything derived from the branding (a rendered PDF) is out of date.
    await trx.updateTable('settings').set({ updated_at: now }).where('id', '=', 1).execute();
    const after = (await logoInfo({ db: trx }))!;
    const shape = (logo: LogoInfo) => ({
      mimeType: logo.mimeType,
      width: logo.width,
      height: logo.height,
      bytes: logo.bytes,
    });
    await recordAuditEntry(trx, context, now, {
      action: 'settings.logo_uploaded',
      entityType: 'settings',
      entityId: null,
      before: before && shape(before),
      after: shape(after),
    });
    return after;
  });
}
