import { type ChangeEvent, useState } from 'react';
import { api } from '../../api.ts';
import { Button, ErrorBox, useToast } from '../../components/ui.tsx';
import type { Settings } from '../../types.ts';
import { useSession } from '../session.tsx';

export function LogoSettings({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const { reloadSettings } = useSession();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [version, setVersion] = useState(0);
  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await api.put('/settings/logo', file);
      reloadSettings();
      setVersion((v) => v + 1);
      toast('Logo uploaded');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
      event.target.value = '';
    }
  }
  async function remove() {
    setBusy(true);
    try {
      await api.delete('/settings/logo');
      reloadSettings();
      toast('Logo removed');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="card">
      <h2>Logo</h2>
      <p className="muted small">PNG or JPEG, up to 1 MB and 2000 × 2000 pixels.</p>
      {error && <ErrorBox error={error} />}
      <div className="logo-row">
        <div className="logo-preview">
          {settings.logo ? (
            <img src={`/api/v1/settings/logo?v=${version}-${settings.updatedAt}`} alt="Current logo" />
          ) : (
            <span className="muted">No logo</span>
          )}
        </div>
        {!readOnly && (
          <div className="logo-actions">
            <label className="button button-secondary file-button">
              {busy ? 'Uploading…' : settings.logo ? 'Replace logo' : 'Upload logo'}
              <input
                type="file"
                accept="image/png,image/jpeg"
                onChange={upload}
                disabled={busy}
                className="visually-hidden"
              />
            </label>
            {settings.logo ? (
              <Button variant="ghost" onClick={remove} disabled={busy}>
                Remove
              </Button>
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}
