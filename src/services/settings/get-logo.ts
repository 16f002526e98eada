import type { Db, Trx } from '../../db/client.ts';
import type { LogoMimeType } from '../../domain/logo-image.ts';
import { NotFoundError } from '../errors.ts';

export interface LogoInfo {
  mimeType: LogoMimeType;
  width: number;
  height: number;
  bytes: number;
  updatedAt: string;
  url: string;
}

export interface StoredLogo {
  image: Buffer;
  mimeType: LogoMimeType;
  width: number;
  height: number;
  updatedAt: Date;
}

/** What the settings show about the logo, without its bytes; null when there is none. */
export async function logoInfo(deps: { db: Db | Trx }): Promise<LogoInfo | null> {
  const row = await deps.db
    .selectFrom('settings_logo')
    .select((eb) => [
      'mime_type',
      'width',
      'height',
      'updated_at',
      eb.fn<number>('octet_length', ['image']).as('size'),
    ])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    mimeType: row.mime_type,
    width: row.width,
    height: row.height,
    bytes: Number(row.size),
    updatedAt: row.updated_at.toISOString(),
    url: '/api/v1/settings/logo',
  };
}

/** The logo with its bytes, or null when none was uploaded. */
export async function findLogo(db: Db | Trx): Promise<StoredLogo | null> {
  const row = await db.selectFrom('settings_logo').selectAll().where('id', '=', 1).executeTakeFirst();
  return row
    ? {
        image: row.image,
        mimeType: row.mime_type,
        width: row.width,
        height: row.height,
        updatedAt: row.updated_at,
      }
    : null;
}

export async function getLogo(deps: { db: Db }): Promise<StoredLogo> {
  const logo = await findLogo(deps.db);
  if (!logo) throw new NotFoundError('Logo');
  return logo;
}
