import { type ReactNode, useState } from 'react';
import { api } from '../api.ts';
import { Link, usePageTitle } from '../router.tsx';
import { ErrorBox, Loading, useAsync, useToast } from './ui.tsx';

/**
 * The action state of a staff document page (invoice, quote, credit note): which dialog is open, which button is
 * busy, the last action's error, and a counter that reloads the page's cards (timeline, payments, emails).
 */
export function useDocumentActions<DialogName extends string>() {
  const toast = useToast();
  const [refresh, setRefresh] = useState(0);
  const [dialog, setDialog] = useState<DialogName | ''>('');
  const [busy, setBusy] = useState('');
  const [actionError, setActionError] = useState<Error | null>(null);

  /** Runs one action with its button busy; a failure is shown above the page's actions. */
  async function act(name: string, run: () => Promise<void>) {
    setBusy(name);
    setActionError(null);
    try {
      await run();
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setBusy('');
    }
  }

  return {
    refresh,
    /** Reloads the cards that follow the document (after a change they show). */
    reloadCards: () => setRefresh((r) => r + 1),
    /** After a change: reload the cards, close the dialog, say what happened. */
    finished: (message: string) => {
      setRefresh((r) => r + 1);
      setDialog('');
      toast(message);
    },
    dialog,
    setDialog,
    busy,
    actionError,
    act,
  };
}

/**
 * A list that follows a staff document (`path`: its events, payments, emails), loaded again when the document
 * changes or the page's cards are reloaded (`refresh` of useDocumentActions).
 */
export function useDocumentItems<T>(path: string, document: unknown, refresh: number) {
  return useAsync(() => api.get<{ items: T[] }>(path), [document, refresh]);
}

/**
 * Loads one staff document (`${endpoint}/${id}`) and shows its view; the page title follows its number. If it cannot
 * be loaded, says so with a retry and the way back to the list (`/app${endpoint}`).
 */
export function DocumentPageLoader<T extends { number: string | null; parties?: unknown }>({
  id,
  endpoint,
  label,
  view,
}: {
  id: string;
  /** The API path of the kind: "/quotes". */
  endpoint: string;
  /** "Quote": the title, as in "Quote Q-0001" or "Quote (draft)". */
  label: string;
  view: (loaded: { document: T; setData: (document: T) => void; reload: () => void }) => ReactNode;
}) {
  const loaded = useAsync(() => api.get<T>(`${endpoint}/${id}`), [id]);
  usePageTitle(loaded.data ? `${label} ${loaded.data.number ?? '(draft)'}` : label);
  if (loaded.error) {
    return (
      <section>
        <h1 tabIndex={-1}>{label}</h1>
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
        <Link href={`/app${endpoint}`}>Back to {label.toLowerCase()}s</Link>
      </section>
    );
  }
  if (!loaded.data) return <Loading what={`Loading ${label.toLowerCase()}`} />;
  const parties = loaded.data.parties;
  // Answers of actions (a payment, a send) carry the view without its parties: the loaded ones stay.
  const setData = (document: T) => loaded.setData({ ...document, parties: document.parties ?? parties });
  return view({ document: loaded.data, setData, reload: loaded.reload });
}
