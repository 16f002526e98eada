import type { ReactNode } from 'react';
import { api } from '../api.ts';
import { Link, useLocation, usePageTitle } from '../router.tsx';
import type { Settings } from '../types.ts';
import { type BodyChoices, loadBodyChoices } from './document-body.ts';
import { ErrorBox, Loading, useAsync } from './ui.tsx';

/** What an invoice or quote editor starts from: the document (null for a new one) and the body's choices. */
export interface EditorData<T> extends BodyChoices {
  document: T | null;
}

export interface EditorProps<T> {
  data: EditorData<T>;
  settings: Settings;
  /** The client a "New …" link from a client's page chose. */
  presetClientId: string;
}

/** Loads a document to edit (or none, for a new one) with the clients and tax rates, then shows its editor. */
export function DocumentEditorLoader<T>({
  id,
  endpoint,
  pageTitle,
  settings,
  editor,
}: {
  id?: string;
  /** The API path of the kind: "/invoices". */
  endpoint: string;
  pageTitle: string;
  /** The organisation's settings (the editor waits for them). */
  settings: Settings | null | undefined;
  editor: (props: EditorProps<T>) => ReactNode;
}) {
  const { search } = useLocation();
  const loaded = useAsync(async (): Promise<EditorData<T>> => {
    const [document, choices] = await Promise.all([
      id ? api.get<T>(`${endpoint}/${id}`) : Promise.resolve(null),
      loadBodyChoices(),
    ]);
    return { document, ...choices };
  }, [id]);
  usePageTitle(pageTitle);

  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !settings) return <Loading what="Preparing the editor" />;
  return editor({ data: loaded.data, settings, presetClientId: search.get('clientId') ?? '' });
}

/** The editor's heading: the list, then the document edited (if any) as breadcrumbs. */
export function EditorHead({
  listHref,
  listLabel,
  document,
  title,
}: {
  listHref: string;
  listLabel: string;
  document: { id: string; number: string | null } | null;
  title: string;
}) {
  return (
    <div className="page-head">
      <div>
        <p className="breadcrumb">
          <Link href={listHref}>{listLabel}</Link>
          {document && (
            <>
              {' / '}
              <Link href={`${listHref}/${document.id}`}>{document.number ?? 'Draft'}</Link>
            </>
          )}
        </p>
        <h1 tabIndex={-1}>{title}</h1>
      </div>
    </div>
  );
}

/** Shown instead of a new document's editor while there is no client to address it to. */
export function NeedsClient() {
  return (
    <p className="alert alert-info">
      You need a client first. <Link href="/app/clients/new">Add a client</Link>.
    </p>
  );
}
