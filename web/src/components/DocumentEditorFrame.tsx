import type { ReactNode } from 'react';
import { api } from '../api.ts';
import { Link, useLocation, usePageTitle } from '../router.tsx';
import type { Settings } from '../types.ts';
import { type BodyChoices, loadBodyChoices } from './document-body.ts';
import { ErrorBox, Loading, useAsync } from './ui.tsx';

/** What a document editor starts from: the document (null for a new one) and the body's choices. */
export interface EditorData<T> extends BodyChoices {
  document: T | null;
}

export interface EditorProps<T> {
  data: EditorData<T>;
  settings: Settings;
}

/** Loads a document to edit (or none, for a new one) with the body's choices, then shows its editor. */
export function DocumentEditorLoader<T>({
  id,
  endpoint,
  pageTitle,
  back,
  settings,
  editor,
}: {
  id?: string;
  /** The API path of the kind: "/invoices". */
  endpoint: string;
  pageTitle: string;
  /** Where to go instead when the document cannot be loaded. */
  back?: { href: string; label: string };
  /** The organisation's settings (the editor waits for them). */
  settings: Settings | null | undefined;
  editor: (props: EditorProps<T>) => ReactNode;
}) {
  const { search } = useLocation();
  const presetClientId = id ? '' : (search.get('clientId') ?? '');
  const loaded = useAsync(async (): Promise<EditorData<T>> => {
    const [document, choices] = await Promise.all([
      id ? api.get<T>(`${endpoint}/${id}`) : Promise.resolve(null),
      loadBodyChoices(presetClientId),
    ]);
    return { document, ...choices };
  }, [id, presetClientId]);
  usePageTitle(pageTitle);

  if (loaded.error) {
    return (
      <section>
        <h1 tabIndex={-1}>{pageTitle}</h1>
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
        {back && <Link href={back.href}>{back.label}</Link>}
      </section>
    );
  }
  if (!loaded.data || !settings) return <Loading what="Preparing the editor" />;
  return editor({ data: loaded.data, settings });
}

/**
 * The editor's page: the list, then the document edited (if any) as breadcrumbs, the title, a notice about editing
 * it, and the editor, or, for a new document while there is no client to address it to, a link to add one.
 */
export function EditorPage({
  listHref,
  listLabel,
  document,
  title,
  notice,
  needsClient,
  children,
}: {
  listHref: string;
  listLabel: string;
  /** The document edited, named by its number (or by `name`, for a kind without numbers). */
  document: { id: string; number?: string | null; name?: string } | null;
  title: string;
  notice?: ReactNode;
  needsClient: boolean;
  children: ReactNode;
}) {
  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href={listHref}>{listLabel}</Link>
            {document && (
              <>
                {' / '}
                <Link href={`${listHref}/${document.id}`}>{document.name ?? document.number ?? 'Draft'}</Link>
              </>
            )}
          </p>
          <h1 tabIndex={-1}>{title}</h1>
        </div>
      </div>
      {notice && <p className="alert alert-info">{notice}</p>}
      {needsClient ? (
        <p className="alert alert-info">
          You need a client first. <Link href="/app/clients/new">Add a client</Link>.
        </p>
      ) : (
        children
      )}
    </section>
  );
}
