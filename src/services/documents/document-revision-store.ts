import { sql } from 'kysely';
import type { DocumentRevisionsTable } from '../../db/schema-documents.ts';
import { REVISION_COLUMNS, type RevisionStore, revisionColumns, storedRevisionOf } from './revisions.ts';

/** Revisions of one document kind in `document_revisions` (quotes; invoices keep `invoice_revisions`). */
export function documentRevisionStore(kind: DocumentRevisionsTable['document_kind']): RevisionStore {
  return {
    async last(db, documentId) {
      const row = await db
        .selectFrom('document_revisions')
        .select(sql<number>`coalesce(max(revision), 0)::int`.as('last'))
        .where('document_kind', '=', kind)
        .where('document_id', '=', documentId)
        .executeTakeFirstOrThrow();
      return row.last;
    },
    async list(db, documentId) {
      const rows = await db
        .selectFrom('document_revisions')
        .select(REVISION_COLUMNS)
        .where('document_kind', '=', kind)
        .where('document_id', '=', documentId)
        .orderBy('revision')
        .execute();
      return rows.map(storedRevisionOf);
    },
    async find(db, documentId, revision) {
      const row = await db
        .selectFrom('document_revisions')
        .select(REVISION_COLUMNS)
        .where('document_kind', '=', kind)
        .where('document_id', '=', documentId)
        .where('revision', '=', revision)
        .executeTakeFirst();
      return row && storedRevisionOf(row);
    },
    async insert(trx, documentId, revision) {
      await trx
        .insertInto('document_revisions')
        .values({ document_kind: kind, document_id: documentId, ...revisionColumns(revision) })
        .execute();
    },
  };
}
