import type { Db, Trx } from '../../db/client.ts';
import type { Actor } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/**
 * The revision history every issued document kind keeps when it is edited (invoices, quotes): revision 1 is the
 * document as it was first issued, then one revision per edit, each with who saved it, when and an optional note.
 * The document row always holds the latest version. A document issued and never edited has stored no revision:
 * its one version is the document itself. Each kind supplies a `RevisionStore` (where rows live) and its own
 * snapshot format; the numbering and the "never edited" rule live here once.
 */

export interface RevisionAuthor {
  type: 'user' | 'api_token' | 'system' | 'contact';
  id: string | null;
  name: string;
}

export function authorOf(actor: Actor): RevisionAuthor {
  return { type: actor.type, id: actor.id, name: actor.name };
}

export interface StoredRevision {
  revision: number;
  snapshot: unknown;
  note: string;
  author: RevisionAuthor;
  createdAt: Date;
}

export interface NewRevision extends StoredRevision {
  /** The staff user who saved it, when it was a user (kept as a reference to `users`). */
  createdBy: string | null;
}

/** Where one document kind keeps its revisions. */
export interface RevisionStore {
  last(db: Db | Trx, documentId: string): Promise<number>;
  list(db: Db | Trx, documentId: string): Promise<StoredRevision[]>;
  find(db: Db | Trx, documentId: string, revision: number): Promise<StoredRevision | undefined>;
  insert(trx: Trx, documentId: string, revision: NewRevision): Promise<void>;
}

/** Who issued the document and when: the author of revision 1, with its note ("As issued", "As sent"). */
export interface FirstVersion {
  author: RevisionAuthor;
  at: Date;
  note: string;
}

/**
 * Stores an edit of an issued document as its next revision and returns the number. On the first edit, the
 * version as issued (`original`, taken before the edit) is stored first as revision 1. The caller has locked the
 * document and written the edit in the same transaction.
 */
export async function saveRevision(
  trx: Trx,
  store: RevisionStore,
  documentId: string,
  edit: {
    original: { snapshot: unknown; firstVersion: () => Promise<FirstVersion> };
    snapshot: unknown;
    note: string;
    author: RevisionAuthor;
    createdBy: string | null;
    at: Date;
  },
): Promise<number> {
  const last = await store.last(trx, documentId);
  if (last === 0) {
    const first = await edit.original.firstVersion();
    await store.insert(trx, documentId, {
      revision: 1,
      snapshot: edit.original.snapshot,
      note: first.note,
      author: first.author,
      createdBy: null,
      createdAt: first.at,
    });
  }
  const revision = Math.max(last, 1) + 1;
  await store.insert(trx, documentId, {
    revision,
    snapshot: edit.snapshot,
    note: edit.note,
    author: edit.author,
    createdBy: edit.createdBy,
    createdAt: edit.at,
  });
  return revision;
}

/** A version as listed: `snapshot` is null for the one version of a document never edited (read the live row). */
export interface RevisionEntry {
  revision: number;
  /** The version the document shows now (and the client sees). */
  current: boolean;
  note: string;
  createdBy: RevisionAuthor;
  createdAt: string;
  snapshot: unknown | null;
}

function entryOf(stored: StoredRevision, current: boolean): RevisionEntry {
  return {
    revision: stored.revision,
    current,
    note: stored.note,
    createdBy: stored.author,
    createdAt: stored.createdAt.toISOString(),
    snapshot: stored.snapshot,
  };
}

function unrevised(first: FirstVersion): RevisionEntry {
  return {
    revision: 1,
    current: true,
    note: first.note,
    createdBy: first.author,
    createdAt: first.at.toISOString(),
    snapshot: null,
  };
}

/** Every version of an issued document, oldest first; the last is current. */
export async function listRevisionEntries(
  db: Db,
  store: RevisionStore,
  documentId: string,
  firstVersion: () => Promise<FirstVersion>,
): Promise<RevisionEntry[]> {
  const rows = await store.list(db, documentId);
  if (rows.length === 0) return [unrevised(await firstVersion())];
  return rows.map((row, index) => entryOf(row, index === rows.length - 1));
}

/** One version of an issued document; 404 for a number it does not have. */
export async function findRevisionEntry(
  db: Db,
  store: RevisionStore,
  documentId: string,
  revision: number,
  firstVersion: () => Promise<FirstVersion>,
): Promise<RevisionEntry> {
  const last = await store.last(db, documentId);
  if (last === 0) {
    if (revision !== 1) throw new NotFoundError('Revision');
    return unrevised(await firstVersion());
  }
  const row = await store.find(db, documentId, revision);
  if (!row) throw new NotFoundError('Revision');
  return entryOf(row, row.revision === last);
}

/** The columns `invoice_revisions` and `document_revisions` share. */
export interface RevisionColumns {
  revision: number;
  snapshot: unknown;
  note: string;
  actor_type: RevisionAuthor['type'];
  actor_id: string | null;
  actor_name: string;
  created_by: string | null;
  created_at: Date;
}

export const REVISION_COLUMNS = [
  'revision',
  'snapshot',
  'note',
  'actor_type',
  'actor_id',
  'actor_name',
  'created_by',
  'created_at',
] as const;

export function storedRevisionOf(row: Omit<RevisionColumns, 'created_by'>): StoredRevision {
  return {
    revision: row.revision,
    snapshot: row.snapshot,
    note: row.note,
    author: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    createdAt: row.created_at,
  };
}

export function revisionColumns(revision: NewRevision) {
  return {
    revision: revision.revision,
    snapshot: JSON.stringify(revision.snapshot),
    note: revision.note,
    actor_type: revision.author.type,
    actor_id: revision.author.id,
    actor_name: revision.author.name,
    created_by: revision.createdBy,
    created_at: revision.createdAt,
  };
}
