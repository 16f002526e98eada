import { type FormEvent, useState } from 'react';
import {
  EMAIL_TEMPLATE_KIND_NAMES,
  EMAIL_TEMPLATE_KINDS,
  type EmailTemplateKind,
} from '../../../../src/domain/email-templates.ts';
import { type Language, resolveLanguage } from '../../../../src/domain/language.ts';
import { api } from '../../api.ts';
import { LanguageSelect } from '../../components/LanguageSelect.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useFormErrors, useToast } from '../../components/ui.tsx';
import type { EmailTemplate } from '../../types.ts';
import { EmailPreviewPane, useDebouncedPreview } from '../SendPreview.tsx';
import { useSession } from '../session.tsx';

/** What a kind's email always adds after the opening, whatever its template says. */
const FIXED_PARTS: Partial<Record<EmailTemplateKind, string>> = {
  receipt:
    'After the message come the balance still due and a note that the receipt is attached as a PDF; a template does not change them.',
  portal_invitation:
    'The button with the link to set a password, and when that link expires, always follow the message; a template cannot change the link.',
  portal_sign_in:
    'The sign-in button with its link, and how long the link works, always follow the message; a template cannot change the link.',
  portal_password_reset:
    'The button with the link to choose a new password, and how long the link works, always follow the message; a template cannot change the link.',
};

interface TemplatePreview {
  subject: string;
  htmlUrl: string;
}

/**
 * The subject and opening of each kind of client email (documents, receipts, the portal's account emails), per
 * language (issue 18). Everyone reads them; admins change them, set them back to the standard text and see a
 * preview with made-up figures as they type.
 */
export function EmailTemplateSettings({ readOnly }: { readOnly: boolean }) {
  const { settings } = useSession();
  const list = useAsync(() => api.get<{ templates: EmailTemplate[] }>('/settings/email-templates'), []);
  const [kind, setKind] = useState<EmailTemplateKind>('invoice');
  const [language, setLanguage] = useState<Language | null>(null);
  const shownLanguage = language ?? resolveLanguage(null, settings?.locale ?? '');
  const template = list.data?.templates.find((t) => t.kind === kind && t.language === shownLanguage);
  return (
    <section className="card form" aria-labelledby="email-templates-title">
      <h2 id="email-templates-title">Email templates</h2>
      <p className="muted small">
        The subject and opening text of the emails clients get, per language. Leave a field empty for the
        standard text. Placeholders such as {'{{client.name}}'} are filled in when the email is written.
      </p>
      <div className="grid-2">
        <Field label="Email">
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(event) => setKind(event.target.value as EmailTemplateKind)}
            >
              {EMAIL_TEMPLATE_KINDS.map((each) => (
                <option key={each} value={each}>
                  {EMAIL_TEMPLATE_KIND_NAMES[each]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Language">
          {(props) => (
            <LanguageSelect
              {...props}
              value={shownLanguage}
              onChange={(next) => setLanguage(next as Language)}
            />
          )}
        </Field>
      </div>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!template && !list.error && <Loading what="Loading email templates" />}
      {template && (
        <TemplateEditor
          // A fresh form for each kind and language, and again once a save or reset answered.
          key={`${kind}:${shownLanguage}:${JSON.stringify(template.override)}`}
          template={template}
          readOnly={readOnly}
          onSaved={list.reload}
        />
      )}
    </section>
  );
}

function TemplateEditor({
  template,
  readOnly,
  onSaved,
}: {
  template: EmailTemplate;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const toast = useToast();
  const errors = useFormErrors();
  const [subject, setSubject] = useState(template.override?.subject ?? '');
  const [body, setBody] = useState(template.override?.body ?? '');
  const [busy, setBusy] = useState<'save' | 'reset' | null>(null);
  const path = `/settings/email-templates/${template.kind}/${template.language}`;

  async function run(action: 'save' | 'reset', call: () => Promise<unknown>, done: string) {
    setBusy(action);
    errors.setError(null);
    try {
      await call();
      onSaved();
      toast(done);
    } catch (caught) {
      errors.setError(caught as Error);
    } finally {
      setBusy(null);
    }
  }
  function save(event: FormEvent) {
    event.preventDefault();
    void run('save', () => api.put(path, { subject, body }), 'Email template saved');
  }

  return (
    <form onSubmit={save} noValidate>
      {errors.general && <ErrorBox error={errors.general} />}
      <Field
        label="Subject"
        hint={`Empty: the standard subject, “${template.standard.subject}”`}
        error={errors.fieldError('subject')}
      >
        {(props) => (
          <input
            {...props}
            readOnly={readOnly}
            placeholder={template.standard.subject}
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
          />
        )}
      </Field>
      <Field
        label="Message"
        hint="The opening under the greeting; empty: the standard opening shown"
        error={errors.fieldError('body')}
      >
        {(props) => (
          <textarea
            {...props}
            rows={4}
            readOnly={readOnly}
            placeholder={template.standard.body}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        )}
      </Field>
      <p className="field-hint">
        Placeholders this email knows:{' '}
        {template.placeholders.map((name, index) => (
          <span key={name}>
            {index > 0 && ', '}
            <code>{`{{${name}}}`}</code>
          </span>
        ))}
      </p>
      {FIXED_PARTS[template.kind] && <p className="field-hint">{FIXED_PARTS[template.kind]}</p>}
      {errors.unshown}
      {!readOnly && (
        <>
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy === 'save'}>
              Save template
            </Button>
            <Button
              variant="ghost"
              busy={busy === 'reset'}
              disabled={template.override === null}
              onClick={() =>
                void run('reset', () => api.delete(path), 'Email template reset to the standard')
              }
            >
              Reset to standard
            </Button>
          </div>
          <TemplatePreviewPane path={path} subject={subject} body={body} />
        </>
      )}
    </form>
  );
}

/** The email the typed template makes with made-up figures (admins only: the route is theirs). */
function TemplatePreviewPane({ path, subject, body }: { path: string; subject: string; body: string }) {
  const { preview, problem } = useDebouncedPreview<TemplatePreview>(`${path}/preview`, { subject, body });
  return (
    <EmailPreviewPane
      preview={preview}
      problem={problem}
      headers={(preview) => (
        <>
          <dt>Subject</dt>
          <dd>{preview.subject}</dd>
        </>
      )}
    />
  );
}
