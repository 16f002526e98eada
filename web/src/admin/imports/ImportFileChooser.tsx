import { type ChangeEvent, type DragEvent, useId, useState } from 'react';
import { MAX_IMPORT_BYTES } from './import-api.ts';

/**
 * The file to import: dropped on the zone or chosen with the file input inside it (the input is the zone's label,
 * so a keyboard or screen reader user reaches it as an ordinary "Choose a CSV file" control).
 */
export function ImportFileChooser({
  file,
  busy,
  onFile,
  onRefused,
}: {
  file: File | null;
  busy: boolean;
  onFile: (file: File) => void;
  onRefused: (message: string) => void;
}) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  function take(chosen: File | undefined | null) {
    if (!chosen) return;
    if (chosen.size === 0) onRefused(`${chosen.name} is empty: choose the file with your records.`);
    else if (chosen.size > MAX_IMPORT_BYTES) {
      onRefused(
        `${chosen.name} is larger than 20 MB: split it into smaller files and import them one by one.`,
      );
    } else onFile(chosen);
  }

  function dropped(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (!busy) take(event.dataTransfer.files[0]);
  }

  function chosen(event: ChangeEvent<HTMLInputElement>) {
    take(event.target.files?.[0]);
    // The same file chosen again (after fixing it on disk) must read again.
    event.target.value = '';
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target only; the file input inside is the keyboard's way
    <div
      className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={dropped}
    >
      <p>
        {file ? (
          <>
            <strong>{file.name}</strong> <span className="muted">({formatSize(file.size)})</span>
          </>
        ) : (
          'Drop a CSV file here, or'
        )}
      </p>
      <label htmlFor={inputId} className="button button-secondary file-button">
        {busy ? 'Reading…' : file ? 'Choose another file' : 'Choose a CSV file'}
      </label>
      <input
        id={inputId}
        type="file"
        accept=".csv,.txt,.tsv,text/csv,text/plain"
        className="visually-hidden"
        onChange={chosen}
        disabled={busy}
      />
      <p className="muted small">
        UTF-8 (as "CSV UTF-8" in spreadsheet programs), comma, semicolon or tab separated, up to 20 MB.
      </p>
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
