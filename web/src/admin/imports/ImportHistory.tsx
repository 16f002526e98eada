import { useApi } from '../../api-queries.ts';
import { ErrorBox } from '../../components/ui.tsx';
import { dateTime } from '../../format.ts';
import { describeCounts, type ImportCounts, type ImportKind } from './import-api.ts';

interface ImportBatch {
  id: string;
  kind: string;
  rowCount: number;
  created: ImportCounts;
  preset: string | null;
  actorName: string | null;
  createdAt: string;
}

/** The last imports of this kind, so a second run of the same file is noticed before it is tried. */
export function ImportHistory({ kind }: { kind: ImportKind }) {
  const { data, error, reload } = useApi<{ items: ImportBatch[] }>('/imports');
  const batches = (data?.items ?? []).filter((batch) => batch.kind === kind).slice(0, 5);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (batches.length === 0) return null;
  return (
    <section className="card" aria-labelledby="import-history">
      <h2 id="import-history">Earlier imports</h2>
      <ul className="list">
        {batches.map((batch) => (
          <li key={batch.id}>
            <span>
              {describeCounts(batch.created)} from {batch.rowCount} row{batch.rowCount === 1 ? '' : 's'}
            </span>
            <span className="muted small">
              {dateTime(batch.createdAt)}
              {batch.actorName ? ` by ${batch.actorName}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
