import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api.ts';
import { apiChanged } from '../../api-queries.ts';
import { Button, ErrorBox } from '../../components/ui.tsx';
import { Link, navigate, usePageTitle } from '../../router.tsx';
import { useSession } from '../session.tsx';
import { ImportCheckReport } from './ImportCheckReport.tsx';
import { ImportFileChooser } from './ImportFileChooser.tsx';
import { ImportFileFacts, ImportReadOptions } from './ImportFileSummary.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportMappingForm } from './ImportMappingForm.tsx';
import {
  DEFAULT_FILE_OPTIONS,
  DEFAULT_VALUE_OPTIONS,
  describeCounts,
  type FileOptions,
  IMPORT_KINDS,
  type ImportKind,
  type ImportPreview,
  type ImportResult,
  isImportKind,
  previewImport,
  runImport,
  type ValueOptions,
} from './import-api.ts';

/**
 * CSV import, reached from the Import button of the list the records land in (/app/clients/import): choose the
 * file, check the columns, run a dry run that lists every bad row, then import all or nothing.
 */
export function ImportPage({ kind }: { kind: string }) {
  const { me } = useSession();
  const known = isImportKind(kind) ? IMPORT_KINDS[kind] : null;
  usePageTitle(known ? `Import ${known.label.toLowerCase()}` : 'Import');
  if (!known || !isImportKind(kind)) {
    return (
      <section>
        <h1 tabIndex={-1}>Import</h1>
        <ErrorBox error="Remit imports clients, items and invoices from CSV files; there is no import for this list." />
      </section>
    );
  }
  return (
    <section className="import-page">
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href={known.list}>{known.label}</Link>
          </p>
          <h1 tabIndex={-1}>Import {known.label.toLowerCase()}</h1>
        </div>
      </div>
      {me.role === 'admin' ? (
        <>
          <ImportSteps key={kind} kind={kind} />
          <ImportHistory kind={kind} />
        </>
      ) : (
        <div className="alert alert-warning" role="alert">
          <h2>Admins only</h2>
          <p>
            Imports write many records at once, so only admins can run them. Ask an admin of your workspace.
          </p>
        </div>
      )}
    </section>
  );
}

type Busy = 'reading' | 'checking' | 'importing' | null;

function ImportSteps({ kind }: { kind: ImportKind }) {
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<FileOptions>(DEFAULT_FILE_OPTIONS);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [values, setValues] = useState<ValueOptions>(DEFAULT_VALUE_OPTIONS);
  /** The last dry run for the mapping and options shown; cleared when either changes. */
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [fileError, setFileError] = useState<Error | string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const checkHeading = useRef<HTMLHeadingElement>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (check) checkHeading.current?.focus();
  }, [check]);
  useEffect(() => {
    if (done) doneHeading.current?.focus();
  }, [done]);

  async function read(chosen: File, fileOptions: FileOptions) {
    setFile(chosen);
    setOptions(fileOptions);
    setBusy('reading');
    setFileError(null);
    setError(null);
    setCheck(null);
    try {
      const read = await previewImport(kind, chosen, fileOptions);
      setPreview(read);
      setMapping(read.mapping);
    } catch (failure) {
      setPreview(null);
      setFileError(failure as Error);
    } finally {
      setBusy(null);
    }
  }

  function changeMapping(next: Record<string, string>) {
    setMapping(next);
    setCheck(null);
    setError(null);
  }

  function changeValues(next: ValueOptions) {
    setValues(next);
    setCheck(null);
    setError(null);
  }

  async function submit(dryRun: boolean) {
    if (!file || !preview) return;
    setBusy(dryRun ? 'checking' : 'importing');
    setError(null);
    try {
      const result = await runImport(kind, file, {
        options,
        values,
        fields: preview.fields,
        mapping,
        dryRun,
      });
      if (dryRun) setCheck(result);
      else {
        setDone(result);
        void apiChanged('/imports');
      }
    } catch (failure) {
      const rejected = failure instanceof ApiError && failure.code === 'import_rejected';
      // Rows that passed the dry run can fail the import when records changed in between: list them the same way.
      if (rejected) setCheck(rejectedCheck(failure, preview.rowCount));
      else setError(failure as Error);
    } finally {
      setBusy(null);
    }
  }

  function startAgain() {
    setFile(null);
    setPreview(null);
    setCheck(null);
    setDone(null);
    setMapping({});
    setOptions(DEFAULT_FILE_OPTIONS);
    setValues(DEFAULT_VALUE_OPTIONS);
  }

  const what = IMPORT_KINDS[kind];
  if (done) {
    return (
      <div className="card alert-success import-done" role="status">
        <h2 ref={doneHeading} tabIndex={-1}>
          Imported {describeCounts(done.created)}
        </h2>
        <p>
          All {done.rowCount} rows of {file?.name ?? 'the file'} are in Remit. The import is recorded in the
          audit log.
        </p>
        <div className="form-actions">
          <Button onClick={startAgain}>Import another file</Button>
          {kind !== 'clients' && (done.created.clients ?? 0) > 0 && (
            <Link className="button button-secondary" href="/app/clients">
              Go to clients
            </Link>
          )}
          <Link className="button button-primary" href={what.list}>
            Go to {what.label.toLowerCase()}
          </Link>
        </div>
      </div>
    );
  }

  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  const mappingIncomplete = preview?.fields.some((field) => field.required && !mapping[field.key]) ?? true;
  const generalError =
    error && !(error instanceof ApiError && error.errors.some((e) => e.field.startsWith('map.')))
      ? error
      : null;

  return (
    <>
      <Step number={1} title="Choose the file">
        <KindChooser kind={kind} disabled={busy !== null} />
        <ImportFileChooser
          file={file}
          busy={busy === 'reading'}
          onFile={(chosen) => read(chosen, DEFAULT_FILE_OPTIONS)}
          onRefused={(message) => {
            startAgain();
            setFileError(message);
          }}
        />
        {fileError && <ErrorBox error={fileError} />}
        {fileError && file && (
          <p className="small">
            If the file was saved by another program, say how it was saved under “Read the file differently”.
          </p>
        )}
        {preview && <ImportFileFacts preview={preview} />}
        {file && (
          <ImportReadOptions
            options={options}
            busy={busy !== null}
            open={!preview && busy === null}
            onOptions={(next) => read(file, next)}
          />
        )}
      </Step>
      {preview && (
        <Step number={2} title="Match the columns">
          <ImportMappingForm
            preview={preview}
            mapping={mapping}
            values={values}
            fieldError={fieldError}
            onMapping={changeMapping}
            onValues={changeValues}
          />
        </Step>
      )}
      {preview && (
        <Step number={3} title="Check every row">
          <p className="muted small">
            A dry run reads every row as the import would and lists each one that cannot be imported. Nothing
            is written.
          </p>
          {generalError && <ErrorBox error={generalError} />}
          {error && !generalError && (
            <ErrorBox error="Some columns cannot be used as chosen: see the messages under them above." />
          )}
          <div className="form-actions import-actions">
            <Button
              variant={check?.valid ? 'secondary' : 'primary'}
              busy={busy === 'checking'}
              disabled={busy !== null || mappingIncomplete}
              onClick={() => submit(true)}
            >
              {check ? 'Check again' : 'Check the file'}
            </Button>
          </div>
          {check && <ImportCheckReport result={check} headingRef={checkHeading} />}
        </Step>
      )}
      {preview && (
        <Step number={4} title="Import">
          <p className="muted small">
            {check?.valid
              ? `All or nothing: ${describeCounts(check.created)} are written together, or none at all.`
              : 'The Import button waits for a dry run with no bad rows.'}
          </p>
          <div className="form-actions import-actions">
            <Button
              variant="primary"
              busy={busy === 'importing'}
              disabled={busy !== null || !check?.valid}
              onClick={() => submit(false)}
            >
              Import {what.label.toLowerCase()}
            </Button>
          </div>
        </Step>
      )}
    </>
  );
}

function rejectedCheck(failure: ApiError, rowCount: number): ImportResult {
  const problems = (failure.problem.rows ?? []) as ImportResult['problems'];
  return {
    importId: null,
    dryRun: false,
    valid: false,
    rowCount,
    badRows: Number(failure.problem.badRows ?? problems.length),
    problems,
    created: {},
    matched: {},
  };
}

function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <section className="card import-step" aria-labelledby={`import-step-${number}`}>
      <h2 id={`import-step-${number}`}>
        <span className="import-step-number" aria-hidden="true">
          {number}
        </span>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** What to import: changing it opens that list's import, starting afresh. */
function KindChooser({ kind, disabled }: { kind: ImportKind; disabled: boolean }) {
  return (
    <div className="field import-kind">
      <label htmlFor="import-kind">What the file holds</label>
      <select
        id="import-kind"
        value={kind}
        disabled={disabled}
        onChange={(event) => navigate(`/app/${event.target.value}/import`, { replace: true })}
      >
        {Object.entries(IMPORT_KINDS).map(([id, info]) => (
          <option key={id} value={id}>
            {info.label}
          </option>
        ))}
      </select>
    </div>
  );
}
