import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ButtonHTMLAttributes,
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { UnshownFieldErrors } from './UnplacedErrors.tsx';

/**
 * Loads data on mount and whenever `deps` change (compared by value); `reload` fetches again. Backed by the query
 * cache under a key of this component's own, so each page keeps its own copy; while a new answer loads the previous
 * one stays on screen.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const owner = useId();
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const queryKey = ['useAsync', owner, ...deps];
  // Boxed: the cache refuses `undefined`, which some loaders resolve (a 204).
  const query = useQuery({
    queryKey,
    queryFn: async () => ({ value: await latestLoad.current() }),
    placeholderData: keepPreviousData,
    gcTime: 0,
    // A reload hands the page new objects, as a fresh fetch always did (forms reset from them).
    structuralSharing: false,
  });
  const client = useQueryClient();
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: query.data?.value,
    error: query.isFetching ? undefined : (query.error ?? undefined),
    loading: query.isFetching,
    reload,
    setData: (data: T) => client.setQueryData(queryKey, { value: data }),
  };
}

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label ?? t('common.loading')}</span>
    </span>
  );
}

export function Loading({ what: asked }: { what?: string }) {
  const { t } = useTranslation();
  const what = asked ?? t('common.loading');
  return (
    <div className="loading" aria-busy="true">
      <Spinner label={what} /> <span aria-hidden="true">{what}…</span>
    </div>
  );
}

export function ErrorBox({ error, onRetry }: { error: Error | string; onRetry?: () => void }) {
  const message = typeof error === 'string' ? error : error.message;
  const { t } = useTranslation();
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <svg aria-hidden="true" viewBox="0 0 48 48" width="48" height="48">
        <rect
          x="10"
          y="6"
          width="28"
          height="36"
          rx="3"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.5"
        />
        <path d="M16 16h16M16 23h16M16 30h10" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const labels: Record<string, string> = t('status', { returnObjects: true });
  return <span className={`badge badge-${status}`}>{labels[status] ?? status}</span>;
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  busy?: boolean;
  small?: boolean;
};

export function Button({
  variant = 'secondary',
  busy,
  small,
  children,
  className,
  disabled,
  ...rest
}: ButtonProps) {
  return (
    <button
      type="button"
      className={`button button-${variant}${small ? ' button-small' : ''}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy && <span className="spinner spinner-inline" aria-hidden="true" />}
      {children}
    </button>
  );
}

/** Label, control and error message wired together for assistive technology. */
export function Field({
  label,
  error,
  hint,
  children,
  className,
}: {
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * Field errors of an ApiError by field path, plus the general message when no field was named. `unshown` lists the
 * field errors the form has no input for: render it after the fields (they are asked for by name while rendering).
 */
export function useFormErrors() {
  const [error, setError] = useState<ApiError | Error | null>(null);
  const shown = new Set<string>();
  const fieldError = (field: string) => {
    shown.add(field);
    return error instanceof ApiError ? error.fieldMessage(field) : undefined;
  };
  const general =
    error && !(error instanceof ApiError && error.errors.length > 0 && error.status !== 409)
      ? error.message
      : null;
  const unshown = <UnshownFieldErrors error={error} shown={shown} />;
  return { error, setError, fieldError, general, unshown };
}

/** A modal dialog on the native <dialog> element: focus is trapped and Escape closes it. */
export function Dialog({
  open,
  title,
  onClose,
  children,
  wide,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Room for a whole document (a revision shown as it read). */
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      {open && (
        <>
          <div className="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
              ×
            </button>
          </div>
          {children}
        </>
      )}
    </dialog>
  );
}

interface Toast {
  id: number;
  text: string;
  tone: 'success' | 'error';
}

const ToastContext = createContext<(text: string, tone?: Toast['tone']) => void>(() => {});

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback((text: string, tone: Toast['tone'] = 'success') => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list, { id, text, tone }]);
    setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), 5000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            {toast.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
