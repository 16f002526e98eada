import { type FormEvent, useState } from 'react';
import { ApiError } from '../api.ts';
import { useFormErrors } from './ui.tsx';

/**
 * What a form does around its request: `submit(action)` is the form's onSubmit (busy while the action runs, the
 * last refusal cleared first and kept in `errors` to show beside the fields); `attempt(action)` runs a change made
 * from a row (a role, an archive) with the same error handling, without marking the form busy.
 */
export function useSave() {
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  async function attempt(action: () => Promise<unknown>): Promise<boolean> {
    errors.setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      errors.setError(caught as Error);
      return false;
    }
  }
  const submit = (action: () => Promise<unknown>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await attempt(action);
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, submit, attempt };
}

/**
 * A dialog form's one request: `submit(action)` is its onSubmit, busy while the action runs; a refusal is kept in
 * `error`, `fieldError` gives what it says of one field, and `unplaced(placed)` says whether it names no field the
 * form shows (`placed`: the fields shown, or a test of a field's name), so it goes above the form.
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  const unplaced = (placed: string[] | ((field: string) => boolean)) => {
    const shown = typeof placed === 'function' ? placed : (field: string) => placed.includes(field);
    return error !== null && !(error instanceof ApiError && error.errors.some((named) => shown(named.field)));
  };
  const submit = (action: () => Promise<unknown>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fieldError, unplaced, submit };
}

/** An action on one row of a list (retry, pause, invite): `busy` is the key of the row at work, `failure` the last refusal. */
export function useRowAction() {
  const [busy, setBusy] = useState('');
  const [failure, setFailure] = useState<Error | null>(null);
  async function run(key: string, action: () => Promise<unknown>) {
    setBusy(key);
    setFailure(null);
    try {
      await action();
    } catch (caught) {
      setFailure(caught as Error);
    } finally {
      setBusy('');
    }
  }
  return { busy, failure, run };
}
