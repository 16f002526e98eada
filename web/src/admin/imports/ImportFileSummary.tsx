import { IMPORT_ENCODINGS } from '../../../../src/domain/imports/decode.ts';
import { PRESETS } from '../../../../src/domain/imports/presets.ts';
import { Field } from '../../components/ui.tsx';
import type { FileOptions, ImportPreview } from './import-api.ts';

const DELIMITER_WORDS: Record<string, string> = {
  ',': 'Comma',
  ';': 'Semicolon',
  '\t': 'Tab',
  '|': 'Vertical bar',
};

const DELIMITER_CHOICES = [
  ['auto', 'Detect'],
  ['comma', 'Comma'],
  ['semicolon', 'Semicolon'],
  ['tab', 'Tab'],
  ['pipe', 'Vertical bar'],
] as const;

const ENCODING_WORDS: Record<(typeof IMPORT_ENCODINGS)[number], string> = {
  auto: 'Detect (UTF-8 or UTF-16)',
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 little-endian',
  'utf-16be': 'UTF-16 big-endian',
  'windows-1252': 'Windows-1252 (Western, older Excel)',
  'iso-8859-1': 'ISO-8859-1 (Latin-1)',
};

/** The first rows shown; enough to recognise the columns. */
const SHOWN_ROWS = 5;

export function encodingWords(preview: ImportPreview): string {
  const name = ENCODING_WORDS[preview.encoding as keyof typeof ENCODING_WORDS] ?? preview.encoding;
  return preview.bom ? `${name}, with a byte order mark` : name;
}

/** How the file was read, and its first rows as the file has them. */
export function ImportFileFacts({ preview }: { preview: ImportPreview }) {
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Rows</dt>
          <dd>
            {preview.rowCount} row{preview.rowCount === 1 ? '' : 's'} under a header of{' '}
            {preview.headers.length} column{preview.headers.length === 1 ? '' : 's'}
          </dd>
        </div>
        <div>
          <dt>Separator</dt>
          <dd>{DELIMITER_WORDS[preview.delimiter] ?? preview.delimiter}</dd>
        </div>
        <div>
          <dt>Encoding</dt>
          <dd>{encodingWords(preview)}</dd>
        </div>
        <div>
          <dt>Recognised as</dt>
          <dd>
            {preview.preset ? `${preview.preset.name} export` : 'No known program: columns matched by name'}
          </dd>
        </div>
      </dl>
      <SampleRows preview={preview} />
    </>
  );
}

/** The choices that change how the file reads; open when the file could not be read as detected. */
export function ImportReadOptions({
  options,
  busy,
  open,
  onOptions,
}: {
  options: FileOptions;
  busy: boolean;
  open: boolean;
  onOptions: (options: FileOptions) => void;
}) {
  const set = (key: keyof FileOptions) => (value: string) => onOptions({ ...options, [key]: value });
  return (
    <details className="import-file-options" open={open || undefined}>
      <summary>Read the file differently</summary>
      <div className="grid-3">
        <Choice
          label="Separator"
          value={options.delimiter}
          busy={busy}
          choices={DELIMITER_CHOICES}
          onChange={set('delimiter')}
        />
        <Choice
          label="Encoding"
          value={options.encoding}
          busy={busy}
          choices={IMPORT_ENCODINGS.map((id) => [id, ENCODING_WORDS[id]] as const)}
          onChange={set('encoding')}
        />
        <Choice
          label="Exported from"
          value={options.preset}
          busy={busy}
          choices={[
            ['auto', 'Detect'],
            ['none', 'Another program'],
            ...Object.values(PRESETS).map((preset) => [preset.id, preset.name] as const),
          ]}
          onChange={set('preset')}
        />
      </div>
    </details>
  );
}

function Choice({
  label,
  value,
  choices,
  busy,
  onChange,
}: {
  label: string;
  value: string;
  choices: readonly (readonly [string, string])[];
  busy: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} value={value} disabled={busy} onChange={(event) => onChange(event.target.value)}>
          {choices.map(([id, words]) => (
            <option key={id} value={id}>
              {words}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function SampleRows({ preview }: { preview: ImportPreview }) {
  const rows = preview.sampleRows.slice(0, SHOWN_ROWS);
  if (rows.length === 0) return null;
  return (
    // Wide files scroll sideways: the region takes focus so the keyboard can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap import-sample" tabIndex={0} aria-label="First rows of the file">
      <table className="table compact">
        <caption className="visually-hidden">
          The first {rows.length} rows of the file, with the line each starts on
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            {preview.headers.map((header, index) => (
              <th key={index} scope="col">
                {header || `Column ${index + 1}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line}>
              <td data-label="Line">{row.line}</td>
              {preview.headers.map((header, index) => (
                <td key={index} data-label={header || `Column ${index + 1}`}>
                  {row.values[index] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
