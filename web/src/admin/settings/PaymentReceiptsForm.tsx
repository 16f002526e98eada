import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { Button, ErrorBox, useToast } from '../../components/ui.tsx';
import type { Settings } from '../../types.ts';
import { useSession } from '../session.tsx';

/** Whether online payments email the client a receipt with its PDF (organisation setting, PATCH /settings). */
export function PaymentReceiptsForm({ settings }: { settings: Settings }) {
  const toast = useToast();
  const { reloadSettings } = useSession();
  const [on, setOn] = useState(settings.sendPaymentReceipts);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.patch('/settings', { sendPaymentReceipts: on });
      reloadSettings();
      toast('Receipt setting saved');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  const fieldError = error instanceof ApiError ? error.fieldMessage('sendPaymentReceipts') : undefined;
  return (
    <form className="card form" onSubmit={save} noValidate>
      <h2>Payment receipts</h2>
      {error && <ErrorBox error={fieldError ?? error} />}
      <label className="checkbox">
        <input type="checkbox" checked={on} onChange={(event) => setOn(event.target.checked)} />
        Email the client a receipt (PDF) when they pay online
      </label>
      <p className="muted small">
        Payments you record by hand offer the same receipt when you record them, and any received payment can
        be emailed its receipt from the invoice.
      </p>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Save receipt setting
        </Button>
      </div>
    </form>
  );
}
