import { type ReactNode, useEffect, useState } from 'react';
import { api } from '../api.ts';

/** What a send preview route answers: the first email as the outbox would hold it. */
interface EmailPreview {
  to: { address: string; name: string };
  cc: string[];
  bcc: string[];
  emailCount: number;
  subject: string;
  html: string;
  text: string;
  /** The HTML as a page of its own, whose policy lets the email's inline styles apply (the app's does not). */
  htmlUrl: string;
}

const PREVIEW_DELAY_MS = 400;

/**
 * The preview beside a form: the email's headers (`headers` of the preview) over its body, a page of its own
 * sandboxed (no script, no form, no navigation of the app); else why there is none, or that it is on its way.
 */
export function EmailPreviewPane<T extends { htmlUrl: string }>({
  preview,
  problem,
  headers,
}: {
  preview: T | null;
  problem: string | null;
  headers: (preview: T) => ReactNode;
}) {
  return (
    <section className="send-preview" aria-label="Email preview">
      <h3>Preview</h3>
      {problem && <p className="field-hint">No preview: {problem}</p>}
      {!preview && !problem && <p className="field-hint">Preparing the preview…</p>}
      {preview && (
        <>
          <dl className="send-preview-headers">{headers(preview)}</dl>
          <iframe className="send-preview-body" title="Email preview" sandbox="" src={preview.htmlUrl} />
        </>
      )}
    </section>
  );
}

/**
 * What `url` answers for `body`, posted a moment after the body stops changing; a refusal is kept as its message
 * (the last good preview stays shown beside it).
 */
export function useDebouncedPreview<T>(url: string, body: Record<string, unknown>) {
  const [preview, setPreview] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const bodyKey = JSON.stringify(body);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api
        .post<T>(url, JSON.parse(bodyKey))
        .then((answer) => {
          if (!current) return;
          setPreview(answer);
          setProblem(null);
        })
        .catch((caught: Error) => {
          if (current) setProblem(caught.message);
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [url, bodyKey]);
  return { preview, problem };
}

/**
 * The email a send would write, fetched from the send route's preview (`path` + `/preview`) a moment after the
 * body stops changing. A refused preview is shown as text and never stands in the way of sending.
 */
export function SendPreview({ path, body }: { path: string; body: Record<string, unknown> }) {
  const { preview, problem } = useDebouncedPreview<EmailPreview>(`${path}/preview`, body);

  return (
    <EmailPreviewPane
      preview={preview}
      problem={problem}
      headers={(preview) => (
        <>
          <dt>To</dt>
          <dd>
            {preview.to.name ? `${preview.to.name} <${preview.to.address}>` : preview.to.address}
            {preview.emailCount > 1 && ` (and ${preview.emailCount - 1} more, one email each)`}
          </dd>
          {preview.cc.length > 0 && (
            <>
              <dt>CC</dt>
              <dd>{preview.cc.join(', ')}</dd>
            </>
          )}
          {preview.bcc.length > 0 && (
            <>
              <dt>BCC</dt>
              <dd>{preview.bcc.join(', ')}</dd>
            </>
          )}
          <dt>Subject</dt>
          <dd>{preview.subject}</dd>
        </>
      )}
    />
  );
}
