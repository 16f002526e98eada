import { zodResolver } from '@hookform/resolvers/zod';
import i18next from 'i18next';
import { useState } from 'react';
import { type DefaultValues, type FieldValues, get, useForm } from 'react-hook-form';
import { z } from 'zod';
import { labelledMessage } from '../../../src/domain/field-labels.ts';
import { plainWordsErrorMap } from '../../../src/http/rule-words.ts';
import problems from '../../../src/i18n/locales/en/problems.json' with { type: 'json' };
import { api } from '../api.ts';
import { useFormErrors, useToast } from './ui.tsx';

/** The English rule words, from the message file the server words its refusals with. */
const rules = i18next.createInstance();
void rules.init({
  resources: { en: { problems } },
  lng: 'en',
  ns: ['problems'],
  defaultNS: 'problems',
  initAsync: false,
  interpolation: { escapeValue: false },
});
// The web app's i18next types know only its own namespaces.
const english = (rules.getFixedT as unknown as (language: string, namespace: string) => typeof rules.t)(
  'en',
  'problems',
) as unknown as (key: string, values: Record<string, string | number>) => string;
const ruleMessage = plainWordsErrorMap((key, values) => String(english(key, values ?? {})));

type Issue = Parameters<typeof ruleMessage>[0];

/**
 * The API's own words for a broken rule. A union ("an email address or nothing") is named by the member the value
 * came closest to, as the server names it, rather than as "not in a form we accept".
 */
function plainWords(issue: Issue): string {
  if (issue.code === 'invalid_union' && 'errors' in issue && Array.isArray(issue.errors)) {
    const closest = (issue.errors as { message: string }[][]).reduce((best, member) =>
      member.length < best.length ? member : best,
    );
    if (closest[0]) return closest[0].message;
  }
  return ruleMessage(issue);
}

/**
 * A form checked in the browser with the schema the API checks its body with: `toBody` turns what the form holds into
 * the request body (the paths of its fields match the form's), so a bad field is named next to its input before any
 * request, in the words the server would use. What the server still refuses (a currency it does not know, a taken
 * name) lands next to the same input; errors of fields the form does not show are listed by `errors.unshown`.
 */
export function useApiForm<Values extends FieldValues, Body>({
  defaultValues,
  schema,
  toBody,
}: {
  defaultValues: Values;
  schema: z.ZodType<Body>;
  toBody: (values: Values) => unknown;
}) {
  // The form's values go in, the request body comes out.
  const bodySchema = z.preprocess((values) => toBody(values as Values), schema) as unknown as z.ZodType<
    Body,
    Values
  >;
  const form = useForm<Values, unknown, Body>({
    defaultValues: defaultValues as DefaultValues<Values>,
    resolver: zodResolver(bodySchema, { error: plainWords }),
    // Checked on save, then again as the marked fields change: an error appearing on blur would move the button
    // being clicked.
    mode: 'onSubmit',
  });
  const server = useFormErrors();
  const [busy, setBusy] = useState(false);

  /** The message for a field: the browser's check first, then the server's answer to the last save. */
  const fieldError = (path: string): string | undefined => {
    const local = (get(form.formState.errors, path) as { message?: string } | undefined)?.message;
    const fromServer = server.fieldError(path);
    return local ? labelledMessage(path, local) : fromServer;
  };

  /** A submit handler that sends the checked body; a refusal is shown on the form. */
  const submitWith = (send: (body: Body) => Promise<void>) =>
    form.handleSubmit(async (body) => {
      setBusy(true);
      server.setError(null);
      try {
        await send(body);
      } catch (error) {
        server.setError(error as Error);
      } finally {
        setBusy(false);
      }
    });

  return { form, fieldError, submitWith, busy, errors: server };
}

/**
 * Sends a record's form: a new one is created (POST to `collection`), an existing one saved (PATCH to its address);
 * the toast says which, with `noun` ("Client saved").
 */
export function useRecordSave<T extends { id: string }>({
  collection,
  record,
  noun,
  onSaved,
  onCreated,
}: {
  collection: string;
  record: T | null;
  noun: string;
  onSaved: (record: T) => void;
  onCreated: (record: T) => void;
}) {
  const toast = useToast();
  return async (body: unknown) => {
    if (record) {
      onSaved(await api.patch<T>(`${collection}/${record.id}`, body));
      toast(`${noun} saved`);
    } else {
      onCreated(await api.post<T>(collection, body));
      toast(`${noun} created`);
    }
  };
}
