import { useState } from 'react';
import { Link } from '../router.tsx';
import { ErrorBox, useToast } from './ui.tsx';

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

/** What a document page shows when the document could not be loaded. */
export function DocumentLoadError({
  title,
  error,
  onRetry,
  back,
}: {
  title: string;
  error: Error;
  onRetry: () => void;
  back: { href: string; label: string };
}) {
  return (
    <section>
      <h1 tabIndex={-1}>{title}</h1>
      <ErrorBox error={error} onRetry={onRetry} />
      <Link href={back.href}>{back.label}</Link>
    </section>
  );
}
