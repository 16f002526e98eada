import type { Db } from '../../db/client.ts';

/** The imports that wrote records, newest first (the last 100). */
export async function listImports(db: Db) {
  const rows = await db
    .selectFrom('import_batches')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      rowCount: row.row_count,
      created: row.created,
      mapping: row.mapping,
      preset: row.preset,
      fileSha256: row.file_sha256,
      createdBy: row.created_by ? { id: row.created_by, name: row.actor_name } : null,
      actorName: row.actor_name,
      createdAt: row.created_at.toISOString(),
    })),
  };
}
