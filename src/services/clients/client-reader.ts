import type { Db, Trx } from '../../db/client.ts';
import { clientReader, type Reader } from '../../domain/language.ts';

/** Who reads a client's documents and emails: its language (or the organisation's) and the locale of figures. */
export async function readerOfClient(
  db: Db | Trx,
  clientId: string,
  organisationLocale: string,
): Promise<Reader> {
  const row = await db.selectFrom('clients').select('language').where('id', '=', clientId).executeTakeFirst();
  return clientReader(row?.language, organisationLocale);
}
